internal import CGit2
import Foundation
import Model

extension Repository {
    /// The index file this repository reads: `GIT_INDEX_FILE` when opened from the environment and set.
    package var indexPath: String {
        if openedFromEnvironment, let env = ProcessEnvironment.value("GIT_INDEX_FILE"), !env.isEmpty {
            return env.hasPrefix("/") ? env : ProcessEnvironment.currentDirectory + "/" + env
        }
        return gitDir + (gitDir.hasSuffix("/") ? "" : "/") + "index"
    }

    /// HEAD's tree against the index, skipping every directory whose cache-tree id equals HEAD's tree
    /// there, so the cost follows the change rather than the repository (as `git diff --cached` does).
    ///
    /// Renames that need similarity, or an id shared by several candidates, are left to libgit2 over the
    /// changed paths only. Returns nil when part of HEAD's tree could not be read (libgit2's full diff answers).
    package func stagedChanges(headTree: ObjectID?, index: IndexFile) throws(GitError) -> [Change]? {
        // The graph cache keys the staged side by the tree the index would commit: hashed on another core
        // meanwhile, as the directories this walk opens are the ones it hashes.
        index.startTreeID()
        guard let found = try indexDifferences(tree: headTree, index: index) else { return nil }
        return try pairingStagedRenames(found, tree: headTree)
    }

    /// `found` (the tree against the index) with renames paired: exact ones here, the rest by libgit2 over the
    /// changed paths only.
    func pairingStagedRenames(_ found: UnpairedChanges, tree: ObjectID?) throws(GitError) -> [Change] {
        if let paired = found.exactStagedPairs() { return paired }
        return try libgit2Renames(found, sides: .treeToIndex(tree))
    }

    /// What differs between `tree` (nil: the empty tree) and the index, renames not yet paired, found by the
    /// same cache-tree walk; nil when part of the tree could not be read.
    func indexDifferences(tree: ObjectID?, index: IndexFile) throws(GitError) -> UnpairedChanges? {
        var walker = StagedWalker(repository: self, index: index)
        try walker.walk(dir: [], tree: tree, range: 0..<index.count, node: index.cacheTreeRoot)
        if walker.incomplete { return nil }
        return walker.found
    }
}

/// Walks HEAD's tree and the sorted index entries side by side, one directory at a time.
private struct StagedWalker {
    let repository: Repository
    let index: IndexFile
    var found = UnpairedChanges()
    /// Set when part of HEAD's tree could not be read: the caller falls back to libgit2.
    var incomplete = false

    init(repository: Repository, index: IndexFile) {
        self.repository = repository
        self.index = index
    }

    /// Compares directory `dir` of the tree with the index entries in `range`; `node` is its cache-tree node.
    mutating func walk(dir: [UInt8], tree: ObjectID?, range: Range<Int>, node: Int?) throws(GitError) {
        if let tree, index.cacheTreeID(node: node) == tree { return }
        let parsed = try ParsedTree(repository, tree)
        // Names point into `parsed`, held until this directory is done.
        defer { withExtendedLifetime(parsed) {} }
        var children = TreeNames(parsed)
        let prefixLength = dir.isEmpty ? 0 : dir.count + 1
        var i = range.lowerBound
        while i < range.upperBound {
            let path = index.pathBytes(i)
            let rest = path[(path.startIndex + prefixLength)...]
            let slash = rest.firstIndex(of: UInt8(ascii: "/"))
            let child = children.take(UnsafeRawBufferPointer(rebasing: rest[..<(slash ?? rest.endIndex)]))
            guard let slash else {
                try leaf(i, against: child)
                i += 1
                continue
            }
            // A directory in the index: every entry sharing `dir/name/`, counted by its cache-tree node or found
            // by binary search, never by a scan of what may be most of the index.
            let childPath = Array(path[..<slash])
            let childNode = index.cacheTreeChild(of: node, named: UnsafeRawBufferPointer(rebasing: rest[..<slash]))
            let j = index.groupEnd(of: childPath, from: i, within: range, node: childNode)
            if let child, child.mode == 0o040000 {
                try walk(dir: childPath, tree: child.id, range: i..<j, node: childNode)
            } else {
                if let child { removed(child, path: childPath) }
                for k in i..<j { found.added.append(index.entry(k)) }
            }
            i = j
        }
        for child in children.rest {
            removed(child, path: dir.isEmpty ? Array(child.name) : dir + [UInt8(ascii: "/")] + child.name)
        }
    }

