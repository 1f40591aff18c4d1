@testable import Model

/// The cache files under `.git/preflight/cache`. Each input is read as it is and, since a mutation almost never
/// keeps a checksum right, once more with its checksums recomputed, so the fuzzer reaches the decoding behind them.
enum CacheHarnesses {
    static let all = [
        Harness(name: "graph-cache") { bytes in
            _ = GraphCache.decode(bytes, tree: tree(in: bytes, at: 16))
            let sealed = withTrailer(bytes) { GraphCache.checksum($0) }
            _ = GraphCache.decode(sealed, tree: tree(in: sealed, at: 16))
            _ = GraphCache.decodeAlias(sealed, tree: tree(in: sealed, at: 12))
        },
        Harness(name: "import-graph-cache") { bytes in
            query(bytes)
            query(ImportGraphSeal.sealed(bytes))
        },
        Harness(name: "import-cache") { bytes in
            _ = ImportCache.decode(bytes)
            // ImportCache's checksum seed.
            _ = ImportCache.decode(withTrailer(bytes) { WordDigest.of($0, seed: 0x1f83_d9ab_fb41_bd6b) })
        },
    ]

    /// The tree id a file names at `offset`, or the zero id when it is too short.
    static func tree(in bytes: [UInt8], at offset: Int) -> ObjectID {
        guard bytes.count >= offset + 20 else { return .zero }
        return bytes.withUnsafeBytes { ObjectID(bytes: $0, at: offset) }
    }

    /// `bytes` with its last 8 bytes replaced by `checksum` of the bytes before them (little-endian).
    static func withTrailer(_ bytes: [UInt8], _ checksum: (UnsafeRawBufferPointer) -> UInt64) -> [UInt8] {
        guard bytes.count >= 8 else { return bytes }
        let sum = bytes.withUnsafeBytes { checksum(UnsafeRawBufferPointer(rebasing: $0[..<(bytes.count - 8)])) }
        return Array(bytes[..<(bytes.count - 8)]) + withUnsafeBytes(of: sum.littleEndian) { Array($0) }
    }

    /// Opens an import graph file for the tree and context its header names and asks what a run asks.
    static func query(_ bytes: [UInt8]) {
        guard bytes.count >= 44 else { return }
        let context = bytes.withUnsafeBytes {
            UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: 36, as: UInt64.self))
        }
        guard let file = MappedImportFile.reading(bytes, tree: tree(in: bytes, at: 16), context: context) else {
            return
        }
        let store = MappedEdgeStore(file)
        _ = store.roots()
        for id in 0..<UInt32(min(file.count(.paths), 64)) {
            guard let path = store.path(id) else { continue }
            _ = (store.imports(of: path), store.importers(of: path))
        }
        _ = store.whole()
    }
}
