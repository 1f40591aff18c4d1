internal import CGit2
import Model

/// What a diff found before renames are paired: the changes at one path (modified or type-changed), and the
/// files, links and gitlinks only one side has.
struct UnpairedChanges {
    /// Modified and type-changed entries, each at one path.
    var changes: [Change] = []
    var added: [SnapshotEntry] = []
    var deleted: [SnapshotEntry] = []
}

extension Repository {
    /// The changes between two trees (nil: the empty tree), reading only where they differ: a subtree with the
    /// same id on both sides is never opened. Renames are found as libgit2's full diff finds them.
    func treeDiff(_ a: ObjectID?, _ b: ObjectID?) throws(GitError) -> [Change] {
        var walk = TreeWalk(repository: self)
        if a != b { try walk.compare(a, b, dir: []) }
        return try pairingRenames(walk.found, sides: .trees(a, b))
    }
}

/// Two trees compared one directory at a time, entries matched by name in git's order.
private struct TreeWalk {
    /// One entry of a tree object.
    struct Entry {
        let name: [UInt8]
        let mode: UInt32
        let id: ObjectID
        var isTree: Bool { mode == 0o040000 }
    }

    let repository: Repository
    var found = UnpairedChanges()

    init(repository: Repository) { self.repository = repository }

    mutating func compare(_ a: ObjectID?, _ b: ObjectID?, dir: [UInt8]) throws(GitError) {
        let old = try entries(of: a)
        let new = try entries(of: b)
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            let order = i == old.count ? 1 : (j == new.count ? -1 : Self.gitOrder(old[i], new[j]))
            if order < 0 {
                found.deleted += try leaves(old[i], path: Self.join(dir, old[i].name))
                i += 1
            } else if order > 0 {
                found.added += try leaves(new[j], path: Self.join(dir, new[j].name))
                j += 1
            } else {
                try matched(old[i], new[j], path: Self.join(dir, new[j].name))
                i += 1
                j += 1
            }
        }
    }

    /// The same name on both sides, both trees or both not (git sorts a tree as its name with a `/`).
    private mutating func matched(_ old: Entry, _ new: Entry, path: [UInt8]) throws(GitError) {
        if old.id == new.id && old.mode == new.mode { return }
        if old.isTree { return try compare(old.id, new.id, dir: path) }
        let oldMode = FileMode(gitMode: old.mode)
        let newMode = FileMode(gitMode: new.mode)
        // As libgit2 does: a change of the mode's type bits (file, link, gitlink) is a type change.
        let typeChanged = old.mode & 0o170000 != new.mode & 0o170000
        found.changes.append(
            Change(
                path: RepoPath(trusted: path), kind: typeChanged ? .typeChanged : .modified, oldMode: oldMode,
                newMode: newMode, oldID: old.id, newID: new.id))
    }

    /// The files, links and gitlinks an entry stands for: itself, or everything under a tree.
    private func leaves(_ entry: Entry, path: [UInt8]) throws(GitError) -> [SnapshotEntry] {
        if entry.isTree {
            return try repository.treeEntries(entry.id).map {
                SnapshotEntry(path: Self.under(path, $0.path), mode: $0.mode, id: $0.id)
            }
        }
        guard let mode = FileMode(gitMode: entry.mode) else { return [] }
        return [SnapshotEntry(path: RepoPath(trusted: path), mode: mode, id: entry.id)]
    }

    /// A tree's entries in git's order; none for the empty tree. A tree that cannot be read is an error.
    private func entries(of id: ObjectID?) throws(GitError) -> [Entry] {
        guard let id else { return [] }
        let tree = try repository.lookupTree(id)
        defer { git_tree_free(tree) }
        let count = git_tree_entrycount(tree)
        var result: [Entry] = []
        result.reserveCapacity(count)
        for i in 0..<count {
            guard let e = git_tree_entry_byindex(tree, i) else { continue }
            result.append(
                Entry(
                    name: bytes(of: git_tree_entry_name(e)), mode: UInt32(git_tree_entry_filemode(e).rawValue),
                    id: ObjectID(git_tree_entry_id(e).pointee)))
        }
        // A tree written out of order is read in git's order, as libgit2's iterator reads it.
        for k in result.indices.dropFirst() where Self.gitOrder(result[k - 1], result[k]) > 0 {
            result.sort { Self.gitOrder($0, $1) < 0 }
            break
        }
        return result
    }

    /// git's order of tree entries: by name, a tree's name compared as if it ended in `/`.
    static func gitOrder(_ a: Entry, _ b: Entry) -> Int {
        let n = min(a.name.count, b.name.count)
        for k in 0..<n where a.name[k] != b.name[k] { return a.name[k] < b.name[k] ? -1 : 1 }
        let slash = UInt8(ascii: "/")
        let ca: UInt8 = a.name.count > n ? a.name[n] : (a.isTree ? slash : 0)
        let cb: UInt8 = b.name.count > n ? b.name[n] : (b.isTree ? slash : 0)
        return ca == cb ? 0 : (ca < cb ? -1 : 1)
    }

    static func join(_ dir: [UInt8], _ name: [UInt8]) -> [UInt8] {
        dir.isEmpty ? name : dir + [UInt8(ascii: "/")] + name
    }

    static func under(_ dir: [UInt8], _ path: RepoPath) -> RepoPath {
        RepoPath(trusted: join(dir, path.bytes))
    }
}
