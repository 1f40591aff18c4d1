internal import CGit2
import Dispatch
import Model
import Synchronization

extension IndexFile {
    /// The id of the tree `git write-tree` would write from this index, computed in memory (nothing is
    /// written): directories with a valid cache-tree id are taken as they are, the others hashed.
    ///
    /// Nil when the index holds a conflict, or when more than `budget` bytes of tree objects would have to be
    /// hashed (a mostly invalid cache-tree). Intent-to-add entries are left out, as git leaves them out.
    package func treeID(budget: Int = IndexFile.treeBudget) -> ObjectID? {
        if budget == IndexFile.treeBudget, let early = earlyTree.result() { return early }
        return computeTreeID(budget: budget)
    }

    /// The default budget of `treeID`.
    package static let treeBudget = 1 << 20

    /// Starts `treeID()` on another thread, so the call that wants it later waits at most for the rest;
    /// later calls to this do nothing.
    package func startTreeID() {
        guard earlyTree.claim() else { return }
        DispatchQueue.global().async { [self] in earlyTree.finish(computeTreeID(budget: IndexFile.treeBudget)) }
    }

    private func computeTreeID(budget: Int) -> ObjectID? {
        guard !hasConflicts else { return nil }
        var remaining = budget
        return treeID(dir: [], range: 0..<count, node: cacheTreeRoot, remaining: &remaining)
    }

    /// The most directory levels `treeID` walks: a deeper index gets no tree id (its side is not cached).
    static let maxTreeDepth = 512

    private func treeID(dir: [UInt8], range: Range<Int>, node: Int?, remaining: inout Int) -> ObjectID? {
        if let known = cacheTreeID(node: node) { return known }
        let prefixLength = dir.isEmpty ? 0 : dir.count + 1
        var body: [UInt8] = []
        var i = range.lowerBound
        while i < range.upperBound {
            let path = pathBytes(i)
            let rest = path[(path.startIndex + prefixLength)...]
            // An empty name (`/x`, `a//b`, `a/`) git never writes; `dir` + "/" would be walked as `dir` again.
            guard rest.first.map({ $0 != UInt8(ascii: "/") }) == true else { return nil }
            if let slash = rest.firstIndex(of: UInt8(ascii: "/")) {
                let sub = Array(path[..<slash])
                // One call per level: a path deeper than any real tree gets no id rather than exhausting the stack.
                guard sub.count(where: { $0 == UInt8(ascii: "/") }) < IndexFile.maxTreeDepth else { return nil }
                let subNode = cacheTreeChild(of: node, named: UnsafeRawBufferPointer(rebasing: rest[..<slash]))
                let j = groupEnd(of: sub, from: i, within: range, node: subNode)
                guard let subID = treeID(dir: sub, range: i..<j, node: subNode, remaining: &remaining) else {
                    return nil
                }
                IndexFile.appendTreeEntry(to: &body, mode: FileMode.directory.gitMode, name: rest[..<slash], id: subID)
                i = j
            } else {
                IndexFile.appendTreeEntry(to: &body, mode: mode(i).gitMode, name: rest, id: id(i))
                i += 1
            }
        }
        remaining -= body.count
        if remaining < 0 { return nil }
        var oid = git_oid()
        let code = body.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_TREE) }
        return code == 0 ? ObjectID(oid) : nil
    }

    /// Appends one tree entry as git writes it: the octal mode (no leading zero), a space, the name, a NUL and
    /// the 20-byte id, with no array made for any part (a tree of many entries is hashed once per call).
    private static func appendTreeEntry(
        to body: inout [UInt8], mode: UInt32, name: Slice<UnsafeRawBufferPointer>, id: ObjectID
    ) {
        var digits = 1
        while mode >> (3 * digits) != 0 { digits += 1 }
        for k in stride(from: digits - 1, through: 0, by: -1) {
            body.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: (mode >> (3 * k)) & 7))
        }
        body.append(UInt8(ascii: " "))
        body.append(contentsOf: UnsafeRawBufferPointer(rebasing: name))
        body.append(0)
        id.appendRawBytes(to: &body)
    }
}

/// The default-budget tree id of an index, computed once on another thread: claimed, finished, waited for.
final class EarlyTreeID: Sendable {
    private let started = Mutex(false)
    private let value = Mutex<ObjectID??>(nil)
    private let done = DispatchSemaphore(value: 0)

    /// True for the first caller only, who then computes the id and calls `finish`.
    func claim() -> Bool {
        started.withLock { started in
            defer { started = true }
            return !started
        }
    }

    func finish(_ id: ObjectID?) {
        value.withLock { $0 = .some(id) }
        done.signal()
    }

    /// The id once computed, waiting for it if it is being computed; nil (not `.some(nil)`) when never started.
    func result() -> ObjectID?? {
        guard started.withLock({ $0 }) else { return nil }
        if let known = value.withLock({ $0 }) { return known }
        done.wait()
        done.signal()  // left signalled for any other caller
        return value.withLock { $0 }
    }
}
