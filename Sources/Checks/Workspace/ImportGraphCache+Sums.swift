/// The checksums of an import graph file: one per block, and the trailer over the header and those.
extension ImportGraphCache {
    /// The checksum of block `block`, its bytes `bytes`.
    static func blockSum(_ bytes: UnsafeRawBufferPointer, block: Int) -> UInt64 {
        laneDigest(bytes, seed: blockSeed ^ UInt64(block))
    }

    /// The trailer: the header's digest seeding the block checksums' (read where they lie, not copied).
    static func trailerSum(header: UnsafeRawBufferPointer, sums: UnsafeRawBufferPointer) -> UInt64 {
        laneDigest(sums, seed: WordDigest.of(header, seed: trailerSeed))
    }

    /// `WordDigest`'s step on four lanes of 8-byte words taken in turn, folded together with the tail, so the
    /// lanes' multiplications overlap.
    static func laneDigest(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01b3
        var (a, b, c, d) = (seed ^ UInt64(bytes.count), ~seed, seed &* prime, seed ^ 0x9e37_79b9_7f4a_7c15)
        func step(_ h: inout UInt64, _ at: Int) {
            h = (h ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self))) &* prime
            h ^= h >> 32
        }
        var i = 0
        while i + 32 <= bytes.count {
            step(&a, i)
            step(&b, i + 8)
            step(&c, i + 16)
            step(&d, i + 24)
            i += 32
        }
        var h = a
        func fold(_ lane: UInt64) {
            h = (h ^ lane) &* prime
            h ^= h >> 32
        }
        fold(b)
        fold(c)
        fold(d)
        return WordDigest.of(UnsafeRawBufferPointer(rebasing: bytes[i...]), seed: h)
    }
}
