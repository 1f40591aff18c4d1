import Model

@testable import Git

/// git's index file (`.git/index`, or `GIT_INDEX_FILE`): parsed, then read as `--staged` and `check` read it.
enum IndexHarness {
    static let harness = Harness(name: "index") { bytes in
        guard let index = bytes.withUnsafeBytes({ IndexFile.parse($0) }) else { return }
        let listing = IndexListing(index)
        let entries = listing.materialize()
        _ = (index.treeID(), index.validCacheTrees(), index.hasConflicts)
        for i in 0..<min(index.count, 256) {
            _ = (index.statData(i), index.entry(i))
        }
        for entry in entries.prefix(64) {
            _ = listing.entry(at: entry.path)
            listing.forEachEntry(under: entry.path.parent) { _ in true }
        }
    }
}