    /// Compares index entry `i` (a file, link or gitlink) with the tree's entry of its name; the entry is built
    /// only when it differs.
    private mutating func leaf(_ i: Int, against child: TreeNames.Child?) throws(GitError) {
        guard let child else { return found.added.append(index.entry(i)) }
        if child.mode == 0o040000 {
            try removedTree(child.id, path: Array(index.pathBytes(i)))
            return found.added.append(index.entry(i))
        }
        guard let oldMode = FileMode(gitMode: child.mode) else { return found.added.append(index.entry(i)) }
        let mode = index.mode(i)
        let id = index.id(i)
        if oldMode == mode && child.id == id { return }
        let kindChanged =
            (oldMode == .symlink) != (mode == .symlink) || (oldMode == .gitlink) != (mode == .gitlink)
        found.changes.append(
            Change(
                path: index.path(i), kind: kindChanged ? .typeChanged : .modified, oldMode: oldMode,
                newMode: mode, oldID: child.id, newID: id))
    }

    private mutating func removed(_ child: TreeNames.Child, path: [UInt8]) {
        if child.mode == 0o040000 {
            // An unreadable tree cannot be listed: its files are reported when the full diff runs.
            do { try removedTree(child.id, path: path) } catch { incomplete = true }
        } else if let mode = FileMode(gitMode: child.mode) {
            found.deleted.append(SnapshotEntry(path: RepoPath(trusted: path), mode: mode, id: child.id))
        }
    }

    private mutating func removedTree(_ id: ObjectID, path: [UInt8]) throws(GitError) {
        for e in try repository.treeEntries(id) {
            found.deleted.append(
                SnapshotEntry(
                    path: RepoPath(trusted: path + [UInt8(ascii: "/")] + e.path.bytes),
                    mode: e.mode, id: e.id))
        }
    }
}

extension UnpairedChanges {
    /// The changes of the tree against the index with exact renames paired (same id, both files); nil when
    /// similarity detection is needed.
    func exactStagedPairs() -> [Change]? {
        var result = changes
        // Only files are rename candidates, as in libgit2 (and so in a range): a moved link is a deletion and
        // an addition.
        var byID: [ObjectID: [SnapshotEntry]] = [:]
        for d in deleted where d.mode.isFile { byID[d.id!, default: []].append(d) }
        var addedPerID: [ObjectID: Int] = [:]
        for a in added where a.mode.isFile && byID[a.id!] != nil { addedPerID[a.id!, default: 0] += 1 }
        var pairedOld = Set<RepoPath>()
        var unpairedAdded = 0
        for a in added {
            if a.mode.isFile, let same = byID[a.id!] {
                if same.count > 1 || addedPerID[a.id!, default: 0] > 1 { return nil }
                if let old = same.first, !pairedOld.contains(old.path) {
                    pairedOld.insert(old.path)
                    result.append(
                        Change(
                            path: a.path, oldPath: old.path, kind: .renamed, oldMode: old.mode,
                            newMode: a.mode, oldID: old.id, newID: a.id))
                    continue
                }
            }
            if a.mode.isFile { unpairedAdded += 1 }
            result.append(Change(path: a.path, kind: .added, oldMode: nil, newMode: a.mode, newID: a.id))
        }
        let unpairedDeleted = deleted.filter { !pairedOld.contains($0.path) }
        if unpairedAdded > 0 && unpairedDeleted.contains(where: { $0.mode.isFile }) { return nil }
        for d in unpairedDeleted {
            result.append(Change(path: d.path, kind: .deleted, oldMode: d.mode, newMode: nil, oldID: d.id))
        }
        return result.sorted { $0.path < $1.path }
    }
}
