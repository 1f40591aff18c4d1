/// A Swift tools version, `major.minor.patch`.
public struct SwiftToolsVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int

    public init(_ major: Int, _ minor: Int = 0, _ patch: Int = 0) {
        self.major = major
        self.minor = minor
        self.patch = patch
    }

    /// The version a manifest declares (`// swift-tools-version: 6.0`), read from its leading comment
    /// lines; nil when none says it (SwiftPM then assumes 3.1) or the version does not parse.
    public init?(manifest: [UInt8]) {
        for raw in manifest.prefix(4096).split(separator: 0x0A, omittingEmptySubsequences: false) {
            var line = raw
            Requirement.trim(&line)
            if line.isEmpty { continue }
            guard line.starts(with: Array("//".utf8)) else { return nil }
            let text = String(decoding: line, as: UTF8.self).lowercased()
            guard let key = text.range(of: "swift-tools-version") else { continue }
            var rest = text[key.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard rest.first == ":" else { return nil }
            rest = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            let spec = rest.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard let version = SwiftToolsVersion(spec) else { return nil }
            self = version
            return
        }
        return nil
    }

    /// `X`, `X.Y` or `X.Y.Z`.
    init?(_ text: Substring) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 9, let n = Int(part) else { return nil }
            numbers.append(n)
        }
        self.init(numbers[0], numbers.count > 1 ? numbers[1] : 0, numbers.count > 2 ? numbers[2] : 0)
    }

    public var description: String { "\(major).\(minor).\(patch)" }

    public static func < (l: SwiftToolsVersion, r: SwiftToolsVersion) -> Bool {
        (l.major, l.minor, l.patch) < (r.major, r.minor, r.patch)
    }
}

extension SwiftPMResolved {
    /// The manifest SwiftPM `running` loads, and so hashes, among a package root's `files` (name to
    /// bytes); nil when it would find none it can read. SwiftPM's `ManifestLoader.findManifest`:
    /// 1. `Package@swift-X.Y.Z.swift`, `Package@swift-X.Y.swift`, `Package@swift-X.swift` for the running
    ///    version X.Y.Z, the first that exists;
    /// 2. else the newest `Package@swift-N[.N[.N]].swift` not newer than the running version, when its
    ///    tools version is higher than `Package.swift`'s, or when `Package.swift`'s is one the running
    ///    SwiftPM cannot load (below 4.0, or above itself);
    /// 3. else `Package.swift`.
    public static func manifestName(among files: [String: [UInt8]], running: SwiftToolsVersion) -> String? {
        for key in [
            "\(running.major).\(running.minor).\(running.patch)", "\(running.major).\(running.minor)",
            "\(running.major)",
        ] {
            let name = "Package@swift-\(key).swift"
            if files[name] != nil { return name }
        }
        guard let regular = files["Package.swift"] else { return nil }
        let regularTools = SwiftToolsVersion(manifest: regular) ?? SwiftToolsVersion(3, 1)
        let candidates = files.keys.compactMap { name -> (SwiftToolsVersion, String)? in
            guard name.hasPrefix("Package@swift-"), name.hasSuffix(".swift") else { return nil }
            let spec = name.dropFirst("Package@swift-".count).dropLast(".swift".count)
            guard spec.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let version = SwiftToolsVersion(spec)
            else { return nil }
            return (version, name)
        }
        guard let (version, name) = candidates.filter({ $0.0 <= running }).max(by: { ($0.0, $0.1) < ($1.0, $1.1) })
        else {
            return "Package.swift"
        }
        let candidateTools =
            version < SwiftToolsVersion(4)
            ? SwiftToolsVersion(3, 1) : files[name].flatMap(SwiftToolsVersion.init(manifest:))
        guard let candidateTools else { return nil }
        if candidateTools > regularTools { return name }
        return regularTools >= SwiftToolsVersion(4) && regularTools <= running ? "Package.swift" : name
    }
}
