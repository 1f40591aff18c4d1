/// A semantic version (semver.org 2.0.0): `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]`.
///
/// Precedence follows the specification: numbers compare numerically, a pre-release sorts before its
/// release, pre-release identifiers compare one by one (numeric ones numerically and below alphanumeric
/// ones, a shorter list first), and build metadata is ignored. Never traps: any text either parses or
/// gives a `SemverError` that says what is wrong.
public struct Semver: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let major: Numeral
    public let minor: Numeral
    public let patch: Numeral
    /// Dot-separated pre-release identifiers (`["rc", "1"]`); empty for a release.
    public let prerelease: [String]
    /// Dot-separated build identifiers; not part of precedence.
    public let build: [String]

    public var isPrerelease: Bool { !prerelease.isEmpty }

    /// Parses `text` exactly (no `v` prefix, no spaces).
    public init(_ text: String) throws(SemverError) {
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = try Semver.identifiers(rest[rest.index(after: plus)...], what: "build metadata", numericRule: false)
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            prerelease = try Semver.identifiers(
                rest[rest.index(after: dash)...], what: "pre-release", numericRule: true)
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3 else {
            throw SemverError(
                text: text, reason: "expected MAJOR.MINOR.PATCH, got \(core.count) part\(core.count == 1 ? "" : "s")")
        }
        var numbers: [Numeral] = []
        for (name, part) in zip(["major", "minor", "patch"], core) {
            guard let n = Numeral(part) else {
                throw SemverError(text: text, reason: "\(name) '\(part)' is not a number")
            }
            guard part == "0" || !part.hasPrefix("0") else {
                throw SemverError(text: text, reason: "\(name) '\(part)' has a leading zero")
            }
            numbers.append(n)
        }
        major = numbers[0]
        minor = numbers[1]
        patch = numbers[2]
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses, or nil.
    public static func parse(_ text: String) -> Semver? { try? Semver(text) }

    private static func identifiers(_ text: Substring, what: String, numericRule: Bool) throws(SemverError) -> [String]
    {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        var result: [String] = []
        for part in parts {
            guard !part.isEmpty else { throw SemverError(text: String(text), reason: "empty \(what) identifier") }
            guard part.utf8.allSatisfy({ Semver.isIdentifierByte($0) }) else {
                throw SemverError(text: String(text), reason: "\(what) identifier '\(part)' may hold only [0-9A-Za-z-]")
            }
            if numericRule, Numeral(part) != nil, part.count > 1, part.hasPrefix("0") {
                throw SemverError(text: String(text), reason: "numeric \(what) identifier '\(part)' has a leading zero")
            }
            result.append(String(part))
        }
        return result
    }

    private static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D
    }

    public var description: String {
        var s = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { s += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { s += "+" + build.joined(separator: ".") }
        return s
    }

    /// Equal precedence: build metadata is ignored, as semver.org says (`1.0.0+a == 1.0.0+b`).
    public static func == (l: Semver, r: Semver) -> Bool { !(l < r) && !(r < l) }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
        hasher.combine(prerelease.map { Numeral($0)?.digits ?? $0 })
    }

    public static func < (l: Semver, r: Semver) -> Bool {
        if l.major != r.major { return l.major < r.major }
        if l.minor != r.minor { return l.minor < r.minor }
        if l.patch != r.patch { return l.patch < r.patch }
        switch (l.prerelease.isEmpty, r.prerelease.isEmpty) {
        case (true, true), (true, false): return false
        case (false, true): return true
        case (false, false): break
        }
        for (a, b) in zip(l.prerelease, r.prerelease) where a != b {
            switch (Numeral(a), Numeral(b)) {
            case (let x?, let y?): return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return a.utf8.lexicographicallyPrecedes(b.utf8)
            }
        }
        return l.prerelease.count < r.prerelease.count
    }
}

/// Text that is not a semantic version, and why.
public struct SemverError: Error, CustomStringConvertible, Sendable {
    public let text: String
    public let reason: String
    public var description: String { "'\(text.prefix(80))' is not a semantic version: \(reason)" }
}
