/// Parses TOML 1.0: bytes in, the root table with every key's and value's line and column out, or the first
/// error with its line. Nothing in the input can trap it, recurse without bound, or take more than linear time.
public enum TOMLParser {
    /// The deepest nesting of tables and arrays a document may have.
    public static let maximumDepth = 512

    /// The root table of the document in `bytes` (UTF-8, no byte order mark).
    public static func parse(_ bytes: [UInt8]) throws(TOMLError) -> TOMLTableValue {
        try TOMLUTF8.validate(bytes)
        var reader = TOMLDocumentReader(bytes)
        try reader.read()
        return reader.root.build()
    }
}

/// The state of one parse: the cursor, the tables built so far and the section being filled.
struct TOMLDocumentReader {
    var cursor: TOMLCursor
    let root = TOMLTableBuilder(line: 1, column: 1, closed: false)
    /// The table the current `[header]` opened (the root before the first header).
    var section: TOMLTableBuilder
    /// How many keys the current header has: where the depth of its values starts.
    var sectionDepth = 0
    /// Tables that dotted keys of the current section defined or extended: closed when the section ends.
    var dottedInSection: [TOMLTableBuilder] = []

    init(_ bytes: [UInt8]) {
        cursor = TOMLCursor(bytes)
        section = root
    }

    /// Reads every line of the document.
    mutating func read() throws(TOMLError) {
        while true {
            cursor.skipBlanks()
            guard let byte = cursor.current else { return }
            if cursor.consumeNewline() { continue }
            if byte == 0x23 {
                try cursor.finishLine(after: "a comment")
            } else if byte == 0x5B {
                try header()
            } else {
                try keyValue(into: section, inline: false, depth: sectionDepth)
                try cursor.finishLine(after: "a key's value")
            }
        }
    }

    /// `[a.b]` or `[[a.b]]`: makes the table it names the current section.
    private mutating func header() throws(TOMLError) {
        let (line, column) = (cursor.line, cursor.column)
        cursor.advance()
        let isArray = cursor.current == 0x5B
        if isArray { cursor.advance() }
        cursor.skipBlanks()
        let path = try keyPath(depth: 0)
        let (opening, closing) = isArray ? ("[[", "]]") : ("[", "]")
        let header = opening + TOMLDocumentReader.display(path) + closing
        guard cursor.current == 0x5D, !isArray || cursor.peek(1) == 0x5D else {
            throw cursor.error("expected '\(closing)' to end the header \(header), found \(cursor.found)")
        }
        cursor.advance(isArray ? 2 : 1)
        for table in dottedInSection { table.isClosed = true }
        dottedInSection = []
        section = try open(path, isArray: isArray, line: line, column: column)
        sectionDepth = path.count
        try cursor.finishLine(after: "the header \(header)")
    }

    /// The table a header names, created where needed, after checking that the header may define it.
    private func open(_ path: [TOMLKey], isArray: Bool, line: Int, column: Int) throws(TOMLError) -> TOMLTableBuilder {
        var table = root
        for (offset, key) in path.dropLast().enumerated() {
            switch table.slotCreatingTable(key) {
            case .table(let inner): table = inner
            case .tables(let list, _, _): table = list.last ?? table
            case .value(let node):
                throw TOMLDocumentReader.notExtensible(Array(path[...offset]), node, at: key)
            }
        }
        guard let last = path.last else { return table }
        let name = TOMLDocumentReader.display(path)
        let created = TOMLTableBuilder(line: line, column: column, closed: true)
        // Before the switch, which would hold a second reference to the array and make each append copy it.
        if isArray, table.append(created, to: last.name) { return created }
        switch table[last.name] {
        case nil:
            table.set(last, isArray ? .tables([created], line: line, column: column) : .table(created))
        case .table(let existing):
            if isArray {
                throw TOMLError(
                    line: line, column: column,
                    message:
                        "cannot define [[\(name)]]: \(name) is already a table (line \(existing.line))")
            }
            if existing.isClosed {
                let how = existing.byDottedKeys ? "by dotted keys" : "by a header"
                throw TOMLError(
                    line: line, column: column,
                    message:
                        "table [\(name)] is defined twice: it was already defined \(how) at line \(existing.line)")
            }
            existing.close(line: line, column: column)
            return existing
        case .tables(_, let firstLine, _):
            throw TOMLError(
                line: line, column: column,
                message:
                    "cannot define [\(name)]: \(name) is an array of tables (line \(firstLine)); use [[\(name)]]")
        case .value(let node):
            throw TOMLDocumentReader.notExtensible(path, node, at: last)
        }
        return created
    }

    /// The error for a header or dotted key that goes through a value that is not a growable table.
    static func notExtensible(_ path: [TOMLKey], _ node: TOMLNode, at key: TOMLKey) -> TOMLError {
        let kind = node.value.typeName
        let why: String =
            switch node.value {
            case .table: "an inline table, which cannot be extended"
            case .array: "a static array, which cannot be extended"
            default: "a \(kind), not a table"
            }
        return TOMLError(
            line: key.line, column: key.column,
            message: "cannot define \(display(path)) again: it is \(why) (line \(node.line))")
    }
}
