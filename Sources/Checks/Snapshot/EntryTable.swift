/// Every path of one snapshot, sorted by bytes, with lookups by path and by directory.
public struct EntryTable: Sendable {
    /// The entries in byte order of their paths (git's order).
    public let entries: [SnapshotEntry]
    private let positions: [RepoPath: Int]

    /// Builds a table; sorts only when `entries` are not already in byte order.
    public init(_ entries: [SnapshotEntry]) {
        var sorted = entries
        if !zip(sorted, sorted.dropFirst()).allSatisfy({ $0.path < $1.path }) {
            sorted.sort { $0.path < $1.path }
        }
        self.entries = sorted
        var positions = [RepoPath: Int](minimumCapacity: sorted.count)
        for (i, e) in sorted.enumerated() { positions[e.path] = i }
        self.positions = positions
    }

    public static let empty = EntryTable([])

    public var count: Int { entries.count }

    /// The entry at exactly `path`, if the snapshot has one.
    public func entry(at path: RepoPath) -> SnapshotEntry? {
        positions[path].map { entries[$0] }
    }

    /// True when some entry lies strictly below `path` (the root is always a directory).
    public func isDirectory(_ path: RepoPath) -> Bool {
        if path.isRoot { return true }
        return !entries(under: path).isEmpty
    }

    /// The entries strictly below directory `dir`, a contiguous run in byte order.
    public func entries(under dir: RepoPath) -> ArraySlice<SnapshotEntry> {
        if dir.isRoot { return entries[...] }
        let prefix = dir.bytes + [UInt8(ascii: "/")]
        var lo = 0
        var hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].path.bytes.lexicographicallyPrecedes(prefix) { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < entries.count, entries[end].path.bytes.starts(with: prefix) { end += 1 }
        return entries[lo..<end]
    }

    /// A new table with `changes` applied on top of this one (the base side), as the head side.
    /// Entries a change adds or modifies carry `newID` only when `keepNewIDs` (their bytes are in git).
    public func applying(_ changes: [Change], keepNewIDs: Bool) -> EntryTable {
        var removed = Set<RepoPath>()
        var added: [SnapshotEntry] = []
        for change in changes {
            removed.insert(change.basePath)
            removed.insert(change.path)
            if change.kind != .deleted, let mode = change.newMode {
                added.append(SnapshotEntry(path: change.path, mode: mode, id: keepNewIDs ? change.newID : nil))
            }
        }
        if removed.isEmpty { return self }
        var result = entries.filter { !removed.contains($0.path) }
        result.append(contentsOf: added)
        return EntryTable(result)
    }
}
