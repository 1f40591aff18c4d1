/// A commit's tree (or the empty tree), read from the object database.
public final class CommitSnapshot: Snapshot {
    public let repository: Repository
    /// The commit; nil for the empty tree.
    public let commit: ObjectID?
    public let table: EntryTable
    public var label: String { commit?.hex ?? "empty-tree" }
    public var kind: SnapshotKind { .commit(commit) }

    /// The commit's tree, listed whole now: a tree that cannot be read is an error here.
    public init(_ repository: Repository, commit: ObjectID?) throws(GitError) {
        self.repository = repository
        self.commit = commit
        guard let commit else {
            table = .empty
            return
        }
        let listing = TreeListing(repository, tree: try repository.treeID(ofCommit: commit))
        let entries = listing.materialize()
        if let failure = listing.failure { throw failure }
        table = EntryTable(entries)
    }

    /// The commit's tree, listed on demand (`TreeListing`): only the trees a lookup needs are read, and a
    /// tree that cannot be read is kept as `listingFailure`, which `ChangeSet.ensureReadable()` throws.
    package init(onDemand repository: Repository, commit: ObjectID?) throws(GitError) {
        self.repository = repository
        self.commit = commit
        if let commit {
            table = EntryTable(listing: TreeListing(repository, tree: try repository.treeID(ofCommit: commit)))
        } else {
            table = .empty
        }
    }

    public var listingFailure: SnapshotError? {
        guard let failure = (table.listing as? TreeListing)?.failure else { return nil }
        return SnapshotError(path: .root, detail: "a tree of commit \(label) cannot be read (\(failure))")
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
        if let file = try repository.indexFile(), !file.hasConflicts {
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

extension CommitSnapshot {
    public func mapBytes<T: Sendable>(
        _ entries: [SnapshotEntry], _ transform: @escaping @Sendable ([UInt8]) -> T
    ) throws(SnapshotError) -> [T] {
        try startMapBytes(entries, transform).finish()
    }

    /// Helper threads start reading the blobs now (`Repository.startBlobScan`).
    public func startMapBytes<T: Sendable>(
        _ entries: [SnapshotEntry], _ transform: @escaping @Sendable ([UInt8]) -> T
    ) -> PendingBytes<T> {
        repository.startMapBytes(entries, transform)
    }
}

extension IndexSnapshot {
    public func mapBytes<T: Sendable>(
        _ entries: [SnapshotEntry], _ transform: @escaping @Sendable ([UInt8]) -> T
    ) throws(SnapshotError) -> [T] {
        try startMapBytes(entries, transform).finish()
    }

    /// Helper threads start reading now: a file the index's stat data and its hash prove clean from the
    /// working tree (`CleanFiles`), the other blobs from the object database. Staged blobs are loose objects,
    /// a file each, costlier to read than the file they came from.
    public func startMapBytes<T: Sendable>(
        _ entries: [SnapshotEntry], _ transform: @escaping @Sendable ([UInt8]) -> T
    ) -> PendingBytes<T> {
        repository.startMapBytes(entries, clean: file.flatMap { repository.cleanFiles(index: $0) }, transform)
    }
}

extension Repository {
    /// `transform` of the blob of each entry, read by a `BlobScan` started now and finished on the thread
    /// that collects it. When a blob could not be read, the entries are read again one by one, so that the
    /// error names its entry.
    func startMapBytes<T: Sendable>(
        _ entries: [SnapshotEntry], clean: CleanFiles? = nil, _ transform: @escaping @Sendable ([UInt8]) -> T
    ) -> PendingBytes<T> {
        let scan = startBlobScan(entries, clean: clean, transform)
        return PendingBytes { () throws(SnapshotError) in
            if let scan, let mapped = try? scan.finish(in: self) { return mapped }
            return try entries.map { entry throws(SnapshotError) in transform(try self.blobBytes(entry)) }
        }
    }
}
