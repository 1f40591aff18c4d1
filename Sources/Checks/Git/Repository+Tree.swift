internal import CGit2
import Model

extension Repository {
    /// Every file, link and gitlink under a tree, recursively, in git's path order.
    public func treeEntries(_ treeID: ObjectID) throws(GitError) -> [SnapshotEntry] {
        var result: [SnapshotEntry] = []
        result.reserveCapacity(1024)
        try appendTree(treeID, prefix: [], into: &result)
        return result
    }

    /// The same listing, taking every directory whose tree id equals the index's cache-tree entry from the
    /// index instead of the object database: a branch's base tree mostly matches the index.
    package func treeEntries(_ treeID: ObjectID, index: IndexFile) throws(GitError) -> [SnapshotEntry] {
        var result: [SnapshotEntry] = []
        result.reserveCapacity(index.count)
        try appendTree(treeID, prefix: [], into: &result, index: index)
        return result
    }

    private func appendTree(
        _ id: ObjectID, prefix: [UInt8], into result: inout [SnapshotEntry],
        index: IndexFile? = nil
    ) throws(GitError) {
        if let index, index.cacheTreeID(prefix) == id {
            for i in index.range(under: prefix) { result.append(index.entry(i)) }
            return
        }
        var tree: OpaquePointer?
        var raw = id.raw
        try check(git_tree_lookup(&tree, handle, &raw), "git_tree_lookup")
        defer { git_tree_free(tree) }
        let count = git_tree_entrycount(tree)
        for i in 0..<count {
            guard let entry = git_tree_entry_byindex(tree, i) else { continue }
            var path = prefix
            if !path.isEmpty { path.append(UInt8(ascii: "/")) }
            path.append(contentsOf: bytes(of: git_tree_entry_name(entry)))
            let oid = ObjectID(git_tree_entry_id(entry).pointee)
            let mode = UInt32(git_tree_entry_filemode(entry).rawValue)
            if mode == 0o040000 {
                try appendTree(oid, prefix: path, into: &result, index: index)
            } else if let m = FileMode(gitMode: mode) {
                result.append(SnapshotEntry(path: RepoPath(bytes: path), mode: m, id: oid))
            }
        }
    }
}

extension Repository {
    /// The bytes of the blob at `path` in a commit's tree, or nil when there is none.
    public func blob(atPath path: RepoPath, inCommit commit: ObjectID) throws(GitError) -> [UInt8]? {
        guard let (id, isBlob) = try entry(atPath: path, inCommit: commit), isBlob else { return nil }
        return try blob(id)
    }

    /// The id of the entry at `path` in a commit's tree (a blob, link, tree or gitlink), or nil.
    public func entryID(atPath path: RepoPath, inCommit commit: ObjectID) throws(GitError) -> ObjectID? {
        try entry(atPath: path, inCommit: commit)?.id
    }

    /// The id at `path` in a commit's tree and whether it is a blob (a file or a link).
    private func entry(atPath path: RepoPath, inCommit commit: ObjectID) throws(GitError) -> (
        id: ObjectID, isBlob: Bool
    )? {
        let tree = try lookupTree(try treeID(ofCommit: commit))
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let code = withCPath(path.bytes) { git_tree_entry_bypath(&entry, tree, $0) }
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "git_tree_entry_bypath")
        defer { git_tree_entry_free(entry) }
        return (ObjectID(git_tree_entry_id(entry).pointee), git_tree_entry_type(entry) == GIT_OBJECT_BLOB)
    }
}
