import ArgumentParser
import Checks

extension Preflight {
    /// `preflight release`: release checks.
    struct ReleaseCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "release",
            abstract: "Release checks and releases: tags, versions and changelogs.",
            subcommands: [ReleaseCheckCommand.self, ReleasePrepareCommand.self]
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

    /// `preflight release prepare VERSION|major|minor|patch [--target DIR] [--message TEXT] [--dry-run]`.
    struct ReleasePrepareCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prepare",
            abstract: "Make a release: version files, changelog, commit and tag (or a runnable dir's changelog entry).",
            discussion: """
                Without --target: writes [version] files, runs the changelog step ([release] changelog-command, \
                else towncrier build), commits '[release] commit' and makes the annotated tag, then runs \
                'release check' on it; any failure puts everything back. Refuses a dirty tree or a version not \
                above the last release. Never pushes. With --target DIR: writes and stages a new top entry in \
                DIR/changelog.txt.
                """
        )

        @Argument(help: "The version, or major, minor or patch to raise the last one.")
        var version: String

        @Option(help: "A runnable dir: release its image (a new changelog.txt entry, staged).")
        var target: String?

        @Option(name: .customLong("message"), help: "A changelog line for --target (repeatable).")
        var messages: [String] = []

        @Flag(help: "Print every step and write nothing.")
        var dryRun = false

        func run() throws {
            let options = ReleasePrepareOptions(
                version: version, target: target, messages: messages, dryRun: dryRun,
                environment: processEnvironment)
            try finish(options.run)
        }
    }
}
