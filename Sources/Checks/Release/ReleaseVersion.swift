/// The version `release prepare` is asked for: one written out, or a part of the current one to raise.
public enum ReleaseVersionRequest: Sendable, Equatable {
    case exact(String)
    case major, minor, patch

    /// `major`, `minor`, `patch`, or a version to parse later under the repository's scheme.
    public init(_ text: String) {
        switch text {
        case "major": self = .major
        case "minor": self = .minor
        case "patch": self = .patch
        default: self = .exact(text)
        }
    }

    /// The version this request gives after `current` (nil: nothing released yet), under `scheme`.
    /// Exit 2 (a `UsageError`) for a version that does not parse, or a part to raise with nothing to raise.
    func version(after current: Version?, scheme: VersionScheme) throws(UsageError) -> Version {
        let release: [Int]
        switch self {
        case .exact(let text):
            do {
                return try Version(text, scheme: scheme)
            } catch {
                throw UsageError("\(error.description) (the [version] scheme is \(scheme.rawValue))")
            }
        case .major, .minor, .patch:
            guard let current else {
                throw UsageError("there is no release to raise yet: name the first version, e.g. 1.0.0")
            }
            release = current.releaseNumbers
        }
        var parts = (release + [0, 0, 0]).prefix(3).map { $0 }
        switch self {
        case .major: parts = [parts[0] + 1, 0, 0]
        case .minor: parts = [parts[0], parts[1] + 1, 0]
        default: parts = [parts[0], parts[1], parts[2] + 1]
        }
        let text = parts.map(String.init).joined(separator: ".")
        do {
            return try Version(text, scheme: scheme)
        } catch {
            throw UsageError("cannot raise \(current.map { "\($0)" } ?? ""): \(error.description)")
        }
    }
}

extension Version {
    /// The release numbers (`26.8.1` of `26.8.1rc1`; major, minor, patch of a semantic version).
    var releaseNumbers: [Int] {
        switch self {
        case .semver(let v): [v.major, v.minor, v.patch].map { Int($0.digits) ?? 0 }
        case .pep440(let v): v.release.map { Int($0.digits) ?? 0 }
        }
    }
}
