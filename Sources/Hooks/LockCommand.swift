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

        @Option(help: "How to print the report.")
        var format: CheckFormat = .text

        func run() throws {
            let options = CheckOptions(
                changes: changes.selection, only: ["lockfile"], format: format,
                environment: processEnvironment)
            try finish(options.run)
        }
    }

    /// `preflight lock resolve [--ours|--theirs] [--dry-run] [PATH ...]`: regenerates conflicted lockfiles.
    ///
    /// Exit 0: every conflicted lockfile resolved (or none conflicted); 1: one was refused (an input still
    /// conflicted, its side deleted, no command here) or its command or verification failed (restored);
    /// 2: usage (a PATH that is not a conflicted lockfile); 3: the repository cannot answer or be written.
    struct LockResolveCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "resolve",
            abstract: "Take one side of each conflicted lockfile, regenerate it, verify it and stage it.",
            discussion: """
                The default side is the upstream one: theirs in a merge, ours in a rebase. Base, ours and theirs \
                are saved under .git/preflight/lock-resolve/<time>/ first; on any failure the file and the \
                index's conflict are put back as they were.
                """
        )

        @Flag(help: "Take our side (stage 2) before regenerating.")
        var ours = false

        @Flag(help: "Take their side (stage 3) before regenerating.")
        var theirs = false

        @Flag(help: "Print the plan (files, side, command) and change nothing.")
        var dryRun = false

        @Argument(help: "Only these conflicted lockfiles (paths relative to the current directory).")
        var paths: [String] = []

        func validate() throws {
            if ours && theirs { throw ValidationError("--ours and --theirs exclude each other") }
        }

        func run() throws {
            let side: ConflictSide? = ours ? .ours : theirs ? .theirs : nil
            let options = LockResolveOptions(side: side, dryRun: dryRun, paths: paths, environment: processEnvironment)
            try finish(options.run)
        }
    }

    /// `preflight lock merge-driver BASE OURS THEIRS PATH`: the `merge.preflight-lock` driver git runs.
    struct LockMergeDriverCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge-driver",
            abstract: "A git merge driver for lockfiles: take the upstream side now, regenerate before the merge "
                + "commit.",
            discussion: "Installed by 'preflight install --merge-driver' as: preflight lock merge-driver %O %A %B %P"
        )

        @Argument(help: "%O: the common ancestor's version (a temporary file).")
        var base: String

        @Argument(help: "%A: our version; the result is written here.")
        var current: String

        @Argument(help: "%B: their version.")
        var other: String

        @Argument(help: "%P: the path in the repository.")
        var path: String

        func run() throws {
            let options = LockMergeDriverOptions(
                current: current, other: other, path: path,
                reflogAction: processEnvironment["GIT_REFLOG_ACTION"])
            try finish(options.run)
        }
    }
}
