import Testing

@testable import Git

/// The split index's bitmaps decode as git's `ewah_each_bit` reads them, and a crafted one is refused, never
/// a trap.
@Suite struct EWAHBitmapTests {
    /// The encoded bitmap: bit count, word count, the words (big-endian), the last run-length word's position.
    static func encode(_ words: [UInt64], bits: UInt32 = 0) -> [UInt8] {
        func be32(_ v: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }
        var out = be32(bits) + be32(UInt32(words.count))
        for w in words { out += be32(UInt32(w >> 32)) + be32(UInt32(truncatingIfNeeded: w)) }
        return out + be32(0)
    }

    static func setBits(_ words: [UInt64], limit: Int) throws -> [Int]? {
        let bytes = encode(words)
        var offset = 0
        let bitmap = try EWAHBitmap(bytes, &offset)
        #expect(offset == bytes.count)
        return bitmap.setBits(limit: limit)
    }

    @Test func runsOfOnesAndLiteralWords_giveTheirPositions() throws {
        // A run of one word of ones, then one literal word with bits 0 and 5, then a run of one word of zeros and
        // a literal with bit 1.
        let words: [UInt64] = [1 | (1 << 1) | (1 << 33), 0b100001, (1 << 1) | (1 << 33), 0b10]
        #expect(try Self.setBits(words, limit: 1000) == Array(0..<64) + [64, 69, 64 * 3 + 1])
        #expect(try Self.setBits(words, limit: 64 * 3 + 1) == nil, "the last bit is past the entries")
    }

    @Test func hugeRunsOfZeros_andTruncatedOrOverlongBitmaps_areRefusedNotTrapped() throws {
        let zeros = UInt64(0xffff_ffff) << 1
        #expect(try Self.setBits(Array(repeating: zeros, count: 4096), limit: 10) == [])
        #expect(try Self.setBits(Array(repeating: zeros, count: 4096) + [(1 << 33), 1], limit: 10) == nil)
        #expect(try Self.setBits([1 | (UInt64(0xffff_ffff) << 1)], limit: 1 << 20) == nil)
        #expect(try Self.setBits([(5 << 33)], limit: 10) == nil, "literal words announced but missing")
        var offset = 0
        #expect(throws: IndexFormatError.self) { try EWAHBitmap(Array(Self.encode([1, 2]).dropLast(5)), &offset) }
    }
}
