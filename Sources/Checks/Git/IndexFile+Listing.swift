import Model
import Synchronization

/// The index's stage-0 entries as a snapshot listing, read in place: a lookup is a binary search over the
/// mapped file, and an entry is built only when a caller asks for it.
package final class IndexListing: EntryListing {
    let file: IndexFile
    /// Every entry, once a caller has asked for them all: later walks of a directory read them from here
    /// rather than decoding them a second time.
    private let built = Mutex<[SnapshotEntry]?>(nil)

    package init(_ file: IndexFile) {
        self.file = file
    }

    package var count: Int { file.count }

    package func entry(at path: RepoPath) -> SnapshotEntry? {
        file.position(of: path.bytes).map(file.entry)
    }

    package func forEachEntry(under dir: RepoPath, _ body: (SnapshotEntry) -> Bool) {
        if let all = built.withLock({ $0 }) {
            for entry in all.slice(under: dir.bytes) where !body(entry) { return }
            return
        }
        for i in file.range(under: dir.bytes) where !body(file.entry(i)) { return }
    }

    package func materialize() -> [SnapshotEntry] {
        if let all = built.withLock({ $0 }) { return all }
        var result: [SnapshotEntry] = []
        result.reserveCapacity(file.count)
        for i in 0..<file.count { result.append(file.entry(i)) }
        built.withLock { $0 = result }
        return result
    }
}
