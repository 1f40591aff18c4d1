import ArgumentParser
import Checks
import Foundation

/// Prints an error as `preflight: ...` on stderr and maps it to DESIGN's exit status:
/// 2 bad usage or configuration, 3 the repository cannot answer.
func fail(_ error: Error) -> ExitCode {
    let code: Int32
    switch error {
    case let e as WorkspaceError: code = e.exitCode
    case let e as RunPlanError: code = e.exitCode
    case is ConfigurationError, is FormatError, is CheckSelectionError: code = 2
    case is RepositoryError, is ChangeSetError, is GitError, is SnapshotError, is UnknownTagError: code = 3
    case let e as UsageError: code = 2; _ = e
    default: code = 3
    }
    printError("\(error)")
    return ExitCode(code)
}

/// A usage problem found after parsing (an unknown target id): exit 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
}

func printError(_ message: String) {
    FileHandle.standardError.write(Data("preflight: \(message)\n".utf8))
}

/// Writes to stdout without Swift's line buffering surprises.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
