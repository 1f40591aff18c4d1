import Foundation

/// `lock merge-driver %O %A %B %P`: in a merge the upstream side goes into `%A` and the path is recorded as
/// pending; anywhere else the conflict is left for `lock resolve`.
public enum LockMergeDriver {
    /// What the driver did.
    public enum Outcome: Sendable, Hashable {
        /// A merge: `theirs` written into `%A`, the path pending for the merge commit's hooks.
        case tookTheirs
        /// A rebase, cherry-pick, revert, stash or checkout -m: no commit hook will regenerate, so the driver
        /// fails and git leaves the conflict (DESIGN: the merge driver exits 1 there).
        case leftConflict(operation: String)
        /// The path is no lockfile preflight knows: taking a side would drop one side's lines.
        case notALockfile
    }

    /// Runs the driver for `path`. `reflogAction` is git's `GIT_REFLOG_ACTION`: `git merge` and `git pull`
    /// set it (`merge main`, `pull`) before any driver runs, while `MERGE_HEAD` is not written yet; a rebase
    /// is told by its state folder. Anything else is not a merge whose hooks regenerate the lock.
    public static func run(
        current: String, theirs: String, path: RepoPath, repository: Repository,
        reflogAction: String?
    ) throws -> Outcome {
        guard try MergeDriverInstaller(repository).resolves(path) else { return .notALockfile }
        let state = repository.state
        let action = reflogAction ?? ""
        let isMerge = state != .rebase && (state == .merge || action.hasPrefix("merge") || action.hasPrefix("pull"))
        guard isMerge else {
            let operation =
                state == .none || state == .other ? (action.isEmpty ? "this operation" : action) : state.rawValue
            return .leftConflict(operation: operation)
        }
        guard let bytes = FileManager.default.contents(atPath: theirs) else {
            throw LockFileError(message: "cannot read \(theirs)")
        }
        try LockFiles.write(Array(bytes), to: current, executable: false)
        try PendingLocks.record(path, in: repository)
        return .tookTheirs
    }
}
