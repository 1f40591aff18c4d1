import Foundation

/// A pattern with one `{version}` placeholder (`v{version}`, `release: {version}`), matched both ways.
public struct VersionPattern: Sendable, Hashable, CustomStringConvertible {
    public let pattern: String
    private let prefix: String
    private let suffix: String

    /// Nil when the pattern has no `{version}` (a configuration error the caller reports).
    public init?(_ pattern: String) {
        guard let range = pattern.range(of: "{version}") else { return nil }
        self.pattern = pattern
        prefix = String(pattern[..<range.lowerBound])
        suffix = String(pattern[range.upperBound...])
    }

    /// The text for `version`.
    public func filled(_ version: String) -> String { prefix + version + suffix }

    /// The version in `text`, or nil when `text` does not have the pattern's shape. With
    /// `allowingPullRequest`, a trailing ` (#123)` (a squash-merge subject) is ignored.
    public func version(in text: String, allowingPullRequest: Bool = false) -> String? {
        var text = Substring(text)
        if allowingPullRequest, text.hasSuffix(")"), let open = text.range(of: " (#", options: .backwards),
            text[open.upperBound..<text.index(before: text.endIndex)].allSatisfy({ $0.isASCII && $0.isNumber }),
            text.index(before: text.endIndex) > open.upperBound
        {
            text = text[..<open.lowerBound]
        }
        guard text.count > prefix.count + suffix.count, text.hasPrefix(prefix), text.hasSuffix(suffix) else {
            return nil
        }
        let middle = text.dropFirst(prefix.count).dropLast(suffix.count)
        return middle.isEmpty || middle.contains(" ") ? nil : String(middle)
    }

    public var description: String { pattern }
}
