/// Every path of one snapshot, sorted by bytes, with lookups by path and by directory.
public struct EntryTable: Sendable {
    /// The entries in byte order of their paths (git's order).
    public let entries: [SnapshotEntry]

    /// Builds a table; sorts only when `entries` are not already in byte order.
    public init(_ entries: [SnapshotEntry]) {
        var sorted = entries
        if !zip(sorted, sorted.dropFirst()).allSatisfy({ $0.path < $1.path }) {
            sorted.sort { $0.path < $1.path }
        }
        self.entries = sorted
    }

    public static let empty = EntryTable([])

    public var count: Int { entries.count }

    /// The entry at exactly `path`, if the snapshot has one.
    public func entry(at path: RepoPath) -> SnapshotEntry? {
        let i = entries.lowerBound(path.bytes)
        return i < entries.count && entries[i].path.bytes == path.bytes ? entries[i] : nil
    }

    /// True when some entry lies strictly below `path` (the root is always a directory).
    public func isDirectory(_ path: RepoPath) -> Bool {
        if path.isRoot { return true }
        return !entries(under: path).isEmpty
    }

    /// The entries strictly below directory `dir`, a contiguous run in byte order.
    public func entries(under dir: RepoPath) -> ArraySlice<SnapshotEntry> {
        entries.slice(under: dir.bytes)
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
        return replacing(removed, with: added)
    }

    /// The base side of `changes` when this table is their head side (the inverse of `applying`).
    public func reverting(_ changes: [Change]) -> EntryTable {
        var removed = Set<RepoPath>()
        var restored: [SnapshotEntry] = []
        for change in changes {
            removed.insert(change.path)
            removed.insert(change.basePath)
            if change.kind != .added, let mode = change.oldMode {
                restored.append(SnapshotEntry(path: change.basePath, mode: mode, id: change.oldID))
            }
        }
        return replacing(removed, with: restored)
    }

    private func replacing(_ removed: Set<RepoPath>, with added: [SnapshotEntry]) -> EntryTable {
        if removed.isEmpty && added.isEmpty { return self }
        // Changes are few and the table is large: find the removed rows by binary search, then merge
        // the added rows in, in order, with one pass over the rest.
        var drop = removed.compactMap { path -> Int? in
            let i = entries.lowerBound(path.bytes)
            return i < entries.count && entries[i].path == path ? i : nil
        }
        drop.sort()
        let sortedAdded = added.sorted { $0.path < $1.path }
        var merged: [SnapshotEntry] = []
        merged.reserveCapacity(entries.count - drop.count + sortedAdded.count)
        var d = 0
        var a = 0
        for (i, entry) in entries.enumerated() {
            if d < drop.count && drop[d] == i {
                d += 1
                continue
            }
            while a < sortedAdded.count && sortedAdded[a].path < entry.path {
                merged.append(sortedAdded[a])
                a += 1
            }
            merged.append(entry)
        }
        merged.append(contentsOf: sortedAdded[a...])
        return EntryTable(merged)
    }
}

extension Array where Element == SnapshotEntry {
    /// In entries sorted by path bytes: the index of the first whose path is not before `bytes`.
    package func lowerBound(_ bytes: [UInt8]) -> Int {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if RepoPath.precedes(self[mid].path.bytes, bytes) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// In entries sorted by path bytes: those strictly below directory `dir` (all of them for the root).
    package func slice(under dir: [UInt8]) -> ArraySlice<SnapshotEntry> {
        if dir.isEmpty { return self[...] }
        let prefix = dir + [UInt8(ascii: "/")]
        let lo = lowerBound(prefix)
        var end = lo
        while end < count && self[end].path.bytes.starts(with: prefix) { end += 1 }
        return self[lo..<end]
    }
}
