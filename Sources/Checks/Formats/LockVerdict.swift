/// What a staleness judgement found: a lockfile compared with the manifest it was generated from.
///
/// Reasons are lowercase with no full stop and name what differs (`requirements.txt has
/// aiohttp~=3.9.5, the lock was generated with aiohttp~=3.9.4`), or what cannot be read and where.
public enum LockVerdict: Sendable, Equatable {
    /// The lock was generated from this manifest, by the ecosystem's own rule.
    case fresh
    /// The lock was generated from something else: what differs.
    case stale(String)
    /// The lock or manifest cannot be read: what and where (the line when known).
    case unreadable(String)
}

extension LockVerdict {
    /// `.unreadable` with a problem's message and, when known, its line: `... (line 12)`.
    public static func unreadable(_ problem: LockProblem) -> LockVerdict {
        .unreadable(problem.message + (problem.line.map { " (line \($0))" } ?? ""))
    }
}
