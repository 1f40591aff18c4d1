internal import CGit2
import Foundation
import Model

/// One tree object's entries read where libgit2's parsed tree holds them, in git's order; none for the empty tree.
///
/// Names, modes and ids are compared in place; `child` and `name` copy one entry, for a path that changed. A tree
/// written out of git's order (git never writes one) is read as `treeChildren` reads it: copied and sorted.
final class ParsedTree {
    private let tree: OpaquePointer?
    /// The entries copied and sorted, for a tree out of git's order; nil when they are read in place.
    private let sorted: [TreeChild]?
    let count: Int

    /// The tree `id` (nil: the empty tree). A tree that cannot be read is an error.
    init(_ repository: Repository, _ id: ObjectID?) throws(GitError) {
        tree = try repository.lookupTree(id)
        count = tree.map { git_tree_entrycount($0) } ?? 0
        var inOrder = true
        var k = 1
        while inOrder && k < count {
            inOrder = ParsedTree.order(ParsedTree.raw(tree, k - 1), ParsedTree.raw(tree, k)) <= 0
            k += 1
        }
        sorted = inOrder ? nil : try id.map { id throws(GitError) in try repository.treeChildren(id) }
    }

    deinit { git_tree_free(tree) }

    /// git's mode of entry `i`.
    func mode(_ i: Int) -> UInt32 {
        if let sorted { return sorted[i].mode }
        return UInt32(git_tree_entry_filemode(Self.entry(tree, i)).rawValue)
    }

    /// True when entry `i` here and entry `j` of `other` name the same object.
    func sameID(_ i: Int, _ other: ParsedTree, _ j: Int) -> Bool {
        if sorted != nil || other.sorted != nil { return child(i).id == other.child(j).id }
        return git_oid_equal(git_tree_entry_id(Self.entry(tree, i)), git_tree_entry_id(Self.entry(other.tree, j))) != 0
    }

    /// Entry `i`'s name, copied.
    func name(_ i: Int) -> [UInt8] {
        if let sorted { return sorted[i].name }
        let r = Self.raw(tree, i)
        return Array(UnsafeBufferPointer(start: r.name, count: r.length))
    }

    /// Entry `i`, copied.
    func child(_ i: Int) -> TreeChild {
        if let sorted { return sorted[i] }
        let e = Self.entry(tree, i)
        return TreeChild(
            name: name(i), mode: UInt32(git_tree_entry_filemode(e).rawValue), id: ObjectID(git_tree_entry_id(e).pointee)
        )
    }

    /// git's tree order of entry `i` here and entry `j` of `other` (`TreeChild.order`).
    static func order(_ a: ParsedTree, _ i: Int, _ b: ParsedTree, _ j: Int) -> Int {
        if a.sorted != nil || b.sorted != nil { return TreeChild.order(a.child(i), b.child(j)) }
        return order(raw(a.tree, i), raw(b.tree, j))
    }

    /// An entry's name in place and whether it is a tree.
    private typealias Raw = (name: UnsafePointer<UInt8>, length: Int, isTree: Bool)

    private static func entry(_ tree: OpaquePointer?, _ i: Int) -> OpaquePointer? { git_tree_entry_byindex(tree, i) }

    private static func raw(_ tree: OpaquePointer?, _ i: Int) -> Raw {
        let e = entry(tree, i)
        let name: UnsafePointer<CChar> = git_tree_entry_name(e)
        let bytes = UnsafeRawPointer(name).assumingMemoryBound(to: UInt8.self)
        return (bytes, strlen(name), git_tree_entry_filemode(e) == GIT_FILEMODE_TREE)
    }

    /// By name, a tree's name read as if it ended in `/` (as `TreeChild.order`).
    private static func order(_ a: Raw, _ b: Raw) -> Int {
        let n = min(a.length, b.length)
        let c = memcmp(a.name, b.name, n)
        if c != 0 { return c < 0 ? -1 : 1 }
        let slash = UInt8(ascii: "/")
        let ca: UInt8 = a.length > n ? a.name[n] : (a.isTree ? slash : 0)
        let cb: UInt8 = b.length > n ? b.name[n] : (b.isTree ? slash : 0)
        return ca == cb ? 0 : (ca < cb ? -1 : 1)
    }
}
