/// The two sides of a change and the paths that differ between them.
///
/// Not Sendable: the snapshots and the history read through one repository.
public final class ChangeSet {
    public let source: ChangeSource
    /// The repository both sides read from, as checks may ask it.
    public let history: any History
    public let base: Snapshot
    public let head: Snapshot
    public let changes: [Change]
    /// Things the user should know about how the sides were chosen (a ref fallback, a deepen).
    public let notes: [String]
    /// Set when the base could not be found and the policy was `all`: why.
    public let missingBase: String?
    /// Every path a change touches on either side (old and new paths of renames), without repeats; made once,
    /// as most phases of a run ask for it.
    public let touchedPaths: [RepoPath]
    /// `changedHeadEntries`, once asked (several checks do; each lookup searches the head's listing).
    private var headEntries: [SnapshotEntry]?

    package init(
        _ history: any History, source: ChangeSource, base: Snapshot, head: Snapshot, changes: [Change],
        notes: [String], missingBase: String? = nil
    ) {
        self.history = history
        self.source = source
        self.base = base
        self.head = head
        self.changes = changes
        var seen = Set<String>()
        self.notes = notes.filter { seen.insert($0).inserted }
        self.missingBase = missingBase
        touchedPaths = ChangeSet.touchedPaths(changes)
    }

    /// Every path the changes touch, in their order, each once. Changes in strictly increasing path order without
    /// a rename (what a diff gives) touch their own paths once each: no set is needed to find repeats.
    static func touchedPaths(_ changes: [Change]) -> [RepoPath] {
        var inOrder = true
        for k in changes.indices {
            let renamed = changes[k].oldPath.map { $0 != changes[k].path } ?? false
            if renamed || (k > 0 && !(changes[k - 1].path < changes[k].path)) {
                inOrder = false
                break
            }
        }
        if inOrder { return changes.map(\.path) }
        var touched = Set<RepoPath>()
        return changes.flatMap(\.touchedPaths).filter { touched.insert($0).inserted }
    }

    /// Each changed path that exists in the head snapshot, with its head entry (every entry for `--all`).
    public var changedHeadEntries: [SnapshotEntry] {
        if let headEntries { return headEntries }
        let table = head.table
        let found = changes.compactMap { $0.newMode == nil ? nil : table.entry(at: $0.path) }
        headEntries = found
        return found
    }

    /// Throws the first listing read that failed on either side, so no answer built on a lookup that could
    /// not be made is reported (exit 3); every command calls it before it reports.
    public func ensureReadable() throws(SnapshotError) {
        if let failure = base.listingFailure ?? head.listingFailure { throw failure }
    }
}
