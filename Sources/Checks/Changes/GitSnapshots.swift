/// A commit's tree (or the empty tree), read from the object database.
public final class CommitSnapshot: Snapshot {
    public let repository: Repository
    /// The commit; nil for the empty tree.
    public let commit: ObjectID?
    public let table: EntryTable
    public var label: String { commit?.hex ?? "empty-tree" }
    public var kind: SnapshotKind { .commit(commit) }

    public init(_ repository: Repository, commit: ObjectID?) throws(GitError) {
        self.repository = repository
        self.commit = commit
        if let commit {
            let tree = try repository.treeID(ofCommit: commit)
            if let index = IndexFile.read(repository.indexPath), !index.hasConflicts {
                table = EntryTable(try repository.treeEntries(tree, index: index))
            } else {
                table = EntryTable(try repository.treeEntries(tree))
            }
        } else {
            table = .empty
        }
    }

    /// A commit whose listing is already known (derived from the other side of a diff).
    public init(_ repository: Repository, commit: ObjectID?, table: EntryTable) {
        self.repository = repository
        self.commit = commit
        self.table = table
    }

    public func bytes(of entry: SnapshotEntry) throws(SnapshotError) -> [UInt8] {
        try repository.blobBytes(entry)
    }
}

/// The index: what the next commit holds (stage-0 entries).
public final class IndexSnapshot: Snapshot {
    public let repository: Repository
    public let table: EntryTable
    /// Paths the index holds in conflict.
    public let conflicts: [ConflictEntry]
    public var label: String { "index" }
    public var kind: SnapshotKind { .index }

    /// The index file as read directly, when that fast reader applied (no conflicts, no split index).
    let file: IndexFile?

    public init(_ repository: Repository) throws(GitError) {
        self.repository = repository
        if let file = IndexFile.read(repository.indexPath), !file.hasConflicts {
            self.file = file
            table = EntryTable(listing: IndexListing(file))
            conflicts = []
            return
        }
        file = nil
        let contents = try repository.index()
        table = EntryTable(contents.entries)
        conflicts = contents.conflicts
    }

    public func bytes(of entry: SnapshotEntry) throws(SnapshotError) -> [UInt8] {
        try repository.blobBytes(entry)
    }
}

extension Repository {
    func blobBytes(_ entry: SnapshotEntry) throws(SnapshotError) -> [UInt8] {
        guard let id = entry.id else { throw SnapshotError(path: entry.path, detail: "no object id") }
        do {
            return try blob(id)
        } catch {
            throw SnapshotError(path: entry.path, detail: "object \(id.short) is missing (\(error))")
        }
    }
}
