import Foundation

/// A runnable dir's `changelog.txt`: entries newest first, each a header, a date and bullets.
///
/// ```
/// # cmamp-infra-1.2.0
/// - 2025-05-18
/// - Add support for Kubernetes Kustomize
///   (an indented line continues the bullet above)
///
/// # cmamp-infra-1.1.0
/// ...
/// ```
/// Parsing never stops at the first problem and never traps: every line that breaks the grammar is a
/// `Changelog.Problem` with its 1-based line number; the entries that did parse are kept.
public struct Changelog: Sendable {
    /// A calendar date from a `- YYYY-MM-DD` line.
    public struct Day: Sendable, Hashable, Comparable, CustomStringConvertible {
        public let year: Int, month: Int, day: Int

        public init?(_ text: Substring) {
            let parts = text.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                parts.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }),
                let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
                (1...12).contains(m), d >= 1, d <= Day.days(inMonth: m, year: y)
            else { return nil }
            year = y
            month = m
            day = d
        }

        public init(year: Int, month: Int, day: Int) {
            self.year = year
            self.month = month
            self.day = day
        }

        static func days(inMonth m: Int, year y: Int) -> Int {
            switch m {
            case 2: (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
            case 4, 6, 9, 11: 30
            default: 31
            }
        }

        public var description: String {
            let pad = { (n: Int, w: Int) in String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }

        public static func < (l: Day, r: Day) -> Bool { (l.year, l.month, l.day) < (r.year, r.month, r.day) }
    }

    /// One release: `# <name>-<version>`, its date and what changed.
    public struct Entry: Sendable {
        /// The image name before the version (`cmamp-infra`).
        public let name: String
        public let version: Semver
        /// The line of the `#` header.
        public let line: Int
        public let date: Day?
        public let dateLine: Int?
        public let bullets: [String]
    }

    /// A line that breaks the grammar.
    public struct Problem: Sendable, Hashable {
        public let line: Int
        public let message: String
    }

    /// Entries in file order (newest first when the file is right).
    public let entries: [Entry]
    public let problems: [Problem]
    /// True when the file starts with a UTF-8 byte order mark (skipped before parsing).
    public let byteOrderMark: Bool
    /// Set when the bytes are not text (a NUL byte or invalid UTF-8): where, and why. Such a file is not
    /// parsed line by line, so it has no entries and no other problems.
    public let notText: Problem?

    /// The newest entry.
    public var top: Entry? { entries.first }

    /// Parses the bytes of a changelog; bytes that are not text are one problem, not one per line.
    public init(_ bytes: [UInt8]) {
        byteOrderMark = bytes.starts(with: Changelog.byteOrderMarkBytes)
        let body = byteOrderMark ? bytes.dropFirst(3) : bytes[...]
        notText = NotText(bytes).map { Problem(line: $0.line, message: $0.message) }
        guard notText == nil else {
            (entries, problems) = ([], [])
            return
        }
        var reader = Reader()
        var lineNumber = 0
        for raw in body.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            var rawLine = raw
            if rawLine.last == 13 { rawLine = rawLine.dropLast() }
            reader.read(String(decoding: rawLine, as: UTF8.self), at: lineNumber)
        }
        reader.finish()
        self.entries = reader.entries
        self.problems = reader.problems
    }

    static let byteOrderMarkBytes: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// Splits `cmamp-infra-1.2.0-rc.1` into the name and the version after the first dash where a version parses.
    static func header(_ text: Substring) -> (name: String, version: Semver)? {
        let trimmed = text.hasSuffix(" ") ? Substring(String(text).trimmingWhitespace()) : text
        var index = trimmed.startIndex
        while let dash = trimmed[index...].firstIndex(of: "-") {
            let name = trimmed[..<dash]
            if !name.isEmpty, let version = Semver.parse(String(trimmed[trimmed.index(after: dash)...])) {
                return (String(name), version)
            }
            index = trimmed.index(after: dash)
        }
        return nil
    }
}

