/// The marker files of commit trees kept on disk, so a run finds the runnable dirs without listing a tree.
///
/// One file per tree, `<common git dir>/preflight/cache/markers-<tree id>.bin`, beside the graph cache and
/// under its rules (`GraphCache.writeFile`: atomic, never an error; at most `maxFiles` kept; a bad file is a
/// miss; `PREFLIGHT_CACHE=0` turns it off). A tree id fixes every path and mode, and the marker names are
/// digested into the file, so a hit is exact and a file made under other names is a miss. The files and
/// their dirs are kept packed as a run holds them, so a hit makes nothing per target: the lists are
/// sections of the bytes read.
///
/// ```
/// "PFMARKS\0"  u32 format  20-byte tree id  u64 names digest
/// files: u32 count, u32 end of each, u32 byte count, the bytes, in path order
/// dirs:  the same, the runnable dirs, strictly ascending
/// u64 checksum of every byte before it (`ImportGraphCache.laneDigest`)
/// ```
struct MarkerCache {
    let directory: String
    static let maxFiles = 8
    static let formatVersion: UInt32 = 3
    static let magic: [UInt8] = Array("PFMARKS\0".utf8)
    private static let seed: UInt64 = 0x2545_f491_4f6c_dd1d

    func file(for tree: ObjectID) -> String { "\(directory)/markers-\(tree.hex).bin" }

    /// The markers of `tree` for marker `names`, or nil (no file, a bad one, or other names).
    func load(_ tree: ObjectID, names: [String]) -> Markers? {
        guard let file = MappedBytes.map(file(for: tree)) else { return nil }
        return MarkerCache.decodeMarkers(file, tree: tree, names: names)
    }

    /// Writes the markers of `tree`; false when the cache cannot be written (never an error).
    @discardableResult
    func store(_ markers: Markers, tree: ObjectID, names: [String]) -> Bool {
        let bytes = MarkerCache.encode(markers, tree: tree, names: names)
        guard GraphCache.writeFile(bytes, to: file(for: tree), in: directory) else { return false }
        GraphCache.prune(directory, prefix: "markers-", keeping: MarkerCache.maxFiles)
        return true
    }

    /// Writes the marker files `paths` of `tree` (in any order).
    @discardableResult
    func store(_ paths: [RepoPath], tree: ObjectID, names: [String]) -> Bool {
        store(Markers(files: PathList(paths.sorted())), tree: tree, names: names)
    }

    static func digest(_ names: [String]) -> UInt64 {
        var bytes: [UInt8] = []
        for name in names.sorted() { bytes += Array(name.utf8) + [0] }
        return bytes.withUnsafeBytes { WordDigest.of($0, seed: seed) }
    }

    /// The file of marker files `paths` (in any order).
    static func encode(_ paths: [RepoPath], tree: ObjectID, names: [String]) -> [UInt8] {
        encode(Markers(files: PathList(paths.sorted())), tree: tree, names: names)
    }

    static func encode(_ markers: Markers, tree: ObjectID, names: [String]) -> [UInt8] {
        var out = magic
        append(&out, formatVersion)
        out += tree.rawBytes
        withUnsafeBytes(of: digest(names).littleEndian) { out.append(contentsOf: $0) }
        for list in [markers.files, markers.dirs.list] {
            append(&out, UInt32(list.count))
            for end in list.ends { append(&out, end) }
            append(&out, UInt32(list.bytes.count))
            out += list.bytes
        }
        let sum = out.withUnsafeBytes { ImportGraphCache.laneDigest($0, seed: seed) }
        withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// The marker files in `bytes`, or nil when they are not a complete file of this format for `tree` and
    /// `names`.
    static func decode(_ bytes: [UInt8], tree: ObjectID, names: [String]) -> [RepoPath]? {
        decodeMarkers(MappedBytes(copying: bytes), tree: tree, names: names)?.files.paths
    }

    /// The markers in `file`, or nil when they are not a sound file of this format for `tree` and `names`.
    static func decodeMarkers(_ file: MappedBytes, tree: ObjectID, names: [String]) -> Markers? {
        let buf = file.bytes
        guard buf.count >= magic.count + 4 + 20 + 8 + 8 + 8,
            magic.withUnsafeBytes({ RepoPath.compare(.init(rebasing: buf[..<$0.count]), $0) }) == 0
        else { return nil }
        let end = buf.count - 8
        let sum = ImportGraphCache.laneDigest(UnsafeRawBufferPointer(rebasing: buf[..<end]), seed: seed)
        guard sum == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: end, as: UInt64.self)) else {
            return nil
        }
        var reader = Reader(file: file, buf: buf, at: magic.count, end: end)
        guard reader.u32() == formatVersion, reader.at + 28 <= end, ObjectID(bytes: buf, at: reader.at) == tree,
            UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: reader.at + 20, as: UInt64.self))
                == digest(names)
        else { return nil }
        reader.at += 28
        // The dirs' order is what the targets' order and the set's lookups rest on: checked, not trusted.
        guard let files = reader.list(), let dirs = reader.list(), reader.at == end, dirs.isStrictlyAscending
        else { return nil }
        return Markers(files: files, dirs: DirectorySet(sorted: dirs))
    }

    /// Reads a cache file's fields in turn, never past `end`.
    private struct Reader {
        /// The file, which the lists read are sections of.
        let file: MappedBytes
        let buf: UnsafeRawBufferPointer
        var at: Int
        let end: Int

        mutating func u32() -> UInt32? {
            guard at + 4 <= end else { return nil }
            defer { at += 4 }
            return UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))
        }

        /// A packed list: its count, the end of each path (never decreasing), its bytes.
        mutating func list() -> PathList? {
            guard let count = u32().map(Int.init), count <= (end - at) / 4 else { return nil }
            let raw = UnsafeRawBufferPointer(rebasing: buf[at..<(at + 4 * count)])
            let ends = [UInt32](unsafeUninitializedCapacity: count) { out, initialized in
                for i in 0..<count {
                    out[i] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                }
                initialized = count
            }
            at += 4 * count
            var last: UInt32 = 0
            for e in ends {
                guard e >= last else { return nil }
                last = e
            }
            guard let size = u32(), Int(size) <= end - at, last == size else { return nil }
            defer { at += Int(size) }
            return PathList(section: file, at: at, ends: ends)
        }
    }

    private static func append(_ out: inout [UInt8], _ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }
}
