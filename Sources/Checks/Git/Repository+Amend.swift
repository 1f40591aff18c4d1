internal import CGit2
import Foundation
import Model

extension Repository {
    /// Rewrites the HEAD commit with `paths` taken from the index (stage 0; removed when the index has no
    /// entry there) and everything else as it was: same parents, author, committer and message.
    ///
    /// `git merge` writes the merge's tree before it runs `pre-merge-commit` and never reads the index
    /// again, so a lockfile the hook regenerated and staged reaches the merge commit only this way (the
    /// `post-merge` hook calls it). Returns the old and new commit ids, nil when nothing differs.
    public func amendHead(takingFromIndex paths: [RepoPath]) throws(GitError) -> (old: ObjectID, new: ObjectID)? {
        var headRef: OpaquePointer?
        try check(git_revparse_single(&headRef, handle, "HEAD^{commit}"), "git_revparse_single")
        defer { git_object_free(headRef) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, headRef), "git_commit_tree")
        defer { git_tree_free(tree) }
        let old = ObjectID(git_commit_id(headRef).pointee)

        try useEnvironmentIndex()
        var index: OpaquePointer?
        try check(git_repository_index(&index, handle), "git_repository_index")
        defer { git_index_free(index) }
        if !hasIndexInMemory { try check(git_index_read(index, 1), "git_index_read") }

        let cPaths = paths.map { path -> UnsafeMutablePointer<CChar> in
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: path.bytes.count + 1)
            path.bytes.withUnsafeBufferPointer { buf in
                buf.withMemoryRebound(to: CChar.self) { copy.initialize(from: $0.baseAddress!, count: buf.count) }
            }
            copy[path.bytes.count] = 0
            return copy
        }
        defer { for path in cPaths { path.deallocate() } }
        var updates: [git_tree_update] = []
        for cPath in cPaths {
            var update = git_tree_update()
            update.path = UnsafePointer(cPath)
            if let entry = git_index_get_bypath(index, cPath, 0)?.pointee {
                update.action = GIT_TREE_UPDATE_UPSERT
                update.id = entry.id
                update.filemode = git_filemode_t(rawValue: entry.mode)
            } else {
                update.action = GIT_TREE_UPDATE_REMOVE
            }
            updates.append(update)
        }
        var newTreeID = git_oid()
        try check(git_tree_create_updated(&newTreeID, handle, tree, updates.count, updates), "git_tree_create_updated")
        if ObjectID(newTreeID) == ObjectID(git_tree_id(tree).pointee) { return nil }
        var newTree: OpaquePointer?
        try check(git_tree_lookup(&newTree, handle, &newTreeID), "git_tree_lookup")
        defer { git_tree_free(newTree) }
        var newID = git_oid()
        try check(git_commit_amend(&newID, headRef, "HEAD", nil, nil, nil, nil, newTree), "git_commit_amend")
        return (old, ObjectID(newID))
    }
}
