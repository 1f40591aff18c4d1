import Model

/// The index's cache-tree (`TREE` extension): for each directory, the tree id `git write-tree` would write,
/// when git knows it is still valid.
///
/// Kept as a flat list of nodes in the extension's order (depth first), names left in the file: a run asks
/// for a few directories, so no path is built for the others.
struct CacheTree {
    /// One directory of the cache-tree.
    struct Node {
        /// The name's offset in the file and its length (empty for the root).
        let name: UInt32
        let nameLength: UInt32
        /// The tree id; nil when git marked the node invalid (entry count -1).
        let id: ObjectID?
        /// How many index entries lie below the directory when the node is valid (git's entry count).
        let entries: Int
        /// How many child nodes it has, and how many nodes lie below it in all (its children's subtrees too).
        let children: Int
        var descendants: Int
    }

    var nodes: [Node] = []

    /// True when the index has no cache-tree (after `git read-tree`, say).
    var isEmpty: Bool { nodes.isEmpty }

    /// The cache-tree from the extensions after the entries; nil for a split or sparse index, an extension
    /// git requires readers to understand, or a truncated file.
    static func parseExtensions(_ buf: UnsafeRawBufferPointer, from start: Int) -> CacheTree? {
        let end = buf.count - 20
        var offset = start
        var tree = CacheTree()
        while offset + 8 <= end {
            // An extension whose signature starts with a capital letter is optional; any other ("link": a split
            // index, "sdir": a sparse one) changes what the entries mean.
            guard (0x41...0x5a).contains(buf[offset]) else { return nil }
            let size = Int(IndexFile.be32(buf, offset + 4))
            let body = offset + 8
            guard size <= end - body else { return nil }
            if IndexFile.be32(buf, offset) == 0x5452_4545 {  // "TREE"
                var cursor = body
                tree.nodes.reserveCapacity(size / 24 + 1)
                guard tree.parseNode(buf, &cursor, body + size), cursor == body + size else { return nil }
            }
            offset = body + size
        }
        return offset == end ? tree : nil
    }

    /// One node and its children, depth first: `name NUL entry_count SP subtrees LF [id]`.
    private mutating func parseNode(_ buf: UnsafeRawBufferPointer, _ cursor: inout Int, _ end: Int) -> Bool {
        guard let nul = IndexFile.nulIndex(buf, cursor, end),
            let (entryCount, afterCount) = CacheTree.asciiInt(buf, nul + 1, end, terminator: 0x20),
            let (subtrees, afterSub) = CacheTree.asciiInt(buf, afterCount, end, terminator: 0x0a),
            subtrees >= 0, entryCount >= -1
        else { return false }
        var id: ObjectID?
        var next = afterSub
        if entryCount >= 0 {
            guard next + 20 <= end else { return false }
            id = ObjectID(bytes: buf, at: next)
            next += 20
        }
        let me = nodes.count
        nodes.append(
            Node(
                name: UInt32(cursor), nameLength: UInt32(nul - cursor), id: id, entries: entryCount,
                children: subtrees, descendants: 0))
        cursor = next
        for _ in 0..<subtrees {
            guard parseNode(buf, &cursor, end) else { return false }
        }
        nodes[me].descendants = nodes.count - me - 1
        return true
    }

