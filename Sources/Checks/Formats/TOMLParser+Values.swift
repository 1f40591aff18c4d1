/// Values: strings and scalars, arrays and inline tables (recursive, bounded by `TOMLParser.maximumDepth`).
extension TOMLDocumentReader {
    /// The value at the cursor, `depth` levels below the root.
    mutating func value(depth: Int) throws(TOMLError) -> TOMLNode {
        guard depth <= TOMLParser.maximumDepth else {
            throw cursor.error("nesting deeper than \(TOMLParser.maximumDepth) levels of tables and arrays")
        }
        let (line, column) = (cursor.line, cursor.column)
        let value: TOMLValue
        switch cursor.current {
        case 0x22, 0x27: value = .string(try cursor.string(multiline: true))
        case 0x5B: value = .array(try array(depth: depth))
        case 0x7B: value = .table(try inlineTable(depth: depth))
        default: value = try cursor.scalar()
        }
        return TOMLNode(value, line: line, column: column)
    }

    /// `[1, 2, 3]`: values of any types, over lines, with comments and a trailing comma.
    private mutating func array(depth: Int) throws(TOMLError) -> [TOMLNode] {
        cursor.advance()
        var items: [TOMLNode] = []
        while true {
            try skipArrayFiller()
            if cursor.current == 0x5D { break }
            items.append(try value(depth: depth + 1))
            try skipArrayFiller()
            if cursor.current == 0x2C {
                cursor.advance()
            } else if cursor.current != 0x5D {
                throw cursor.error("expected ',' or ']' after an array element, found \(cursor.found)")
            }
        }
        cursor.advance()
        return items
    }

    /// Blanks, newlines and comments between array elements.
    private mutating func skipArrayFiller() throws(TOMLError) {
        repeat {
            cursor.skipBlanks()
            try cursor.skipComment()
        } while cursor.consumeNewline()
    }

    /// `{ a = 1, b.c = 2 }`: on one line, no trailing comma; immutable once closed.
    private mutating func inlineTable(depth: Int) throws(TOMLError) -> TOMLTableValue {
        let table = TOMLTableBuilder(line: cursor.line, column: cursor.column, closed: false)
        cursor.advance()
        cursor.skipBlanks()
        if cursor.current == 0x7D {
            cursor.advance()
            return table.build()
        }
        while true {
            cursor.skipBlanks()
            try keyValue(into: table, inline: true, depth: depth)
            cursor.skipBlanks()
            if cursor.current == 0x7D { break }
            guard cursor.current == 0x2C else {
                throw cursor.error(
                    "expected ',' or '}' in an inline table (it must fit on one line), found \(cursor.found)")
            }
            cursor.advance()
        }
        cursor.advance()
        return table.build()
    }
}
