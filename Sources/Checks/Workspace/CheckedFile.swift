import Foundation

/// A cache file's bytes (mapped read-only, or a copy in memory) read in place and checked block by block.
///
/// The file's own format checks its header and the layout of its sections when opening (`Layout`): every section
/// follows the one before, and one checksum covers the header and the table of block checksums. Each read here is
/// then bounds-checked, and the blocks it touches are checked against that table on first use. A failed check
/// marks the file damaged (its readers throw their answers away) and runs the format's `onDamage` once.
final class CheckedFile {
    /// What a format found sound when opening: its sections, which of them holds the strings and which the block
    /// checksums, and how blocks are summed.
    struct Layout {
        /// Offset, record count and record size of each section, in file order; the last one the checksums.
        var sections: [(offset: Int, count: Int, recordSize: Int)]
        /// The section that string records (`u32` start, `u32` length) point into.
        var strings: Int
        var blockSize: Int
        /// The checksum of one block's bytes, given its number.
        var blockSum: (UnsafeRawBufferPointer, Int) -> UInt64
        /// Run once, the first time a read finds the file damaged.
        var onDamage: () -> Void = {}
    }

    private let buf: UnsafeRawBufferPointer
    private let release: (UnsafeRawBufferPointer) -> Void
    private let layout: Layout
    /// The end of the bytes the block checksums cover (where the checksum table starts).
    private let dataEnd: Int
    private var verified: [Bool]
    /// True once a read found a block whose checksum does not match, or a value out of bounds.
    private(set) var damaged = false

    /// The file at `path` mapped, or nil when it is missing, shorter than `minimumSize`, not a regular file, or
    /// not sound by `opening` (which checks the header and gives the layout).
    static func map(_ path: String, minimumSize: Int, _ opening: (UnsafeRawBufferPointer) -> Layout?) -> CheckedFile? {
        guard let file = MappedBytes.map(path), file.bytes.count >= minimumSize else { return nil }
        // The mapping lives as long as the release closure, which the file keeps until it goes.
        return CheckedFile(file.bytes, opening) { _ in withExtendedLifetime(file) {} }
    }

    /// A copy of `bytes` read as a file, or nil when `opening` does not find them sound.
    static func reading(_ bytes: [UInt8], _ opening: (UnsafeRawBufferPointer) -> Layout?) -> CheckedFile? {
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        copy.copyBytes(from: bytes)
        return CheckedFile(UnsafeRawBufferPointer(rebasing: copy[..<bytes.count]), opening) {
            UnsafeMutableRawPointer(mutating: $0.baseAddress)?.deallocate()
        }
    }

    private init?(
        _ buf: UnsafeRawBufferPointer, _ opening: (UnsafeRawBufferPointer) -> Layout?,
        release: @escaping (UnsafeRawBufferPointer) -> Void
    ) {
        guard let layout = opening(buf), let sums = layout.sections.last else {
            release(buf)
            return nil
        }
        self.buf = buf
        self.release = release
        self.layout = layout
        dataEnd = sums.offset
        verified = Array(repeating: false, count: sums.count)
    }

    deinit { release(buf) }

