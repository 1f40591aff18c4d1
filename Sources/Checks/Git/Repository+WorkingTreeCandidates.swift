internal import CGit2
import Foundation
import Model

extension Repository {
    /// Every path where the working tree may differ from `tree` (nil: the empty tree), found the way git finds
    /// them: the tree against the index through the cache-tree, then the index against the working tree by stat
    /// data, hashing only files whose stat data differs or is racy.
    ///
    /// A superset of the paths libgit2's `tree_to_workdir_with_index` diff reports (untracked files aside), so
    /// that diff restricted to them gives its whole answer. Nil when this reader does not apply (no readable
    /// index, a conflict, an entry of a mode git does not write, a tree that cannot be read): the caller runs
    /// the full diff then.
    package func workingTreeCandidates(tree: ObjectID?) throws(GitError) -> [RepoPath]? {
        guard let workdir, let index = try indexFile(), !index.hasConflicts,
            let staged = try indexDifferences(tree: tree, index: index)
        else { return nil }
        Trace.mark("compare tree to index (\(staged.count) paths)")
        var root = Array(workdir.utf8)
        if root.last != UInt8(ascii: "/") { root.append(UInt8(ascii: "/")) }
        let pass = WorkingTreeStat(index: index, root: root)
        let (differs, toHash) = pass.run()
        Trace.mark("stat working tree (\(index.count) entries, \(differs.count) differ, \(toHash.count) to hash)")
        var candidates = Set(staged + index.intentToAdd)
        for i in differs { candidates.insert(index.path(i)) }
        for i in toHash where !hashMatches(index, i, root: root) { candidates.insert(index.path(i)) }
        Trace.mark("hash working tree files (\(toHash.count))")
        return candidates.sorted()
    }

    /// True when the working tree file of entry `i` hashes to the index's id, with the repository's filters
    /// (`.gitattributes`, `core.autocrlf`) applied as `git add` would; false when it differs or cannot be read.
    private func hashMatches(_ index: IndexFile, _ i: Int, root: [UInt8]) -> Bool {
        let path = Array(index.pathBytes(i))
        let full = root + path
        var oid = git_oid()
        let code: Int32
        if index.mode(i) == .symlink {
            var target = [UInt8](repeating: 0, count: 4097)
            let n = withCPath(full) { readlink($0, &target, target.count) }
            guard n >= 0, n < target.count else { return false }
            code = target.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, n, GIT_OBJECT_BLOB) }
        } else {
            code = withCPath(full) { f in
                withCPath(path) { git_repository_hashfile(&oid, handle, f, GIT_OBJECT_BLOB, $0) }
            }
        }
        return code == 0 && ObjectID(oid) == index.id(i)
    }
}

extension Repository {
    /// `changes` (from libgit2's diff to the working tree) without the deletions libgit2 1.5 reports for
    /// skip-worktree files that are not checked out: git takes such an entry as its index content, so one the
    /// index holds as the base does is unchanged.
    package func keepingSkipWorktree(_ changes: [Change]) throws(GitError) -> [Change] {
        guard changes.contains(where: { $0.kind == .deleted }), let index = try indexFile() else { return changes }
        return changes.filter { change in
            guard change.kind == .deleted, let i = index.position(of: change.path.bytes),
                index.statData(i).skipWorktree
            else { return true }
            return index.id(i) != change.oldID || index.mode(i) != change.oldMode
        }
    }
}
