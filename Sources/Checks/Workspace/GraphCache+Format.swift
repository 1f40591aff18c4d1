/// The bytes of a graph cache file: a commit tree's link resolutions, lengths and bytes, little-endian.
///
/// ```
/// "PFGRAPH\0"  u32 format  u32 max hops  20-byte tree id
/// u32 paths    (u32 length, bytes) per distinct path
/// u32 links    per link: u32 link, u8 outcome, u32 outcome path, u32 target, u32 hops, u32 per hop
/// u64 checksum of every byte before it
/// ```
/// Paths are indices into the path table (`none` = 0xffffffff), so a path read by many links is stored
/// and allocated once. A tree whose resolutions are those of another tree already cached (a commit that
/// moved no link) gets an alias instead: `"PFALIAS\0"  u32 format  20-byte tree id  20-byte other tree id
/// u64 checksum`. Anything unexpected makes `decode` return nil: the caller recomputes.
extension GraphCache {
    /// Bumped whenever the format or the meaning of a resolution changes (LinkResolver's rules).
    static let formatVersion: UInt32 = 3
    static let magic: [UInt8] = Array("PFGRAPH\0".utf8)
    static let aliasMagic: [UInt8] = Array("PFALIAS\0".utf8)
    private static let none = UInt32.max

    /// The file's bytes for `resolutions` of the tree `tree`, links in path order.
    static func encode(_ resolutions: [RepoPath: LinkResolution], tree: ObjectID) -> [UInt8] {
        var out = magic
        put(&out, formatVersion)
        put(&out, UInt32(LinkResolver.maxHops))
        out += tree.rawBytes
        // Sized up front: growing (rehashing every path, copying the bytes) cost more than the writing.
        var index: [RepoPath: UInt32] = [:]
        index.reserveCapacity(resolutions.count * 3)
        var paths: [RepoPath] = []
        paths.reserveCapacity(resolutions.count * 3)
        func id(_ p: RepoPath?) -> UInt32 {
            guard let p else { return none }
            if let i = index[p] { return i }
            let i = UInt32(paths.count)
            index[p] = i
            paths.append(p)
            return i
        }
        var body: [UInt8] = []
        body.reserveCapacity(resolutions.count * 32)
        let links = resolutions.keys.sorted()
        put(&body, UInt32(links.count))
        for link in links {
            let r = resolutions[link]!
            put(&body, id(link))
            let (code, outcomePath) = outcomeCode(r.outcome)
            body.append(code)
            put(&body, id(outcomePath))
            put(&body, id(r.target))
            put(&body, UInt32(r.hops.count))
            for hop in r.hops { put(&body, id(hop)) }
        }
        out.reserveCapacity(out.count + 4 + paths.reduce(0) { $0 + 4 + $1.bytes.count } + body.count + 8)
        put(&out, UInt32(paths.count))
        for p in paths {
            put(&out, UInt32(p.bytes.count))
            out += p.bytes
        }
        out += body
        put64(&out, out.withUnsafeBytes { checksum($0) })
        return out
    }

