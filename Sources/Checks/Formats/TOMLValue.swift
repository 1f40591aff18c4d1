/// A TOML value with the 1-based line and byte column where it starts.
public struct TOMLNode: Sendable, Hashable {
    public let value: TOMLValue
    public let line: Int
    public let column: Int

    /// A node for `value` written at `line` and `column`.
    public init(_ value: TOMLValue, line: Int, column: Int) {
        self.value = value
        self.line = line
        self.column = column
    }
}

/// One TOML value of the ten kinds TOML 1.0 has.
public enum TOMLValue: Sendable, Hashable {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    /// `1979-05-27T07:32:00Z`, `1979-05-27 07:32:00-07:00`.
    case offsetDateTime(TOMLTimestamp)
    /// `1979-05-27T07:32:00`.
    case localDateTime(TOMLTimestamp)
    /// `1979-05-27`.
    case localDate(TOMLCalendarDate)
    /// `07:32:00.999`.
    case localTime(TOMLClockTime)
    case array([TOMLNode])
    case table(TOMLTableValue)

    /// The kind of value as a message names it (`string`, `integer`, `table`).
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .offsetDateTime: "offset date-time"
        case .localDateTime: "local date-time"
        case .localDate: "local date"
        case .localTime: "local time"
        case .array: "array"
        case .table: "table"
        }
    }
}

/// A key as written, with the 1-based line and byte column where it starts.
public struct TOMLKey: Sendable, Hashable {
    public let name: String
    public let line: Int
    public let column: Int
}

/// A TOML table: its keys in the order the document first names them, each with its value.
public struct TOMLTableValue: Sendable, Hashable {
    /// One key of a table and its value.
    public struct Entry: Sendable, Hashable {
        public let key: TOMLKey
        public let node: TOMLNode
    }

    public let entries: [Entry]
    private let index: [String: Int]

    /// A table of `entries`, whose keys are distinct.
    init(entries: [Entry]) {
        self.entries = entries
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() { index[entry.key.name] = position }
        self.index = index
    }

    /// The keys in document order.
    public var keys: [String] { entries.map(\.key.name) }

    /// The value at `name`, or nil where the table has no such key.
    public subscript(name: String) -> TOMLNode? {
        index[name].map { entries[$0].node }
    }

    /// The key `name` as written (for its line), or nil where the table has no such key.
    public func key(_ name: String) -> TOMLKey? {
        index[name].map { entries[$0].key }
    }
}
