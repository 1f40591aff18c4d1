/// The repository cannot answer for the requested change set (exit 3).
public enum ChangeSetError: Error, CustomStringConvertible, Sendable {
    case unknownRef(String, hint: String)
    case missingBase(String, hint: String)
    case git(GitError)
    case snapshot(SnapshotError)
    /// Any other failure while computing the change: it is not a missing base, so it says what it is.
    case unreadable(String)

    public var description: String {
        switch self {
        case .unknownRef(let ref, let hint): "unknown revision '\(ref)': \(hint)"
        case .missingBase(let what, let hint): "\(what): \(hint)"
        case .git(let e): "git: \(e)"
        case .snapshot(let e): e.description
        case .unreadable(let detail): "cannot compute the change: \(detail)"
        }
    }
}