    /// The resolutions in `bytes`, or nil when they are not a complete file of this format for `tree`.
    static func decode(_ bytes: [UInt8], tree: ObjectID) -> [RepoPath: LinkResolution]? {
        bytes.withUnsafeBytes { buf -> [RepoPath: LinkResolution]? in
            var reader = Reader(buf: buf, end: buf.count - 8)
            guard buf.count >= magic.count + 8 + 20 + 8 + 8,
                checksum(UnsafeRawBufferPointer(rebasing: buf[..<(buf.count - 8)]))
                    == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: buf.count - 8, as: UInt64.self)),
                bytes.starts(with: magic)
            else { return nil }
            reader.offset = magic.count
            guard reader.u32() == formatVersion, reader.u32() == UInt32(LinkResolver.maxHops),
                reader.offset + 20 <= reader.end,
                ObjectID(bytes: buf, at: reader.offset) == tree
            else { return nil }
            reader.offset += 20
            guard let pathCount = reader.u32(), Int(pathCount) <= reader.end - reader.offset else { return nil }
            var paths: [RepoPath] = []
            paths.reserveCapacity(Int(pathCount))
            for _ in 0..<pathCount {
                guard let length = reader.u32(), let p = reader.bytes(Int(length)) else { return nil }
                paths.append(RepoPath(trusted: p))
            }
            func path(_ i: UInt32?) -> RepoPath?? {
                guard let i else { return nil }
                if i == none { return .some(nil) }
                return Int(i) < paths.count ? .some(paths[Int(i)]) : nil
            }
            guard let linkCount = reader.u32(), Int(linkCount) <= reader.end - reader.offset else { return nil }
            var result: [RepoPath: LinkResolution] = [:]
            result.reserveCapacity(Int(linkCount))
            for _ in 0..<linkCount {
                guard let linkPath = path(reader.u32()), let link = linkPath, let code = reader.u8(),
                    let outcomePath = path(reader.u32()), let outcome = outcome(code, outcomePath),
                    let target = path(reader.u32()), let hopCount = reader.u32(),
                    Int(hopCount) <= LinkResolver.maxHops + 1
                else { return nil }
                var hops: [RepoPath] = []
                hops.reserveCapacity(Int(hopCount))
                for _ in 0..<hopCount {
                    guard let hopPath = path(reader.u32()), let hop = hopPath else { return nil }
                    hops.append(hop)
                }
                result[link] = LinkResolution(link: link, hops: hops, target: target, outcome: outcome)
            }
            return reader.offset == reader.end ? result : nil
        }
    }

    /// The bytes of an alias: `tree` resolves as `other` does.
    static func encodeAlias(_ tree: ObjectID, of other: ObjectID) -> [UInt8] {
        var out = aliasMagic
        put(&out, formatVersion)
        out += tree.rawBytes + other.rawBytes
        put64(&out, out.withUnsafeBytes { checksum($0) })
        return out
    }

    /// The other tree an alias file for `tree` names, or nil when `bytes` are not one.
    static func decodeAlias(_ bytes: [UInt8], tree: ObjectID) -> ObjectID? {
        guard bytes.count == aliasMagic.count + 4 + 40 + 8, bytes.starts(with: aliasMagic) else { return nil }
        return bytes.withUnsafeBytes { buf -> ObjectID? in
            let end = buf.count - 8
            guard
                checksum(UnsafeRawBufferPointer(rebasing: buf[..<end]))
                    == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: end, as: UInt64.self)),
                UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: aliasMagic.count, as: UInt32.self))
                    == formatVersion,
                ObjectID(bytes: buf, at: aliasMagic.count + 4) == tree
            else { return nil }
            let other = ObjectID(bytes: buf, at: aliasMagic.count + 24)
            return other == tree ? nil : other
        }
    }

    private static func outcomeCode(_ outcome: LinkResolution.Outcome) -> (UInt8, RepoPath?) {
        switch outcome {
        case .file: (0, nil)
        case .directory: (1, nil)
        case .submodule(let gitlink): (2, gitlink)
        case .dangling: (3, nil)
        case .escapes: (4, nil)
        case .absolute: (5, nil)
        case .loop: (6, nil)
        case .gitDirectory: (7, nil)
        case .tooManyLinks: (8, nil)
        }
    }

    private static func outcome(_ code: UInt8, _ path: RepoPath?) -> LinkResolution.Outcome? {
        switch (code, path) {
        case (0, nil): .file
        case (1, nil): .directory
        case (2, let gitlink?): .submodule(gitlink)
        case (3, nil): .dangling
        case (4, nil): .escapes
        case (5, nil): .absolute
        case (6, nil): .loop
        case (7, nil): .gitDirectory
        case (8, nil): .tooManyLinks
        default: nil
        }
    }

    private static func put(_ out: inout [UInt8], _ v: UInt32) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    private static func put64(_ out: inout [UInt8], _ v: UInt64) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    /// The file's checksum: catches truncation and stray bytes (not tampering; the file is only a cache).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        WordDigest.of(bytes, seed: 0xcbf2_9ce4_8422_2325)
    }

    /// Bounds-checked little-endian reads.
    private struct Reader {
        let buf: UnsafeRawBufferPointer
        let end: Int
        var offset = 0

        init(buf: UnsafeRawBufferPointer, end: Int) {
            self.buf = buf
            self.end = end
        }

        mutating func u32() -> UInt32? {
            guard offset + 4 <= end else { return nil }
            defer { offset += 4 }
            return UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        }

        mutating func u8() -> UInt8? {
            guard offset < end else { return nil }
            defer { offset += 1 }
            return buf[offset]
        }

        mutating func bytes(_ n: Int) -> [UInt8]? {
            guard n >= 0, offset + n <= end else { return nil }
            defer { offset += n }
            return Array(UnsafeRawBufferPointer(rebasing: buf[offset..<(offset + n)]))
        }
    }
}
