import ArgumentParser
import Checks

extension Preflight {
    /// `preflight run TIER`: the tier's command for every affected target that has it, in a process pool.
    struct RunCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a tier (fast, slow, superslow tests, or image builds) for the affected targets.",
            discussion: """
                One job per affected runnable dir (or declared target) that has the tier, in its directory, \
                with its own log and timeout. Exit status: 0 every job passed (pytest's 5, no tests, passes), \
                1 a job failed or timed out, 2 bad usage or configuration, 3 the repository cannot answer, \
                128+N stopped by signal N (130 for Ctrl-C).
                """
        )

        @Argument(help: "The tier to run.")
        var tier: Tier

        @OptionGroup var changes: ChangeOptions

        @Option(
            name: .customShort("j", allowingJoined: true),
            help: ArgumentHelp("Jobs at once (default: the number of cores).", valueName: "N"))
        var jobs: Int?

        @Option(
            help: ArgumentHelp("Run only shard K of N: a deterministic split of the plan.", valueName: "K/N"),
            transform: parseShard)
        var shard: Shard?

        @Option(
            help: ArgumentHelp(
                "Balance --shard by the durations in FILE (as preflight writes to .git/preflight/cache/durations.json); "
                    + "every runner must read the same file.", valueName: "FILE"))
        var durations: String?

        @Option(
            name: .customLong("target"),
            help: ArgumentHelp(
                "Run only this target's job (repeatable), e.g. one entry of `affected --format github-matrix`.",
                valueName: "ID"))
        var targets: [String] = []

        @Flag(name: .customLong("dry-run"), help: "Print the plan (targets, why, cwd, argv, timeout) and run nothing.")
        var dryRun = false

        @Flag(name: .customLong("keep-going"), help: "Keep starting jobs after one fails.")
        var keepGoing = false

        @Option(
            help: ArgumentHelp(
                "Write one JUnit XML file for the run: each job's own JUnit, or a test case per "
                    + "job.",
                valueName: "FILE"))
        var junit: String?

        @Option(
            name: .customLong("report-dir"),
            help: ArgumentHelp(
                "Where logs and per-job JUnit files go (default: .git/preflight/run/<time>-<tier>/).", valueName: "DIR")
        )
        var reportDir: String?

        @Option(help: "With --dry-run: how to print the plan.")
        var format: ListingFormat = .text

        func validate() throws {
            if let jobs, jobs < 1 { throw ValidationError("-j takes a number of jobs of at least 1, got \(jobs)") }
            if durations != nil && shard == nil { throw ValidationError("--durations goes with --shard") }
            if format == .json && !dryRun { throw ValidationError("--format json goes with --dry-run") }
        }

        func run() throws {
            let options = RunOptions(
                tier: tier, changes: changes.selection, jobs: jobs, shard: shard, durations: durations,
                targets: targets, dryRun: dryRun, keepGoing: keepGoing, junit: junit, reportDir: reportDir,
                format: format, environment: processEnvironment)
            try finish(options.run)
        }
    }
}
