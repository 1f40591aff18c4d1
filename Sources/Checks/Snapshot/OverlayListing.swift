import Synchronization

/// A listing with a change applied on top: the base's entries minus `removed`, plus `added`.
///
/// The head side of a diff is its base side with the changed paths replaced; kept as an overlay, it costs
/// the change, not the repository, until a caller asks for every entry.
final class OverlayListing: EntryListing {
    let base: EntryTable
    /// Paths of the base that the overlay hides (an added entry at the same path replaces it).
    let removed: Set<RepoPath>
    /// Entries the overlay adds, sorted by path.
    let added: [SnapshotEntry]
    private let countOnce = Mutex<Int?>(nil)

    /// `removed` must hold the path of every entry of `added` too: a path both removed and added is replaced,
    /// the base's entry there hidden (`EntryTable.applying` and `reverting` remove each path they add).
    init(base: EntryTable, removed: Set<RepoPath>, added: [SnapshotEntry]) {
        assert(added.allSatisfy { removed.contains($0.path) }, "an added path the base's entry would show through")
        self.base = base
        self.added = added.sorted { $0.path < $1.path }
        self.removed = removed
    }

    /// Counted when first asked: it needs the base's count, which a listing read on demand pays for.
    var count: Int {
        if let known = countOnce.withLock({ $0 }) { return known }
        let counted = base.count - removed.count { base.entry(at: $0) != nil } + added.count
        countOnce.withLock { $0 = counted }
        return counted
    }

    /// The base's answer when the change removed nothing below `dir` and added nothing there.
    func hasEntries(under dir: RepoPath) -> Bool {
        if !added.slice(under: dir.bytes).isEmpty { return true }
        if !removed.contains(where: { $0.isBelow(dir) }) { return base.isDirectory(dir) }
        return scanForEntries(under: dir)
    }

    func entry(at path: RepoPath) -> SnapshotEntry? {
        let i = added.lowerBound(path.bytes)
        if i < added.count && added[i].path == path { return added[i] }
        return removed.contains(path) ? nil : base.entry(at: path)
    }

    func forEachEntry(under dir: RepoPath, _ body: (SnapshotEntry) -> Bool) {
        let extra = added.slice(under: dir.bytes)
        var a = extra.startIndex
        var stopped = false
        base.forEachEntry(under: dir) { entry in
            while a < extra.endIndex && extra[a].path < entry.path {
                if !body(extra[a]) {
                    stopped = true
                    return false
                }
                a += 1
            }
            if removed.contains(entry.path) { return true }
            if !body(entry) {
                stopped = true
                return false
            }
            return true
        }
        if stopped { return }
        while a < extra.endIndex {
            if !body(extra[a]) { return }
            a += 1
        }
    }

    func materialize() -> [SnapshotEntry] {
        var result: [SnapshotEntry] = []
        result.reserveCapacity(count)
        forEachEntry(under: .root) { entry in
            result.append(entry)
            return true
        }
        return result
    }
}
