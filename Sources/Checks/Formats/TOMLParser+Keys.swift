/// Keys (bare, quoted, dotted) and the `key = value` lines that use them.
extension TOMLDocumentReader {
    /// A dotted key such as `a."b c".d`; skips the blanks after it.
    mutating func keyPath(depth: Int) throws(TOMLError) -> [TOMLKey] {
        var path = [try simpleKey()]
        while true {
            cursor.skipBlanks()
            guard cursor.current == 0x2E else { return path }
            cursor.advance()
            cursor.skipBlanks()
            guard depth + path.count < TOMLParser.maximumDepth else {
                throw cursor.error("nesting deeper than \(TOMLParser.maximumDepth) levels of tables and arrays")
            }
            path.append(try simpleKey())
        }
    }

    /// One bare or quoted key.
    private mutating func simpleKey() throws(TOMLError) -> TOMLKey {
        let (line, column) = (cursor.line, cursor.column)
        if cursor.current == 0x22 || cursor.current == 0x27 {
            return TOMLKey(name: try cursor.string(multiline: false), line: line, column: column)
        }
        let start = cursor.position
        while let byte = cursor.current, TOMLDocumentReader.isBareKeyByte(byte) { cursor.advance() }
        guard cursor.position > start else {
            throw cursor.error("expected a key (letters, digits, '-', '_' or a quoted string), found \(cursor.found)")
        }
        let name = String(decoding: cursor.bytes[start..<cursor.position], as: UTF8.self)
        return TOMLKey(name: name, line: line, column: column)
    }

    private static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x5F, 0x2D: true
        default: false
        }
    }

    /// `key = value` into `table`: the document's current section, or an inline table being read.
    mutating func keyValue(into table: TOMLTableBuilder, inline: Bool, depth: Int) throws(TOMLError) {
        let path = try keyPath(depth: depth)
        guard cursor.current == 0x3D else {
            throw cursor.error("expected '=' after the key \(TOMLDocumentReader.display(path)), found \(cursor.found)")
        }
        cursor.advance()
        cursor.skipBlanks()
        let node = try value(depth: depth + path.count)
        try assign(node, to: path, in: table, inline: inline)
    }

    /// Stores `node` at the dotted `path` below `table`, creating the tables between, after checking that no
    /// key is defined twice and no closed table, inline table or array is extended.
    private mutating func assign(
        _ node: TOMLNode, to path: [TOMLKey], in table: TOMLTableBuilder,
        inline: Bool
    ) throws(TOMLError) {
        var table = table
        for (offset, key) in path.dropLast().enumerated() {
            switch table.slotCreatingTable(key) {
            case .table(let inner):
                guard inline || !inner.isClosed else {
                    throw TOMLError(
                        line: key.line, column: key.column,
                        message:
                            "cannot add to table \(TOMLDocumentReader.display(Array(path[...offset]))) with dotted keys: "
                            + "it was defined at line \(inner.line)")
                }
                table = inner
            case .tables(_, let line, _):
                throw TOMLError(
                    line: key.line, column: key.column,
                    message:
                        "cannot add to \(TOMLDocumentReader.display(Array(path[...offset]))) with dotted keys: "
                        + "it is an array of tables (line \(line))")
            case .value(let existing):
                throw TOMLDocumentReader.notExtensible(Array(path[...offset]), existing, at: key)
            }
            table.byDottedKeys = true
            if !inline { dottedInSection.append(table) }
        }
        guard let last = path.last else { return }
        if let existing = table[last.name] {
            let line =
                switch existing {
                case .value(let node): node.line
                case .table(let inner): inner.line
                case .tables(_, let line, _): line
                }
            throw TOMLError(
                line: last.line, column: last.column,
                message:
                    "key \(TOMLDocumentReader.display(path)) is defined twice (first at line \(line))")
        }
        table.set(last, .value(node))
    }

    /// A key path as a message shows it: bare keys as they are, others quoted (`tool."my key"`).
    static func display(_ path: [TOMLKey]) -> String {
        path.map { key in
            !key.name.isEmpty && key.name.utf8.allSatisfy(isBareKeyByte) ? key.name : "\"\(key.name)\""
        }.joined(separator: ".")
    }
}
