/// A version under the configured scheme: semver or PEP 440.
public enum Version: Sendable, Hashable, Comparable, CustomStringConvertible {
    case semver(Semver)
    case pep440(PEP440)

    /// Parses `text` under `scheme`; the error says why it is not a version there.
    public init(_ text: String, scheme: VersionScheme) throws(VersionError) {
        switch scheme {
        case .semver:
            do { self = .semver(try Semver(text)) } catch { throw VersionError(description: error.description) }
        case .pep440:
            do { self = .pep440(try PEP440(text)) } catch { throw VersionError(description: error.description) }
        }
    }

    public var isPrerelease: Bool {
        switch self {
        case .semver(let v): v.isPrerelease
        case .pep440(let v): v.isPrerelease
        }
    }

    public var description: String {
        switch self {
        case .semver(let v): v.description
        case .pep440(let v): v.description
        }
    }

    /// Versions of different schemes never meet in one repository; semver sorts first if they do.
    public static func < (l: Version, r: Version) -> Bool {
        switch (l, r) {
        case (.semver(let a), .semver(let b)): a < b
        case (.pep440(let a), .pep440(let b)): a < b
        case (.semver, .pep440): true
        case (.pep440, .semver): false
        }
    }
}

/// Text that is not a version under the configured scheme.
public struct VersionError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// How version strings are compared.
public enum VersionScheme: String, Sendable, Hashable, CaseIterable {
    case pep440, semver
}
