/// The repository cannot answer for the requested change set (exit 3), or the request names what is not there
/// (`badRequest`, exit 2).
public enum ChangeSetError: Error, CustomStringConvertible, Sendable {
    /// The request itself is wrong, e.g. a `--files` path in neither HEAD nor the working tree (exit 2).
    case badRequest(String)
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
        case .badRequest(let detail): detail
        }
    }

    /// 2 for a wrong request, 3 when the repository cannot answer.
    public var exitCode: Int32 {
        if case .badRequest = self { return 2 }
        return 3
    }
}
