@testable import Model

/// Recomputes the checksums of an import graph file (ImportGraphCache's layout): each block's sum in the
/// sums section, then the trailer over the header and the sums. Bytes whose header places no sums section
/// inside the file are returned as they are.
enum ImportGraphSeal {
    /// `bytes` with every checksum the reader checks made right.
    static func sealed(_ bytes: [UInt8]) -> [UInt8] {
        typealias Cache = ImportGraphCache
        let header = Cache.headerSize
        guard bytes.count >= header + 8 else { return bytes }
        var out = bytes
        func u32(_ at: Int) -> Int {
            out.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt32.self))) }
        }
        let entry = header - 8 * Cache.Section.allCases.count + 8 * Cache.Section.sums.rawValue
        let (offset, count) = (u32(entry), u32(entry + 4))
        let end = offset + 8 * count
        guard offset >= header, count <= (bytes.count - offset) / 8, end + 8 == bytes.count else { return bytes }
        for block in 0..<count {
            let range = min(block * Cache.blockSize, offset)..<min((block + 1) * Cache.blockSize, offset)
            let sum = out.withUnsafeBytes {
                Cache.blockSum(UnsafeRawBufferPointer(rebasing: $0[range]), block: block)
            }
            write(sum, at: offset + 8 * block, into: &out)
        }
        let trailer = out.withUnsafeBytes {
            Cache.trailerSum(
                header: UnsafeRawBufferPointer(rebasing: $0[..<header]),
                sums: UnsafeRawBufferPointer(rebasing: $0[offset..<end]))
        }
        write(trailer, at: end, into: &out)
        return out
    }

    /// Writes `value` little-endian at `offset`.
    static func write(_ value: UInt64, at offset: Int, into bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<(offset + 8), with: $0) }
    }
}
