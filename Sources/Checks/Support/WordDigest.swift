/// A fast 64-bit digest of bytes, a word at a time: every step is a bijection of the running value and the
/// length is mixed in, so one changed word or a truncation changes it. Not cryptographic, not seeded: for
/// hashing paths in memory and checksumming cache files, never for anything an attacker must not forge.
package enum WordDigest {
    package static func of(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        let prime: UInt64 = 0x0000_0100_0000_01b3
        var h = seed ^ UInt64(bytes.count)
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))) &* prime
            h ^= h >> 32
            i += 8
        }
        while i < bytes.count {
            h = (h ^ UInt64(bytes[i])) &* prime
            i += 1
        }
        return h
    }
}
