import Synchronization

/// Every path of one snapshot, sorted by bytes, with lookups by path and by directory.
///
/// The entries come from an `EntryListing`; lookups go to it directly, and the whole list is built only
/// the first time `entries` is asked for.
public struct EntryTable: Sendable {
    package let listing: any EntryListing
    private let whole: WholeListing

    /// Builds a table; sorts only when `entries` are not already in byte order.
    public init(_ entries: [SnapshotEntry]) {
        var sorted = entries
        if !zip(sorted, sorted.dropFirst()).allSatisfy({ $0.path < $1.path }) {
            sorted.sort { $0.path < $1.path }
        }
        self.init(listing: ArrayListing(sorted: sorted))
    }

    /// A table over a listing read on demand.
    public init(listing: any EntryListing) {
        self.listing = listing
        whole = WholeListing()
    }

    public static let empty = EntryTable([])

    /// Every entry in byte order of their paths (git's order), built from the listing once.
    public var entries: [SnapshotEntry] {
        if let array = listing as? ArrayListing { return array.entries }
        return whole.value { listing.materialize() }
    }

    public var count: Int { listing.count }

    /// The entry at exactly `path`, if the snapshot has one.
    public func entry(at path: RepoPath) -> SnapshotEntry? { listing.entry(at: path) }

    /// True when some entry lies strictly below `path` (the root is always a directory).
    public func isDirectory(_ path: RepoPath) -> Bool {
        if path.isRoot { return true }
        return listing.hasEntries(under: path)
    }

    /// The entries strictly below directory `dir`, in byte order.
    public func entries(under dir: RepoPath) -> [SnapshotEntry] {
        var result: [SnapshotEntry] = []
        listing.forEachEntry(under: dir) { entry in
            result.append(entry)
            return true
        }
        return result
    }

    /// Calls `body` with each entry strictly below `dir` in byte order until it returns false.
    public func forEachEntry(under dir: RepoPath, _ body: (SnapshotEntry) -> Bool) {
        listing.forEachEntry(under: dir, body)
    }

    /// A new table with `changes` applied on top of this one (the base side), as the head side.
    /// Entries a change adds or modifies carry `newID` only when `keepNewIDs` (their bytes are in git).
    public func applying(_ changes: [Change], keepNewIDs: Bool) -> EntryTable {
        var removed = Set<RepoPath>(minimumCapacity: changes.count)
        var added: [SnapshotEntry] = []
        for change in changes {
            removed.insert(change.path)
            if let old = change.oldPath, old != change.path { removed.insert(old) }
            if change.kind != .deleted, let mode = change.newMode {
                added.append(SnapshotEntry(path: change.path, mode: mode, id: keepNewIDs ? change.newID : nil))
            }
        }
        return replacing(removed, with: added)
    }

    /// The base side of `changes` when this table is their head side (the inverse of `applying`).
    public func reverting(_ changes: [Change]) -> EntryTable {
        var removed = Set<RepoPath>(minimumCapacity: changes.count)
        var restored: [SnapshotEntry] = []
        for change in changes {
            removed.insert(change.path)
            if let old = change.oldPath, old != change.path { removed.insert(old) }
            if change.kind != .added, let mode = change.oldMode {
                restored.append(SnapshotEntry(path: change.basePath, mode: mode, id: change.oldID))
            }
        }
        return replacing(removed, with: restored)
    }

    /// `removed` holds every path of `added` as well: an entry both removed and added replaces the base's.
    private func replacing(_ removed: Set<RepoPath>, with added: [SnapshotEntry]) -> EntryTable {
        if removed.isEmpty && added.isEmpty { return self }
        return EntryTable(listing: OverlayListing(base: self, removed: removed, added: added))
    }
}

/// The whole entry list of a table, built at most once and shared by the table's copies.
private final class WholeListing: Sendable {
    private let built = Mutex<[SnapshotEntry]?>(nil)

    func value(_ make: () -> [SnapshotEntry]) -> [SnapshotEntry] {
        if let done = built.withLock({ $0 }) { return done }
        let made = make()
        built.withLock { $0 = made }
        return made
    }
}
