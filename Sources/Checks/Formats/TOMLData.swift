/// A parsed TOML document as a plain value for comparing and hashing (Poetry's content-hash), keys in file order.
public indirect enum TOMLData: Sendable, Hashable {
    /// Never parsed from TOML: Python's `None`, for values built to be hashed (Poetry's content-hash).
    case null
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    /// Dates, times and date-times, as TOML writes them.
    case datetime(String)
    case array([TOMLData])
    case table([(String, TOMLData)])

    /// Parses TOML text; the error names the file and line (exit 2: the file is configuration or a manifest).
    public static func parse(_ bytes: [UInt8], file: String) throws(FormatError) -> TOMLData {
        _ = try FormatError.text(bytes, file: file)
        do {
            return TOMLData(try TOMLParser.parse(withoutByteOrderMark(bytes)))
        } catch {
            throw FormatError(file: file, line: error.line, message: "invalid toml: \(error.message)")
        }
    }

    /// `bytes` without a leading UTF-8 byte order mark, which editors write and TOML 1.0 does not mention.
    public static func withoutByteOrderMark(_ bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    init(_ table: TOMLTableValue) {
        self = .table(table.entries.map { ($0.key.name, TOMLData($0.node.value)) })
    }

    init(_ value: TOMLValue) {
        switch value {
        case .table(let table): self.init(table)
        case .array(let items): self = .array(items.map { TOMLData($0.value) })
        case .string(let string): self = .string(string)
        case .integer(let integer): self = .int(Int(integer))
        case .float(let double): self = .double(double)
        case .boolean(let bool): self = .bool(bool)
        case .offsetDateTime(let stamp), .localDateTime(let stamp): self = .datetime(stamp.text)
        case .localDate(let date): self = .datetime(date.text)
        case .localTime(let time): self = .datetime(time.text)
        }
    }

    /// The value at `key` of a table; nil for other values or a missing key.
    public subscript(key: String) -> TOMLData? {
        guard case .table(let fields) = self else { return nil }
        return fields.first { $0.0 == key }?.1
    }

    /// The value at a dotted path of keys (`["tool", "poetry", "group"]`).
    public subscript(path path: [String]) -> TOMLData? {
        path.reduce(Optional(self)) { value, key in value?[key] }
    }

    public var string: String? { if case .string(let s) = self { s } else { nil } }
    public var array: [TOMLData]? { if case .array(let a) = self { a } else { nil } }
    public var fields: [(String, TOMLData)]? { if case .table(let t) = self { t } else { nil } }

    public static func == (l: TOMLData, r: TOMLData) -> Bool { PythonJSON.dumps(l) == PythonJSON.dumps(r) }
    public func hash(into hasher: inout Hasher) { hasher.combine(PythonJSON.dumps(self)) }
}

/// `json.dumps(value, sort_keys=True)` as CPython writes it: separators `", "` and `": "`, non-ASCII as
/// `\uXXXX` (surrogate pairs above the BMP), `/` not escaped. Poetry hashes exactly these bytes.
public enum PythonJSON {
    public static func dumps(_ value: TOMLData, sortKeys: Bool = true) -> String {
        var out = ""
        write(value, sortKeys: sortKeys, into: &out)
        return out
    }

    private static func write(_ value: TOMLData, sortKeys: Bool, into out: inout String) {
        switch value {
        case .string(let s), .datetime(let s): quote(s, into: &out)
        case .null: out += "null"
        case .int(let i): out += String(i)
        case .double(let d): out += pythonRepr(d)
        case .bool(let b): out += b ? "true" : "false"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                write(item, sortKeys: sortKeys, into: &out)
            }
            out += "]"
        case .table(let fields):
            // Python sorts str keys by code point.
            let ordered =
                sortKeys ? fields.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) } : fields
            out += "{"
            for (i, (key, item)) in ordered.enumerated() {
                if i > 0 { out += ", " }
                quote(key, into: &out)
                out += ": "
                write(item, sortKeys: sortKeys, into: &out)
            }
            out += "}"
        }
    }

    static func quote(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
                    } else {
                        out += hex4(scalar.value)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    private static func hex4(_ v: UInt32) -> String {
        let h = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - h.count) + h
    }

    /// Python's `repr(float)` for the values TOML files hold (shortest round-trip digits).
    static func pythonRepr(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        var s = "\(d)"  // Swift also prints the shortest round-trip digits
        if let e = s.firstIndex(of: "e") {  // 1e-05 in Python, 1e-05 in Swift
            let mantissa = s[..<e]
            let exponent = s[s.index(after: e)...]
            let sign = exponent.hasPrefix("-") ? "-" : "+"
            let digits = exponent.drop { $0 == "-" || $0 == "+" }
            s =
                String(mantissa.hasSuffix(".0") ? mantissa.dropLast(2) : mantissa) + "e" + sign
                + (digits.count < 2 ? "0" : "") + digits
        }
        return s
    }
}
