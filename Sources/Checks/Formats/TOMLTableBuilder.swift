/// A table while the document is read: it can still grow, and remembers how it was defined so that the
/// redefinition rules can be checked.
final class TOMLTableBuilder {
    /// What a key holds while parsing: a finished value (inline tables and arrays are immutable), a table that
    /// may grow, or an array of tables whose last element may grow.
    enum Slot {
        case value(TOMLNode)
        case table(TOMLTableBuilder)
        case tables([TOMLTableBuilder], line: Int, column: Int)
    }

    struct Entry {
        let key: TOMLKey
        var slot: Slot
    }

    private(set) var line: Int
    private(set) var column: Int
    /// Defined by a `[header]`, as an element of `[[header]]`, or by dotted keys of a finished section: no
    /// later `[header]` may define it again and no dotted key may add to it.
    var isClosed: Bool
    /// Created by dotted keys rather than a header (for the message when a header tries to reopen it).
    var byDottedKeys = false
    private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    init(line: Int, column: Int, closed: Bool) {
        self.line = line
        self.column = column
        self.isClosed = closed
    }

    subscript(name: String) -> Slot? { index[name].map { entries[$0].slot } }

    /// What `key` holds, after creating an open table there where it held nothing (a header's or a dotted
    /// key's intermediate table).
    func slotCreatingTable(_ key: TOMLKey) -> Slot {
        if let slot = self[key.name] { return slot }
        let created = TOMLTableBuilder(line: key.line, column: key.column, closed: false)
        set(key, .table(created))
        return .table(created)
    }

    /// Sets what `key` holds, adding it at the end where it is new.
    func set(_ key: TOMLKey, _ slot: Slot) {
        if let position = index[key.name] {
            entries[position].slot = slot
        } else {
            index[key.name] = entries.count
            entries.append(Entry(key: key, slot: slot))
        }
    }

    /// Marks the table defined by a header at `line` and `column`, which is where it is reported from now on.
    func close(line: Int, column: Int) {
        isClosed = true
        self.line = line
        self.column = column
    }

    /// Appends `element` to the array of tables at `name`, in place; false where `name` holds something else.
    func append(_ element: TOMLTableBuilder, to name: String) -> Bool {
        guard let position = index[name], case .tables(var list, let line, let column) = entries[position].slot else {
            return false
        }
        // Emptied first so that the array is not shared and grows in place.
        entries[position].slot = .tables([], line: line, column: column)
        list.append(element)
        entries[position].slot = .tables(list, line: line, column: column)
        return true
    }

    /// The finished table; recursion is bounded by the parser's depth limit.
    func build() -> TOMLTableValue {
        TOMLTableValue(
            entries: entries.map { entry in
                switch entry.slot {
                case .value(let node):
                    return .init(key: entry.key, node: node)
                case .table(let table):
                    let node = TOMLNode(.table(table.build()), line: table.line, column: table.column)
                    return .init(key: entry.key, node: node)
                case .tables(let tables, let line, let column):
                    let elements = tables.map { TOMLNode(.table($0.build()), line: $0.line, column: $0.column) }
                    return .init(key: entry.key, node: TOMLNode(.array(elements), line: line, column: column))
                }
            })
    }
}
