/// Strict UTF-8 validation of a TOML document before parsing (no overlong forms, surrogates or BOM).
enum TOMLUTF8 {
    /// Throws at the first byte that is not well-formed UTF-8, or at a byte order mark.
    static func validate(_ bytes: [UInt8]) throws(TOMLError) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            throw TOMLError(
                line: 1, column: 1,
                message: "a byte order mark is not allowed in toml; save the file as utf-8 without bom")
        }
        var line = 1
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte == 0x0A {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
                continue
            }
            let length = sequenceLength(bytes, at: index)
            guard length > 0 else {
                let hex = String(byte, radix: 16)
                throw TOMLError(
                    line: line, column: index - lineStart + 1,
                    message: "invalid utf-8 (byte 0x\(hex)); save the file as utf-8")
            }
            index += length
        }
    }

    /// The length of the well-formed sequence starting at `index`, or 0 where it is malformed.
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let (length, low, high): (Int, UInt8, UInt8)
        switch lead {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        default: return 0
        }
        guard index + length <= bytes.count, (low...high).contains(bytes[index + 1]) else { return 0 }
        for offset in 2..<max(length, 2) where !(0x80...0xBF).contains(bytes[index + offset]) { return 0 }
        return length
    }
}
