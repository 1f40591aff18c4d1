/// Where a listing's entries come from: an array in memory, an index file read in place, or another
/// listing with a change applied on top.
///
/// A listing answers lookups by path and by directory without building the whole list; `materialize`
/// builds it, and `EntryTable` keeps that result, so only a caller that needs every entry pays for them.
public protocol EntryListing: AnyObject, Sendable {
    /// How many entries the listing holds.
    var count: Int { get }
    /// The entry at exactly `path`, if the listing has one.
    func entry(at path: RepoPath) -> SnapshotEntry?
    /// Calls `body` with each entry strictly below `dir` (every entry for the root) in path order, until it
    /// returns false.
    func forEachEntry(under dir: RepoPath, _ body: (SnapshotEntry) -> Bool)
    /// Every entry in path order.
    func materialize() -> [SnapshotEntry]
    /// True when at least one entry lies strictly below `dir` (`dir` is a directory of the listing).
    func hasEntries(under dir: RepoPath) -> Bool
}

extension EntryListing {
    /// `hasEntries(under:)` by `forEachEntry`, for a listing that knows no faster way.
    public func hasEntries(under dir: RepoPath) -> Bool { scanForEntries(under: dir) }

    /// True when `forEachEntry(under: dir)` finds at least one entry.
    func scanForEntries(under dir: RepoPath) -> Bool {
        var found = false
        forEachEntry(under: dir) { _ in
            found = true
            return false
        }
        return found
    }
}

/// A listing held as an array sorted by path bytes.
final class ArrayListing: EntryListing {
    let entries: [SnapshotEntry]

    init(sorted entries: [SnapshotEntry]) {
        self.entries = entries
    }

    var count: Int { entries.count }

    func entry(at path: RepoPath) -> SnapshotEntry? {
        let i = entries.lowerBound(path.bytes)
        return i < entries.count && entries[i].path.bytes == path.bytes ? entries[i] : nil
    }

    func forEachEntry(under dir: RepoPath, _ body: (SnapshotEntry) -> Bool) {
        for entry in entries.slice(under: dir.bytes) where !body(entry) { return }
    }

    func materialize() -> [SnapshotEntry] { entries }
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
