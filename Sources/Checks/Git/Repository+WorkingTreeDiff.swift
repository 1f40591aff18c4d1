internal import CGit2
import Foundation
import Model

extension Repository {
    /// The working tree's changes against `tree` (nil: the empty tree), tracked files only, as libgit2's
    /// `tree_to_workdir_with_index` diff reports them, found without libgit2 loading the whole index: the stat
    /// pass names the candidates; where no file differs from the index the tree-to-index changes are the
    /// answer, otherwise libgit2 diffs the candidates against an in-memory index of their entries alone.
    /// With them, the tree the working tree's tracked files hold when it is known: every file is what the
    /// index holds and the index's cache-tree names its tree (as after a checkout or a commit). Nil when the
    /// stat pass does not apply (the caller runs the full diff).
    package func workingTreeDiff(tree: ObjectID?) throws(GitError) -> (changes: [Change], tree: ObjectID?)? {
        guard let found = try workingTreeCandidates(tree: tree) else { return nil }
        let held = found.matchesIndex ? found.pass.index.treeID() : nil
        if found.paths.isEmpty { return ([], held) }
        // Every changed path as staged and its file as the index holds it: git's merge of the two diffs is the
        // tree-to-index one.
        if found.matchesIndex { return (try pairingStagedRenames(found.staged, tree: tree), held) }
        let sides = DiffSides.treeToWorkingTree(tree, untracked: false)
        guard let index = try candidateIndex(found) else { return (try diff(sides, paths: found.paths), nil) }
        defer { git_index_free(index) }
        // libgit2's iterators, filters and rename detection would read the whole index file for what it says
        // of case and attributes. The candidates' index answers instead: case is known not to matter here, and
        // the index's `.gitattributes` files are in it.
        let changes = try standingIn(index) { () throws(GitError) in
            try libgit2Diff(sides, paths: found.paths, index: index).flatMap { $0 }
        }
        return (changes, nil)
    }

    /// The index entries at the candidate paths (and the `.gitattributes` files) in an in-memory index. Nil
    /// (the repository's index) when paths compare ignoring case, or when there are intent-to-add entries
    /// (libgit2 reads those from its own index).
    private func candidateIndex(_ found: WorkingTreeCandidates) throws(GitError) -> OpaquePointer? {
        let index = found.pass.index
        if !index.intentToAdd.isEmpty { return nil }
        if try configFlag("core.ignorecase") { return nil }
        var entries: [IndexedEntry] = []
        entries.reserveCapacity(found.paths.count)
        var positions = Set<Int>()
        for path in found.paths {
            guard let i = index.position(of: path.bytes) else { continue }
            entries.append(indexedEntry(i, found.pass))
            positions.insert(i)
        }
        // The `.gitattributes` files too, which choose the filters a file is hashed with: outside the pathspec,
        // they are no change.
        for i in found.attributeFiles ?? found.pass.attributeFiles() where !positions.contains(i) {
            entries.append(indexedEntry(i, found.pass))
        }
        return try inMemoryIndex(entries)
    }

    /// Index entry `i` for an in-memory index, stat data and flags as recorded; an entry whose file is racy
    /// (changed at or after the index was written) gets a zero mtime, so libgit2 hashes it as it would with
    /// the index file behind it.
    func indexedEntry(_ i: Int, _ pass: WorkingTreeStat) -> IndexedEntry {
        let index = pass.index
        let path = index.path(i)
        let stat = index.statData(i)
        var entry = git_index_entry()
        entry.ctime = git_index_time(
            seconds: Int32(bitPattern: stat.ctimeSeconds), nanoseconds: stat.ctimeNanoseconds)
        entry.mtime =
            isRacy(path, pass)
            ? git_index_time(seconds: 0, nanoseconds: 0)
            : git_index_time(seconds: Int32(bitPattern: stat.mtimeSeconds), nanoseconds: stat.mtimeNanoseconds)
        entry.dev = stat.dev
        entry.ino = stat.ino
        entry.mode = index.mode(i).gitMode
        entry.uid = stat.uid
        entry.gid = stat.gid
        entry.file_size = stat.size
        entry.id = index.id(i).raw
        if stat.assumeValid { entry.flags = UInt16(GIT_INDEX_ENTRY_VALID.rawValue) }
        if stat.skipWorktree { entry.flags_extended = UInt16(GIT_INDEX_ENTRY_SKIP_WORKTREE.rawValue) }
        return IndexedEntry(path: path.bytes, entry: entry)
    }

    /// True when the working tree file at `path` exists and is racy for `pass`'s index.
    private func isRacy(_ path: RepoPath, _ pass: WorkingTreeStat) -> Bool {
        var info = stat()
        return withCPath(pass.root + path.bytes) { lstat($0, &info) } == 0 && pass.isRacy(info)
    }
}

/// One entry for an in-memory index: its path and the rest of libgit2's record.
struct IndexedEntry {
    let path: [UInt8]
    var entry: git_index_entry
}

extension Repository {
    /// A new in-memory index holding `entries`; the caller frees it with `git_index_free`.
    func inMemoryIndex(_ entries: [IndexedEntry]) throws(GitError) -> OpaquePointer? {
        var index: OpaquePointer?
        try check(git_index_new(&index), "git_index_new")
        for var e in entries {
            let code = withCPath(e.path) { path in
                e.entry.path = path
                return git_index_add(index, &e.entry)
            }
            if code < 0 {
                let error = lastError(code, "git_index_add")
                git_index_free(index)
                throw error
            }
        }
        return index
    }

    /// A boolean config value as libgit2 reads it; false when unset.
    func configFlag(_ key: String) throws(GitError) -> Bool {
        var value: Int32 = 0
        let code = try withConfigSnapshot { git_config_get_bool(&value, $0, key) }
        if code == GIT_ENOTFOUND.rawValue { return false }
        try check(code, "git_config_get_bool")
        return value != 0
    }
}
