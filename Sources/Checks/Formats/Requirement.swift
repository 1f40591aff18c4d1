/// A PEP 508 requirement, normalised so that two spellings of one requirement compare equal.
///
/// The canonical form is `name[extras]specifiers @ url; marker`, each part present only when given:
/// - name: PEP 503, lowercased with every run of `-`, `_` and `.` made one `-` (`Foo_Bar` → `foo-bar`);
/// - extras: each normalised like a name, sorted, without duplicates; `[]` is dropped;
/// - specifiers: each clause without whitespace, sorted by bytes, without duplicates, joined by `,`
///   (`>= 1.0 , <2` → `<2,>=1.0`); a parenthesised list (`foo (>=1.0)`) loses its parentheses;
/// - url: as written, after ` @ `;
/// - marker: after `; `, as packaging prints it: items `lhs op rhs` one space apart, strings in double
///   quotes, legacy variables as PEP 508 spells them (`os.name` → `os_name`, `python_implementation` →
///   `platform_python_implementation`), the value compared with `extra` normalised like a name, and
///   parentheses only where packaging keeps them (see `normaliseMarker`).
///
/// `Foo_Bar[B,a] >= 1.0 , <2 ; python_version < '3.12'` → `foo-bar[a,b]<2,>=1.0; python_version < "3.12"`:
/// packaging's `str(Requirement)` (what Pants writes in `generated_with_requirements`) with the name
/// normalised; the cases in `LockFormatTests` agree with packaging 26. Versions are compared as written
/// (`==1.0` and `==1.0.0` differ). Never traps.
public enum Requirement {
    /// `line` in the canonical form; nil for a blank or comment line, and for a line that is not a
    /// requirement. A trailing `# comment` (a `#` at the start or after whitespace) is dropped.
    public static func normalise(_ line: String) -> String? {
        if case .requirement(let text) = parse(bytes(line)[...]) { return text }
        return nil
    }

    /// The requirements of a pip requirements file, normalised, and the lines that are not one.
    ///
    /// Follows pip's reading: a line ending in `\` continues on the next (a problem names the first
    /// line), `#` comments are dropped, option lines (`-r`, `-c`, `-e`, `-i`, `--index-url`,
    /// `--hash` ...) are skipped — includes are not followed — and options after a requirement
    /// (`foo==1.0 --hash=sha256:...`) are dropped. Lines are 1-based.
    public static func fromRequirementsFile(_ bytes: [UInt8]) -> (
        requirements: [String], problems: [(line: Int, message: String)]
    ) {
        var requirements: [String] = []
        var problems: [(line: Int, message: String)] = []
        for (number, line) in logicalLines(bytes) {
            var text = stripComment(line)
            trim(&text)
            guard let first = text.first, first != UInt8(ascii: "-") else { continue }
            var part = requirementPart(text)
            trim(&part)
            switch parse(stripped: part) {
            case .blank: continue
            case .requirement(let requirement): requirements.append(requirement)
            case .invalid(let reason): problems.append((number, "\(excerpt(text)) is not a requirement: \(reason)"))
            }
        }
        return (requirements, problems)
    }

    /// The name part of a canonical requirement (`foo-bar` of `foo-bar[a]>=1`).
    static func name(ofNormalised requirement: String) -> Substring {
        requirement.prefix { $0.isLetter || $0.isNumber || $0 == "-" }
    }

    enum Parsed: Equatable {
        case blank
        case requirement(String)
        case invalid(String)
    }

    /// One line (without its newline) as a requirement.
    static func parse(_ line: ArraySlice<UInt8>) -> Parsed {
        var text = stripComment(line)
        trim(&text)
        return parse(stripped: text)
    }

    /// `parse` of a line already without its comment and surrounding whitespace.
    private static func parse(stripped text: ArraySlice<UInt8>) -> Parsed {
        guard !text.isEmpty else { return .blank }
        do {
            return .requirement(try canonical(text))
        } catch {
            return .invalid(error.reason)
        }
    }

