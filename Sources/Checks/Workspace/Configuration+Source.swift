/// A dotted key path in a configuration file, e.g. `target[0].deps` or `runnable.timeout.fast`.
///
/// Indices count the tables of an array of tables (`[[target]]`) from 0, in file order.
struct ConfigKey: CustomStringConvertible, Equatable {
    enum Component: Equatable {
        case key(String)
        case index(Int)
    }

    var components: [Component] = []

    static let root = ConfigKey()

    func appending(_ key: String) -> ConfigKey { ConfigKey(components: components + [.key(key)]) }
    func appending(index: Int) -> ConfigKey { ConfigKey(components: components + [.index(index)]) }

    var description: String {
        var out = ""
        for component in components {
            switch component {
            case .key(let key):
                if !out.isEmpty { out += "." }
                out += key
            case .index(let i):
                out += "[\(i)]"
            }
        }
        return out
    }
}

/// The raw text of a TOML file, indexed to find the line where a table or key is written.
///
/// TOMLKit reports lines only for syntax errors, so this is a best-effort scan of table headers
/// (`[a.b]`, `[[a]]`) and `key =` lines; it is only used to point at a line in an error message.
struct SourceLines {
    private struct Section {
        var path: [ConfigKey.Component]
        /// The header's line; nil for the part before the first header.
        var line: Int?
        /// Each `key = value` line in the section: its dotted key segments and line number.
        var keys: [(segments: [String], line: Int)] = []
    }

    private var sections: [Section] = [Section(path: [], line: nil)]

    init(_ text: String) {
        var arrayCounts: [[String]: Int] = [:]
        var multiline: Substring? = nil
        var number = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if let delimiter = multiline {
                if SourceLines.count(of: delimiter, in: line) % 2 == 1 { multiline = nil }
                continue
            }
            if line.hasPrefix("[") {
                if let section = SourceLines.header(line, arrayCounts: &arrayCounts, line: number) {
                    sections.append(section)
                }
                continue
            }
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            if let segments = SourceLines.keySegments(line[..<equals]), !segments.isEmpty {
                sections[sections.count - 1].keys.append((segments, number))
            }
            let value = line[line.index(after: equals)...]
            for delimiter in ["\"\"\"", "'''"] where SourceLines.count(of: Substring(delimiter), in: value) % 2 == 1 {
                multiline = Substring(delimiter)
                break
            }
        }
    }

    /// The line where `path` is written: its table header, or the `key =` line that sets it (or, for a
    /// key inside an inline value, the line of the enclosing key). Nil when it cannot be found.
    func line(of path: [ConfigKey.Component]) -> Int? {
        var best: Section?
        for section in sections where path.starts(with: section.path) {
            if best == nil || section.path.count > best!.path.count { best = section }
        }
        guard let section = best else { return nil }
        let rest = path.dropFirst(section.path.count)
        if rest.isEmpty { return section.line }
        var segments: [String] = []
        for component in rest {
            guard case .key(let key) = component else { break }
            segments.append(key)
        }
        while !segments.isEmpty {
            if let match = section.keys.first(where: { $0.segments == segments }) { return match.line }
            segments.removeLast()
        }
        return nil
    }

    /// Parses a table header line; nil when the line is not one (e.g. an array value's continuation).
    private static func header(_ line: Substring, arrayCounts: inout [[String]: Int], line number: Int) -> Section? {
        let isArray = line.hasPrefix("[[")
        let open = isArray ? 2 : 1
        let close = isArray ? "]]" : "]"
        guard let end = line.firstRange(of: close)?.lowerBound else { return nil }
        let inside = line[line.index(line.startIndex, offsetBy: open)..<end]
        let after = line[line.index(end, offsetBy: close.count)...].drop { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard after.isEmpty || after.hasPrefix("#"), let names = keySegments(inside), !names.isEmpty else {
            return nil
        }
        if isArray {
            arrayCounts[names, default: -1] += 1
            // A new element of an outer array starts fresh nested arrays.
            for key in arrayCounts.keys where key.count > names.count && Array(key.prefix(names.count)) == names {
                arrayCounts[key] = nil
            }
        }
        var path: [ConfigKey.Component] = []
        for i in names.indices {
            path.append(.key(names[i]))
            if let index = arrayCounts[Array(names[...i])] { path.append(.index(index)) }
        }
        return Section(path: path, line: number)
    }

    /// Splits a dotted TOML key (`a.b`, `"a.b".c`, `'x'`) into segments; nil when it is not a key.
    private static func keySegments(_ text: Substring) -> [String]? {
        var segments: [String] = []
        var i = text.startIndex
        func skipSpace() { while i < text.endIndex, text[i] == " " || text[i] == "\t" { i = text.index(after: i) } }
        while true {
            skipSpace()
            guard i < text.endIndex else { return nil }
            let c = text[i]
            if c == "\"" || c == "'" {
                var segment = ""
                i = text.index(after: i)
                while i < text.endIndex, text[i] != c {
                    if c == "\"", text[i] == "\\", text.index(after: i) < text.endIndex { i = text.index(after: i) }
                    segment.append(text[i])
                    i = text.index(after: i)
                }
                guard i < text.endIndex else { return nil }
                i = text.index(after: i)
                segments.append(segment)
            } else {
                let start = i
                while i < text.endIndex, isBareKeyCharacter(text[i]) {
                    i = text.index(after: i)
                }
                guard i > start else { return nil }
                segments.append(String(text[start..<i]))
            }
            skipSpace()
            if i == text.endIndex { return segments }
            guard text[i] == "." else { return nil }
            i = text.index(after: i)
        }
    }

    private static func isBareKeyCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "-" || c == "_")
    }

    private static func count(of needle: Substring, in text: Substring) -> Int {
        text.ranges(of: needle).count
    }
}
