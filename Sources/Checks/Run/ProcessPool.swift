import Foundation

/// A request to stop a run, set from a signal handler's queue and read by the pool.
///
/// The first request stops every job gracefully (SIGTERM, then SIGKILL after the grace); a second one
/// kills at once.
public final class StopRequest: @unchecked Sendable {
    // A lock-protected counter, not a handle: safe to share between the signal queue and the pool.
    private let lock = NSLock()
    private var requests = 0
    private var signalNumber: Int32 = 0

    public init() {}

    /// Asks the run to stop; `signal` is remembered for the exit status (128 + signal).
    public func request(signal: Int32 = SIGINT) {
        lock.withLock {
            requests += 1
            if signalNumber == 0 { signalNumber = signal }
        }
    }

    /// How many times a stop was asked for.
    public var count: Int { lock.withLock { requests } }

    /// The signal of the first request (0 when none).
    public var signal: Int32 { lock.withLock { signalNumber } }
}

/// Runs a plan's jobs, at most `workers` at a time, each with its timeout.
///
/// Single-threaded: a loop starts jobs, polls each running leader with `waitpid(pid, WNOHANG)` (never
/// `waitpid(-1)`, so other children of the process are left alone), and stops a job's process group
/// at its deadline with SIGTERM, then SIGKILL after `grace`. When a leader exits and members of its group
/// remain (a daemon a test forgot), they get the same treatment, so a run leaves no process behind.
public struct ProcessPool {
    /// How the pool runs.
    public struct Options: Sendable {
        /// Jobs at once (at least 1).
        public var workers: Int
        /// Keep starting jobs after one fails; otherwise start no new job after the first failure
        /// (the running ones finish).
        public var keepGoing: Bool
        /// Seconds between SIGTERM and SIGKILL.
        public var grace: Double
        /// Seconds between polls of the running jobs.
        public var pollInterval: Double

        public init(workers: Int, keepGoing: Bool = false, grace: Double = 3, pollInterval: Double = 0.01) {
            self.workers = max(1, workers)
            self.keepGoing = keepGoing
            self.grace = grace
            self.pollInterval = pollInterval
        }
    }

    /// Something that happened, for progress output; delivered on the pool's thread.
    public enum Event: Sendable {
        case started(Job)
        case finished(JobResult)
        /// A stop was requested: the jobs being stopped.
        case stopping([Job])
    }

    public let jobs: [Job]
    public let options: Options
    /// The environment every job starts from (its own variables are added on top).
    public let environment: [String: String]

    public init(jobs: [Job], options: Options, environment: [String: String]) {
        self.jobs = jobs
        self.options = options
        self.environment = environment
    }

