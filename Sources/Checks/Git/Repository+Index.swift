internal import CGit2
import Model

/// A path the index holds in conflict (stages 1–3 of a merge).
public struct ConflictEntry: Sendable, Hashable {
    public let path: RepoPath
    public let ancestor: SnapshotEntry?
    public let ours: SnapshotEntry?
    public let theirs: SnapshotEntry?
}

/// The entries of the index, read once.
public struct IndexContents: Sendable {
    /// Stage-0 entries, in path order.
    public let entries: [SnapshotEntry]
    /// Paths in conflict, with their stages.
    public let conflicts: [ConflictEntry]
}

extension Repository {
    /// Reads the index git uses (`GIT_INDEX_FILE` when the repository was opened from the environment).
    /// The index is re-read from disk so a staged change made after opening is seen.
    public func index() throws(GitError) -> IndexContents {
        try useEnvironmentIndex()
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "git_repository_index")
        defer { git_index_free(index) }
        // A composed index is in memory: there is no file to read again.
        if !hasIndexInMemory { try check(git_index_read(index, 0), "git_index_read") }
        Trace.mark("git_index_read")
        let count = git_index_entrycount(index)
        var entries: [SnapshotEntry] = []
        entries.reserveCapacity(count)
        var stages: [RepoPath: [SnapshotEntry?]] = [:]
        var conflictOrder: [RepoPath] = []
        for i in 0..<count {
            guard let e = git_index_get_byindex(index, i)?.pointee else { continue }
            let stage = (Int32(e.flags) & GIT_INDEX_ENTRY_STAGEMASK) >> GIT_INDEX_ENTRY_STAGESHIFT
            guard let mode = FileMode(gitMode: e.mode) else { continue }
            // An intent-to-add entry (`git add -N`) is not staged: git leaves it out of trees.
            if UInt32(e.flags_extended) & UInt32(GIT_INDEX_ENTRY_INTENT_TO_ADD.rawValue) != 0 { continue }
            let entry = SnapshotEntry(path: RepoPath(bytes: bytes(of: e.path)), mode: mode, id: ObjectID(e.id))
            if stage == 0 {
                entries.append(entry)
            } else {
                if stages[entry.path] == nil {
                    stages[entry.path] = [nil, nil, nil]
                    conflictOrder.append(entry.path)
                }
                stages[entry.path]![Int(stage) - 1] = entry
            }
        }
        let conflicts = conflictOrder.map { p in
            let s = stages[p]!
            return ConflictEntry(path: p, ancestor: s[0], ours: s[1], theirs: s[2])
        }
        return IndexContents(entries: entries, conflicts: conflicts)
    }
}
