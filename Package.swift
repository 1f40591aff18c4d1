// swift-tools-version: 6.0
import PackageDescription

/// The link line for libgit2 1.5 from Debian's libgit2-dev (`pkg-config --static --libs libgit2`), archives first.
let staticLibgit2 = [
    "-Xlinker", "-l:libgit2.a", "-Xlinker", "-l:libmbedtls.a", "-Xlinker", "-l:libmbedx509.a",
    "-Xlinker", "-l:libmbedcrypto.a", "-Xlinker", "-l:libhttp_parser.a", "-Xlinker", "-l:libssh2.a",
    "-Xlinker", "-l:libcrypto.a", "-Xlinker", "-l:libpcre2-8.a", "-Xlinker", "-l:libz.a",
    "-Xlinker", "-l:libgssapi_krb5.so.2",
    "-Xlinker", "--wrap=mbedtls_x509_crt_parse_file", "-Xlinker", "--wrap=mbedtls_x509_crt_parse_path",
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
        // preflight.toml, pyproject.toml, pants.toml, uv.lock.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // repo_config.yaml and CI templates.
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CGit2",
            // Linked statically (staticLibgit2 above); the headers are in the default include path.
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(
            name: "Checks",
            dependencies: [
                "CGit2",
                "CStartup",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
            ],
            // libgit2 and the libraries under it linked statically: loading Debian's libgit2.so.1.5 brings 15
            // shared libraries (OpenSSL's libcrypto through libssh2 alone has 4,191 symbol relocations, bound
            // at load), about 2 ms of every preflight process before main (LD_DEBUG=statistics, callgrind).
            // Only GSSAPI, which has no static archive in Debian, stays shared (bound lazily).
            // The --wrap pair is Sources/CStartup/no_ca_bundle.c's: libgit2 does not parse the CA bundle.
            linkerSettings: [.unsafeFlags(staticLibgit2)]
        ),
        // Keeps libgit2 from parsing the system CA bundle at start-up (see Sources/CStartup/no_ca_bundle.c); in
        // every binary that links Checks, so in every one that links libgit2.
        .target(name: "CStartup", cSettings: [.unsafeFlags(["-fstack-protector-strong"])]),
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
            // relocation table a PIE needs small.
            linkerSettings: [
                .unsafeFlags(["-Xlinker", "-z", "-Xlinker", "relro", "-Xlinker", "-z", "-Xlinker", "now"]),
                .unsafeFlags(
                    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"],
                    .when(configuration: .release)),
            ]
        ),
        // Real repositories for tests, built with the git CLI in temporary directories.
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "ChecksTests", dependencies: ["Checks", "TestSupport"]),
        .testTarget(name: "HooksTests", dependencies: ["Checks", "Hooks", "TestSupport"]),
    ]
)
