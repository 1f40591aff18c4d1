/// DESIGN's exit status for the error a command ends with: 2 bad usage or configuration, 3 the repository
/// cannot answer (also for errors no command expected).
public enum ExitStatus {
    /// The status for `error`.
    public static func code(for error: any Error) -> Int32 {
        switch error {
        case let e as WorkspaceError: e.exitCode
        case let e as RunPlanError: e.exitCode
        case let e as ChangeSetError: e.exitCode
        case is ConfigurationError, is FormatError, is CheckSelectionError, is UsageError, is PushInputError,
            is LockResolveError, is InstallError, is FileWriteError:
            2
        default: 3
        }
    }
}

/// A usage problem found after parsing (an unknown target id, a tag to name): exit 2.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    public let description: String

    /// The problem, lowercase, with what to do.
    public init(_ description: String) { self.description = description }
}
