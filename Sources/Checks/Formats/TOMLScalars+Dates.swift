/// Dates, times and date-times (RFC 3339 as TOML 1.0 takes it: seconds required, `T`, `t` or a space).
extension TOMLScalars {
    /// A local date, a local date-time or an offset date-time; `token` starts with `DDDD-DD-DD`.
    static func dateTime(_ token: [UInt8], text: String) throws(Failure) -> TOMLValue {
        let year = digits(token[0..<4])
        let month = digits(token[5..<7])
        let day = digits(token[8..<10])
        guard TOMLCalendarDate.isValid(year: year, month: month, day: day) else {
            throw Failure(message: "invalid date '\(text)': no day \(day) in month \(month) of \(year)")
        }
        let date = TOMLCalendarDate(year: year, month: month, day: day)
        if token.count == 10 { return .localDate(date) }
        let expected =
            "expected a date-time like 1979-05-27T07:32:00Z, 1979-05-27T07:32:00-07:00 "
            + "or 1979-05-27T07:32:00"
        guard [0x54, 0x74, 0x20].contains(token[10]), let time = try time(token[11...]) else {
            throw Failure(message: "invalid date-time '\(text)'; \(expected)")
        }
        let rest = token[time.end...]
        var offset: Int?
        if rest.count == 1, rest.first == 0x5A || rest.first == 0x7A {
            offset = 0
        } else if rest.count == 6, let sign = rest.first, sign == 0x2B || sign == 0x2D {
            let at = rest.startIndex
            guard isDigit(rest[at + 1]), isDigit(rest[at + 2]), rest[at + 3] == 0x3A, isDigit(rest[at + 4]),
                isDigit(rest[at + 5])
            else { throw Failure(message: "invalid offset in '\(text)'; expected +HH:MM") }
            let hours = digits(rest[(at + 1)...(at + 2)])
            let minutes = digits(rest[(at + 4)...(at + 5)])
            guard hours < 24, minutes < 60 else {
                throw Failure(message: "invalid offset in '\(text)': hours 00-23 and minutes 00-59 expected")
            }
            offset = (sign == 0x2D ? -1 : 1) * (hours * 60 + minutes)
        } else if !rest.isEmpty {
            throw Failure(message: "invalid date-time '\(text)'; \(expected)")
        }
        let stamp = TOMLTimestamp(date: date, time: time.value, offsetMinutes: offset, text: text)
        return offset == nil ? .localDateTime(stamp) : .offsetDateTime(stamp)
    }

    /// `HH:MM:SS` and an optional `.fraction` at the start of `slice`, with the index after it; nil where the
    /// shape is wrong, a failure where a field is out of range.
    static func time(_ slice: ArraySlice<UInt8>) throws(Failure) -> (value: TOMLClockTime, end: Int)? {
        let at = slice.startIndex
        guard slice.count >= 8 else { return nil }
        for offset in [0, 1, 3, 4, 6, 7] where !isDigit(slice[at + offset]) { return nil }
        guard slice[at + 2] == 0x3A, slice[at + 5] == 0x3A else { return nil }
        let hour = digits(slice[at..<(at + 2)])
        let minute = digits(slice[(at + 3)..<(at + 5)])
        let second = digits(slice[(at + 6)..<(at + 8)])
        guard hour < 24, minute < 60, second < 60 else {
            throw Failure(
                message:
                    "invalid time \(hour):\(minute):\(second): hour 00-23, minute and second 00-59 expected")
        }
        var end = at + 8
        var fraction = ""
        if end < slice.endIndex, slice[end] == 0x2E {
            let start = end + 1
            end = start
            while end < slice.endIndex, isDigit(slice[end]) { end += 1 }
            guard end > start else { throw Failure(message: "expected digits after the '.' of a time") }
            fraction = String(decoding: slice[start..<end], as: UTF8.self)
        }
        return (TOMLClockTime(hour: hour, minute: minute, second: second, fraction: fraction), end)
    }
}
