/// The bytes of an import graph file (the layout is in `ImportGraphCache`'s comment).
extension ImportGraphCache {
    /// What a file holds besides its key.
    struct Decoded {
        var files: [RepoPath] = []
        var imports: [RepoPath: [ImportGraph.Edge]] = [:]
        var unresolved: [RepoPath: [String]] = [:]
    }

    static func encode(_ graph: ImportGraph, tree: ObjectID) -> [UInt8] {
        var paths: [RepoPath: UInt32] = [:]
        var pathList: [RepoPath] = []
        var modules: [String: UInt32] = [:]
        var moduleList: [String] = []
        func path(_ p: RepoPath) -> UInt32 {
            if let i = paths[p] { return i }
            paths[p] = UInt32(pathList.count)
            pathList.append(p)
            return UInt32(pathList.count - 1)
        }
        func module(_ m: String) -> UInt32 {
            if let i = modules[m] { return i }
            modules[m] = UInt32(moduleList.count)
            moduleList.append(m)
            return UInt32(moduleList.count - 1)
        }
        var body: [UInt8] = []
        put(&body, UInt32(graph.files.count))
        for file in graph.files { put(&body, path(file)) }
        let importing = Set(graph.imports.keys).union(graph.unresolved.keys).sorted()
        put(&body, UInt32(importing.count))
        for file in importing {
            put(&body, path(file))
            let edges = graph.imports[file] ?? []
            put(&body, UInt32(edges.count))
            for edge in edges {
                put(&body, path(edge.file))
                put(&body, module(edge.module))
            }
            let missing = graph.unresolved[file] ?? []
            put(&body, UInt32(missing.count))
            for m in missing { put(&body, module(m)) }
        }
        var out = magic
        put(&out, formatVersion)
        out += tree.rawBytes
        withUnsafeBytes(of: graph.roots.digest.littleEndian) { out.append(contentsOf: $0) }
        put(&out, UInt32(pathList.count))
        for p in pathList { put(&out, p.bytes) }
        put(&out, UInt32(moduleList.count))
        for m in moduleList { put(&out, Array(m.utf8)) }
        out += body
        let sum = out.withUnsafeBytes { WordDigest.of($0, seed: 0x5bd1_e995_27d4_eb2f) }
        withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// The graph in `bytes`, or nil when they are not a complete file of this format for `tree` and `context`.
    static func decode(_ bytes: [UInt8], tree: ObjectID, context: UInt64) -> Decoded? {
        guard bytes.count >= magic.count + 4 + 20 + 8 + 8, bytes.starts(with: magic) else { return nil }
        return bytes.withUnsafeBytes { buf -> Decoded? in
            let end = buf.count - 8
            let sum = WordDigest.of(UnsafeRawBufferPointer(rebasing: buf[..<end]), seed: 0x5bd1_e995_27d4_eb2f)
            guard sum == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: end, as: UInt64.self)) else {
                return nil
            }
            var reader = ByteReader(buf: buf, end: end, at: magic.count)
            guard reader.u32() == formatVersion, reader.at + 28 <= end,
                ObjectID(bytes: buf, at: reader.at) == tree,
                UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: reader.at + 20, as: UInt64.self)) == context
            else { return nil }
            reader.at += 28
            guard let paths = reader.list({ $0.bytes().map { RepoPath(trusted: $0) } }),
                let modules = reader.list({ $0.bytes().map { String(decoding: $0, as: UTF8.self) } })
            else { return nil }
            func path(_ r: inout ByteReader) -> RepoPath? {
                r.u32().flatMap { Int($0) < paths.count ? paths[Int($0)] : nil }
            }
            func edge(_ r: inout ByteReader) -> ImportGraph.Edge? {
                guard let file = path(&r), let name = module(&r) else { return nil }
                return ImportGraph.Edge(file: file, module: name)
            }
            func module(_ r: inout ByteReader) -> String? {
                r.u32().flatMap { Int($0) < modules.count ? modules[Int($0)] : nil }
            }
            var decoded = Decoded()
            guard let files = reader.list({ path(&$0) }) else { return nil }
            decoded.files = files
            guard let count = reader.u32(), Int(count) <= end - reader.at else { return nil }
            for _ in 0..<count {
                guard let file = path(&reader),
                    let edges = reader.list(edge),
                    let missing = reader.list({ module(&$0) })
                else { return nil }
                if !edges.isEmpty { decoded.imports[file] = edges }
                if !missing.isEmpty { decoded.unresolved[file] = missing }
            }
            return reader.at == end ? decoded : nil
        }
    }

    private static func put(_ out: inout [UInt8], _ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func put(_ out: inout [UInt8], _ bytes: [UInt8]) {
        put(&out, UInt32(bytes.count))
        out += bytes
    }
}

/// Bounds-checked little-endian reads over a cache file's bytes.
struct ByteReader {
    let buf: UnsafeRawBufferPointer
    let end: Int
    var at: Int

    mutating func u32() -> UInt32? {
        guard at + 4 <= end else { return nil }
        defer { at += 4 }
        return UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    /// A `u32` length, then that many bytes.
    mutating func bytes() -> [UInt8]? {
        guard let n = u32(), Int(n) <= end - at else { return nil }
        defer { at += Int(n) }
        return Array(UnsafeRawBufferPointer(rebasing: buf[at..<(at + Int(n))]))
    }

    /// A `u32` count, then that many items read by `item`; nil when any is bad.
    mutating func list<T>(_ item: (inout ByteReader) -> T?) -> [T]? {
        guard let n = u32(), Int(n) <= end - at else { return nil }
        var result: [T] = []
        result.reserveCapacity(Int(n))
        for _ in 0..<n {
            guard let value = item(&self) else { return nil }
            result.append(value)
        }
        return result
    }
}
