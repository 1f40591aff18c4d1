import Foundation

/// An import graph file mapped read-only and read in place.
///
/// Opening checks the header, that the sections follow each other exactly up to the file's size, and one
/// checksum over the header and the table of block checksums; the data is then trusted block by block: every
/// read is bounds-checked and the 1 KiB blocks it touches are checked against their checksums on first use.
/// A failed check marks the file damaged, and a reader of a damaged file throws its answers away.
final class MappedImportFile {
    typealias Section = ImportGraphCache.Section
    private let buf: UnsafeRawBufferPointer
    private let release: (UnsafeRawBufferPointer) -> Void
    private var verified: [Bool]
    /// Offset and record count of each section.
    private let sections: [(Int, Int)]
    /// The end of the bytes the block checksums cover (where the checksum table starts).
    private let dataEnd: Int
    /// True once a read found a block whose checksum does not match, or an offset out of bounds.
    private(set) var damaged = false

    /// The file at `path` mapped, or nil when it is missing or not a sound file of this format for `tree`
    /// and `context`.
    static func map(_ path: String, tree: ObjectID, context: UInt64) -> MappedImportFile? {
        // Not a link, not a FIFO (that would hang), a regular file: anything else is a miss, rewritten.
        guard let opened = try? RegularFile.open(path) else { return nil }
        let (fd, size) = opened
        defer { close(fd) }
        guard size > 0 else { return nil }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else { return nil }
        return MappedImportFile(UnsafeRawBufferPointer(start: map, count: size), tree: tree, context: context) {
            munmap(UnsafeMutableRawPointer(mutating: $0.baseAddress), $0.count)
        }
    }

    /// A copy of `bytes` read as a file (for tests), or nil when they are not a sound file.
    static func reading(_ bytes: [UInt8], tree: ObjectID, context: UInt64) -> MappedImportFile? {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        copy.copyBytes(from: bytes)
        return MappedImportFile(UnsafeRawBufferPointer(rebasing: copy[..<bytes.count]), tree: tree, context: context) {
            UnsafeMutableRawPointer(mutating: $0.baseAddress)?.deallocate()
        }
    }

    private init?(
        _ buf: UnsafeRawBufferPointer, tree: ObjectID, context: UInt64,
        release: @escaping (UnsafeRawBufferPointer) -> Void
    ) {
        guard let layout = MappedImportFile.layout(buf, tree: tree, context: context) else {
            release(buf)
            return nil
        }
        self.buf = buf
        self.release = release
        sections = layout
        dataEnd = layout[Section.sums.rawValue].0
        verified = Array(repeating: false, count: layout[Section.sums.rawValue].1)
    }

    deinit { release(buf) }

    /// The sections of a sound header, or nil.
    private static func layout(_ buf: UnsafeRawBufferPointer, tree: ObjectID, context: UInt64) -> [(Int, Int)]? {
        let header = ImportGraphCache.headerSize
        guard buf.count >= header + 8, buf.starts(with: ImportGraphCache.magic) else { return nil }
        func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        let contextAt = ImportGraphCache.magic.count + 28
        guard u32(8) == ImportGraphCache.formatVersion, u32(12) == ImportGraphCache.blockSize,
            ObjectID(bytes: buf, at: 16) == tree,
            UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: contextAt, as: UInt64.self)) == context
        else { return nil }
        var result: [(Int, Int)] = []
        var expected = header
        for section in Section.allCases {
            let at = contextAt + 8 + 8 * section.rawValue
            let (offset, count) = (u32(at), u32(at + 4))
            guard offset == expected else { return nil }
            result.append((offset, count))
            expected += count * section.recordSize
        }
        let sums = result[Section.sums.rawValue]
        let slots = result[Section.slots.rawValue].1
        guard sums.1 == (sums.0 + ImportGraphCache.blockSize - 1) / ImportGraphCache.blockSize,
            expected + 8 == buf.count, slots & (slots &- 1) == 0,
            result[Section.records.rawValue].1 == result[Section.paths.rawValue].1
        else { return nil }
        let trailer = ImportGraphCache.trailerSum(
            header: UnsafeRawBufferPointer(rebasing: buf[..<header]),
            sums: UnsafeRawBufferPointer(rebasing: buf[sums.0..<expected]))
        guard trailer == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: expected, as: UInt64.self)) else {
            return nil
        }
        return result
    }

    /// The number of records in `section`.
    func count(_ section: Section) -> Int { sections[section.rawValue].1 }

    /// Field `field` (a `u32`) of record `index` of `section`; nil (and the file damaged) when out of bounds
    /// or in a block whose checksum does not match.
    func field(_ section: Section, _ index: Int, _ field: Int) -> UInt32? {
        let (offset, count) = sections[section.rawValue]
        guard index >= 0, index < count, field >= 0, (field + 1) * 4 <= section.recordSize else { return fail() }
        let at = offset + index * section.recordSize + field * 4
        guard check(at, 4) else { return nil }
        return UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    /// The bytes of string `index` of `section` (paths, modules or roots), checked.
    func string(_ section: Section, _ index: Int) -> UnsafeRawBufferPointer? {
        guard let start = field(section, index, 0), let length = field(section, index, 1) else { return nil }
        let (offset, count) = sections[Section.strings.rawValue]
        guard Int(start) + Int(length) <= count else { return fail() }
        let at = offset + Int(start)
        guard check(at, Int(length)) else { return nil }
        return UnsafeRawBufferPointer(rebasing: buf[at..<(at + Int(length))])
    }

    /// Checks every block: true when the whole file is sound.
    func checkAll() -> Bool { check(0, dataEnd) }

    /// Checks the blocks holding `count` bytes from `at`.
    private func check(_ at: Int, _ count: Int) -> Bool {
        guard !damaged, at >= 0, count >= 0, at + count <= dataEnd else { return damage() }
        guard count > 0 else { return true }
        let size = ImportGraphCache.blockSize
        for block in (at / size)...((at + count - 1) / size) where !verified[block] {
            let range = (block * size)..<min((block + 1) * size, dataEnd)
            let sum = ImportGraphCache.blockSum(UnsafeRawBufferPointer(rebasing: buf[range]), block: block)
            let kept = buf.loadUnaligned(fromByteOffset: dataEnd + block * 8, as: UInt64.self)
            guard sum == UInt64(littleEndian: kept) else { return damage() }
            verified[block] = true
        }
        return true
    }

    private func fail<T>() -> T? {
        damaged = true
        return nil
    }

    private func damage() -> Bool {
        damaged = true
        return false
    }
}
