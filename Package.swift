// swift-tools-version: 6.0
import PackageDescription

/// The link line for libgit2 1.5 from Debian's libgit2-dev (`pkg-config --static --libs libgit2`), archives first,
/// less its network transports: Sources/CStartup/no_network.c defines libgit2's entry points into them, so the
/// objects behind TLS (mbedTLS's TLS and X.509), SSH (libssh2, OpenSSL's libcrypto) and Negotiate (GSSAPI) are
/// never taken from the archive.
let staticLibgit2 = ["-l:libgit2.a", "-l:libmbedcrypto.a", "-l:libhttp_parser.a", "-l:libpcre2-8.a", "-l:libz.a"]
    .flatMap { ["-Xlinker", $0] }

/// Concrete generic types (`Set<RepoPath>`, `[ObjectID: [TreeChild]]`) get their metadata through accessor functions
/// that pass the conformances along, not by demangling their names at run time: the first use of each name made the
/// runtime scan every protocol conformance record of the binary (about 6,100) to check requirements like `Hashable`,
/// a large part of a short command's run.
let directMetadata: [SwiftSetting] = [
    .unsafeFlags(["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"])
]

let package = Package(
    name: "preflight",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "preflight", targets: ["Hooks"]),
        .library(name: "Checks", targets: ["Checks"]),
    ],
    dependencies: [
        // CLI parsing, help and validation for the `preflight` executable.
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // repo_config.yaml and CI templates.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGit2",
            // Linked statically (staticLibgit2 above); the headers are in the default include path.
            providers: [.apt(["libgit2-dev"])]
        ),
        // The layers (README "Layout"); scripts/check-layers fails `make test` when an arrow goes astray.
        // Pure parsers: bytes in, values or errors out; no target of ours.
        .target(
            name: "Formats",
            path: "Sources/Checks/Formats",
            swiftSettings: directMetadata
        ),
        // What a change is, without git: snapshots as a protocol, paths, the configuration, the workspace and
        // its graph, and the History protocol the git-backed layer implements.
        .target(
            name: "Model",
            dependencies: [
                "Formats",
                .product(name: "Yams", package: "Yams"),
            ],
            path: "Sources/Checks",
            // Its three folders; the rest of Sources/Checks belongs to the other targets (listed so SwiftPM does
            // not warn about files no target of this path handles).
            exclude: [
                "Changes", "Commands", "Demo", "Exports.swift", "Fix", "Formats", "Git", "Init", "Install",
                "LockResolve", "Release", "Report", "Rules", "Run",
            ],
            sources: ["Snapshot", "Support", "Workspace"],
            swiftSettings: directMetadata
        ),
        // libgit2 behind a Swift API: the only importer of CGit2.
        .target(
            name: "Git",
            dependencies: ["Model", "CGit2", "CStartup", "CThreads"],
            path: "Sources/Checks/Git",
            swiftSettings: directMetadata,
            // libgit2 and the libraries under it linked statically, so a preflight process does not load and
            // bind Debian's libgit2.so and the shared libraries it pulls in before main; its network transports
            // are left out (staticLibgit2).
            linkerSettings: [.unsafeFlags(staticLibgit2)]
        ),
        // The checks: they read a change through Model's snapshots and History, never through git.
        .target(
            name: "Rules", dependencies: ["Model", "Formats"], path: "Sources/Checks/Rules",
            swiftSettings: directMetadata),
        // Findings and affected targets as text, JSON, GitHub annotations, JUnit and SARIF.
        .target(
            name: "Report", dependencies: ["Rules", "Model"], path: "Sources/Checks/Report",
            swiftSettings: directMetadata),
        // The git-backed layer and the commands' library: change sets from a repository, runs, lock resolve,
        // installers, the demo. Re-exports the layers below, so `import Checks` sees them all.
        .target(
            name: "Checks",
            dependencies: ["Git", "Report", "Rules", "Model", "Formats", "CProcess"],
            exclude: ["Formats", "Git", "Report", "Rules", "Snapshot", "Support", "Workspace"],
            swiftSettings: directMetadata
        ),
        // Keeps libgit2's network transports out of every process (see Sources/CStartup/no_network.c); a
        // dependency of Git, so in every binary that links libgit2.
        .target(name: "CStartup", cSettings: [.unsafeFlags(["-fstack-protector-strong"])]),
        // What `run` needs from Linux that Swift cannot call: prctl (a child subreaper) and a fork-and-exec that
        // gives each job a parent-death signal (see Sources/CProcess/process_control.c); empty elsewhere.
        .target(name: "CProcess", cSettings: [.unsafeFlags(["-fstack-protector-strong"])]),
        // Helper threads started on another CPU than their creator's, so they run at once (see
        // Sources/CThreads/threads.c): the affinity calls Swift's Glibc module leaves out.
        .target(name: "CThreads", cSettings: [.unsafeFlags(["-fstack-protector-strong"])]),
        .executableTarget(
            name: "Hooks",
            dependencies: [
                "Checks",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Hardened like a distribution's binaries: a position-independent executable (ASLR for its own code and
            // the statically linked libgit2 that parses repository data) with full RELRO (relocations resolved at
            // start, then read-only). Swift emits stack protectors by default, and CStartup asks for them. The
            // release binary is linked by the toolchain's lld, whose packed relative relocations (RELR) keep the
            // relocation table a PIE needs small, and with libstdc++ linked in (static-libstdc++/libstdc++.so says
            // how); debug builds load the Swift runtime's shared libraries, which bring their own libstdc++.
            exclude: ["static-libstdc++"],
            swiftSettings: directMetadata,
            linkerSettings: [
                .unsafeFlags(["-Xlinker", "-z", "-Xlinker", "relro", "-Xlinker", "-z", "-Xlinker", "now"]),
                .unsafeFlags(
                    [
                        "-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs",
                        "-L", Context.packageDirectory + "/Sources/Hooks/static-libstdc++",
                    ],
                    .when(configuration: .release)),
            ]
        ),
        // Real repositories for tests, built with the git CLI in temporary directories.
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(
            name: "ChecksTests", dependencies: ["Checks", "Model", "Git", "Rules", "Report", "Formats", "TestSupport"]
        ),
        .testTarget(name: "HooksTests", dependencies: ["Checks", "Hooks", "TestSupport"]),
    ]
)

// libFuzzer targets over the parsers of repository data (`make fuzz`, Tests/Fuzz/README.md). Only with
// PREFLIGHT_FUZZ=1: the target has no main of its own (libFuzzer's comes with `-sanitize=fuzzer`).
if Context.environment["PREFLIGHT_FUZZ"] == "1" {
    package.targets.append(
        .executableTarget(
            name: "Fuzz", dependencies: ["Checks", "Git", "Model", "Formats"], path: "Tests/FuzzTargets",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])],
            // gold warns about every ASan symbol it cannot export; lld links the same binary quietly.
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])]))
}
