import Foundation

@testable import Formats

/// Python's `tomllib` run once over many documents (Tests/Fixtures/toml/tomllib_canonical.py), and the same
/// canonical form of preflight's parse, so that the two can be compared line by line.
enum TOMLOracle {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/toml")

    /// One verdict line per document from one python3 process (`valid {...}`, `invalid message`, ...).
    static func tomllibVerdicts(_ documents: [[UInt8]]) throws -> [Substring] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("toml-oracle-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var framed: [UInt8] = []
        for document in documents {
            framed += Array("\(document.count)\n".utf8)
            framed += document
        }
        let input = directory.appendingPathComponent("in")
        let output = directory.appendingPathComponent("out")
        let errors = directory.appendingPathComponent("err")
        try Data(framed).write(to: input)
        try Data().write(to: output)
        try Data().write(to: errors)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", fixtures.appendingPathComponent("tomllib_canonical.py").path]
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        process.environment = ["PATH": path, "PYTHONIOENCODING": "utf-8"]
        process.standardInput = try FileHandle(forReadingFrom: input)
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let message = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
            let status = process.terminationStatus
            throw OracleFailure(description: "python3 tomllib_canonical.py exited \(status): \(message)")
        }
        let text = String(decoding: try Data(contentsOf: output), as: UTF8.self)
        return Array(text.split(separator: "\n", omittingEmptySubsequences: false).dropLast())
    }

    /// python3 could not run the script, or it failed.
    struct OracleFailure: Error, CustomStringConvertible { let description: String }

    /// How preflight's verdict on `document` differs from tomllib's `verdict`, or nil where they agree (or
    /// differ only where the TOML 1.0 spec wins: integers beyond 64 bits are errors, year 0 is a date).
    static func disagreement(_ document: [UInt8], _ verdict: Substring) -> String? {
        let kind = verdict.prefix { $0 != " " }
        let rest = verdict.dropFirst(kind.count + 1)
        let mine: String
        var accepted = false
        do {
            mine = "valid " + canonical(.table(try TOMLParser.parse(document)))
            accepted = true
        } catch {
            mine = "invalid " + error.description
        }
        switch kind {
        case "valid": if mine == "valid " + rest { return nil }
        case "valid-out-of-range": if !accepted, mine.contains("does not fit in 64 bits") { return nil }
        case "invalid-year-zero": if !accepted || mine.contains("\"value\":\"0000-") { return nil }
        default: if !accepted { return nil }
        }
        return "tomllib: \(verdict)\npreflight: \(mine)"
    }
}

extension TOMLOracle {
    /// toml-test's tagged form, as tomllib_canonical.py writes it.
    static func canonical(_ value: TOMLValue) -> String {
        switch value {
        case .boolean(let flag): tagged("bool", flag ? "true" : "false")
        case .integer(let integer): tagged("integer", String(integer))
        case .float(let double): tagged("float", double.isNaN ? "nan" : String(Int64(bitPattern: double.bitPattern)))
        case .string(let string): tagged("string", escaped(string))
        case .offsetDateTime(let stamp):
            tagged("datetime", day(stamp.date) + "T" + clock(stamp.time) + signed(stamp.offsetMinutes ?? 0))
        case .localDateTime(let stamp): tagged("datetime-local", day(stamp.date) + "T" + clock(stamp.time))
        case .localDate(let date): tagged("date-local", day(date))
        case .localTime(let time): tagged("time-local", clock(time))
        case .array(let items): "[" + items.map { canonical($0.value) }.joined(separator: ",") + "]"
        case .table(let table):
            "{"
                + table.entries.sorted(by: byCodePoint)
                .map { "\"\(escaped($0.key.name))\":\(canonical($0.node.value))" }.joined(separator: ",") + "}"
        }
    }

    private static func tagged(_ type: String, _ value: String) -> String {
        "{\"type\":\"\(type)\",\"value\":\"\(value)\"}"
    }

    /// Python's `sorted` on str: by code point.
    private static func byCodePoint(_ left: TOMLTableValue.Entry, _ right: TOMLTableValue.Entry) -> Bool {
        left.key.name.unicodeScalars.lexicographicallyPrecedes(right.key.name.unicodeScalars)
    }

    private static func escaped(_ string: String) -> String {
        var out = ""
        for scalar in string.unicodeScalars {
            if scalar.isASCII, scalar == " " || scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    private static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    private static func day(_ date: TOMLCalendarDate) -> String {
        padded(date.year, 4) + "-" + padded(date.month, 2) + "-" + padded(date.day, 2)
    }

    /// Python keeps microseconds: the first six fraction digits, the rest cut off.
    private static func clock(_ time: TOMLClockTime) -> String {
        let micro = String((time.fraction + "000000").prefix(6))
        return padded(time.hour, 2) + ":" + padded(time.minute, 2) + ":" + padded(time.second, 2) + "." + micro
    }

    private static func signed(_ minutes: Int) -> String { (minutes >= 0 ? "+" : "") + String(minutes) }
}
