internal import CGit2
import Model

/// One entry of a tree object: a name, git's mode and the object id.
struct TreeChild {
    let name: [UInt8]
    let mode: UInt32
    let id: ObjectID
    var isTree: Bool { mode == 0o040000 }

    /// git's tree order of two entries: by name, a tree's name read as if it ended in `/`.
    static func order(_ a: TreeChild, _ b: TreeChild) -> Int {
        let n = min(a.name.count, b.name.count)
        for k in 0..<n where a.name[k] != b.name[k] { return a.name[k] < b.name[k] ? -1 : 1 }
        let slash = UInt8(ascii: "/")
        let ca: UInt8 = a.name.count > n ? a.name[n] : (a.isTree ? slash : 0)
        let cb: UInt8 = b.name.count > n ? b.name[n] : (b.isTree ? slash : 0)
        return ca == cb ? 0 : (ca < cb ? -1 : 1)
    }
}

extension Repository {
    /// The entries of the tree object `id` in git's order (a tree written out of order is read in order, as
    /// libgit2's iterator reads it). A tree that cannot be read is an error.
    func treeChildren(_ id: ObjectID) throws(GitError) -> [TreeChild] {
        let tree = try lookupTree(id)
        defer { git_tree_free(tree) }
        let count = git_tree_entrycount(tree)
        var result: [TreeChild] = []
        result.reserveCapacity(count)
        for i in 0..<count {
            guard let e = git_tree_entry_byindex(tree, i) else { continue }
            result.append(
                TreeChild(
                    name: bytes(of: git_tree_entry_name(e)), mode: UInt32(git_tree_entry_filemode(e).rawValue),
                    id: ObjectID(git_tree_entry_id(e).pointee)))
        }
        for k in result.indices.dropFirst() where TreeChild.order(result[k - 1], result[k]) > 0 {
            result.sort { TreeChild.order($0, $1) < 0 }
            break
        }
        return result
    }
}
