import Formats
import Model

/// One check: a stable id, a one-line summary, and the findings it makes for a change.
///
/// A check reads paths, modes, link targets and bytes only through the context's snapshots, so the same
/// check serves pre-commit (the index), pre-push and CI (commits) and local runs (the working tree).
public protocol Check: Sendable {
    /// The stable id used in `--only`, `--skip`, `PREFLIGHT_SKIP` and every report (`symlink`).
    var id: String { get }
    /// One line: what the check guarantees.
    var summary: String { get }
    /// The findings for the change in `context`. Throws when a snapshot cannot be read (exit 3).
    func findings(in context: CheckContext) throws -> [Finding]
    /// Starts reads that other threads can do meanwhile (`Snapshot.startMapBytes`), as soon as the change set
    /// is known; `findings` collects them from `context.started`. Nil: nothing to start.
    func start(_ changeSet: ChangeSet) -> AnyObject?
}

extension Check {
    /// Most checks have nothing to start.
    public func start(_ changeSet: ChangeSet) -> AnyObject? { nil }
}

/// What a check may read: the change, both workspaces and their link graphs, and the repository's history.
///
/// Not Sendable: everything reads through one repository.
public final class CheckContext {
    public let changeSet: ChangeSet
    /// Targets, link resolutions and affected targets of both sides.
    public let affected: Affected
    /// True for `--all`: every path of the head snapshot is in scope.
    public let everything: Bool
    /// Tags for `release-tag` to judge (pre-push passes the pushed tags); nil: the release tags at the
    /// head commit of a range.
    public var releaseTags: [String]?
    /// Today, for dates that must not lie in the future (the local calendar day unless a test sets it).
    public let today: Changelog.Day

    /// History, tags and the checkout, as the change's repository answers them.
    public var history: any History { changeSet.history }
    public var head: Workspace { affected.head.workspace }
    public var base: Workspace { affected.base.workspace }

    private var submoduleSnapshots: [SnapshotEntry: (any Snapshot)?] = [:]
    private var currentCheckout: Bool?
    private var indexTable: EntryTable?
    private var knownVersionBase: (Snapshot, String)?
    /// Work a check started (`Check.start`), by the check's id, until its `findings` takes it.
    public var started: [String: AnyObject]

    /// `started`: what `CheckRun.start` began for the checks while `affected` was computed.
    public init(_ affected: Affected, today: Changelog.Day? = nil, started: [String: AnyObject] = [:]) {
        self.affected = affected
        self.started = started
        self.today = today ?? Changelog.Day.today()
        changeSet = affected.changeSet
        if case .all = changeSet.source { everything = true } else { everything = false }
    }

    /// Each changed path that exists in the head snapshot, with its head entry (every entry for `--all`).
    public var changedHeadEntries: [SnapshotEntry] { changeSet.changedHeadEntries }

    /// True when the head snapshot is what this checkout holds (the index, the working tree, or the
    /// commit HEAD names), so the working tree can tell an untracked target from a missing one.
    /// Throws when HEAD cannot be read (exit 3) rather than guess.
    public func headIsThisCheckout() throws(HistoryError) -> Bool {
        if let known = currentCheckout { return known }
        let answer: Bool
        switch changeSet.head.kind {
        case .index, .workingTree: answer = true
        case .commit(nil): answer = false
        case .commit(let commit?): answer = try commit == history.headCommit()
        }
        currentCheckout = answer
        return answer
    }

    /// The pinned commit of the submodule at `gitlink` in the head snapshot, when its objects are here.
    /// Throws when they are here and cannot be read (exit 3), rather than call them absent.
    public func submoduleSnapshot(at gitlink: RepoPath) throws(HistoryError) -> (any Snapshot)? {
        guard let entry = changeSet.head.table.entry(at: gitlink), entry.mode == .gitlink, let id = entry.id else {
            return nil
        }
        if let cached = submoduleSnapshots[entry] { return cached }
        let snapshot = try history.submoduleSnapshot(at: gitlink, commit: id)
        submoduleSnapshots[entry] = snapshot
        return snapshot
    }

    /// True when `path` is in the repository's index. Only asked of working-tree entries git has not
    /// hashed, where the working-tree listing (with `--untracked`) may hold files git does not track.
    /// Throws when the index cannot be read: an unreadable index is not "nothing is tracked" (exit 3).
    public func isTracked(_ path: RepoPath) throws(HistoryError) -> Bool {
        let table: EntryTable
        if let indexTable {
            table = indexTable
        } else {
            table = try history.indexTable()
            indexTable = table
        }
        return table.entry(at: path) != nil
    }

    /// The snapshot a version bump is judged against, and a label for messages: the commit at
    /// merge-base(default branch, head), so a branch bumps once and not on every later commit; the change's
    /// own base on the default branch itself, when the default branch is unknown, or in a shallow clone.
    public var versionBase: (snapshot: Snapshot, label: String) {
        if let knownVersionBase { return knownVersionBase }
        let fallback = (changeSet.base, "the change's base")
        var answer: (Snapshot, String) = fallback
        let branch = head.configuration.workspace.defaultBranch
        let headCommit: ObjectID?
        switch changeSet.head.kind {
        case .commit(let commit): headCommit = commit
        default: headCommit = try? history.headCommit()
        }
        if let headCommit,
            let tip = (try? history.resolveCommit("refs/heads/\(branch)"))
                ?? (try? history.resolveCommit("refs/remotes/origin/\(branch)")),
            let mergeBase = (try? history.mergeBase(of: tip, and: headCommit)) ?? nil,
            mergeBase != headCommit, let snapshot = try? history.snapshot(ofCommit: mergeBase)
        {
            answer = (snapshot, "merge-base with \(branch) (\(mergeBase.short))")
        }
        knownVersionBase = answer
        return answer
    }

    /// The id of the target that owns `path`: in the head workspace, else (a path that is gone) the base's.
    public func owner(of path: RepoPath) -> String {
        if changeSet.head.table.entry(at: path) == nil, changeSet.base.table.entry(at: path) != nil {
            return base.owner(of: path).id
        }
        return head.owner(of: path).id
    }
}
