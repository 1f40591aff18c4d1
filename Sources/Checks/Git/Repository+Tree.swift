internal import CGit2

extension Repository {
    /// Every file, link and gitlink under a tree, recursively, in git's path order.
    public func treeEntries(_ treeID: ObjectID) throws(GitError) -> [SnapshotEntry] {
        var result: [SnapshotEntry] = []
        result.reserveCapacity(1024)
        try appendTree(treeID, prefix: [], into: &result)
        return result
    }

    private func appendTree(_ id: ObjectID, prefix: [UInt8], into result: inout [SnapshotEntry]) throws(GitError) {
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
                try appendTree(oid, prefix: path, into: &result)
            } else if let m = FileMode(gitMode: mode) {
                result.append(SnapshotEntry(path: RepoPath(bytes: path), mode: m, id: oid))
            }
        }
    }
}
