import ArgumentParser
import Checks

extension Preflight {
    /// `preflight lock`: lockfile commands.
    struct LockCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lock",
            abstract: "Lockfile commands.",
            subcommands: [LockCheckCommand.self, LockResolveCommand.self, LockMergeDriverCommand.self]
        )
    }

    /// `preflight lock check [CHANGES]`: `check --only lockfile`.
    struct LockCheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check the lockfiles a change touches (the same as 'check --only lockfile')."
        )

        @OptionGroup var changes: ChangeOptions

        @Option(help: "text, json, github, junit or sarif.")
        var format: String = "text"

        func validate() throws {
            if CheckFormat(rawValue: format) == nil {
                throw ValidationError("--format takes text, json, github, junit or sarif, got '\(format)'")
            }
        }

        func run() throws {
            try CheckCommand.check(changes: changes, only: ["lockfile"], skip: [], fix: false, format: format,
                                   outputs: [], quiet: false)
        }
    }
}