    /// Why a line is not a requirement.
    private struct Invalid: Error {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// The canonical form of a non-empty requirement without comment or surrounding whitespace.
    private static func canonical(_ text: ArraySlice<UInt8>) throws(Invalid) -> String {
        var i = text.startIndex
        let end = text.endIndex
        while i < end, isNameByte(text[i]) { i += 1 }
        let name = text[text.startIndex..<i]
        guard let first = name.first, let last = name.last, isAlphanumeric(first), isAlphanumeric(last) else {
            throw Invalid("expected a package name")
        }
        var result = pep503(name)
        skipSpace(text, &i)
        if i < end, text[i] == UInt8(ascii: "[") { result += try extras(text, &i) }
        var marker: ArraySlice<UInt8>?
        if i < end, text[i] == UInt8(ascii: "@") {
            let located = try url(text, after: i)
            result += located.part
            marker = located.marker
        } else if i < end {
            let versions = try specifiers(text, from: i)
            result += versions.part
            marker = versions.marker
        }
        if let marker {
            guard let normal = normaliseMarker(marker) else { throw Invalid("the environment marker does not parse") }
            result += "; " + normal
        }
        return result
    }

    /// The `[extras]` at `i`, normalised, sorted and without duplicates (empty for `[]`); moves `i` past them.
    private static func extras(_ text: ArraySlice<UInt8>, _ i: inout Int) throws(Invalid) -> String {
        guard let close = text[i...].firstIndex(of: UInt8(ascii: "]")) else {
            throw Invalid("the extras have no closing ]")
        }
        let inside = text[(i + 1)..<close]
        var extras: Set<String> = []
        if inside.contains(where: { !isSpace($0) }) {
            for item in inside.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                var extra = item
                trim(&extra)
                guard let a = extra.first, let z = extra.last, isAlphanumeric(a), isAlphanumeric(z),
                    extra.allSatisfy(isNameByte)
                else { throw Invalid("\(excerpt(item)) is not an extra name") }
                extras.insert(pep503(extra))
            }
        }
        i = close + 1
        skipSpace(text, &i)
        return extras.isEmpty ? "" : "[" + extras.sorted().joined(separator: ",") + "]"
    }

    /// The ` @ url` part for the `@` at `at`, and the marker after a `;` that may follow it.
    private static func url(_ text: ArraySlice<UInt8>, after at: Int) throws(Invalid) -> (
        part: String, marker: ArraySlice<UInt8>?
    ) {
        let end = text.endIndex
        var i = at + 1
        skipSpace(text, &i)
        let start = i
        while i < end, !isSpace(text[i]) { i += 1 }
        guard i > start else { throw Invalid("expected a url after @") }
        let part = " @ " + String(decoding: text[start..<i], as: UTF8.self)
        skipSpace(text, &i)
        guard i < end else { return (part, nil) }
        guard text[i] == UInt8(ascii: ";") else { throw Invalid("unexpected text after the url") }
        return (part, text[(i + 1)...])
    }

