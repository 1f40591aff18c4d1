/// Why bytes are not text: the first NUL byte or invalid UTF-8 sequence, whichever comes first.
///
/// A binary file read as lines gives one complaint per line; readers ask this first and say it once.
public struct NotText: Sendable, Equatable {
    /// The 1-based line holding the offending byte.
    public let line: Int
    /// The offending byte's offset in the file.
    public let offset: Int
    /// Lowercase, no full stop: `a nul byte at offset 12`, `not valid utf-8 (byte 0xe9 at offset 37)`.
    public let message: String

    /// Nil when `bytes` are UTF-8 holding no NUL byte.
    public init?(_ bytes: [UInt8]) {
        let invalid = firstInvalidUTF8Offset(bytes)
        let nul = bytes.firstIndex(of: 0)
        guard let offset = [invalid, nul].compactMap({ $0 }).min() else { return nil }
        self.offset = offset
        line = lineNumber(ofOffset: offset, in: bytes)
        message =
            offset == nul
            ? "a nul byte at offset \(offset)"
            : "not valid utf-8 (byte 0x\(String(bytes[offset], radix: 16)) at offset \(offset))"
    }
}