extension Changelog.Day {
    /// The local calendar day now.
    /// Today in the local time zone. From libc: Foundation's `Calendar.current` loads ICU's time zone
    /// data, most of a millisecond of every hook run.
    public static func today() -> Changelog.Day {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return Changelog.Day(year: 1970, month: 1, day: 1) }
        return Changelog.Day(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
    }
}

extension Changelog {
    /// The parser's state: the entries and problems so far and the entry being read.
    private struct Reader {
        var entries: [Entry] = []
        var problems: [Problem] = []
        // The entry being read: header fields, then the date, then bullets.
        var header: (name: String, version: Semver, line: Int)?
        var date: (Day?, Int?) = (nil, nil)
        var bullets: [String] = []
        var sawBlank = false
        // After a header that does not parse, its lines are skipped: the header's problem says it all.
        var skipping = false

        /// Records a problem on a line.
        mutating func problem(_ line: Int, _ message: String) {
            problems.append(Problem(line: line, message: message))
        }

        /// Reads one valid UTF-8 line, without its line ending.
        mutating func read(_ line: String, at lineNumber: Int) {
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                sawBlank = true
                return
            }
            if line.hasPrefix("#") {
                readHeader(line, at: lineNumber)
                return
            }
            if skipping { return }
            guard header != nil else {
                problem(lineNumber, "text before the first '# <image>-<X.Y.Z>' header")
                return
            }
            if line.hasPrefix(" ") || line.hasPrefix("\t") {
                readContinuation(line, at: lineNumber)
            } else {
                readItem(line, at: lineNumber)
            }
        }

        /// Ends the entry being read and opens the one a `#` line starts, or skips a header that does not parse.
        mutating func readHeader(_ line: String, at lineNumber: Int) {
            finish()
            sawBlank = false
            skipping = false
            guard line.hasPrefix("# "), let parsed = Changelog.header(line.dropFirst(2)) else {
                skipping = true
                problem(lineNumber, "header must be '# <image>-<X.Y.Z>' (semantic version), got '\(line.prefix(80))'")
                return
            }
            header = (parsed.name, parsed.version, lineNumber)
        }

        /// Joins an indented line to the bullet above it.
        mutating func readContinuation(_ line: String, at lineNumber: Int) {
            if bullets.isEmpty || sawBlank {
                problem(lineNumber, "indented line continues no bullet")
            } else {
                bullets[bullets.count - 1] += " " + line.trimmingWhitespace()
            }
        }

        /// Reads a `- ` line: the entry's date when it has none yet, else a bullet.
        mutating func readItem(_ line: String, at lineNumber: Int) {
            guard line.hasPrefix("- ") else {
                problem(lineNumber, "expected '- ' (a date or a bullet), got '\(line.prefix(80))'")
                return
            }
            if sawBlank {
                problem(lineNumber, "blank line inside an entry; blank lines go only between entries")
            }
            sawBlank = false
            let item = line.dropFirst(2)
            if date.1 == nil {
                readDate(item, line: line, at: lineNumber)
            } else {
                bullets.append(String(item))
            }
        }

        /// Reads the `- YYYY-MM-DD` line below a header; a bad one is a problem but still takes the date's place.
        mutating func readDate(_ item: Substring, line: String, at lineNumber: Int) {
            guard let day = Day(item.prefix { $0 != " " }),
                item.drop(while: { $0 != " " }).allSatisfy({ $0 == " " })
            else {
                problem(
                    lineNumber,
                    "the line after a header must be '- YYYY-MM-DD' (a real date), got '\(line.prefix(80))'")
                date = (nil, lineNumber)
                return
            }
            date = (day, lineNumber)
        }

        /// Ends the entry being read: a problem if it lacks a date or a bullet, and the entry kept either way.
        mutating func finish() {
            guard let h = header else { return }
            if date.1 == nil {
                problem(h.line, "entry \(h.name)-\(h.version) has no '- YYYY-MM-DD' date line below its header")
            } else if bullets.isEmpty {
                problem(h.line, "entry \(h.name)-\(h.version) has no bullet saying what changed")
            }
            entries.append(
                Entry(
                    name: h.name, version: h.version, line: h.line, date: date.0, dateLine: date.1,
                    bullets: bullets))
            header = nil
            date = (nil, nil)
            bullets = []
        }
    }
}
