import Model

/// How bad a finding is: errors fail the command (exit 1), warnings and notes do not.
public enum Severity: String, Sendable, Hashable, CaseIterable, Comparable {
    case error, warning, note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    /// Errors sort first.
    public static func < (l: Severity, r: Severity) -> Bool { l.rank < r.rank }
}

/// One problem a check found: which check, how bad, what, where, whose, and how to fix it.
public struct Finding: Sendable, Hashable {
    /// The check's stable id (`symlink`).
    public let check: String
    public let severity: Severity
    /// Lowercase, no full stop: `link target does not exist: VERSION`.
    public let message: String
    /// The path the finding is about, in the head snapshot (the base path when the path is gone).
    public let path: RepoPath?
    /// The 1-based line, when the finding is about one line.
    public let line: Int?
    /// The id of the target that owns `path` (`//` for the root), filled in by the run.
    public internal(set) var target: String?
    /// What the user should do, when there is a clear step.
    public let fix: String?
    /// The change `--fix` makes in the working tree, when the check can make it itself.
    public let autofix: Autofix?

    public init(
        check: String, severity: Severity, message: String, path: RepoPath?, line: Int? = nil,
        target: String? = nil, fix: String? = nil, autofix: Autofix? = nil
    ) {
        self.check = check
        self.severity = severity
        self.message = message
        self.path = path
        self.line = line
        self.target = target
        self.fix = fix
        self.autofix = autofix
    }

    /// The same finding owned by `target`.
    public func withTarget(_ target: String) -> Finding {
        var copy = self
        copy.target = target
        return copy
    }

    /// Findings in report order: by path (pathless first), line, check, then message.
    public static func reportOrder(_ l: Finding, _ r: Finding) -> Bool {
        if l.path != r.path {
            guard let lp = l.path else { return true }
            guard let rp = r.path else { return false }
            return lp < rp
        }
        if l.line != r.line { return (l.line ?? 0) < (r.line ?? 0) }
        if l.check != r.check { return l.check < r.check }
        return l.message < r.message
    }
}

/// A working-tree change `--fix` can make for a finding.
public enum Autofix: Sendable, Hashable {
    /// Replace the regular file at `path`, whose bytes must still hash to `expected`, with a link
    /// whose text is `linkText`.
    case replaceWithLink(path: RepoPath, linkText: [UInt8], expected: ObjectID)
}
