/// One `import` or `from ... import` statement of a Python file (one record per module an `import` names).
public struct PythonImport: Sendable, Hashable, Codable {
    /// The 1-based line the statement starts on.
    public let line: Int
    /// The leading dots of a relative import (0 for an absolute one).
    public let level: Int
    /// The dotted module as written after the dots (`a.b`); empty for `from . import x`.
    public let module: String
    /// The names after `from ... import` (`*` for a star import); empty for `import a.b`.
    public let names: [String]
    /// True for `from ... import ...`.
    public let isFrom: Bool

    /// Creates a record.
    public init(line: Int, level: Int = 0, module: String, names: [String] = [], isFrom: Bool = false) {
        self.line = line
        self.level = level
        self.module = module
        self.names = names
        self.isFrom = isFrom
    }
}

/// Finds the import statements of Python source: anywhere in the file (functions, classes, `try`,
/// `if TYPE_CHECKING:`), never inside strings or comments.
///
/// Triggering: `import a.b as c, d`, `from ..a import (b, c as d)`, `if x: import y`, `a = 1; import b`.
/// Not triggering: `"import a"`, `"""\nimport a\n"""`, `# import a`, `x.import_thing()`.
/// Bytes that are not Python (an unterminated string, stray bytes, not UTF-8) end the scan quietly: what
/// was read so far is the answer.
public enum PythonImports {
    /// The import statements of `source`, in file order.
    public static func scan(_ source: [UInt8]) -> [PythonImport] {
        var tokenizer = PythonTokenizer(source)
        var statement: [PythonToken] = []
        var result: [PythonImport] = []
        while true {
            let token = tokenizer.next()
            guard let token, token.kind != .newline && token.kind != .semicolon && token.kind != .colon else {
                if let first = statement.first, first.kind == .name {
                    result += parse(statement)
                }
                statement.removeAll(keepingCapacity: true)
                if token == nil { return result }
                continue
            }
            statement.append(token)
        }
    }

    /// The imports of one simple statement's tokens (nothing when it is not an import).
    static func parse(_ tokens: [PythonToken]) -> [PythonImport] {
        var reader = Reader(tokens: tokens)
        guard let keyword = reader.name() else { return [] }
        let line = tokens[0].line
        if keyword == "import" {
            var result: [PythonImport] = []
            repeat {
                guard let module = reader.dotted(), !module.isEmpty else { return result }
                result.append(PythonImport(line: line, module: module))
                if reader.peekName() == "as" {
                    _ = reader.name()
                    _ = reader.name()
                }
            } while reader.take(.comma)
            return result
        }
        guard keyword == "from" else { return [] }
        var level = 0
        while reader.take(.dot) { level += 1 }
        let module = reader.dotted() ?? ""
        guard level > 0 || !module.isEmpty, reader.name() == "import" else { return [] }
        var names: [String] = []
        if reader.take(.star) {
            names = ["*"]
        } else {
            _ = reader.take(.open)
            while let name = reader.name() {
                names.append(name)
                if reader.peekName() == "as" {
                    _ = reader.name()
                    _ = reader.name()
                }
                guard reader.take(.comma) else { break }
            }
        }
        guard !names.isEmpty else { return [] }
        return [PythonImport(line: line, level: level, module: module, names: names, isFrom: true)]
    }

    /// A cursor over one statement's tokens.
    private struct Reader {
        let tokens: [PythonToken]
        var at = 0

        mutating func take(_ kind: PythonToken.Kind) -> Bool {
            guard at < tokens.count, tokens[at].kind == kind else { return false }
            at += 1
            return true
        }

        func peekName() -> String? {
            at < tokens.count && tokens[at].kind == .name ? String(decoding: tokens[at].text, as: UTF8.self) : nil
        }

        mutating func name() -> String? {
            guard let name = peekName() else { return nil }
            at += 1
            return name
        }

        /// `a.b.c`, or nil when no name comes next.
        mutating func dotted() -> String? {
            guard var result = peekName(), result != "import" else { return nil }
            at += 1
            while at + 1 < tokens.count, tokens[at].kind == .dot, tokens[at + 1].kind == .name {
                result += "." + String(decoding: tokens[at + 1].text, as: UTF8.self)
                at += 2
            }
            return result
        }
    }
}
