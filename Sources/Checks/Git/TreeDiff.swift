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
///
/// Entries are read where libgit2's parsed tree holds them (`ParsedTree`): a name is compared in place and copied
/// only for a path that changed, so a large directory with one edited file costs no allocation per entry.
private struct TreeWalk {
    let repository: Repository
    var found = UnpairedChanges()

    init(repository: Repository) { self.repository = repository }

    mutating func compare(_ a: ObjectID?, _ b: ObjectID?, dir: [UInt8]) throws(GitError) {
        let old = try ParsedTree(repository, a)
        let new = try ParsedTree(repository, b)
        var i = 0
        var j = 0
        while i < old.count || j < new.count {
            let order = i == old.count ? 1 : (j == new.count ? -1 : ParsedTree.order(old, i, new, j))
            if order < 0 {
                found.deleted += try leaves(old.child(i), path: Self.join(dir, old.name(i)))
                i += 1
            } else if order > 0 {
                found.added += try leaves(new.child(j), path: Self.join(dir, new.name(j)))
                j += 1
            } else {
                if old.mode(i) != new.mode(j) || !old.sameID(i, new, j) {
                    try matched(old.child(i), new.child(j), path: Self.join(dir, new.name(j)))
                }
                i += 1
                j += 1
            }
        }
    }

    /// The same name on both sides, both trees or both not (git sorts a tree as its name with a `/`).
    private mutating func matched(_ old: TreeChild, _ new: TreeChild, path: [UInt8]) throws(GitError) {
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
    private func leaves(_ entry: TreeChild, path: [UInt8]) throws(GitError) -> [SnapshotEntry] {
        if entry.isTree {
            return try repository.treeEntries(entry.id).map {
                SnapshotEntry(path: Self.under(path, $0.path), mode: $0.mode, id: $0.id)
            }
        }
        guard let mode = FileMode(gitMode: entry.mode) else { return [] }
        return [SnapshotEntry(path: RepoPath(trusted: path), mode: mode, id: entry.id)]
    }

    static func join(_ dir: [UInt8], _ name: [UInt8]) -> [UInt8] {
        dir.isEmpty ? name : dir + [UInt8(ascii: "/")] + name
    }

    static func under(_ dir: [UInt8], _ path: RepoPath) -> RepoPath {
        RepoPath(trusted: join(dir, path.bytes))
    }
}
