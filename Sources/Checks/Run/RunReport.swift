import Foundation

/// How one job ended.
public enum JobOutcome: Sendable, Hashable {
    /// Exited with a passing status (0, or pytest's 5 "no tests collected").
    case passed(Int32)
    /// Exited with another status.
    case failed(Int32)
    /// Killed by a signal it did not get from preflight.
    case signaled(Int32)
    /// Ran past its timeout and was stopped.
    case timedOut
    /// Stopped by Ctrl-C (or SIGTERM) to preflight.
    case interrupted
    /// Never started because the run was stopped first.
    case interruptedBeforeStart
    /// Never started because an earlier job failed (no `--keep-going`).
    case notRun
    /// Could not be started (no such program or directory).
    case notStarted(String)

    /// True for `passed`.
    public var passed: Bool {
        if case .passed = self { return true }
        return false
    }

    /// The word in the job's line and the summary table.
    public var label: String {
        switch self {
        case .passed: "ok"
        case .failed, .signaled, .notStarted: "FAIL"
        case .timedOut: "TIMEOUT"
        case .interrupted: "STOPPED"
        case .interruptedBeforeStart, .notRun: "not run"
        }
    }

    /// Why, in a few words (empty for a plain pass).
    public func detail(timeout: Int) -> String {
        switch self {
        case .passed(let code): code == 0 ? "" : "exit \(code): no tests collected"
        case .failed(let code): "exit \(code)"
        case .signaled(let signal): "killed by signal \(signal)"
        case .timedOut: "timed out after \(timeout)s"
        case .interrupted: "stopped by interrupt"
        case .interruptedBeforeStart: "interrupted before it started"
        case .notRun: "an earlier job failed (--keep-going runs the rest)"
        case .notStarted(let message): message
        }
    }
}

/// One job's result.
public struct JobResult: Sendable, Hashable {
    public let job: Job
    public let outcome: JobOutcome
    /// Wall-clock seconds from start to the leader's exit.
    public let duration: Double

    public init(job: Job, outcome: JobOutcome, duration: Double) {
        self.job = job
        self.outcome = outcome
        self.duration = duration
    }

    /// True when the job was started.
    public var ran: Bool {
        switch outcome {
        case .interruptedBeforeStart, .notRun, .notStarted: false
        default: true
        }
    }

    /// True when the job ran and did not pass (its log tail is worth showing).
    public var ranAndFailed: Bool {
        switch outcome {
        case .failed, .signaled, .timedOut, .notStarted: true
        default: false
        }
    }

    /// `ok   a  1.2s`, `FAIL b  0.4s (exit 1)`: the plain line printed when the job ends.
    public var line: String {
        let detail = outcome.detail(timeout: job.timeout)
        return outcome.label.padding(toLength: 7, withPad: " ", startingAt: 0) + " \(job.target)  "
            + RunReport.format(duration) + (detail.isEmpty ? "" : " (\(detail))")
    }

    /// The same, for the job's log.
    public var summary: String {
        let detail = outcome.detail(timeout: job.timeout)
        return "\(outcome.label) after \(RunReport.format(duration))" + (detail.isEmpty ? "" : " (\(detail))")
    }
}

/// The results of a run, and how to show them.
public struct RunReport: Sendable {
    public let tier: Tier
    public let results: [JobResult]
    /// Wall-clock seconds of the whole run.
    public let duration: Double
    public let workers: Int
    public let reportDirectory: String

    public init(tier: Tier, results: [JobResult], duration: Double, workers: Int, reportDirectory: String) {
        self.tier = tier
        self.results = results
        self.duration = duration
        self.workers = workers
        self.reportDirectory = reportDirectory
    }

    /// True when every job passed.
    public var passed: Bool { results.allSatisfy { $0.outcome.passed } }

    /// True when a stop request ended the run.
    public var interrupted: Bool {
        results.contains { $0.outcome == .interrupted || $0.outcome == .interruptedBeforeStart }
    }

    /// `1.2s`, `12.3s`, `2m05s`.
    public static func format(_ seconds: Double) -> String {
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds.rounded())
        return "\(whole / 60)m" + String(format: "%02ds", whole % 60)
    }

    /// The summary table, then one line of totals.
    public func table() -> String {
        let width = max(6, results.map(\.job.target.count).max() ?? 0)
        var out = "target".padding(toLength: width, withPad: " ", startingAt: 0) + "  result   time     detail\n"
        for r in results {
            out +=
                r.job.target.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                + r.outcome.label.padding(toLength: 7, withPad: " ", startingAt: 0) + "  "
                + (r.ran ? RunReport.format(r.duration) : "-").padding(toLength: 7, withPad: " ", startingAt: 0) + "  "
                + r.outcome.detail(timeout: r.job.timeout) + "\n"
        }
        return out.replacingOccurrences(of: " +\n", with: "\n", options: .regularExpression) + totals() + "\n"
    }

    /// `preflight run fast: 3 passed, 1 failed in 2.1s (-j 2); logs in DIR`.
    public func totals() -> String {
        var counts: [(String, Int)] = []
        func add(_ name: String, _ predicate: (JobOutcome) -> Bool) {
            let n = results.filter { predicate($0.outcome) }.count
            if n > 0 { counts.append((name, n)) }
        }
        add("passed") { $0.passed }
        add("failed") {
            if case .failed = $0 {
                true
            } else if case .signaled = $0 {
                true
            } else if case .notStarted = $0 {
                true
            } else {
                false
            }
        }
        add("timed out") { $0 == .timedOut }
        add("stopped") { $0 == .interrupted }
        add("not run") { $0 == .notRun || $0 == .interruptedBeforeStart }
        let parts = counts.map { "\($0.1) \($0.0)" }.joined(separator: ", ")
        return "preflight run \(tier): \(parts.isEmpty ? "no jobs" : parts) in \(RunReport.format(duration)) "
            + "(-j \(workers)); logs in \(reportDirectory)"
    }

    /// The last `lines` lines of each failed job's log, each under a header naming the job.
    public func failedTails(lines: Int = 40) -> String {
        var out = ""
        for r in results where r.ranAndFailed {
            let tail = RunReport.tail(of: r.job.log, lines: lines)
            let detail = r.outcome.detail(timeout: r.job.timeout)
            out +=
                "\n--- \(r.job.target): \(r.outcome.label) (\(detail)); the last \(lines) lines of \(r.job.log) ---\n"
            out += tail.isEmpty ? "(the log is empty)\n" : tail + (tail.hasSuffix("\n") ? "" : "\n")
        }
        return out
    }

    /// The last `lines` lines of the log at `path`, or a line saying it cannot be read.
    public static func tail(of path: String, lines: Int) -> String {
        JobLog.tail(of: path, lines: lines)?.joined(separator: "\n") ?? "(cannot read \(path))"
    }

    /// Seconds by target for the jobs that ran to an end (passed, failed or timed out), for `Durations`.
    public var measuredDurations: [String: Double] {
        var result: [String: Double] = [:]
        for r in results {
            switch r.outcome {
            case .passed, .failed, .signaled, .timedOut: result[r.job.target] = r.duration
            default: continue
            }
        }
        return result
    }
}
