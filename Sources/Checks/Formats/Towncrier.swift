/// towncrier's settings as towncrier itself reads them: where news fragments live, their types, the news
/// file, and which names in a fragment directory are not fragments.
///
/// Read from `[tool.towncrier]` of `towncrier.toml` (which wins) or `pyproject.toml` at the repository root.
public struct Towncrier: Sendable, Equatable {
    /// The fragment directories, repository-relative (`changes`; `""` is the root), one per section.
    public var directories: [String]
    /// The fragment types (each type's directory name) in the configuration's order.
    public var types: [String]
    /// The types `towncrier check` does not count (`check = false`).
    public var unchecked: Set<String> = []
    /// The news file, repository-relative (`filename`, default `NEWS.rst`).
    public var newsFile: String
    /// The prefix of a fragment without an issue (`orphan_prefix`, default `+`).
    public var orphanPrefix: String
    /// Lowercased `fnmatch` patterns of names in a fragment directory that are not fragments.
    public var ignored: [String]

    /// towncrier's types when the configuration names none.
    public static let defaultTypes = ["feature", "bugfix", "doc", "removal", "misc"]

    /// The name of one fragment as towncrier splits it: `123.feature.1.md` is issue `123`, type `feature`, counter 1.
    public struct FragmentName: Sendable, Equatable {
        public let issue: String
        public let type: String
        public let counter: Int
    }

    /// The fragment suffix that suits the news file: `.md` for a Markdown news file, else `.rst`.
    public var suffix: String { newsFile.hasSuffix(".md") ? ".md" : ".rst" }

    /// The types the check counts, in order.
    public var checkedTypes: [String] { types.filter { !unchecked.contains($0) } }

    /// Splits `basename` as towncrier's `parse_newfragment_basename` does: the last dot-separated part after
    /// the first that is a known type is the type, the parts before it the issue, a number after it the
    /// counter. Nil when no part is a type.
    public func fragment(named basename: String) -> FragmentName? {
        let parts = basename.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count > 1 else { return nil }
        for i in stride(from: parts.count - 1, through: 1, by: -1) where types.contains(parts[i]) {
            var issue = parts[0..<i].joined(separator: ".").trimmingWhitespace()
            if !issue.isEmpty, issue.allSatisfy(\.isASCIIDigit) {
                issue = String(issue.drop { $0 == "0" })
                if issue.isEmpty { issue = "0" }
            }
            var counter = 0
            if i + 1 < parts.count, !parts[i + 1].isEmpty, parts[i + 1].allSatisfy(\.isASCIIDigit) {
                counter = Int(parts[i + 1]) ?? 0
            }
            return FragmentName(issue: issue, type: parts[i], counter: counter)
        }
        return nil
    }

    /// True when `basename` is no fragment for towncrier (`.gitignore`, `README.md`, the template, `ignore`).
    public func isIgnored(_ basename: String) -> Bool {
        let lower = basename.lowercased()
        return ignored.contains { FileNameMatch.matches(lower, pattern: $0) }
    }
}

extension Character {
    /// True for `0`-`9` only (Python's `str.isdigit` on the names towncrier sees).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
