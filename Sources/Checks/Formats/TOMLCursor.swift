/// A forward-only position in a TOML document's bytes that knows its line and column.
struct TOMLCursor {
    let bytes: [UInt8]
    private(set) var position = 0
    private(set) var line = 1
    private var lineStart = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The 1-based byte column of the current position.
    var column: Int { position - lineStart + 1 }
    var atEnd: Bool { position >= bytes.count }
    /// The byte at the position, or nil at the end.
    var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    /// The byte `offset` places ahead, or nil past the end.
    func peek(_ offset: Int) -> UInt8? {
        let at = position + offset
        return at < bytes.count ? bytes[at] : nil
    }

    /// Moves past `count` bytes on the current line.
    mutating func advance(_ count: Int = 1) { position = min(position + count, bytes.count) }

    /// Moves past one newline (`\n` or `\r\n`) if one is here; false otherwise.
    mutating func consumeNewline() -> Bool {
        let length = current == 0x0A ? 1 : (current == 0x0D && peek(1) == 0x0A ? 2 : 0)
        guard length > 0 else { return false }
        position += length
        line += 1
        lineStart = position
        return true
    }

    /// Skips spaces and tabs.
    mutating func skipBlanks() {
        while let byte = current, byte == 0x20 || byte == 0x09 { position += 1 }
    }

    /// An error at the current position.
    func error(_ message: String) -> TOMLError { TOMLError(line: line, column: column, message: message) }

    /// An error at `line` and `column`.
    func error(_ message: String, line: Int, column: Int) -> TOMLError {
        TOMLError(line: line, column: column, message: message)
    }

    /// The current byte as a message shows it (`'['`, `a newline`, `the end of the document`).
    var found: String {
        guard let byte = current else { return "the end of the document" }
        switch byte {
        case 0x0A: return "a newline"
        case 0x0D: return peek(1) == 0x0A ? "a newline" : "a carriage return"
        case 0x09: return "a tab"
        case 0x27: return "\"'\""
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x20: return "a space"
        default: return "byte 0x" + String(byte, radix: 16)
        }
    }

    /// Skips a comment from `#` to the end of the line, refusing control characters in it.
    mutating func skipComment() throws(TOMLError) {
        guard current == 0x23 else { return }
        position += 1
        while let byte = current, byte != 0x0A {
            if byte == 0x0D, peek(1) == 0x0A { return }
            if TOMLCursor.isControl(byte) {
                throw error("control character \(found) is not allowed in a comment")
            }
            position += 1
        }
    }

    /// Skips blanks and a comment, then requires a newline or the end of the document.
    mutating func finishLine(after what: String) throws(TOMLError) {
        skipBlanks()
        try skipComment()
        if atEnd || consumeNewline() { return }
        throw error("expected a newline or a comment after \(what), found \(found)")
    }

    /// A control character that TOML allows neither in strings nor in comments (tab excepted).
    static func isControl(_ byte: UInt8) -> Bool { (byte < 0x20 && byte != 0x09) || byte == 0x7F }
}
