// swift-tools-version: 6.1
import PackageDescription

// 6.1 manifest whose Package.resolved preflight's tests read.
let package = Package(
    name: "Tiny",
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .target(name: "Tiny", dependencies: [.product(name: "ArgumentParser", package: "swift-argument-parser")])
    ]
)
