import ArgumentParser
import Checks

extension Preflight {
    /// `preflight init [--dry-run]`: writes a preflight.toml that fits the repository.
    struct InitCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Write a commented preflight.toml that fits this repository (never over an existing one).",
            discussion: """
                Reads the index and the tags: Pants BUILD dirs, runnable dirs, towncrier, VERSION and release \\
                tags. Then prints what 'preflight targets' and 'preflight check --all' report with it.
                """
        )

        @Flag(help: "Print the file and the reports; write nothing.")
        var dryRun = false

        func run() throws {
            try finish(InitOptions(dryRun: dryRun, environment: processEnvironment).run)
        }
    }
}
