/// One token of Python source, as far as import statements care: names, dots and punctuation.
///
/// Strings (every prefix, triple-quoted), comments and numbers are skipped as `other`, so text inside them
/// is never read as code. Newlines inside brackets and after a backslash continue the logical line.
struct PythonToken {
    enum Kind: Equatable {
        /// An identifier or keyword.
        case name
        case dot
        case comma
        case star
        case open
        case close
        case semicolon
        case colon
        /// The end of a logical line.
        case newline
        /// A string, a number or any other byte.
        case other
    }

    let kind: Kind
    /// The bytes of a name (empty for every other kind).
    let text: ArraySlice<UInt8>
    /// The 1-based line the token starts on.
    let line: Int
}

/// Splits Python source bytes into tokens; never fails, and stops at an unterminated triple-quoted string.
struct PythonTokenizer {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var depth = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next token, or nil at the end of the bytes.
    mutating func next() -> PythonToken? {
        while i < bytes.count {
            let b = bytes[i]
            let start = line
            switch b {
            case UInt8(ascii: "\n"):
                i += 1
                line += 1
                if depth == 0 { return PythonToken(kind: .newline, text: [], line: start) }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0c:
                i += 1
            case UInt8(ascii: "#"):
                while i < bytes.count && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            case UInt8(ascii: "\\"):
                // A continuation joins the next line; a stray backslash is skipped.
                i += 1
                if i < bytes.count && bytes[i] == UInt8(ascii: "\r") { i += 1 }
                if i < bytes.count && bytes[i] == UInt8(ascii: "\n") {
                    i += 1
                    line += 1
                }
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                skipString()
                return PythonToken(kind: .other, text: [], line: start)
            default:
                if let token = word(start) { return token }
                return punctuation(b, start)
            }
        }
        return nil
    }

    /// A name, a string with a prefix, or a number starting at `i`; nil when the byte starts none.
    private mutating func word(_ start: Int) -> PythonToken? {
        let b = bytes[i]
        if PythonTokenizer.isDigit(b)
            || (b == UInt8(ascii: ".") && i + 1 < bytes.count
                && PythonTokenizer.isDigit(bytes[i + 1]))
        {
            i += 1
            while i < bytes.count && (PythonTokenizer.isNameByte(bytes[i]) || bytes[i] == UInt8(ascii: ".")) { i += 1 }
            return PythonToken(kind: .other, text: [], line: start)
        }
        guard PythonTokenizer.isNameByte(b) else { return nil }
        let from = i
        while i < bytes.count && PythonTokenizer.isNameByte(bytes[i]) { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'"),
            PythonTokenizer.isStringPrefix(bytes[from..<i])
        {
            skipString()
            return PythonToken(kind: .other, text: [], line: start)
        }
        return PythonToken(kind: .name, text: bytes[from..<i], line: start)
    }

    private mutating func punctuation(_ b: UInt8, _ start: Int) -> PythonToken {
        i += 1
        let kind: PythonToken.Kind
        switch b {
        case UInt8(ascii: "."): kind = .dot
        case UInt8(ascii: ","): kind = .comma
        case UInt8(ascii: "*"): kind = .star
        case UInt8(ascii: ";"): kind = .semicolon
        case UInt8(ascii: ":"): kind = .colon
        case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
            depth += 1
            kind = .open
        case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
            depth = max(0, depth - 1)
            kind = .close
        default: kind = .other
        }
        return PythonToken(kind: kind, text: [], line: start)
    }

    /// Skips the string whose opening quote is at `i`. A single-quoted string ends at its line's end when
    /// unterminated; a triple-quoted one runs to the end of the bytes.
    private mutating func skipString() {
        let quote = bytes[i]
        let triple = i + 2 < bytes.count && bytes[i + 1] == quote && bytes[i + 2] == quote
        i += triple ? 3 : 1
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\\") {
                // Even in a raw string a backslash keeps the next quote from closing it.
                i += 1
                if i < bytes.count && bytes[i] == UInt8(ascii: "\n") { line += 1 }
                i += 1
                continue
            }
            if c == UInt8(ascii: "\n") {
                if !triple { return }
                line += 1
            }
            if c == quote {
                if !triple {
                    i += 1
                    return
                }
                if i + 2 < bytes.count && bytes[i + 1] == quote && bytes[i + 2] == quote {
                    i += 3
                    return
                }
            }
            i += 1
        }
    }

    /// True when the letters before a quote are a string prefix (`r`, `b`, `f`, `u`, `rb`, `Fr`, ...).
    private static func isStringPrefix(_ letters: ArraySlice<UInt8>) -> Bool {
        guard letters.count <= 2 else { return false }
        var seen = Set<UInt8>()
        for letter in letters {
            let lower = letter | 0x20
            guard [UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "u")].contains(lower),
                seen.insert(lower).inserted
            else { return false }
        }
        return !(seen.contains(UInt8(ascii: "u")) && letters.count > 1)
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// Letters, digits, `_`, and every non-ASCII byte (identifiers may be any Unicode letter).
    static func isNameByte(_ b: UInt8) -> Bool {
        (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z") || isDigit(b) || b == UInt8(ascii: "_")
            || b >= 0x80
    }
}
