import ArgumentParser
import Checks
import Testing

@testable import Hooks

/// The plain `affected` and `check` command lines read without ArgumentParser give exactly the options
/// ArgumentParser gives, and every other command line is left to ArgumentParser.
@Suite struct QuickArgumentsTests {
    /// The options ArgumentParser makes of `arguments`, printed with every field.
    func parsed(_ arguments: [String]) throws -> String {
        let command = try Preflight.parseAsRoot(arguments)
        if let affected = command as? Preflight.AffectedCommand { return String(reflecting: affected.options) }
        let check = try #require(command as? Preflight.CheckCommand)
        return Self.printed(check.options)
    }

    /// Check options printed with every field; the environment (the same process's, in an order a dictionary
    /// does not fix) compared apart.
    static func printed(_ options: CheckOptions) -> String {
        var options = options
        #expect(options.environment == processEnvironment)
        options.environment = [:]
        return String(reflecting: options)
    }

    /// The same, read by `QuickArguments`.
    func quick(_ arguments: [String]) throws -> String {
        switch try #require(QuickArguments.parse(arguments)) {
        case .affected(let options): return String(reflecting: options)
        case .check(let options): return Self.printed(options)
        }
    }

    @Test(arguments: [
        ["affected"], ["affected", "--staged"], ["affected", "--changed-since", "main", "--committed-only"],
        ["affected", "--committed-only", "--changed-since=origin/main"], ["affected", "--committed-only"],
        ["affected", "--range", "main...HEAD"], ["affected", "--range=v1..v2", "--format", "json"],
        ["affected", "--all", "--explain", "--dependents", "direct"],
        ["affected", "--untracked", "--on-missing-base", "all", "--format=github-matrix"],
        ["check"], ["check", "--staged", "--quiet"], ["check", "--changed-since", "main", "--committed-only"],
        ["check", "--format", "sarif", "--range", "a...b", "--dependents=none"],
    ])
    func aPlainCommandLine_givesWhatArgumentParserGives(arguments: [String]) throws {
        #expect(try quick(arguments) == (try parsed(arguments)))
    }

    @Test(arguments: [
        ["affected", "--help"], ["affected", "-h"], ["--version"], ["targets"], ["hook", "pre-push"],
        ["affected", "--staged", "--staged"], ["affected", "--staged", "--range", "a..b"],
        ["affected", "--staged", "--committed-only"], ["affected", "--range", "nodots"],
        ["affected", "--format", "yaml"], ["affected", "--changed-since"], ["affected", "--changed-since", "--staged"],
        ["affected", "--changed-since="], ["affected", "--staged=yes"], ["affected", "--why-not", "x"],
        ["affected", "--files", "a.py"], ["affected", "--quiet"], ["check", "--explain"],
        ["check", "--only", "symlink"], ["check", "--output", "sarif=x.sarif"], ["check", "--fix"],
        ["affected", "--", "--staged"], ["affected", "extra"],
    ])
    func anyOtherCommandLine_isLeftToArgumentParser(arguments: [String]) {
        #expect(QuickArguments.parse(arguments) == nil)
    }
}
