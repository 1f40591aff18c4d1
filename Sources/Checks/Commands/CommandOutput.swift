import Foundation

/// Where a command's output goes: the report on stdout, `preflight: ...` lines on stderr; tests capture both.
public struct CommandOutput: Sendable {
    /// True when the report goes to a terminal (colour, progress drawn in place).
    public let isTerminal: Bool
    private let report: @Sendable (String) -> Void
    private let diagnostic: @Sendable (String) -> Void

    /// Output through `report` (text as given) and `diagnostic` (whole lines, newline included).
    public init(
        isTerminal: Bool = false, report: @escaping @Sendable (String) -> Void,
        diagnostic: @escaping @Sendable (String) -> Void
    ) {
        self.isTerminal = isTerminal
        self.report = report
        self.diagnostic = diagnostic
    }

    /// The process's stdout and stderr, written at once (no buffering to surprise a hook's caller).
    public static var standard: CommandOutput {
        CommandOutput(
            isTerminal: isatty(STDOUT_FILENO) == 1,
            report: { StandardStreams.emitOrExit($0, to: STDOUT_FILENO, naming: "stdout") },
            diagnostic: { StandardStreams.emitOrExit($0, to: STDERR_FILENO, naming: "stderr") })
    }

    /// Writes report text as given (no newline added).
    public func write(_ text: String) { report(text) }

    /// Writes `preflight: MESSAGE` as a line on stderr.
    public func error(_ message: String) { diagnostic("preflight: \(message)\n") }

    /// True when findings may be coloured: a terminal, and `NO_COLOR` unset or empty.
    public func color(_ environment: [String: String]) -> Bool {
        isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }
}
