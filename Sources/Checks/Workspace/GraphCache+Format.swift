/// The bytes of a graph cache file: a commit tree's link resolutions, laid out to be read in place.
///
/// ```
/// "PFGRAPH\0"  u32 format  u32 max hops  20-byte tree id  u32 block size  (u32 offset, u32 count) per section
/// strings  the bytes of every path
/// paths    per distinct path, in byte order: u32 start in strings, u32 length
/// links    per link, in path order: u32 path, u32 outcome, u32 outcome path, u32 target, u32 first hop, u32 hops
/// hops     per hop: u32 path (each link's hops in walk order)
/// readers  per path some walk has as a hop, in path order: u32 path, u32 first input, u32 inputs
/// inputs   per hop of a reader: u32 link record, u32 1 when the walk ended at that directory (link order)
/// sums     u64 checksum per 4 KiB block of every byte before them
/// u64 checksum of the header and the sums
/// ```
/// Paths are indices into `paths` (`none` = 0xffffffff). The readers index answers which links' walks read
/// a path or anything below a directory by binary searches, so a change reads the blocks it reaches and no
/// more. A tree whose resolutions are those of another tree already cached (a commit that moved no link)
/// gets an alias instead: `"PFALIAS\0"  u32 format  20-byte tree id  20-byte other tree id  u64 checksum`.
extension GraphCache {
    /// Bumped whenever the format or the meaning of a resolution changes (LinkResolver's rules).
    static let formatVersion: UInt32 = 4
    static let magic: [UInt8] = Array("PFGRAPH\0".utf8)
    static let aliasMagic: [UInt8] = Array("PFALIAS\0".utf8)
    static let none = UInt32.max

    /// The sections, in file order, and the size of one record of each.
    enum Section: Int, CaseIterable {
        case strings, paths, links, hops, readers, inputs, sums

        var recordSize: Int {
            switch self {
            case .strings: 1
            case .hops: 4
            case .paths, .inputs, .sums: 8
            case .readers: 12
            case .links: 24
            }
        }
    }

    static let blockSize = 4096
    /// Magic, format, max hops, tree id, block size, then (u32 offset, u32 count) per section.
    static let headerSize = 8 + 4 + 4 + 20 + 4 + 8 * Section.allCases.count
    static let blockSeed: UInt64 = 0x9e37_79b9_7f4a_7c15
    static let trailerSeed: UInt64 = 0xc2b2_ae3d_27d4_eb4f

    /// The file's bytes for `resolutions` of the tree `tree` (empty when too large for the format's offsets).
    static func encode(_ resolutions: [RepoPath: LinkResolution], tree: ObjectID) -> [UInt8] {
        var pathSet = Set<RepoPath>()
        pathSet.reserveCapacity(resolutions.count * 3)
        for (link, r) in resolutions {
            pathSet.insert(link)
            pathSet.formUnion(r.hops)
            if let target = r.target { pathSet.insert(target) }
            if let gitlink = outcomeCode(r.outcome).1 { pathSet.insert(gitlink) }
        }
        let paths = pathSet.sorted()
        var pathID: [RepoPath: UInt32] = [:]
        pathID.reserveCapacity(paths.count)
        for (i, p) in paths.enumerated() { pathID[p] = UInt32(i) }
        func id(_ p: RepoPath?) -> UInt32 { p.flatMap { pathID[$0] } ?? none }
        var body = [[UInt8]](repeating: [], count: Section.allCases.count)
        func put(_ section: Section, _ values: UInt32...) {
            for v in values { withUnsafeBytes(of: v.littleEndian) { body[section.rawValue].append(contentsOf: $0) } }
        }
        for p in paths {
            put(.paths, UInt32(truncatingIfNeeded: body[Section.strings.rawValue].count), UInt32(p.bytes.count))
            body[Section.strings.rawValue] += p.bytes
        }
        var readers: [UInt32: [(link: UInt32, isDirectory: UInt32)]] = [:]
        var hopCount = 0
        for (index, (link, r)) in resolutions.sorted(by: { $0.key < $1.key }).enumerated() {
            let (code, outcomePath) = outcomeCode(r.outcome)
            put(.links, id(link), UInt32(code), id(outcomePath), id(r.target), UInt32(hopCount), UInt32(r.hops.count))
            for (i, hop) in r.hops.enumerated() {
                put(.hops, id(hop))
                readers[id(hop), default: []].append((UInt32(index), r.endsAtDirectory(i) ? 1 : 0))
            }
            hopCount += r.hops.count
        }
        var inputCount = 0
        for path in readers.keys.sorted() {
            let inputs = readers[path] ?? []
            put(.readers, path, UInt32(inputCount), UInt32(inputs.count))
            for input in inputs { put(.inputs, input.link, input.isDirectory) }
            inputCount += inputs.count
        }
        return assemble(body, tree: tree) ?? []
    }

    /// The header, the sections, a checksum per block and the trailer over the header and the checksums.
    private static func assemble(_ body: [[UInt8]], tree: ObjectID) -> [UInt8]? {
        var fields = magic
        for v in [formatVersion, UInt32(LinkResolver.maxHops)] {
            withUnsafeBytes(of: v.littleEndian) { fields.append(contentsOf: $0) }
        }
        fields += tree.rawBytes
        withUnsafeBytes(of: UInt32(blockSize).littleEndian) { fields.append(contentsOf: $0) }
        return CheckedFile.assemble(
            fields: fields, sections: Section.allCases.dropLast().map { (body[$0.rawValue], $0.recordSize) },
            blockSize: blockSize, blockSum: { WordDigest.of($0, seed: blockSeed ^ UInt64($1)) },
            trailer: trailerSum)
    }

    /// The trailer: a digest of the header and the block checksums together.
    static func trailerSum(header: UnsafeRawBufferPointer, sums: UnsafeRawBufferPointer) -> UInt64 {
        (Array(header) + Array(sums)).withUnsafeBytes { WordDigest.of($0, seed: trailerSeed) }
    }

    /// The resolutions in `bytes`, or nil when they are not a complete, sound file of this format for `tree`.
    static func decode(_ bytes: [UInt8], tree: ObjectID) -> [RepoPath: LinkResolution]? {
        MappedGraphFile.reading(bytes, tree: tree)?.decodeAll()
    }

    /// The bytes of an alias: `tree` resolves as `other` does.
    static func encodeAlias(_ tree: ObjectID, of other: ObjectID) -> [UInt8] {
        var out = aliasMagic
        withUnsafeBytes(of: formatVersion.littleEndian) { out.append(contentsOf: $0) }
        out += tree.rawBytes + other.rawBytes
        withUnsafeBytes(of: out.withUnsafeBytes { checksum($0) }.littleEndian) { out.append(contentsOf: $0) }
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

    /// The code an outcome is stored as, and the path it carries (a submodule's gitlink).
    static func outcomeCode(_ outcome: LinkResolution.Outcome) -> (UInt8, RepoPath?) {
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

    /// The outcome stored as `code` with `path`, or nil when they name none.
    static func outcome(_ code: UInt32, _ path: RepoPath?) -> LinkResolution.Outcome? {
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

    /// The alias's checksum: catches truncation and stray bytes (not tampering; the file is only a cache).
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        WordDigest.of(bytes, seed: 0xcbf2_9ce4_8422_2325)
    }
}
