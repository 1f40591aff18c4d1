import Foundation

/// A graph cache file mapped read-only and read in place (the layout is in `GraphCache+Format`).
///
/// Opening checks the header, that the sections follow each other exactly up to the file's size, and one
/// checksum over the header and the table of block checksums. A read is bounds-checked, and the 4 KiB blocks
/// it touches are checked against their checksums on first use; a failed check marks the file damaged (its
/// answers are then thrown away by the reader, and the file removed so the next run writes it again).
final class MappedGraphFile {
    typealias Section = GraphCache.Section
    private let buf: UnsafeRawBufferPointer
    private let release: (UnsafeRawBufferPointer) -> Void
    /// The file on disk, removed once found damaged; nil for bytes read in memory.
    private let path: String?
    private var verified: [Bool]
    /// Offset and record count of each section.
    private let sections: [(offset: Int, count: Int)]
    /// The end of the bytes the block checksums cover (where the checksum table starts).
    private let dataEnd: Int
    /// Paths decoded so far, by index.
    private var paths: [Int: RepoPath] = [:]
    /// True once a read found a block whose checksum does not match, or a value out of bounds.
    private(set) var damaged = false

    /// The file at `path` mapped, or nil when it is missing or not a sound file of this format for `tree`.
    static func map(_ path: String, tree: ObjectID) -> MappedGraphFile? {
        // Not a link, not a FIFO (that would hang), a regular file: anything else is a miss, rewritten.
        guard let opened = try? RegularFile.open(path) else { return nil }
        let (fd, size) = opened
        defer { close(fd) }
        guard size >= GraphCache.headerSize + 8 else { return nil }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else { return nil }
        return MappedGraphFile(UnsafeRawBufferPointer(start: map, count: size), tree: tree, path: path) {
            munmap(UnsafeMutableRawPointer(mutating: $0.baseAddress), $0.count)
        }
    }

    /// A copy of `bytes` read as a file, or nil when they are not a sound file.
    static func reading(_ bytes: [UInt8], tree: ObjectID) -> MappedGraphFile? {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        copy.copyBytes(from: bytes)
        return MappedGraphFile(UnsafeRawBufferPointer(rebasing: copy[..<bytes.count]), tree: tree, path: nil) {
            UnsafeMutableRawPointer(mutating: $0.baseAddress)?.deallocate()
        }
    }

    private init?(
        _ buf: UnsafeRawBufferPointer, tree: ObjectID, path: String?,
        release: @escaping (UnsafeRawBufferPointer) -> Void
    ) {
        guard let layout = MappedGraphFile.layout(buf, tree: tree) else {
            release(buf)
            return nil
        }
        self.buf = buf
        self.release = release
        self.path = path
        sections = layout
        dataEnd = layout[Section.sums.rawValue].offset
        verified = Array(repeating: false, count: layout[Section.sums.rawValue].count)
    }

    deinit { release(buf) }

    /// The sections of a sound header, or nil.
    private static func layout(_ buf: UnsafeRawBufferPointer, tree: ObjectID) -> [(offset: Int, count: Int)]? {
        let header = GraphCache.headerSize
        guard buf.count >= header + 8, buf.starts(with: GraphCache.magic) else { return nil }
        func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        guard u32(8) == GraphCache.formatVersion, u32(12) == LinkResolver.maxHops, ObjectID(bytes: buf, at: 16) == tree,
            u32(36) == GraphCache.blockSize
        else { return nil }
        var result: [(offset: Int, count: Int)] = []
        var expected = header
        for section in Section.allCases {
            let (offset, count) = (u32(40 + 8 * section.rawValue), u32(44 + 8 * section.rawValue))
            guard offset == expected else { return nil }
            result.append((offset, count))
            expected += count * section.recordSize
        }
        let sums = result[Section.sums.rawValue]
        guard sums.count == (sums.offset + GraphCache.blockSize - 1) / GraphCache.blockSize, expected + 8 == buf.count
        else { return nil }
        var sealed = Array(UnsafeRawBufferPointer(rebasing: buf[..<header]))
        sealed += UnsafeRawBufferPointer(rebasing: buf[sums.offset..<expected])
        let trailer = sealed.withUnsafeBytes { WordDigest.of($0, seed: GraphCache.trailerSeed) }
        guard trailer == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: expected, as: UInt64.self)) else {
            return nil
        }
        return result
    }

    /// The number of records in `section`.
    func count(_ section: Section) -> Int { sections[section.rawValue].count }

    /// Field `field` (a `u32`) of record `index` of `section`; nil (and the file damaged) when out of bounds
    /// or in a block whose checksum does not match.
    func field(_ section: Section, _ index: Int, _ field: Int) -> UInt32? {
        let (offset, count) = sections[section.rawValue]
        guard index >= 0, index < count, field >= 0, (field + 1) * 4 <= section.recordSize else { return fail() }
        let at = offset + index * section.recordSize + field * 4
        guard check(at, 4) else { return nil }
        return UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    /// The bytes of path `index`, checked.
    func pathBytes(_ index: Int) -> UnsafeRawBufferPointer? {
        guard let start = field(.paths, index, 0), let length = field(.paths, index, 1) else { return nil }
        let (offset, count) = sections[Section.strings.rawValue]
        guard Int(start) + Int(length) <= count else { return fail() }
        let at = offset + Int(start)
        guard check(at, Int(length)) else { return nil }
        return UnsafeRawBufferPointer(rebasing: buf[at..<(at + Int(length))])
    }

    /// Path `index` (`none` is `.some(nil)`), or nil when it cannot be read.
    func path(_ index: UInt32) -> RepoPath?? {
        if index == GraphCache.none { return .some(nil) }
        if let known = paths[Int(index)] { return known }
        guard let bytes = pathBytes(Int(index)) else { return nil }
        let path = RepoPath(trusted: Array(bytes))
        paths[Int(index)] = path
        return path
    }

    /// Checks every block: true when the whole file is sound.
    func checkAll() -> Bool { check(0, dataEnd) }

    /// Checks the blocks holding `count` bytes from `at`.
    private func check(_ at: Int, _ count: Int) -> Bool {
        guard !damaged, at >= 0, count >= 0, at + count <= dataEnd else { return damage() }
        guard count > 0 else { return true }
        let size = GraphCache.blockSize
        for block in (at / size)...((at + count - 1) / size) where !verified[block] {
            let range = (block * size)..<min((block + 1) * size, dataEnd)
            let sum = WordDigest.of(
                UnsafeRawBufferPointer(rebasing: buf[range]), seed: GraphCache.blockSeed ^ UInt64(block))
            guard sum == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: dataEnd + block * 8, as: UInt64.self))
            else { return damage() }
            verified[block] = true
        }
        return true
    }

    /// Marks the file damaged and returns nil.
    func fail<T>() -> T? {
        _ = damage()
        return nil
    }

    private func damage() -> Bool {
        if !damaged, let path {
            Trace.mark("graph cache file damaged, removed")
            unlink(path)
        }
        damaged = true
        return false
    }
}
