internal import CGit2
import Foundation
import Model

/// The entries of one tree object sorted by name, each found by binary search and taken at most once; the
/// names point into the tree object, so an instance is valid only while the caller holds the `ParsedTree`.
///
/// A walk that compares the index with a tree looks up one name per index entry: this keeps that lookup free
/// of the array and hash a name per entry would cost.
struct TreeNames {
    /// One entry: its name (in the tree object), git's mode and the object id.
    struct Child {
        let name: UnsafeRawBufferPointer
        let mode: UInt32
        let id: ObjectID
    }

    private var children: [Child] = []
    private var taken: [Bool] = []

    /// The entries of `tree` (none for nil); of entries sharing a name (a tree git would not write), the last
    /// in the tree's order is kept.
    init(_ tree: ParsedTree?) {
        guard let tree else { return }
        var numbered: [(child: Child, order: Int)] = []
        numbered.reserveCapacity(tree.storedCount)
        for i in 0..<tree.storedCount {
            let entry = tree.stored(i)
            numbered.append((Child(name: entry.name, mode: entry.mode, id: entry.id), i))
        }
        // git's order differs from plain name order only where a tree's name is a prefix of a sibling's.
        let inOrder = numbered.indices.dropFirst().allSatisfy {
            IndexFile.compare(numbered[$0 - 1].child.name, numbered[$0].child.name) < 0
        }
        if !inOrder {
            numbered.sort { a, b in
                let c = IndexFile.compare(a.child.name, b.child.name)
                return c != 0 ? c < 0 : a.order < b.order
            }
        }
        for (k, n) in numbered.enumerated()
        where k + 1 == numbered.count || IndexFile.compare(n.child.name, numbered[k + 1].child.name) != 0 {
            children.append(n.child)
        }
        taken = Array(repeating: false, count: children.count)
    }

    /// The entry named `name`, unless there is none or it was taken before; taking it leaves it out of `rest`.
    mutating func take(_ name: UnsafeRawBufferPointer) -> Child? {
        var lo = 0
        var hi = children.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if IndexFile.compare(children[mid].name, name) < 0 { lo = mid + 1 } else { hi = mid }
        }
        guard lo < children.count, !taken[lo], IndexFile.compare(children[lo].name, name) == 0 else { return nil }
        taken[lo] = true
        return children[lo]
    }

    /// The entries not taken, by name.
    var rest: [Child] { children.indices.filter { !taken[$0] }.map { children[$0] } }
}