    /// A file's bytes: `fields` (the format's magic and header fields), each section's offset and record count,
    /// the sections' bytes, the checksum section (one sum per block of everything before it) and the trailer
    /// over the header and the checksums. Nil when the file would be too large for `u32` offsets.
    static func assemble(
        fields: [UInt8], sections: [(bytes: [UInt8], recordSize: Int)], blockSize: Int,
        blockSum: (UnsafeRawBufferPointer, Int) -> UInt64,
        trailer: (_ header: UnsafeRawBufferPointer, _ sums: UnsafeRawBufferPointer) -> UInt64
    ) -> [UInt8]? {
        let headerSize = fields.count + 8 * (sections.count + 1)
        let dataEnd = headerSize + sections.reduce(0) { $0 + $1.bytes.count }
        let blocks = (dataEnd + blockSize - 1) / blockSize
        guard dataEnd + blocks * 8 + 8 <= Int(UInt32.max) else { return nil }
        var out = fields
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        var offset = headerSize
        for section in sections {
            u32(offset)
            u32(section.bytes.count / section.recordSize)
            offset += section.bytes.count
        }
        u32(offset)
        u32(blocks)
        let header = out
        out.reserveCapacity(dataEnd + blocks * 8 + 8)
        for section in sections { out += section.bytes }
        var sums: [UInt8] = []
        out.withUnsafeBytes { buf in
            for block in 0..<blocks {
                let range = (block * blockSize)..<min((block + 1) * blockSize, dataEnd)
                withUnsafeBytes(of: blockSum(UnsafeRawBufferPointer(rebasing: buf[range]), block).littleEndian) {
                    sums.append(contentsOf: $0)
                }
            }
        }
        out += sums
        let sealed = header.withUnsafeBytes { h in sums.withUnsafeBytes { trailer(h, $0) } }
        withUnsafeBytes(of: sealed.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    /// The sections of `buf`, a file `assemble` wrote with `fieldsSize` bytes of header fields and sections of
    /// `recordSizes` (the checksum section's last): nil unless they follow each other exactly up to the trailer,
    /// the checksum section holds one sum per block, and the trailer matches.
    static func sections(
        _ buf: UnsafeRawBufferPointer, fieldsSize: Int, recordSizes: [Int], blockSize: Int,
        trailer: (_ header: UnsafeRawBufferPointer, _ sums: UnsafeRawBufferPointer) -> UInt64
    ) -> [(offset: Int, count: Int, recordSize: Int)]? {
        let headerSize = fieldsSize + 8 * recordSizes.count
        guard buf.count >= headerSize + 8 else { return nil }
        func u32(_ at: Int) -> Int { Int(UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        var result: [(offset: Int, count: Int, recordSize: Int)] = []
        var expected = headerSize
        for (i, recordSize) in recordSizes.enumerated() {
            let (offset, count) = (u32(fieldsSize + 8 * i), u32(fieldsSize + 8 * i + 4))
            guard offset == expected else { return nil }
            result.append((offset, count, recordSize))
            expected += count * recordSize
        }
        guard let sums = result.last, sums.count == (sums.offset + blockSize - 1) / blockSize, expected + 8 == buf.count
        else { return nil }
        let header = UnsafeRawBufferPointer(rebasing: buf[..<headerSize])
        let sealed = trailer(header, UnsafeRawBufferPointer(rebasing: buf[sums.offset..<expected]))
        guard sealed == UInt64(littleEndian: buf.loadUnaligned(fromByteOffset: expected, as: UInt64.self)) else {
            return nil
        }
        return result
    }

    /// The number of records in section `section`.
    func count(_ section: Int) -> Int { layout.sections[section].count }

    /// Field `field` (a `u32`) of record `index` of section `section`; nil (and the file damaged) when out of
    /// bounds or in a block whose checksum does not match.
    func field(_ section: Int, _ index: Int, _ field: Int) -> UInt32? {
        let (offset, count, recordSize) = layout.sections[section]
        guard index >= 0, index < count, field >= 0, (field + 1) * 4 <= recordSize else { return fail() }
        let at = offset + index * recordSize + field * 4
        guard check(at, 4) else { return nil }
        return UInt32(littleEndian: buf.loadUnaligned(fromByteOffset: at, as: UInt32.self))
    }

    /// The bytes string record `index` of section `section` names in the strings section, checked.
    func string(_ section: Int, _ index: Int) -> UnsafeRawBufferPointer? {
        guard let start = field(section, index, 0), let length = field(section, index, 1) else { return nil }
        let strings = layout.sections[layout.strings]
        guard Int(start) + Int(length) <= strings.count * strings.recordSize else { return fail() }
        let at = strings.offset + Int(start)
        guard check(at, Int(length)) else { return nil }
        return UnsafeRawBufferPointer(rebasing: buf[at..<(at + Int(length))])
    }

    /// Byte order of a path read in a file and a path's bytes, as `memcmp` then length: negative, zero or positive.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Int {
        let n = min(a.count, b.count)
        let c = b.withUnsafeBytes { pb -> Int32 in
            guard n > 0, let pa = a.baseAddress, let pb = pb.baseAddress else { return 0 }
            return memcmp(pa, pb, n)
        }
        if c != 0 { return Int(c) }
        return a.count < b.count ? -1 : (a.count > b.count ? 1 : 0)
    }

    /// Checks every block: true when the whole file is sound.
    func checkAll() -> Bool { check(0, dataEnd) }

    /// Marks the file damaged and returns nil.
    func fail<T>() -> T? {
        _ = damage()
        return nil
    }

    /// Checks the blocks holding `count` bytes from `at`.
    private func check(_ at: Int, _ count: Int) -> Bool {
        guard !damaged, at >= 0, count >= 0, at + count <= dataEnd else { return damage() }
        guard count > 0 else { return true }
        let size = layout.blockSize
        for block in (at / size)...((at + count - 1) / size) where !verified[block] {
            let range = (block * size)..<min((block + 1) * size, dataEnd)
            let sum = layout.blockSum(UnsafeRawBufferPointer(rebasing: buf[range]), block)
            let kept = buf.loadUnaligned(fromByteOffset: dataEnd + block * 8, as: UInt64.self)
            guard sum == UInt64(littleEndian: kept) else { return damage() }
            verified[block] = true
        }
        return true
    }

    private func damage() -> Bool {
        if !damaged { layout.onDamage() }
        damaged = true
        return false
    }
}
