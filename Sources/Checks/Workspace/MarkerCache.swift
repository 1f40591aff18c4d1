/// The marker files of commit trees kept on disk, so a run finds the runnable dirs without listing a tree.
///
/// One file per tree, `<common git dir>/preflight/cache/markers-<tree id>.bin`, beside the graph cache and
/// under its rules (`GraphCache.writeFile`: atomic, never an error; at most `maxFiles` kept; a bad file is a
/// miss; `PREFLIGHT_CACHE=0` turns it off). A tree id fixes every path and mode, and the marker names are
/// digested into the file, so a hit is exact and a file made under other names is a miss.
///
/// ```
/// "PFMARKS\0"  u32 format  20-byte tree id  u64 names digest
/// u32 paths, (u32 length, bytes) each, in path order
/// u64 checksum of every byte before it
/// ```
struct MarkerCache {
    let directory: String
    static let maxFiles = 8
    static let formatVersion: UInt32 = 1
    static let magic: [UInt8] = Array("PFMARKS\0".utf8)
    private static let seed: UInt64 = 0x2545_f491_4f6c_dd1d

    func file(for tree: ObjectID) -> String { "\(directory)/markers-\(tree.hex).bin" }

    /// The marker files of `tree` for marker `names`, or nil (no file, a bad one, or other names).
    func load(_ tree: ObjectID, names: [String]) -> [RepoPath]? {
        guard let bytes = GraphCache.contents(of: file(for: tree)) else { return nil }
        return MarkerCache.decode(bytes, tree: tree, names: names)
    }

    /// Writes the marker files of `tree`; false when the cache cannot be written (never an error).
    @discardableResult
    func store(_ paths: [RepoPath], tree: ObjectID, names: [String]) -> Bool {
        let bytes = MarkerCache.encode(paths, tree: tree, names: names)
        guard GraphCache.writeFile(bytes, to: file(for: tree), in: directory) else { return false }
        GraphCache.prune(directory, prefix: "markers-", keeping: MarkerCache.maxFiles)
        return true
    }

    static func digest(_ names: [String]) -> UInt64 {
        var bytes: [UInt8] = []
        for name in names.sorted() { bytes += Array(name.utf8) + [0] }
        return bytes.withUnsafeBytes { WordDigest.of($0, seed: seed) }
    }

    static func encode(_ paths: [RepoPath], tree: ObjectID, names: [String]) -> [UInt8] {
        var out = magic
        append(&out, formatVersion)
        out += tree.rawBytes
        withUnsafeBytes(of: digest(names).littleEndian) { out.append(contentsOf: $0) }
        append(&out, UInt32(paths.count))
        for path in paths.sorted() {
            append(&out, UInt32(path.bytes.count))
            out += path.bytes
        }
        let sum = out.withUnsafeBytes { WordDigest.of($0, seed: seed) }
        withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// The paths in `bytes`, or nil when they are not a complete file of this format for `tree` and `names`.
    static func decode(_ bytes: [UInt8], tree: ObjectID, names: [String]) -> [RepoPath]? {
        guard bytes.count >= magic.count + 4 + 20 + 8 + 4 + 8, bytes.starts(with: magic) else { return nil }
        return bytes.withUnsafeBytes { buf -> [RepoPath]? in
            let end = buf.count - 8
            let sum = WordDigest.of(UnsafeRawBufferPointer(rebasing: buf[..<end]), seed: seed)
            guard sum == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: end, as: UInt64.self)) else {
                return nil
            }
            var at = magic.count
            func u32() -> UInt32? {
                guard at + 4 <= end else { return nil }
                defer { at += 4 }
                return UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            }
            guard u32() == formatVersion, at + 28 <= end, ObjectID(bytes: buf, at: at) == tree,
                UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: at + 20, as: UInt64.self)) == digest(names)
            else { return nil }
            at += 28
            guard let count = u32(), Int(count) <= (end - at) / 4 else { return nil }
            var paths: [RepoPath] = []
            paths.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let length = u32(), Int(length) <= end - at else { return nil }
                paths.append(RepoPath(trusted: Array(UnsafeRawBufferPointer(rebasing: buf[at..<(at + Int(length))]))))
                at += Int(length)
            }
            return at == end ? paths : nil
        }
    }

    private static func append(_ out: inout [UInt8], _ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}
