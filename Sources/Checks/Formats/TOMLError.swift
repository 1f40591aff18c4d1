/// Why a TOML document was refused, with the 1-based line and byte column of the fault.
public struct TOMLError: Error, Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    /// Lowercase, saying what was expected (`expected '=' after the key "name", found '['`).
    public let message: String

    /// An error at `line` and `column`.
    public init(line: Int, column: Int, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }

    /// `line N, column M: message`.
    /// `line N, column M: message`.
    public var description: String { "line \(line), column \(column): \(message)" }
}
