/// Booleans, numbers and dates: values written as one bare token.
extension TOMLCursor {
    /// Reads a boolean, integer, float, date, time or date-time at the current position.
    mutating func scalar() throws(TOMLError) -> TOMLValue {
        let (line, column, start) = (self.line, self.column, position)
        while let byte = current, TOMLCursor.isTokenByte(byte) { advance() }
        // A date followed by a space and a time is one date-time (`1979-05-27 07:32:00`).
        if position - start == 10, TOMLScalars.isDate(bytes[start..<position]), current == 0x20,
            let first = peek(1), let second = peek(2), TOMLScalars.isDigit(first), TOMLScalars.isDigit(second),
            peek(3) == 0x3A
        {
            advance()
            while let byte = current, TOMLCursor.isTokenByte(byte) { advance() }
        }
        let token = Array(bytes[start..<position])
        guard !token.isEmpty else {
            throw error("expected a value (string, number, boolean, date, array or inline table), found \(found)")
        }
        do {
            return try TOMLScalars.value(token)
        } catch {
            throw self.error(error.message, line: line, column: column)
        }
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2B, 0x2D, 0x2E, 0x3A: true
        default: false
        }
    }
}

/// The meaning of one scalar token; errors carry only a message (the cursor adds the position).
enum TOMLScalars {
    struct Failure: Error { let message: String }

    /// The value `token` writes, or a failure saying what was expected.
    static func value(_ token: [UInt8]) throws(Failure) -> TOMLValue {
        let text = String(decoding: token, as: UTF8.self)
        switch text {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan": return .float(.nan)
        case "-nan": return .float(-Double.nan)
        default: break
        }
        if token.count >= 10, isDate(token[0..<10]) { return try dateTime(token, text: text) }
        if token.count >= 3, token[2] == 0x3A, isDigit(token[0]), isDigit(token[1]) {
            guard let time = try time(token[...]), time.end == token.count else {
                throw Failure(message: "invalid local time '\(text)'; expected HH:MM:SS or HH:MM:SS.fraction")
            }
            return .localTime(time.value)
        }
        return try number(token, text: text)
    }

    static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }

    /// Whether `slice` has the shape `DDDD-DD-DD`.
    static func isDate(_ slice: ArraySlice<UInt8>) -> Bool {
        guard slice.count == 10 else { return false }
        for (offset, byte) in slice.enumerated() {
            let wanted = offset == 4 || offset == 7
            if wanted ? byte != 0x2D : !isDigit(byte) { return false }
        }
        return true
    }

    /// The decimal value of the digits in `slice` (already checked to be digits).
    static func digits(_ slice: ArraySlice<UInt8>) -> Int {
        slice.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }
}
