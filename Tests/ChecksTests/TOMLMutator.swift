/// A seeded generator of small damage to TOML documents: bytes and lines deleted, inserted, duplicated,
/// swapped, brackets exchanged, lines spliced in from another document.
struct TOMLMutator {
    private var state: UInt64
    private let donors: [[UInt8]]

    init(seed: UInt64, donors: [[UInt8]]) {
        state = seed
        self.donors = donors
    }

    /// SplitMix64: the same sequence for the same seed on every machine.
    private mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private mutating func below(_ bound: Int) -> Int { bound <= 0 ? 0 : Int(next() % UInt64(bound)) }

    private static let interesting = Array("[]{}=,.\"'#\n\r\t 01_-+:exTZ\\abu".utf8)
    private static let brackets = Array("[]{}".utf8)

    /// `document` with one to three mutations.
    mutating func mutate(_ document: [UInt8]) -> [UInt8] {
        var bytes = document
        for _ in 0...below(3) { mutateOnce(&bytes) }
        return bytes
    }

    private mutating func mutateOnce(_ bytes: inout [UInt8]) {
        let at = below(bytes.count + 1)
        let byteAt = min(at, max(bytes.count - 1, 0))
        switch below(10) {
        case 0 where !bytes.isEmpty: bytes.remove(at: byteAt)
        case 1: bytes.insert(Self.interesting[below(Self.interesting.count)], at: at)
        case 2: bytes.insert(UInt8(truncatingIfNeeded: next()), at: at)
        case 3 where !bytes.isEmpty: bytes.insert(bytes[byteAt], at: byteAt)
        case 4 where !bytes.isEmpty: bytes[byteAt] = Self.interesting[below(Self.interesting.count)]
        case 7:
            if let index = bytes[at...].firstIndex(where: Self.brackets.contains) {
                bytes[index] = Self.brackets[below(Self.brackets.count)]
            }
        default: mutateLines(&bytes)
        }
    }

    private mutating func mutateLines(_ bytes: inout [UInt8]) {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let at = below(lines.count)
        switch below(4) {
        case 0 where lines.count > 1: lines.remove(at: at)
        case 1: lines.insert(lines[at], at: at)
        case 2 where lines.count > 1: lines.swapAt(at, below(lines.count))
        default:
            let donor = donors[below(donors.count)].split(separator: 0x0A, omittingEmptySubsequences: false)
            lines.insert(Array(donor[below(donor.count)]), at: at)
        }
        bytes = Array(lines.joined(separator: [0x0A]))
    }
}
