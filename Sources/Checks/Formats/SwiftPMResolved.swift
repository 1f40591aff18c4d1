/// SwiftPM's `Package.resolved` judged against the root manifest by its `originHash` (format v3).
///
/// What SwiftPM hashes (`computeResolvedFileOriginHash` in swift-package-manager's
/// `Sources/Workspace/Workspace+Dependencies.swift`): for each root package in order, the contents of
/// the manifest it loads (`ManifestLoader.findManifest`: a version-specific `Package@swift-X[.Y[.Z]].swift`
/// when one applies, else `Package.swift`, see `manifestName(among:running:)`), concatenated, then the
/// location strings of extra root dependencies (none when SwiftPM runs on a package directory), as the
/// lowercase hex SHA-256. For one package that is the SHA-256 of its manifest's bytes, checked with
/// swift 6.3.1 (`swift package resolve`) for `Package.swift`, `Package@swift-6.swift` and
/// `Package@swift-6.1.swift`.
///
/// SwiftPM rewrites the hash on its next resolve, so a stale one means "resolved before the manifest
/// last changed" — a warning, not proof that the pins are wrong. Never traps.
public enum SwiftPMResolved {
    /// SwiftPM's `originHash` for root packages whose loaded manifests are `manifests`, in root order.
    public static func originHash(manifests: [[UInt8]]) -> String {
        SHA256.hex(Array(manifests.joined()))
    }

    /// Whether `resolved` (Package.resolved) was resolved for `manifest` (the bytes of the manifest
    /// SwiftPM loads for the package). Formats 1 and 2, and a 3 without `originHash`, are `.fresh`:
    /// there is nothing to compare.
    public static func verdict(manifest: [UInt8], resolved: [UInt8]) -> LockVerdict {
        let object: [String: Any]
        switch LockJSON.object(resolved, file: "Package.resolved") {
        case .success(let value): object = value
        case .failure(let problem): return .unreadable(problem)
        }
        guard LockJSON.int(object["version"]) != nil else { return .unreadable("Package.resolved has no version") }
        guard let raw = object["originHash"] else { return .fresh }
        guard let recorded = raw as? String else { return .unreadable("Package.resolved: originHash is not a string") }
        let actual = originHash(manifests: [manifest])
        if recorded == actual { return .fresh }
        return .stale(
            "Package.resolved was resolved for another manifest: its originHash is \(recorded.prefix(12))…, "
                + "the manifest hashes to \(actual.prefix(12))… (swift package resolve updates it)")
    }
}
