/// A TOML local date: `1979-05-27`, checked against the calendar (no 30 February).
public struct TOMLCalendarDate: Sendable, Hashable {
    public let year: Int
    public let month: Int
    public let day: Int
}

/// A TOML local time: `07:32:00.999999`; the fraction keeps every digit written.
public struct TOMLClockTime: Sendable, Hashable {
    public let hour: Int
    public let minute: Int
    public let second: Int
    /// The digits after the decimal point as written, possibly empty (`"999"` for `.999`).
    public let fraction: String
}

/// A TOML date-time: a date and a time, with an offset from UTC for an offset date-time.
public struct TOMLTimestamp: Sendable, Hashable {
    public let date: TOMLCalendarDate
    public let time: TOMLClockTime
    /// Minutes east of UTC (`Z` is 0), or nil for a local date-time.
    public let offsetMinutes: Int?
    /// The value as the document wrote it (`1979-05-27 07:32:00Z`).
    public let text: String
}

extension TOMLCalendarDate {
    /// The date as TOML writes it (`1979-05-27`).
    public var text: String {
        TOMLCalendarDate.padded(year, 4) + "-" + TOMLCalendarDate.padded(month, 2) + "-"
            + TOMLCalendarDate.padded(day, 2)
    }

    /// `number` in decimal with leading zeros up to `width` digits.
    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Whether `day` exists in `month` of `year` (Gregorian, leap years included).
    static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }
}

extension TOMLClockTime {
    /// The time as written (`07:32:00.999`): every fraction digit kept.
    public var text: String {
        let pad = TOMLCalendarDate.padded
        return pad(hour, 2) + ":" + pad(minute, 2) + ":" + pad(second, 2) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
