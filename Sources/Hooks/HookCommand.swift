import ArgumentParser
import Checks
import Foundation

extension Preflight {
    /// `preflight hook NAME`: what the installed git hooks call.
    struct HookCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "What git's hooks call: pre-commit judges the index, pre-push every pushed ref's commits.",
            subcommands: [PreCommit.self, PrePush.self, PreMergeCommit.self, PostMerge.self]
        )

        /// `hook pre-commit` and `hook pre-merge-commit`: the configured checks on the index git names.
        static func checkIndex(_ hook: GitHookName, verbose: Bool) throws {
            try finish { output in
                try GitHooks.checkIndex(hook: hook, verbose: verbose, environment: processEnvironment, output: output)
            }
        }
    }
}

extension Preflight.HookCommand {
    /// `hook pre-commit`: the configured checks (`[hooks] pre-commit`, default the integrity checks) on the index.
    struct PreCommit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-commit",
            abstract: "Check what the next commit holds.")

        @Flag(help: "Print each finding's fix and the full report.")
        var verbose = false

        func run() throws { try Preflight.HookCommand.checkIndex(.preCommit, verbose: verbose) }
    }

    /// `hook pre-merge-commit`: the same checks on the merge's index.
    struct PreMergeCommit: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-merge-commit",
            abstract: "Check what a merge commit will hold.")

        @Flag(help: "Print each finding's fix and the full report.")
        var verbose = false

        func run() throws { try Preflight.HookCommand.checkIndex(.preMergeCommit, verbose: verbose) }
    }

    /// `hook post-merge [SQUASH]`: puts the lockfiles pre-merge-commit regenerated into the merge commit.
    struct PostMerge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "post-merge",
            abstract: "Finish a merge's regenerated lockfiles.")

        @Argument(help: "1 for a squash merge (git passes it).")
        var squash: String = "0"

        func run() throws { try finish(GitHooks.postMerge) }
    }

    /// `hook pre-push REMOTE URL`: every stdin line, each ref's commits; tags get `release-tag`.
    struct PrePush: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "pre-push",
            abstract: "Check every ref being pushed.")

        @Argument(help: "The remote's name (git passes it).")
        var remote: String

        @Argument(help: "The remote's URL (git passes it).")
        var url: String = ""

        @Flag(help: "Print each finding's fix and the full report.")
        var verbose = false

        func run() throws {
            try finish { output in
                try GitHooks.prePush(
                    remote: remote,
                    input: String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self),
                    verbose: verbose, environment: processEnvironment, output: output)
            }
        }
    }
}
