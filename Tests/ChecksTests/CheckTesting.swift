import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// How a check test judges its change: staged (pre-commit) or as a committed range (pre-push and CI).
enum Mode: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case staged, range
    var testDescription: String { rawValue }
}

/// Runs checks on real repositories the way the command does.
enum CheckTesting {
    /// The findings of `check` for what is staged in `repo`. In range mode the staged change is committed
    /// first (the working tree is left as it is) and `HEAD~1..HEAD` is judged.
    static func findings(_ check: any Check, _ repo: TemporaryRepository, _ mode: Mode) throws -> [Finding] {
        let source: ChangeSource
        switch mode {
        case .staged:
            source = .staged
        case .range:
            try repo.git("commit", "-q", "--allow-empty", "--no-verify", "-m", "change")
            source = .range("HEAD~1", "HEAD", threeDot: false)
        }
        return try findings(check, repo, ChangeRequest(source: source))
    }

    /// The findings of `check` for any change request, with targets filled in.
    static func findings(_ check: any Check, _ repo: TemporaryRepository, _ request: ChangeRequest) throws -> [Finding]
    {
        let repository = try Repository(discoveringFrom: repo.path)
        let affected = try Affected(try ChangeSet.make(repository, request))
        return try CheckRun.run([check], in: CheckContext(affected)).findings
    }
}
