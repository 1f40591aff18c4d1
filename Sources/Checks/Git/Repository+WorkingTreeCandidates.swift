internal import CGit2
import Foundation
import Model

/// The paths where the working tree may differ from a tree, and what the stat pass learnt on the way.
package struct WorkingTreeCandidates {
    /// Every candidate path, sorted.
    package let paths: [RepoPath]
    /// The pass over the index it read.
    let pass: WorkingTreeStat
    /// The tree against the index, renames not yet paired.
    let staged: UnpairedChanges
    /// True when every candidate's file is what the index holds (no entry differs by stat data and content,
    /// none is intent-to-add or a gitlink, no staged path is skip-worktree): the answer is then the staged one.
    let matchesIndex: Bool
    /// The index's `.gitattributes` entries, when a file had to be hashed (nil: not looked for yet).
    let attributeFiles: [Int]?
}

extension Repository {
    /// Every path where the working tree may differ from `tree` (nil: the empty tree), found the way git finds
    /// them: the tree against the index through the cache-tree, then the index against the working tree by stat
    /// data, hashing only files whose stat data differs or is racy.
    ///
    /// A superset of the paths libgit2's `tree_to_workdir_with_index` diff reports (untracked files aside), so
    /// that diff restricted to them gives its whole answer. Nil when this reader does not apply (no readable
    /// index, a conflict, an entry of a mode git does not write, a tree that cannot be read): the caller runs
    /// the full diff then.
    package func workingTreeCandidates(tree: ObjectID?) throws(GitError) -> WorkingTreeCandidates? {
        guard let workdir, let index = try indexFile(), !index.hasConflicts,
            let found = try indexDifferences(tree: tree, index: index)
        else { return nil }
        let staged = found.changes.map(\.path) + found.added.map(\.path) + found.deleted.map(\.path)
        Trace.mark("compare tree to index (\(staged.count) paths)")
        var root = Array(workdir.utf8)
        if root.last != UInt8(ascii: "/") { root.append(UInt8(ascii: "/")) }
        let pass = WorkingTreeStat(index: index, root: root)
        let (differs, toHash) = pass.run()
        Trace.mark("stat working tree (\(index.count) entries, \(differs.count) differ, \(toHash.count) to hash)")
        var candidates = Set(staged + index.intentToAdd)
        var changedFiles = 0
        // A submodule checked out at the commit the index records is unchanged (git ignores its dirt here).
        for i in differs where !(index.mode(i) == .gitlink && submoduleHead(index.pathBytes(i), root) == index.id(i)) {
            candidates.insert(index.path(i))
            changedFiles += 1
        }
        let attributeFiles = toHash.isEmpty ? nil : pass.attributeFiles()
        for i in try changedContents(toHash, pass, attributeFiles: attributeFiles ?? []) {
            candidates.insert(index.path(i))
            changedFiles += 1
        }
        Trace.mark("hash working tree files (\(toHash.count))")
        let matchesIndex =
            changedFiles == 0 && index.intentToAdd.isEmpty
            && !staged.contains { index.position(of: $0.bytes).map { index.statData($0).skipWorktree } ?? false }
        return WorkingTreeCandidates(
            paths: candidates.sorted(), pass: pass, staged: found, matchesIndex: matchesIndex,
            attributeFiles: attributeFiles)
    }

    /// The commit checked out in the submodule whose work tree is at `path`; nil when none is there.
    private func submoduleHead(_ path: UnsafeRawBufferPointer, _ root: [UInt8]) -> ObjectID? {
        var submodule: OpaquePointer?
        let flags = UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue)
        guard withCPath(root + Array(path), { git_repository_open_ext(&submodule, $0, flags, nil) }) == 0 else {
            return nil
        }
        defer { git_repository_free(submodule) }
        var oid = git_oid()
        return git_reference_name_to_id(&oid, submodule, "HEAD") == 0 ? ObjectID(oid) : nil
    }

    /// The entries of `positions` whose working tree file does not hash to the index's id. libgit2 would read
    /// the whole index file for the attributes that choose the filters; an index of its `.gitattributes` files
    /// alone stands in.
    private func changedContents(_ positions: [Int], _ pass: WorkingTreeStat, attributeFiles: [Int])
        throws(GitError) -> [Int]
    {
        if positions.isEmpty { return [] }
        let attributes = try inMemoryIndex(attributeFiles.map { indexedEntry($0, pass) })
        defer { git_index_free(attributes) }
        guard let attributes else { return positions.filter { !hashMatches(pass.index, $0, root: pass.root) } }
        return try standingIn(attributes) { () throws(GitError) in
            positions.filter { !hashMatches(pass.index, $0, root: pass.root) }
        }
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