    /// Runs every job (or until the first failure, or a stop) and returns one result per job, in plan order.
    public func run(stop: StopRequest = StopRequest(), onEvent: (Event) -> Void = { _ in }) -> [JobResult] {
        var results = [JobResult?](repeating: nil, count: jobs.count)
        var running: [Running] = []
        var lingering: [Lingering] = []
        var lastLingeringCheck = ContinuousClock.now
        var next = 0
        var failed = false
        var stopping = false
        let clock = ContinuousClock()

        while true {
            if stop.count > 0 && !stopping {
                stopping = true
                onEvent(.stopping(running.map { jobs[$0.index] }))
                for i in running.indices {
                    running[i].process.signalGroup(SIGTERM)
                    running[i].stoppedAt = running[i].stoppedAt ?? clock.now
                    running[i].interrupted = true
                }
            }
            if stopping && stop.count > 1 {
                for r in running { r.process.signalGroup(SIGKILL) }
                for l in lingering { l.process.signalGroup(SIGKILL) }
            }
            // Start jobs while there is room.
            while !stopping, running.count < options.workers, next < jobs.count, !(failed && !options.keepGoing) {
                let job = jobs[next]
                let index = next
                next += 1
                prepare(job)
                let start = clock.now
                onEvent(.started(job))
                do {
                    var childEnvironment = environment.merging(job.environment) { $1 }
                    childEnvironment["PWD"] = job.directory
                    let process = try JobProcess.spawn(job, environment: childEnvironment)
                    running.append(Running(index: index, process: process, start: start,
                                           deadline: start + .seconds(job.timeout)))
                } catch {
                    appendToLog(job, "preflight: \(error)\n")
                    let result = JobResult(job: job, outcome: .notStarted(error.message), duration: 0)
                    results[index] = result
                    failed = true
                    onEvent(.finished(result))
                }
            }
            // Reap, time out, escalate.
            let now = clock.now
            var stillRunning: [Running] = []
            for var r in running {
                let job = jobs[r.index]
                if let exit = r.process.poll() {
                    let duration = seconds(now - r.start)
                    let outcome: JobOutcome
                    if r.interrupted {
                        outcome = .interrupted
                    } else if r.timedOut {
                        outcome = .timedOut
                    } else {
                        switch exit {
                        case .exited(let code): outcome = job.passingStatuses.contains(code) ? .passed(code) : .failed(code)
                        case .signaled(let signal): outcome = .signaled(signal)
                        }
                    }
                    let result = JobResult(job: job, outcome: outcome, duration: duration)
                    appendToLog(job, "preflight: \(result.summary)\n")
                    results[r.index] = result
                    if !outcome.passed { failed = true }
                    if r.process.groupExists {
                        // Members of the group outlived the leader: stop them too.
                        appendToLog(job, "preflight: stopping processes the job left running\n")
                        r.process.signalGroup(SIGTERM)
                        lingering.append(Lingering(process: r.process, killAt: (r.stoppedAt ?? now) + .seconds(options.grace)))
                    }
                    onEvent(.finished(result))
                    continue
                }
                if r.stoppedAt == nil, now >= r.deadline {
                    r.timedOut = true
                    r.stoppedAt = now
                    appendToLog(job, "\npreflight: timed out after \(job.timeout)s: stopping the job's process group\n")
                    r.process.signalGroup(SIGTERM)
                } else if let stoppedAt = r.stoppedAt, now >= stoppedAt + .seconds(options.grace), !r.killed {
                    r.killed = true
                    r.process.signalGroup(SIGKILL)
                }
                stillRunning.append(r)
            }
            running = stillRunning
            // Leftovers are looked for every 50 ms: on Linux that reads /proc, to tell zombies from the living.
            if !lingering.isEmpty, now >= lastLingeringCheck + .milliseconds(50) {
                lastLingeringCheck = now
                lingering = lingering.filter { l in
                    guard l.process.groupExists else { return false }
                    if now >= l.killAt {
                        l.process.signalGroup(SIGKILL)
                        return false
                    }
                    return true
                }
            }
            let canStartMore = !stopping && next < jobs.count && !(failed && !options.keepGoing)
            if running.isEmpty && lingering.isEmpty && !canStartMore { break }
            if running.isEmpty && !canStartMore && stop.count > 1 { break }
            usleep(useconds_t(options.pollInterval * 1_000_000))
        }
        return jobs.indices.map { i in
            results[i] ?? JobResult(job: jobs[i], outcome: stopping ? .interruptedBeforeStart : .notRun, duration: 0)
        }
    }

    private struct Running {
        let index: Int
        let process: JobProcess
        let start: ContinuousClock.Instant
        let deadline: ContinuousClock.Instant
        var stoppedAt: ContinuousClock.Instant?
        var timedOut = false
        var interrupted = false
        var killed = false
    }

    private struct Lingering {
        let process: JobProcess
        let killAt: ContinuousClock.Instant
    }

    /// Removes what a previous run left at the job's log and JUnit paths, and starts the log.
    private func prepare(_ job: Job) {
        try? FileManager.default.removeItem(atPath: job.junit)
        let header = "preflight: \(job.tier) \(job.target) in \(job.directory)\n$ \(job.commandLine)\n\n"
        _ = FileManager.default.createFile(atPath: job.log, contents: Data(header.utf8))
    }

    private func appendToLog(_ job: Job, _ text: String) {
        guard let handle = FileHandle(forWritingAtPath: job.log) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }

    private func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
