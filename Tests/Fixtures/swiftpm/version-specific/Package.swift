// swift-tools-version: 6.0
import PackageDescription

// A tiny package whose Package.resolved preflight's tests read.
let package = Package(
    name: "Tiny",
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .target(name: "Tiny", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")])
    ]
)
