import ArgumentParser
import Checks

extension Preflight {
    /// `preflight release`: release checks.
    struct ReleaseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Release checks: tags and versions.",
            subcommands: [ReleaseCheckCommand.self]
        )
    }

    /// `preflight release check [TAG] [--version X]`.
    struct ReleaseCheckCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check a release tag (or every release tag at HEAD) against [release] in preflight.toml.",
            discussion: "The configuration is read from the tagged commit. Exit 1 when a rule fails."
        )

        @Argument(help: "The tag to check; default: every release tag pointing at HEAD.")
        var tag: String?

        @Option(help: "Also check that the version files and changelog.txt of the commit say this version.")
        var version: String?

        @Option(help: "How to print the report.")
        var format: CheckFormat = .text

        func run() throws {
            let options = ReleaseCheckOptions(
                tag: tag, version: version, format: format,
                environment: processEnvironment)
            try finish(options.run)
        }
    }
}
