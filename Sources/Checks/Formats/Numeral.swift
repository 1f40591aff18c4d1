/// A non-negative decimal number of any length, compared by value without overflow.
///
/// Version components come from user files; `99999999999999999999999` must compare, not trap.
public struct Numeral: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The digits without leading zeros (`"0"` for zero).
    public let digits: String

    /// Parses ASCII digits (leading zeros allowed); nil when empty or when anything else appears.
    public init?<S: StringProtocol>(_ text: S) {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        let trimmed = text.drop { $0 == "0" }
        digits = trimmed.isEmpty ? "0" : String(trimmed)
    }

    public init(_ value: Int) { digits = String(max(0, value)) }

    public var isZero: Bool { digits == "0" }

    public var description: String { digits }

    public static func < (l: Numeral, r: Numeral) -> Bool {
        l.digits.utf8.count != r.digits.utf8.count ? l.digits.utf8.count < r.digits.utf8.count : l.digits < r.digits
    }
}
