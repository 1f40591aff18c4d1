/// Integers (decimal, hex, octal, binary; 64-bit, `_` between digits) and floats.
extension TOMLScalars {
    /// An integer or a float, or a failure naming the rule `token` breaks.
    static func number(_ token: [UInt8], text: String) throws(Failure) -> TOMLValue {
        if token.count > 2, token[0] == 0x30, let radix = [UInt8(0x78): 16, 0x6F: 8, 0x62: 2][token[1]] {
            return .integer(try prefixed(token[2...], radix: radix, text: text))
        }
        var index = 0
        var negative = false
        if let sign = token.first, sign == 0x2B || sign == 0x2D {
            negative = sign == 0x2D
            index = 1
        }
        let integerPart = try digitRun(token, from: &index, text: text)
        guard let firstDigit = integerPart.first else { throw invalid(text) }
        if firstDigit == 0x30, integerPart.count > 1 {
            throw Failure(message: "invalid number '\(text)': leading zeros are not allowed")
        }
        var isFloat = false
        if index < token.count, token[index] == 0x2E {
            index += 1
            guard try !digitRun(token, from: &index, text: text).isEmpty else {
                throw Failure(message: "invalid number '\(text)': expected digits after the decimal point")
            }
            isFloat = true
        }
        if index < token.count, token[index] == 0x65 || token[index] == 0x45 {
            index += 1
            if index < token.count, token[index] == 0x2B || token[index] == 0x2D { index += 1 }
            guard try !digitRun(token, from: &index, text: text).isEmpty else {
                throw Failure(message: "invalid number '\(text)': expected digits in the exponent")
            }
            isFloat = true
        }
        guard index == token.count else { throw invalid(text) }
        if isFloat {
            let plain = String(decoding: token.filter { $0 != 0x5F && $0 != 0x2B }, as: UTF8.self)
            guard let double = Double(plain) else { throw invalid(text) }
            return .float(double)
        }
        return .integer(try decimal(integerPart, negative: negative, text: text))
    }

    /// The digits from `index` on, with single `_` allowed only between two digits; moves `index` past them.
    private static func digitRun(_ token: [UInt8], from index: inout Int, text: String) throws(Failure) -> [UInt8] {
        var digits: [UInt8] = []
        while index < token.count {
            let byte = token[index]
            if isDigit(byte) {
                digits.append(byte)
            } else if byte == 0x5F {
                guard !digits.isEmpty, index + 1 < token.count, isDigit(token[index + 1]) else {
                    throw Failure(message: "invalid number '\(text)': '_' must stand between two digits")
                }
            } else {
                break
            }
            index += 1
        }
        return digits
    }

    /// A decimal integer in 64 bits; overflow is an error, never a trap.
    private static func decimal(_ digits: [UInt8], negative: Bool, text: String) throws(Failure) -> Int64 {
        var value: Int64 = 0
        for byte in digits {
            let digit = Int64(byte - 0x30)
            let shifted = value.multipliedReportingOverflow(by: 10)
            let next =
                negative
                ? shifted.partialValue.subtractingReportingOverflow(digit)
                : shifted.partialValue.addingReportingOverflow(digit)
            guard !shifted.overflow, !next.overflow else { throw outOfRange(text) }
            value = next.partialValue
        }
        return value
    }

    /// A `0x`, `0o` or `0b` integer: no sign, `_` only between digits, at most `Int64.max`.
    private static func prefixed(_ body: ArraySlice<UInt8>, radix: Int, text: String) throws(Failure) -> Int64 {
        var value: Int64 = 0
        var previousWasDigit = false
        for byte in body {
            if byte == 0x5F, previousWasDigit {
                previousWasDigit = false
                continue
            }
            guard let digit = TOMLCursor.hexDigit(byte), Int(digit) < radix else { throw invalid(text) }
            let shifted = value.multipliedReportingOverflow(by: Int64(radix))
            let next = shifted.partialValue.addingReportingOverflow(Int64(digit))
            guard !shifted.overflow, !next.overflow else { throw outOfRange(text) }
            value = next.partialValue
            previousWasDigit = true
        }
        guard previousWasDigit else {
            throw Failure(message: "invalid number '\(text)': '_' must stand between two digits")
        }
        return value
    }

    private static func invalid(_ text: String) -> Failure {
        Failure(message: "invalid value '\(text)'; expected a string, number, boolean, date, array or inline table")
    }

    private static func outOfRange(_ text: String) -> Failure {
        Failure(message: "integer \(text) does not fit in 64 bits (-9223372036854775808 to 9223372036854775807)")
    }
}
