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

    /// The version this request gives after `current` (nil: nothing released yet) under `scheme`, and its
    /// text: as written, or the raised numbers padded as `current` writes them (`24.09.0` → `24.09.1`).
    /// Exit 2 (a `UsageError`) for a version that does not parse, or a part to raise with nothing to raise.
    func version(after current: ReleasedVersion?, scheme: VersionScheme) throws(UsageError) -> ReleasedVersion {
        guard case .exact(let text) = self else { return try raise(current, scheme: scheme) }
        do {
            return ReleasedVersion(version: try Version(text, scheme: scheme), text: text)
        } catch {
            throw UsageError("\(error.description) (the [version] scheme is \(scheme.rawValue))")
        }
    }

    private func raise(_ current: ReleasedVersion?, scheme: VersionScheme) throws(UsageError) -> ReleasedVersion {
        guard let current else {
            throw UsageError("there is no release to raise yet: name the first version, e.g. 1.0.0")
        }
        var parts = Array((current.version.releaseNumbers + [0, 0, 0]).prefix(3))
        switch self {
        case .major: parts = [parts[0] + 1, 0, 0]
        case .minor: parts = [parts[0], parts[1] + 1, 0]
        default: parts = [parts[0], parts[1], parts[2] + 1]
        }
        let components = current.text.split(separator: Character("."))
        let widths: [Int] = components.map { component in component.prefix(while: \.isASCIIDigitCharacter).count }
        let text = parts.enumerated().map { (i: Int, number: Int) -> String in
            let digits = String(number)
            let width = i < widths.count ? widths[i] : 0
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }.joined(separator: ".")
        do {
            return ReleasedVersion(version: try Version(text, scheme: scheme), text: text)
        } catch {
            throw UsageError("cannot raise \(current.text): \(error.description)")
        }
    }
}

/// A version and its text as the repository writes it (PEP 440 normalises `24.09.0` to `24.9.0`; a release
/// keeps the repository's form).
public struct ReleasedVersion: Sendable {
    public let version: Version
    public let text: String
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

extension Character {
    /// True for `0`-`9`.
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
