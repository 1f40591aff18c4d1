internal import CGit2
import Foundation
import Model

/// One tree object's entries read where the object's bytes lie, in git's order; none for the empty tree.
///
/// The raw object is read from the object database and its entries parsed as libgit2 parses a tree (the same
/// errors for the same bytes, modes normalised alike), without building libgit2's tree: names, modes and ids are
/// compared in place; `child` and `name` copy one entry, for a path that changed. A tree written out of git's
/// order (git never writes one) is read as `treeChildren` reads it: copied and sorted.
final class ParsedTree {
    /// One entry as the object stores it: where its name lies and how long it is, and its normalised mode (a
    /// struct, as the runtime looks an array of tuples' type up by name on first use).
    struct StoredEntry {
        let name: Int
        let length: Int
        let mode: UInt32
    }

    private let object: OpaquePointer?
    private let bytes: UnsafePointer<UInt8>?
    /// Each entry's name (offset and length in `bytes`) and normalised mode; its id follows the name's NUL.
    private let entries: [StoredEntry]
    /// The entries copied and sorted, for a tree out of git's order; nil when they are read in place.
    private let sorted: [TreeChild]?
    let count: Int

    /// The tree `id` (nil: the empty tree). A tree that cannot be read is an error.
    init(_ repository: Repository, _ id: ObjectID?) throws(GitError) {
        guard let id else {
            (object, bytes, entries, sorted, count) = (nil, nil, [], nil, 0)
            return
        }
        object = try repository.readTreeObject(id)
        let size = git_odb_object_size(object)
        let data = git_odb_object_data(object).map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
        bytes = data
        do {
            entries = try ParsedTree.parse(UnsafeBufferPointer(start: data, count: data == nil ? 0 : size))
        } catch {
            git_odb_object_free(object)
            throw error
        }
        count = entries.count
        var inOrder = true
        var k = 1
        while inOrder && k < count {
            inOrder = ParsedTree.order(Self.raw(data, entries[k - 1]), Self.raw(data, entries[k])) <= 0
            k += 1
        }
        sorted = inOrder ? nil : try repository.treeChildren(id)
    }

    deinit { git_odb_object_free(object) }

    /// git's mode of entry `i`.
    func mode(_ i: Int) -> UInt32 {
        if let sorted { return sorted[i].mode }
        return entries[i].mode
    }

    /// True when entry `i` here and entry `j` of `other` name the same object.
    func sameID(_ i: Int, _ other: ParsedTree, _ j: Int) -> Bool {
        if sorted != nil || other.sorted != nil { return child(i).id == other.child(j).id }
        guard let a = idBytes(i), let b = other.idBytes(j) else { return false }
        return memcmp(a, b, ParsedTree.idLength) == 0
    }

    /// Entry `i`'s name, copied.
    func name(_ i: Int) -> [UInt8] {
        if let sorted { return sorted[i].name }
        return Array(UnsafeBufferPointer(start: bytes.map { $0 + entries[i].name }, count: entries[i].length))
    }

    /// Entry `i`, copied.
    func child(_ i: Int) -> TreeChild {
        if let sorted { return sorted[i] }
        return TreeChild(name: name(i), mode: entries[i].mode, id: stored(i).id)
    }

    /// The entries in the object's own order (git's, but for a tree written out of it).
    var storedCount: Int { entries.count }

    /// Stored entry `i`: its name where the object holds it (valid while this tree lives), its mode and id.
    func stored(_ i: Int) -> (name: UnsafeRawBufferPointer, mode: UInt32, id: ObjectID) {
        var oid = git_oid()
        if let id = idBytes(i) {
            withUnsafeMutableBytes(of: &oid) {
                $0.copyMemory(from: UnsafeRawBufferPointer(start: id, count: ParsedTree.idLength))
            }
        }
        let name = UnsafeRawBufferPointer(start: bytes.map { $0 + entries[i].name }, count: entries[i].length)
        return (name, entries[i].mode, ObjectID(oid))
    }

    /// git's tree order of entry `i` here and entry `j` of `other` (`TreeChild.order`).
    static func order(_ a: ParsedTree, _ i: Int, _ b: ParsedTree, _ j: Int) -> Int {
        if a.sorted != nil || b.sorted != nil { return TreeChild.order(a.child(i), b.child(j)) }
        return order(raw(a.bytes, a.entries[i]), raw(b.bytes, b.entries[j]))
    }

    static let idLength = 20

    private func idBytes(_ i: Int) -> UnsafePointer<UInt8>? {
        bytes.map { $0 + entries[i].name + entries[i].length + 1 }
    }

    /// An entry's name in place and whether it is a tree.
    private typealias Raw = (name: UnsafePointer<UInt8>?, length: Int, isTree: Bool)

    private static func raw(_ bytes: UnsafePointer<UInt8>?, _ e: StoredEntry) -> Raw {
        (bytes.map { $0 + e.name }, e.length, e.mode == 0o040000)
    }

    /// By name, a tree's name read as if it ended in `/` (as `TreeChild.order`).
    private static func order(_ a: Raw, _ b: Raw) -> Int {
        let n = min(a.length, b.length)
        if n > 0, let x = a.name, let y = b.name {
            let c = memcmp(x, y, n)
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        let slash = UInt8(ascii: "/")
        let ca: UInt8 = a.length > n ? a.name?[n] ?? 0 : (a.isTree ? slash : 0)
        let cb: UInt8 = b.length > n ? b.name?[n] ?? 0 : (b.isTree ? slash : 0)
        return ca == cb ? 0 : (ca < cb ? -1 : 1)
    }
}