    /// The valid tree id of directory `dir` (the root: empty), found by descending one name at a time.
    func id(of dir: [UInt8], in buf: UnsafeRawBufferPointer) -> ObjectID? {
        guard !nodes.isEmpty else { return nil }
        var node = 0
        if dir.isEmpty { return nodes[0].id }
        for component in dir.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            guard let found = component.withUnsafeBytes({ child(of: node, named: $0, in: buf) }) else { return nil }
            node = found
        }
        return nodes[node].id
    }

    /// The child of `node` named `name`: a scan of that node's children only.
    func child(of node: Int, named name: UnsafeRawBufferPointer, in buf: UnsafeRawBufferPointer) -> Int? {
        var child = node + 1
        for _ in 0..<nodes[node].children {
            guard child < nodes.count else { return nil }
            let n = nodes[child]
            let stored = UnsafeRawBufferPointer(rebasing: buf[Int(n.name)..<Int(n.name + n.nameLength)])
            if IndexFile.compare(stored, name) == 0 { return child }
            child += 1 + n.descendants
        }
        return nil
    }

    /// Every valid node's id by directory path (the root: empty).
    func all(in buf: UnsafeRawBufferPointer) -> [RepoPath: ObjectID] {
        var result: [RepoPath: ObjectID] = [:]
        var stack: [(path: [UInt8], left: Int)] = []
        for n in nodes {
            let name = Array(UnsafeRawBufferPointer(rebasing: buf[Int(n.name)..<Int(n.name + n.nameLength)]))
            while let top = stack.last, top.left == 0 { stack.removeLast() }
            var path = stack.last?.path ?? []
            if !stack.isEmpty { stack[stack.count - 1].left -= 1 }
            if stack.count > 1 { path.append(UInt8(ascii: "/")) }
            path += name
            if let id = n.id { result[RepoPath(trusted: path)] = id }
            stack.append((path, n.children))
        }
        return result
    }

    /// A decimal (possibly negative) number ended by `terminator`; returns it and the offset after.
    private static func asciiInt(_ b: UnsafeRawBufferPointer, _ from: Int, _ end: Int, terminator: UInt8) -> (Int, Int)?
    {
        var i = from
        var negative = false
        if i < end && b[i] == 0x2d {
            negative = true
            i += 1
        }
        var value = 0
        var digits = 0
        while i < end && b[i] != terminator {
            guard b[i] >= 0x30 && b[i] <= 0x39, digits < 12 else { return nil }
            value = value * 10 + Int(b[i] - 0x30)
            digits += 1
            i += 1
        }
        guard i < end, digits > 0 else { return nil }
        return (negative ? -value : value, i + 1)
    }
}

extension IndexFile {
    /// The tree id git's cache-tree holds for directory `dir` (the root: empty), when that node is valid.
    func cacheTreeID(_ dir: [UInt8]) -> ObjectID? { cacheTree.id(of: dir, in: file) }

    /// Every valid cache-tree node's id by directory path.
    func validCacheTrees() -> [RepoPath: ObjectID] { cacheTree.all(in: file) }

    /// The cache-tree node of the root; nil when the index has no cache-tree.
    var cacheTreeRoot: Int? { cacheTree.isEmpty ? nil : 0 }

    /// The node of directory `name` below the directory of `node`, so a walk finds each directory's node
    /// from its parent's instead of from the root.
    func cacheTreeChild(of node: Int?, named name: UnsafeRawBufferPointer) -> Int? {
        node.flatMap { cacheTree.child(of: $0, named: name, in: file) }
    }

    /// The valid tree id of a node.
    func cacheTreeID(node: Int?) -> ObjectID? { node.flatMap { cacheTree.nodes[$0].id } }

    /// Where the entries of directory `dir` end, given its first entry `start` inside `range`: the node's entry
    /// count when it is valid and the entries around that end agree, else a binary search inside `range`.
    func groupEnd(of dir: [UInt8], from start: Int, within range: Range<Int>, node: Int?) -> Int {
        var key = dir
        key.append(UInt8(ascii: "/"))
        if let node, cacheTree.nodes[node].id != nil {
            let end = start + cacheTree.nodes[node].entries
            if end > start, end <= range.upperBound, IndexFile.hasPrefix(pathBytes(end - 1), key),
                end == range.upperBound || !IndexFile.hasPrefix(pathBytes(end), key)
            {
                return end
            }
        }
        // Paths below `dir/` sort before `dir0` ('0' follows '/').
        key[key.count - 1] = UInt8(ascii: "0")
        return max(start + 1, lowerBound(key, in: (start + 1)..<range.upperBound))
    }

    /// True when `path` starts with the bytes of `prefix`.
    private static func hasPrefix(_ path: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        guard path.count >= prefix.count else { return false }
        return prefix.withUnsafeBytes { compare(UnsafeRawBufferPointer(rebasing: path[..<prefix.count]), $0) == 0 }
    }
}
