// swift-tools-version: 6.0
import PackageDescription

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
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev", "pkg-config"])]
        ),
        .target(
            name: "Checks",
            dependencies: [
                "CGit2",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Keeps libgit2 from parsing the system CA bundle at start-up (see Sources/CStartup/no_ca_bundle.c).
        .target(name: "CStartup"),
        .executableTarget(
            name: "Hooks",
            dependencies: [
                "Checks",
                "CStartup",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Real repositories for tests, built with the git CLI in temporary directories.
        .target(name: "TestSupport", path: "Tests/Support"),
        .testTarget(name: "ChecksTests", dependencies: ["Checks", "TestSupport"]),
        .testTarget(name: "HooksTests", dependencies: ["Checks", "Hooks", "TestSupport"]),
    ]
)
