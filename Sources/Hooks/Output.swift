import ArgumentParser
import Checks
import Foundation

/// Runs a library entry point and turns its outcome into the process's: a status other than 0 exits with
/// it; an error is printed as `preflight: ...` and exits with DESIGN's status for it (2 or 3).
func finish(_ body: (CommandOutput) throws -> Int32) throws {
    let status: Int32
    do {
        status = try body(.standard)
    } catch {
        CommandOutput.standard.error(FoundationFileError.message(for: error))
        throw ExitCode(ExitStatus.code(for: error))
    }
    if status != 0 { throw ExitCode(status) }
}

/// The process environment, as every entry point takes it.
var processEnvironment: [String: String] { ProcessInfo.processInfo.environment }

extension AffectedFormat: ExpressibleByArgument {}
extension CheckFormat: ExpressibleByArgument {}
extension ListingFormat: ExpressibleByArgument {}
extension MissingBasePolicy: ExpressibleByArgument {}
extension Tier: ExpressibleByArgument {}
extension GitHookName: ExpressibleByArgument {}
extension Dependents: ExpressibleByArgument {}

/// `--shard K/N`, with the rule in the message.
func parseShard(_ text: String) throws -> Shard {
    guard let shard = Shard(parsing: text) else {
        throw ValidationError("--shard takes K/N with 1 <= K <= N, got '\(text)'")
    }
    return shard
}

/// `--output FORMAT=FILE`, naming the formats in the message.
func parseReportOutput(_ text: String) throws -> ReportOutput {
    guard let output = ReportOutput(parsing: text) else {
        let formats = CheckFormat.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError("--output takes FORMAT=FILE with FORMAT one of \(formats), got '\(text)'")
    }
    return output
}
