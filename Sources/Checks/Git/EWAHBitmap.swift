/// A compressed bitmap as git writes it in a split index's `link` extension (git's `ewah/ewah_io.c`): a bit
/// count, a count of 64-bit words, the words, and the position of the last run-length word.
///
/// Each run-length word holds a running bit (bit 0), a count of 64-bit words all of that bit (bits 1–32) and
/// a count of literal words that follow it (bits 33–63); a literal word's bits are read from the lowest.
struct EWAHBitmap {
    private let words: [UInt64]

    /// Decodes the bitmap at `offset` of `bytes`, which moves past it; throws when it is truncated.
    init(_ bytes: [UInt8], _ offset: inout Int) throws(IndexFormatError) {
        func be32(_ at: Int) -> Int {
            Int(bytes[at]) << 24 | Int(bytes[at + 1]) << 16 | Int(bytes[at + 2]) << 8 | Int(bytes[at + 3])
        }
        guard offset + 8 <= bytes.count else { throw IndexFormatError("a bitmap of the link extension is truncated") }
        let count = be32(offset + 4)
        guard count <= (bytes.count - offset - 12) / 8 else {
            throw IndexFormatError("a bitmap of the link extension is truncated")
        }
        var words: [UInt64] = []
        words.reserveCapacity(count)
        for w in 0..<count {
            let at = offset + 8 + 8 * w
            words.append(UInt64(be32(at)) << 32 | UInt64(be32(at + 4)))
        }
        self.words = words
        offset += 8 + 8 * count + 4
    }

    /// The positions of the set bits, in increasing order (git's `ewah_each_bit`); nil when a bit at or past
    /// `limit` is set (git stops there: the shared index has no such entry) or the words end inside a run.
    func setBits(limit: Int) -> [Int]? {
        var result: [Int] = []
        var position = 0
        var pointer = 0
        while pointer < words.count {
            let word = words[pointer]
            let running = Int((word >> 1) & 0xffff_ffff) * 64
            if word & 1 != 0 {
                guard position + running <= limit else { return nil }
                result += position..<(position + running)
            }
            // Past `limit` only clear bits may follow: the position stops there, so no count can overflow it.
            position = min(position + running, limit + 1)
            pointer += 1
            let literals = Int(word >> 33)
            for _ in 0..<literals {
                guard pointer < words.count else { return nil }
                var bits = words[pointer]
                while bits != 0 {
                    let bit = bits.trailingZeroBitCount
                    guard position + bit < limit else { return nil }
                    result.append(position + bit)
                    bits &= bits - 1
                }
                position = min(position + 64, limit + 1)
                pointer += 1
            }
        }
        return result
    }
}
