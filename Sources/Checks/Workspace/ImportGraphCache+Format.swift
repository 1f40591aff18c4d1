/// The bytes of an import graph file (the layout is in `ImportGraphCache`'s comment).
extension ImportGraphCache {
    /// The sections, in file order, and the size of one record of each.
    enum Section: Int, CaseIterable {
        case strings, paths, modules, roots, files, forward, edges, missing, reverse, reverseEdges, slots, records
        case sums

        var recordSize: Int {
            switch self {
            case .strings: 1
            case .files, .missing, .slots: 4
            case .paths, .modules, .roots, .edges, .reverseEdges, .records, .sums: 8
            case .reverse: 12
            case .forward: 20
            }
        }
    }

    /// Small blocks: a query for one file checks the few blocks it reads, not the neighbours of each.
    static let blockSize = 1024
    /// Magic, format, block size, tree id, context digest, then (u32 offset, u32 count) per section.
    static let headerSize = 8 + 4 + 4 + 20 + 8 + 8 * Section.allCases.count
    static let blockSeed: UInt64 = 0x5bd1_e995_27d4_eb2f
    static let trailerSeed: UInt64 = 0x27d4_eb2f_1656_67c5
    static let slotSeed: UInt64 = 0x1656_67b1_9e37_79f9

    /// The file of `graph` for `tree`, its context digest `context`; nil when it is too large for the format.
    static func encode(_ graph: ImportGraph.Whole, roots: [RepoPath], tree: ObjectID, context: UInt64) -> [UInt8]? {
        var pathSet = Set(graph.files).union(graph.imports.keys).union(graph.unresolved.keys)
        for edges in graph.imports.values { for edge in edges { pathSet.insert(edge.file) } }
        let paths = pathSet.sorted()
        let pathID = Dictionary(uniqueKeysWithValues: paths.enumerated().map { ($1, UInt32($0)) })
        var moduleSet = Set<String>()
        for edges in graph.imports.values { for edge in edges { moduleSet.insert(edge.module) } }
        for names in graph.unresolved.values { moduleSet.formUnion(names) }
        let modules = moduleSet.sorted()
        let moduleID = Dictionary(uniqueKeysWithValues: modules.enumerated().map { ($1, UInt32($0)) })
        var body = [[UInt8]](repeating: [], count: Section.allCases.count)
        func put(_ section: Section, _ values: UInt32...) {
            for v in values { withUnsafeBytes(of: v.littleEndian) { body[section.rawValue].append(contentsOf: $0) } }
        }
        func string(_ section: Section, _ bytes: [UInt8]) {
            put(section, UInt32(body[Section.strings.rawValue].count), UInt32(bytes.count))
            body[Section.strings.rawValue] += bytes
        }
        for path in paths { string(.paths, path.bytes) }
        for module in modules { string(.modules, Array(module.utf8)) }
        for root in roots { string(.roots, root.bytes) }
        for file in graph.files { put(.files, pathID[file] ?? 0) }
        var records = [(forward: UInt32, reverse: UInt32)](repeating: (0, 0), count: paths.count)
        for file in Set(graph.imports.keys).union(graph.unresolved.keys).sorted() {
            let record = UInt32(body[Section.forward.rawValue].count / Section.forward.recordSize + 1)
            if let id = pathID[file] { records[Int(id)].forward = record }
            let edges = graph.imports[file] ?? []
            let missing = graph.unresolved[file] ?? []
            put(.forward, pathID[file] ?? 0, UInt32(body[Section.edges.rawValue].count / 8), UInt32(edges.count))
            put(.forward, UInt32(body[Section.missing.rawValue].count / 4), UInt32(missing.count))
            for edge in edges { put(.edges, pathID[edge.file] ?? 0, moduleID[edge.module] ?? 0) }
            for name in missing { put(.missing, moduleID[name] ?? 0) }
        }
        for file in graph.importers.keys.sorted() {
            let edges = graph.importers[file] ?? []
            guard let id = pathID[file] else { continue }
            records[Int(id)].reverse = UInt32(body[Section.reverse.rawValue].count / Section.reverse.recordSize + 1)
            put(.reverse, id, UInt32(body[Section.reverseEdges.rawValue].count / 8), UInt32(edges.count))
            for edge in edges { put(.reverseEdges, pathID[edge.file] ?? 0, moduleID[edge.module] ?? 0) }
        }
        for record in records { put(.records, record.forward, record.reverse) }
        for slot in slots(paths) { put(.slots, slot) }
        return assemble(body, tree: tree, context: context)
    }

    /// The open-addressing table of `paths`: a power of two of slots, at least twice the paths, each the path's
    /// index plus one (0: empty), a path in the first free slot from `slot(of:)` on.
    private static func slots(_ paths: [RepoPath]) -> [UInt32] {
        guard !paths.isEmpty else { return [] }
        var size = 1
        while size < 2 * paths.count { size *= 2 }
        var table = [UInt32](repeating: 0, count: size)
        for (id, path) in paths.enumerated() {
            var slot = slot(of: path.bytes, in: size)
            while table[slot] != 0 { slot = (slot + 1) & (size - 1) }
            table[slot] = UInt32(id + 1)
        }
        return table
    }

    /// The first slot `path` may be in, of a table of `size` slots (a power of two).
    static func slot(of path: [UInt8], in size: Int) -> Int {
        var h = path.withUnsafeBytes { WordDigest.of($0, seed: slotSeed) }
        h = (h ^ (h >> 31)) &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & (size - 1)
    }

    /// The header, the sections, a checksum per block and the trailer over the header and the checksums.
    private static func assemble(_ body: [[UInt8]], tree: ObjectID, context: UInt64) -> [UInt8]? {
        var fields = magic
        for v in [formatVersion, UInt32(blockSize)] {
            withUnsafeBytes(of: v.littleEndian) { fields.append(contentsOf: $0) }
        }
        fields += tree.rawBytes
        withUnsafeBytes(of: context.littleEndian) { fields.append(contentsOf: $0) }
        return CheckedFile.assemble(
            fields: fields, sections: Section.allCases.dropLast().map { (body[$0.rawValue], $0.recordSize) },
            blockSize: blockSize, blockSum: { blockSum($0, block: $1) },
            trailer: trailerSum)
    }
}
