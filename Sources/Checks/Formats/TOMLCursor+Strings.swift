/// TOML's four string forms: basic and literal, each on one line or on several.
extension TOMLCursor {
    /// Reads a string starting at `"` or `'`; `multiline` allows `"""` and `'''` (values, not keys).
    mutating func string(multiline: Bool) throws(TOMLError) -> String {
        let quote = current ?? 0x22
        let tripled = multiline && peek(1) == quote && peek(2) == quote
        var out: [UInt8] = []
        if tripled {
            advance(3)
            _ = consumeNewline()
            try multilineBody(quote: quote, into: &out)
        } else {
            advance()
            try singleLineBody(quote: quote, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private mutating func singleLineBody(quote: UInt8, into out: inout [UInt8]) throws(TOMLError) {
        let name = quote == 0x22 ? "'\"'" : "\"'\""
        while true {
            guard let byte = current, byte != 0x0A, byte != 0x0D else {
                throw error("unterminated string: expected \(name) before \(found)")
            }
            if byte == quote {
                advance()
                return
            }
            if byte == 0x5C, quote == 0x22 {
                try escape(multiline: false, into: &out)
                continue
            }
            if TOMLCursor.isControl(byte) { throw error("control character \(found) is not allowed in a string") }
            out.append(byte)
            advance()
        }
    }

    private mutating func multilineBody(quote: UInt8, into out: inout [UInt8]) throws(TOMLError) {
        let name = quote == 0x22 ? "'\"\"\"'" : "\"'''\""
        while true {
            guard let byte = current else { throw error("unterminated multi-line string: expected \(name)") }
            if byte == quote, peek(1) == quote, peek(2) == quote {
                advance(3)
                // Up to two more quotes belong to the content: `""""` ends with one quote in the string.
                for _ in 0..<2 where current == quote {
                    out.append(quote)
                    advance()
                }
                return
            }
            if consumeNewline() {
                out.append(0x0A)
                continue
            }
            if byte == 0x5C, quote == 0x22 {
                try escape(multiline: true, into: &out)
                continue
            }
            if TOMLCursor.isControl(byte) { throw error("control character \(found) is not allowed in a string") }
            out.append(byte)
            advance()
        }
    }

    /// Reads one escape sequence at `\` and appends what it stands for.
    private mutating func escape(multiline: Bool, into out: inout [UInt8]) throws(TOMLError) {
        let next = peek(1)
        if multiline, let next, next == 0x20 || next == 0x09 || next == 0x0A || next == 0x0D {
            try lineEndingBackslash()
            return
        }
        if let next, let byte = TOMLCursor.simpleEscapes[next] {
            out.append(byte)
            advance(2)
            return
        }
        guard let next, next == 0x75 || next == 0x55 else {
            advance()
            throw error(
                "invalid escape sequence \\\(found.trimmingQuotes); "
                    + "expected \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX or \\UXXXXXXXX")
        }
        try unicodeEscape(digits: next == 0x75 ? 4 : 8, into: &out)
    }

    /// `\uXXXX` or `\UXXXXXXXX`: exactly that many hex digits naming a Unicode scalar value.
    private mutating func unicodeEscape(digits: Int, into out: inout [UInt8]) throws(TOMLError) {
        let (line, column) = (self.line, self.column)
        var value: UInt32 = 0
        for offset in 2..<(2 + digits) {
            guard let byte = peek(offset), let digit = TOMLCursor.hexDigit(byte) else {
                let letter = digits == 4 ? "u" : "U"
                throw error("expected \(digits) hex digits after \\\(letter)", line: line, column: column)
            }
            value = value &* 16 &+ UInt32(digit)
        }
        guard let scalar = Unicode.Scalar(value) else {
            throw error(
                "escape \\\(digits == 4 ? "u" : "U") names no unicode scalar value (surrogate or above 10ffff)",
                line: line, column: column)
        }
        out.append(contentsOf: Array(String(Character(scalar)).utf8))
        advance(2 + digits)
    }

    /// A `\` at the end of a line in a multi-line basic string: drops it and the whitespace and newlines after it.
    private mutating func lineEndingBackslash() throws(TOMLError) {
        advance()
        skipBlanks()
        guard atEnd || consumeNewline() else {
            throw error("a '\\' followed by spaces must end the line in a multi-line string, found \(found)")
        }
        while true {
            skipBlanks()
            if !consumeNewline() { return }
        }
    }

    /// `\b \t \n \f \r \" \\`: the letter after the backslash and the byte it stands for.
    static let simpleEscapes: [UInt8: UInt8] = [
        0x62: 0x08, 0x74: 0x09, 0x6E: 0x0A, 0x66: 0x0C, 0x72: 0x0D, 0x22: 0x22, 0x5C: 0x5C,
    ]

    /// The value of a hex digit, either case.
    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}

extension String {
    /// `'x'` without its quotes, for a message that shows an escape.
    fileprivate var trimmingQuotes: String {
        hasPrefix("'") && hasSuffix("'") && count == 3 ? String(dropFirst().dropLast()) : self
    }
}
