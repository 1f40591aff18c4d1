import ArgumentParser
import Checks
import Dispatch
import Foundation

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

        @Argument(help: "fast, slow, superslow or image.")
        var tier: String

        @OptionGroup var changes: ChangeOptions
        @OptionGroup var dependentsOptions: DependentsOptions

        @Option(name: .customShort("j", allowingJoined: true),
                help: ArgumentHelp("Jobs at once (default: the number of cores).", valueName: "N"))
        var jobs: Int?

        @Option(help: ArgumentHelp("Run only shard K of N: a deterministic split of the plan.", valueName: "K/N"))
        var shard: String?

        @Option(help: ArgumentHelp(
            "Balance --shard by the durations in FILE (as preflight writes to .git/preflight/cache/durations.json); "
                + "every runner must read the same file.", valueName: "FILE"))
        var durations: String?

        @Option(name: .customLong("target"), help: ArgumentHelp(
            "Run only this target's job (repeatable), e.g. one entry of `affected --format github-matrix`.",
            valueName: "ID"))
        var targets: [String] = []

        @Flag(name: .customLong("dry-run"), help: "Print the plan (targets, why, cwd, argv, timeout) and run nothing.")
        var dryRun = false

        @Flag(name: .customLong("keep-going"), help: "Keep starting jobs after one fails.")
        var keepGoing = false

        @Option(help: ArgumentHelp("Write one JUnit XML file for the run: each job's own JUnit, or a test case per job.",
                                   valueName: "FILE"))
        var junit: String?

        @Option(name: .customLong("report-dir"), help: ArgumentHelp(
            "Where logs and per-job JUnit files go (default: .git/preflight/run/<time>-<tier>/).", valueName: "DIR"))
        var reportDir: String?

        @Option(help: "With --dry-run: text or json.")
        var format: String = "text"

        func validate() throws {
            if Tier(rawValue: tier) == nil {
                throw ValidationError("the tier is fast, slow, superslow or image, got '\(tier)'")
            }
            if let jobs, jobs < 1 { throw ValidationError("-j takes a number of jobs of at least 1, got \(jobs)") }
            if let shard, Shard(parsing: shard) == nil {
                throw ValidationError("--shard takes K/N with 1 <= K <= N, got '\(shard)'")
            }
            if durations != nil && shard == nil { throw ValidationError("--durations goes with --shard") }
            if !["text", "json"].contains(format) { throw ValidationError("--format takes text or json, got '\(format)'") }
            if format == "json" && !dryRun { throw ValidationError("--format json goes with --dry-run") }
        }

        func run() throws {
            let tier = Tier(rawValue: self.tier)!
            let environment = ProcessInfo.processInfo.environment
            let repository: Repository
            var plan: RunPlan
            let root: String
            let defaultReport: Bool
            do {
                repository = try Repository()
                let changeSet = try ChangeSet.make(repository, changes.request(repository))
                changeSet.notes.forEach { printError("note: \($0)") }
                let affected = try Affected(changeSet, dependents: dependentsOptions.dependents)
                affected.warnings.forEach { printError("warning: \($0)") }
                defaultReport = reportDir == nil
                let report = reportDir.map(absolute) ?? RunCommand.newReportDirectory(repository, tier: tier)
                plan = try RunPlan.make(affected, tier: tier, reportDirectory: report, environment: environment)
                root = (repository.workdir ?? "").hasSuffix("/") ? String(repository.workdir!.dropLast()) : repository.workdir ?? ""
            } catch {
                throw fail(error)
            }
            if !targets.isEmpty {
                let selected = plan.only(targets: targets)
                plan = selected.plan
                for skip in selected.missing { printError("note: \(skip.target): no \(tier) job: \(skip.reason)") }
            }
            if let shard = shard.flatMap(Shard.init(parsing:)) {
                var recorded: [String: Double] = [:]
                if let durations {
                    let read = Durations.read(absolute(durations))
                    if let warning = read.warning { printError("warning: \(warning)") }
                    recorded = read.durations.tiers[tier] ?? [:]
                }
                plan = plan.cut(to: shard, durations: recorded)
            }
            if dryRun {
                emit(format == "json" ? plan.json().rendered() + "\n" : plan.text(root: root))
                return
            }
            if plan.jobs.isEmpty {
                emit(nothingToRun(plan))
                return
            }
            do {
                try FileManager.default.createDirectory(atPath: plan.reportDirectory, withIntermediateDirectories: true)
            } catch {
                printError("cannot create the report folder \(plan.reportDirectory): \(error.localizedDescription)")
                throw ExitCode(2)
            }
            if defaultReport { RunCommand.pruneReports(repository) }
            let workers = jobs ?? ProcessInfo.processInfo.activeProcessorCount
            let (report, stopSignal) = RunCommand.execute(plan, workers: workers, keepGoing: keepGoing, environment: environment)
            var status: Int32 = report.passed ? 0 : 1
            emit("\n" + report.table())
            let tails = report.failedTails()
            if !tails.isEmpty { emit(tails) }
            if let junit {
                do {
                    try JUnitMerge.write(report, to: absolute(junit))
                } catch {
                    printError("cannot write \(junit): \(error.localizedDescription)")
                    status = max(status, 2)
                }
            }
            RunCommand.record(report, tier: tier, repository: repository)
            if report.interrupted {
                throw ExitCode(128 + (stopSignal == 0 ? SIGINT : stopSignal))
            }
            if status != 0 { throw ExitCode(status) }
        }

        /// Runs the plan's jobs with live progress, stopping every job on SIGINT, SIGTERM or SIGHUP; returns
        /// the report and the signal that stopped the run (0 when none did).
        static func execute(_ plan: RunPlan, workers: Int, keepGoing: Bool,
                            environment: [String: String]) -> (RunReport, Int32) {
            let stop = StopRequest()
            var sources: [DispatchSourceSignal] = []
            for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { stop.request(signal: signalNumber) }
                source.resume()
                sources.append(source)
            }
            let progress = Progress(total: plan.jobs.count, live: isatty(STDOUT_FILENO) == 1)
            emit("preflight run \(plan.tier): \(plan.jobs.count) job\(plan.jobs.count == 1 ? "" : "s")"
                + (plan.shard.map { " (shard \($0))" } ?? "") + ", -j \(workers), logs in \(plan.reportDirectory)\n")
            let pool = ProcessPool(jobs: plan.jobs, options: .init(workers: workers, keepGoing: keepGoing),
                                   environment: environment)
            let start = ContinuousClock.now
            let results = pool.run(stop: stop) { event in progress.handle(event) }
            progress.finish()
            let elapsed = ContinuousClock.now - start
            sources.forEach { $0.cancel() }
            let stopped = results.filter { $0.outcome == .interrupted }.map(\.job.target)
            if stop.count > 0 {
                printError("interrupted: stopped \(stopped.isEmpty ? "no running job" : stopped.joined(separator: ", "))"
                    + " and every process they started")
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let report = RunReport(tier: plan.tier, results: results, duration: seconds, workers: workers,
                                   reportDirectory: plan.reportDirectory)
            return (report, stop.signal)
        }

        /// Updates `.git/preflight/cache/durations.json` with this run's durations; problems are warnings.
        static func record(_ report: RunReport, tier: Tier, repository: Repository) {
            let measured = report.measuredDurations
            guard !measured.isEmpty else { return }
            let file = Durations.cacheFile(commonDirectory: repository.commonDir)
            let read = Durations.read(file)
            if let warning = read.warning { printError("warning: \(warning)") }
            do {
                try read.durations.recording(measured, tier: tier).write(to: file)
            } catch {
                printError("warning: cannot record durations in \(file): \(error.localizedDescription)")
            }
        }

        private func nothingToRun(_ plan: RunPlan) -> String {
            if let shard = plan.shard {
                return "preflight run \(plan.tier): nothing to run in shard \(shard)\n"
            }
            if !targets.isEmpty {
                return "preflight run \(plan.tier): nothing to run for --target \(targets.joined(separator: ", "))\n"
            }
            var out = "preflight run \(plan.tier): nothing to run"
            out += plan.skipped.isEmpty ? ": no target is affected\n" : ": no affected target has the \(plan.tier) tier\n"
            for skip in plan.skipped { out += "  \(skip.target): \(skip.reason)\n" }
            return out
        }

        private func absolute(_ path: String) -> String {
            path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        }

        /// `<git dir>/preflight/run/<UTC time>-<tier>`, made unique with a counter.
        static func newReportDirectory(_ repository: Repository, tier: Tier) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
            let base = repository.gitDir + (repository.gitDir.hasSuffix("/") ? "" : "/") + "preflight/run/"
                + formatter.string(from: Date()) + "-" + tier.rawValue
            var candidate = base
            var n = 2
            while FileManager.default.fileExists(atPath: candidate) {
                candidate = base + "-\(n)"
                n += 1
            }
            return candidate
        }

        /// Keeps the newest `keep` folders under `<git dir>/preflight/run/`.
        static func pruneReports(_ repository: Repository, keep: Int = 20) {
            let folder = repository.gitDir + (repository.gitDir.hasSuffix("/") ? "" : "/") + "preflight/run"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder), names.count > keep else { return }
            for name in names.sorted().dropLast(keep) {
                try? FileManager.default.removeItem(atPath: folder + "/" + name)
            }
        }
    }
}

