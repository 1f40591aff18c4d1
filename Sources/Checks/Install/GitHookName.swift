/// The git hooks preflight installs and answers: `preflight hook NAME`, `preflight install --hook NAME`.
public enum GitHookName: String, Sendable, CaseIterable, CustomStringConvertible {
    case preCommit = "pre-commit"
    case prePush = "pre-push"
    case preMergeCommit = "pre-merge-commit"
    case postMerge = "post-merge"

    /// The name git gives the hook.
    public var description: String { rawValue }
}