    /// The version specifiers from `i` (bare or in parentheses), compacted and sorted, and the marker after them.
    private static func specifiers(_ text: ArraySlice<UInt8>, from start: Int) throws(Invalid) -> (
        part: String, marker: ArraySlice<UInt8>?
    ) {
        let end = text.endIndex
        var i = start
        var marker: ArraySlice<UInt8>?
        var specifiers: ArraySlice<UInt8>
        if text[i] == UInt8(ascii: "(") {
            guard let close = text[i...].firstIndex(of: UInt8(ascii: ")")) else {
                throw Invalid("the version specifiers have no closing )")
            }
            specifiers = text[(i + 1)..<close]
            i = close + 1
            skipSpace(text, &i)
            if i < end {
                guard text[i] == UInt8(ascii: ";") else {
                    throw Invalid("unexpected text after the version specifiers")
                }
                marker = text[(i + 1)...]
            }
        } else {
            let semicolon = text[i...].firstIndex(of: UInt8(ascii: ";")) ?? end
            specifiers = text[i..<semicolon]
            if semicolon < end { marker = text[(semicolon + 1)...] }
        }
        trim(&specifiers)
        guard !specifiers.isEmpty else { return ("", marker) }
        var clauses: Set<String> = []
        for clause in specifiers.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            guard let compact = specifier(clause) else {
                throw Invalid("\(excerpt(clause)) is not a version specifier")
            }
            clauses.insert(compact)
        }
        return (clauses.sorted().joined(separator: ","), marker)  // ASCII: String order is byte order
    }

    // MARK: markers

    private enum Token: Equatable {
        case open, close
        case op(String)
        case word(String)
        case string(String)
    }

    /// A parsed marker as packaging keeps it: a flat list of items and `and`/`or`, a parenthesised
    /// part a nested list.
    private indirect enum MarkerPart {
        case item(String)
        case boolean(String)
        case group([MarkerPart])
    }

    private static let markerOperators: Set<String> = ["<", "<=", ">", ">=", "==", "!=", "~=", "==="]
    /// The variables packaging 26 knows.
    private static let markerVariables: Set<String> = [
        "python_version", "python_full_version", "os_name", "sys_platform", "platform_release", "platform_system",
        "platform_version", "platform_machine", "platform_python_implementation", "implementation_name",
        "implementation_version", "extra", "extras", "dependency_groups",
    ]
    /// Older spellings packaging still reads, and prints as their PEP 508 names.
    private static let legacyMarkerVariables = [
        "os.name": "os_name", "sys.platform": "sys_platform", "platform.version": "platform_version",
        "platform.machine": "platform_machine", "platform.python_implementation": "platform_python_implementation",
        "python_implementation": "platform_python_implementation",
    ]
    /// Deeper parentheses than this are not a marker anyone writes (and would only cost stack).
    private static let markerDepthLimit = 32

    /// A marker as packaging prints it (`str(Marker)`), or nil when it does not parse: items
    /// `lhs op rhs` one space apart with strings in double quotes, and parentheses only around a
    /// nested list of more than one item that is not the whole marker — packaging drops the others,
    /// even where they mattered, and a lock records what packaging printed.
    static func normaliseMarker(_ marker: ArraySlice<UInt8>) -> String? {
        guard let tokens = markerTokens(marker) else { return nil }
        var i = 0
        guard let list = markerList(tokens, &i, depth: 0), i == tokens.count else { return nil }
        return format(list, first: true)
    }

    private static func markerTokens(_ marker: ArraySlice<UInt8>) -> [Token]? {
        var tokens: [Token] = []
        var i = marker.startIndex
        while i < marker.endIndex {
            let c = marker[i]
            if isSpace(c) {
                i += 1
            } else if c == UInt8(ascii: "(") || c == UInt8(ascii: ")") {
                tokens.append(c == UInt8(ascii: "(") ? .open : .close)
                i += 1
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                guard let close = marker[(i + 1)...].firstIndex(of: c) else { return nil }
                tokens.append(.string(String(decoding: marker[(i + 1)..<close], as: UTF8.self)))
                i = close + 1
            } else if isOperatorByte(c) {
                let start = i
                while i < marker.endIndex, isOperatorByte(marker[i]) { i += 1 }
                let op = String(decoding: marker[start..<i], as: UTF8.self)
                guard markerOperators.contains(op) else { return nil }
                tokens.append(.op(op))
            } else if isLetter(c) || c == UInt8(ascii: "_") {
                let start = i
                while i < marker.endIndex, isNameByte(marker[i]) { i += 1 }
                tokens.append(.word(String(decoding: marker[start..<i], as: UTF8.self)))
            } else {
                return nil
            }
        }
        return tokens
    }

    /// `marker = atom (("and" | "or") atom)*`
    private static func markerList(_ tokens: [Token], _ i: inout Int, depth: Int) -> [MarkerPart]? {
        guard depth < markerDepthLimit, let first = markerAtom(tokens, &i, depth: depth) else { return nil }
        var list = [first]
        while i < tokens.count, case .word(let word) = tokens[i], word == "and" || word == "or" {
            i += 1
            guard let next = markerAtom(tokens, &i, depth: depth) else { return nil }
            list += [.boolean(word), next]
        }
        return list
    }

    /// `atom = "(" marker ")" | value op value`, a value a variable or a string.
    private static func markerAtom(_ tokens: [Token], _ i: inout Int, depth: Int) -> MarkerPart? {
        guard i < tokens.count else { return nil }
        if tokens[i] == .open {
            i += 1
            guard let inner = markerList(tokens, &i, depth: depth + 1), i < tokens.count, tokens[i] == .close else {
                return nil
            }
            i += 1
            return .group(inner)
        }
        guard var lhs = markerValue(tokens, &i), let op = markerOperator(tokens, &i), var rhs = markerValue(tokens, &i)
        else {
            return nil
        }
        // `extra == "Foo_Bar"` compares normalised names, and packaging prints them so.
        if lhs.variable == "extra", let value = rhs.string { rhs.string = pep503(bytes(value)[...]) }
        if rhs.variable == "extra", let value = lhs.string { lhs.string = pep503(bytes(value)[...]) }
        return .item("\(lhs.text) \(op) \(rhs.text)")
    }

    private struct MarkerValue {
        var variable: String?
        var string: String?
        var text: String { variable ?? "\"" + (string ?? "") + "\"" }
    }

    private static func markerValue(_ tokens: [Token], _ i: inout Int) -> MarkerValue? {
        guard i < tokens.count else { return nil }
        switch tokens[i] {
        case .string(let value):
            i += 1
            return MarkerValue(variable: nil, string: value)
        case .word(let word):
            let name = legacyMarkerVariables[word] ?? word
            guard markerVariables.contains(name) else { return nil }
            i += 1
            return MarkerValue(variable: name, string: nil)
        default:
            return nil
        }
    }

    private static func markerOperator(_ tokens: [Token], _ i: inout Int) -> String? {
        guard i < tokens.count else { return nil }
        switch tokens[i] {
        case .op(let op):
            i += 1
            return op
        case .word("in"):
            i += 1
            return "in"
        case .word("not") where i + 1 < tokens.count && tokens[i + 1] == .word("in"):
            i += 2
            return "not in"
        default:
            return nil
        }
    }

    /// packaging's `_format_marker`.
    private static func format(_ list: [MarkerPart], first: Bool) -> String {
        if list.count == 1 {
            switch list[0] {
            case .item(let text), .boolean(let text): return text
            case .group(let inner): return format(inner, first: true)
            }
        }
        let inner = list.map { part in
            switch part {
            case .item(let text), .boolean(let text): text
            case .group(let nested): format(nested, first: false)
            }
        }.joined(separator: " ")
        return first ? inner : "(" + inner + ")"
    }

    // MARK: requirements files

    /// pip's `join_lines`: numbered lines with `\` continuations joined (a comment line ends one).
    static func logicalLines(_ bytes: [UInt8]) -> [(Int, ArraySlice<UInt8>)] {
        var result: [(Int, ArraySlice<UInt8>)] = []
        var pending: [UInt8] = []
        var primary: Int?
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var number = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            var line = bytes[start..<end]
            start = end + 1
            number += 1
            if line.last == 0x0D { line = line.dropLast() }
            let continues = line.last == UInt8(ascii: "\\") && line.first(where: { !isSpace($0) }) != UInt8(ascii: "#")
            if continues {
                if primary == nil { primary = number }
                var part = line
                while part.last == UInt8(ascii: "\\") { part = part.dropLast() }
                while part.first == UInt8(ascii: "\\") { part = part.dropFirst() }
                pending.append(contentsOf: part)
            } else if let first = primary {
                if line.first(where: { !isSpace($0) }) == UInt8(ascii: "#") { pending.append(0x20) }
                pending.append(contentsOf: line)
                result.append((first, pending[...]))
                pending = []
                primary = nil
            } else {
                result.append((number, line))
            }
        }
        if let first = primary { result.append((first, pending[...])) }
        return result
    }

    /// pip's `break_args_options`: the words before the first one that starts with `-`.
    static func requirementPart(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var i = line.startIndex
        while i < line.endIndex {
            if line[i] == UInt8(ascii: "-"), i == line.startIndex || line[i - 1] == 0x20 {
                return line[line.startIndex..<i]
            }
            i += 1
        }
        return line
    }

    /// The line without a `#` comment that starts it or follows whitespace (pip's rule).
    static func stripComment(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var i = line.startIndex
        while i < line.endIndex {
            if line[i] == UInt8(ascii: "#"), i == line.startIndex || isSpace(line[i - 1]) {
                return line[line.startIndex..<i]
            }
            i += 1
        }
        return line
    }

    // MARK: bytes

    /// The UTF-8 of `text`, copied in one go (a byte-by-byte copy is slow in debug builds).
    package static func bytes(_ text: String) -> [UInt8] {
        text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)
    }

    /// `clause` without its whitespace when it is an operator and a version (`>= 1.0`, `==1.*`,
    /// `===foo`, `~=2.2.post3`), whitespace allowed only around the two.
    private static func specifier(_ clause: ArraySlice<UInt8>) -> String? {
        var text = clause
        trim(&text)
        for op in specifierOperators where text.starts(with: op.utf8) {
            var version = text.dropFirst(op.utf8.count)
            trim(&version)
            guard !version.isEmpty, version.allSatisfy({ isAlphanumeric($0) || versionPunctuation.contains($0) }) else {
                return nil
            }
            return op + String(decoding: version, as: UTF8.self)
        }
        return nil
    }

    /// Longest first, so `===` is not read as `==` and `=`.
    private static let specifierOperators = ["===", "~=", "==", "!=", "<=", ">=", "<", ">"]
    private static let versionPunctuation = Set("._*+!-".utf8)

    /// PEP 503: lowercased, each run of `-`, `_`, `.` one `-`.
    package static func pep503(_ name: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(name.count)
        var inRun = false
        for byte in name {
            if byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") {
                if !inRun { out.append(UInt8(ascii: "-")) }
                inRun = true
            } else {
                out.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
                inRun = false
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Up to 60 characters of `bytes` in backticks, for a message; bytes that are not UTF-8 as `\xNN`.
    static func excerpt(_ bytes: ArraySlice<UInt8>) -> String {
        var text = bytes
        trim(&text)
        let string = display(text.prefix(240))
        let shown = string.count > 60 || text.count > 240 ? String(string.prefix(60)) + "…" : string
        return "`" + shown + "`"
    }

    /// `bytes` as text; when they are not UTF-8, ASCII kept and every other byte `\xNN`.
    /// (`String(decoding:)` would hide them behind U+FFFD.)
    static func display(_ bytes: ArraySlice<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for byte in bytes {
            if byte >= 0x20 && byte < 0x7F {
                out.append(byte)
            } else {
                out += [0x5C, 0x78, digits[Int(byte >> 4)], digits[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func trim(_ bytes: inout ArraySlice<UInt8>) {
        while let first = bytes.first, isSpace(first) { bytes = bytes.dropFirst() }
        while let last = bytes.last, isSpace(last) { bytes = bytes.dropLast() }
    }

    private static func skipSpace(_ bytes: ArraySlice<UInt8>, _ i: inout Int) {
        while i < bytes.endIndex, isSpace(bytes[i]) { i += 1 }
    }

    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || (b >= 0x09 && b <= 0x0D) }
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private static func isAlphanumeric(_ b: UInt8) -> Bool { isLetter(b) || (b >= 0x30 && b <= 0x39) }
    private static func isNameByte(_ b: UInt8) -> Bool {
        isAlphanumeric(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".")
    }
    private static func isOperatorByte(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "<") || b == UInt8(ascii: ">") || b == UInt8(ascii: "=") || b == UInt8(ascii: "!")
            || b == UInt8(ascii: "~")
    }
}