/// Progress output: a plain line per finished job, and on a terminal one line updated in place
/// (jobs done, running, failed) with failures kept above it.
private final class Progress {
    let total: Int
    let live: Bool
    private var done = 0
    private var failed = 0
    private var running: [String] = []

    init(total: Int, live: Bool) {
        self.total = total
        self.live = live
    }

    func handle(_ event: ProcessPool.Event) {
        switch event {
        case .started(let job):
            running.append(job.target)
        case .finished(let result):
            running.removeAll { $0 == result.job.target }
            done += 1
            if !result.outcome.passed { failed += 1 }
            if live {
                if !result.outcome.passed { emit("\r\u{1B}[K" + result.line + "\n") }
            } else {
                emit(result.line + "\n")
            }
        case .stopping(let jobs):
            if live { emit("\r\u{1B}[K") }
            printError("interrupt: stopping \(jobs.count) running job\(jobs.count == 1 ? "" : "s")"
                + " (interrupt again to kill at once)")
        }
        if live { draw() }
    }

    func finish() {
        if live { emit("\r\u{1B}[K") }
    }

    private func draw() {
        var line = "\(done)/\(total) done, \(running.count) running, \(failed) failed"
        if !running.isEmpty {
            let names = running.prefix(4).joined(separator: ", ") + (running.count > 4 ? ", ..." : "")
            line += ": " + names
        }
        emit("\r\u{1B}[K" + String(line.prefix(200)))
    }
}
