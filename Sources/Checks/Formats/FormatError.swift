/// A file a parser cannot read: its name as given, the line when known, and why (lowercase, no full stop).
///
/// Formats knows nothing of configuration; a caller that parses a configuration file reports this as a
/// configuration problem (exit 2).
public struct FormatError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file's name as the caller gave it, e.g. `pyproject.toml`.
    public let file: String
    /// The 1-based line at fault, when it could be found.
    public let line: Int?
    /// What is wrong.
    public let message: String

    /// Creates an error.
    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `file:line: message`, or `file: message` when the line is unknown.
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }

    /// The text of `bytes`, or an error for bytes that are not UTF-8 or hold a NUL.
    public static func text(_ bytes: [UInt8], file: String) throws(FormatError) -> String {
        if let offset = firstInvalidUTF8Offset(bytes) {
            let hex = String(bytes[offset], radix: 16)
            throw FormatError(
                file: file, line: lineNumber(ofOffset: offset, in: bytes),
                message: "the file is not valid utf-8 (byte 0x\(hex) at offset \(offset)); save it as utf-8")
        }
        if let offset = bytes.firstIndex(of: 0) {
            throw FormatError(
                file: file, line: lineNumber(ofOffset: offset, in: bytes),
                message: "the file contains a nul byte; remove it")
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// The offset of the first byte that does not start a valid UTF-8 sequence, or nil when all are valid.
package func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
    var i = 0
    while i < bytes.count {
        let c = bytes[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xbf
        switch c {
        case 0x00...0x7f:
            i += 1
            continue
        case 0xc2...0xdf: length = 2
        case 0xe0:
            length = 3
            low = 0xa0
        case 0xe1...0xec, 0xee...0xef: length = 3
        case 0xed:
            length = 3
            high = 0x9f
        case 0xf0:
            length = 4
            low = 0x90
        case 0xf1...0xf3: length = 4
        case 0xf4:
            length = 4
            high = 0x8f
        default: return i
        }
        guard i + length <= bytes.count, (low...high).contains(bytes[i + 1]) else { return i }
        for k in 2..<length where bytes[i + k] & 0xc0 != 0x80 { return i }
        i += length
    }
    return nil
}

/// The 1-based line holding byte `offset`.
package func lineNumber(ofOffset offset: Int, in bytes: [UInt8]) -> Int {
    1 + bytes[..<offset].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
}
