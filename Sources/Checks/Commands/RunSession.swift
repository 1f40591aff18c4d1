import Dispatch
import Foundation

/// Runs a plan's jobs the way a command does: live progress, SIGINT, SIGTERM and SIGHUP stopping every
/// job, and the durations recorded for the next `--shard`. `run` and the pre-push hook share it.
public struct RunSession: Sendable {
    public let output: CommandOutput
    /// The environment every job starts from.
    public let environment: [String: String]

    /// A session printing through `output`.
    public init(output: CommandOutput, environment: [String: String]) {
        self.output = output
        self.environment = environment
    }

    /// Runs the plan's jobs; returns the report and the signal that stopped the run (0 when none did).
    /// With `catchSignals`, the three signals stop the run instead of preflight (and stay ignored after).
    public func execute(
        _ plan: RunPlan, workers: Int, keepGoing: Bool, stop: StopRequest = StopRequest(),
        catchSignals: Bool = true
    ) -> (RunReport, Int32) {
        var sources: [DispatchSourceSignal] = []
        for signalNumber in catchSignals ? [SIGINT, SIGTERM, SIGHUP] : [] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { stop.request(signal: signalNumber) }
            source.resume()
            sources.append(source)
        }
        let progress = RunProgress(total: plan.jobs.count, output: output)
        output.write(
            "preflight run \(plan.tier): \(plan.jobs.count) job\(plan.jobs.count == 1 ? "" : "s")"
                + (plan.shard.map { " (shard \($0))" } ?? "") + ", -j \(workers), logs in \(plan.reportDirectory)\n")
        let pool = ProcessPool(
            jobs: plan.jobs, options: .init(workers: workers, keepGoing: keepGoing),
            environment: environment)
        let start = ContinuousClock.now
        let results = pool.run(stop: stop) { event in progress.handle(event) }
        progress.finish()
        let elapsed = ContinuousClock.now - start
        for source in sources { source.cancel() }
        let stopped = results.filter { $0.outcome == .interrupted }.map(\.job.target)
        if stop.count > 0 {
            output.error(
                "interrupted: stopped \(stopped.isEmpty ? "no running job" : stopped.joined(separator: ", "))"
                    + " and every process they started")
        }
        let report = RunReport(
            tier: plan.tier, results: results, duration: ProcessPool.seconds(elapsed),
            workers: workers, reportDirectory: plan.reportDirectory)
        return (report, stop.signal)
    }

    /// Updates `.git/preflight/cache/durations.json` with this run's durations. It is only a cache for
    /// balancing shards, so a problem is a warning.
    public func record(_ report: RunReport, repository: Repository) {
        let measured = report.measuredDurations
        guard !measured.isEmpty else { return }
        let file = Durations.cacheFile(commonDirectory: repository.commonDir)
        let read = Durations.read(file)
        if let warning = read.warning { output.error("warning: \(warning)") }
        do {
            try read.durations.recording(measured, tier: report.tier).write(to: file)
        } catch {
            output.error("warning: cannot record durations in \(file): \(FoundationFileError.describe(error))")
        }
    }
}

/// Progress output: a plain line per finished job, and on a terminal one line updated in place
/// (jobs done, running, failed) with failures kept above it.
final class RunProgress {
    let total: Int
    let output: CommandOutput
    private var done = 0
    private var failed = 0
    private var running: [String] = []

    init(total: Int, output: CommandOutput) {
        self.total = total
        self.output = output
    }

    func handle(_ event: ProcessPool.Event) {
        let live = output.isTerminal
        switch event {
        case .started(let job):
            running.append(job.target)
        case .finished(let result):
            running.removeAll { $0 == result.job.target }
            done += 1
            if !result.outcome.passed { failed += 1 }
            if !live {
                output.write(result.line + "\n")
            } else if !result.outcome.passed {
                output.write("\r\u{1B}[K" + result.line + "\n")
            }
        case .stopping(let jobs):
            if live { output.write("\r\u{1B}[K") }
            output.error(
                "interrupt: stopping \(jobs.count) running job\(jobs.count == 1 ? "" : "s")"
                    + " (interrupt again to kill at once)")
        }
        if live { draw() }
    }

    func finish() {
        if output.isTerminal { output.write("\r\u{1B}[K") }
    }

    private func draw() {
        var line = "\(done)/\(total) done, \(running.count) running, \(failed) failed"
        if !running.isEmpty {
            line += ": " + running.prefix(4).joined(separator: ", ") + (running.count > 4 ? ", ..." : "")
        }
        output.write("\r\u{1B}[K" + String(line.prefix(200)))
    }
}
