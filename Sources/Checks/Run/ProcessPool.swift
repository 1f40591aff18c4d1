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
/// remain (a daemon a test forgot), they get the same treatment, and so do processes that left the group
/// (`setsid`) once their job has ended (`JobTree`, Linux), so a run leaves no process behind.
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
        JobTree.becomeSubreaper()
        let guardian = JobGuardian.start()
        defer { guardian?.finish() }
        var state = PoolRun(pool: self, guardian: guardian)
        while true {
            state.obey(stop, onEvent)
            state.startJobs(onEvent)
            let now = ContinuousClock.now
            state.reap(at: now, onEvent)
            state.sweepLeftovers(at: now)
            state.sweepTree(at: now)
            if state.isDone(stop) { break }
            usleep(useconds_t(options.pollInterval * 1_000_000))
        }
        return state.finalResults()
    }

    /// `duration` in seconds.
    static func seconds(_ duration: Duration) -> Double {
        let (s, attoseconds) = duration.components
        return Double(s) + Double(attoseconds) / 1e18
    }
}

/// One run of a pool: the jobs running, the results so far, and what is left.
struct PoolRun {
    let pool: ProcessPool
    var results: [JobResult?]
    var running: [(index: Int, job: SupervisedProcess)] = []
    var leftovers: [(process: JobProcess, killAt: ContinuousClock.Instant)] = []
    var lastLeftoverCheck = ContinuousClock.now
    var tree = JobTree()
    var lastTreeWalk = ContinuousClock.now
    var next = 0
    var failed = false
    var stopping = false

    let guardian: JobGuardian?

    init(pool: ProcessPool, guardian: JobGuardian?) {
        self.pool = pool
        self.guardian = guardian
        results = [JobResult?](repeating: nil, count: pool.jobs.count)
    }

    var grace: Duration { .milliseconds(Int(pool.options.grace * 1000)) }

    var canStartMore: Bool {
        !stopping && next < pool.jobs.count && !(failed && !pool.options.keepGoing)
    }

    /// The first stop request stops every running job; a second kills them and their leftovers at once.
    mutating func obey(_ stop: StopRequest, _ onEvent: (ProcessPool.Event) -> Void) {
        if stop.count > 0 && !stopping {
            stopping = true
            onEvent(.stopping(running.map { pool.jobs[$0.index] }))
            let now = ContinuousClock.now
            for i in running.indices { running[i].job.interrupt(at: now) }
        }
        if stopping && stop.count > 1 {
            for r in running { r.job.process.signalGroup(SIGKILL) }
            for l in leftovers { l.process.signalGroup(SIGKILL) }
            tree.stop(ended: { _ in true }, at: nil, grace: grace)
        }
    }

    /// Starts jobs while there is room.
    mutating func startJobs(_ onEvent: (ProcessPool.Event) -> Void) {
        while canStartMore, running.count < pool.options.workers {
            let index = next
            let job = pool.jobs[index]
            next += 1
            prepare(job)
            let start = ContinuousClock.now
            onEvent(.started(job))
            do {
                var environment = pool.environment.merging(job.environment) { $1 }
                environment["PWD"] = job.directory
                environment[JobTree.variable] = tree.marker(index)
                let process = try JobProcess.spawn(job, environment: environment)
                guardian?.add(process.pid)
                running.append((index, SupervisedProcess(process, start: start, timeout: job.timeout, grace: grace)))
            } catch {
                JobLog.append(job.log, "preflight: \(error)\n")
                finish(index, JobResult(job: job, outcome: .notStarted(error.message), duration: 0), onEvent)
            }
        }
    }

    /// Reaps the jobs that ended and holds the others to their deadlines.
    mutating func reap(at now: ContinuousClock.Instant, _ onEvent: (ProcessPool.Event) -> Void) {
        var stillRunning: [(index: Int, job: SupervisedProcess)] = []
        for var r in running {
            let job = pool.jobs[r.index]
            switch r.job.poll(at: now) {
            case .exited(let exit):
                let result = JobResult(
                    job: job, outcome: outcome(r.job, exit, job),
                    duration: ProcessPool.seconds(now - r.job.start))
                JobLog.append(job.log, "preflight: \(result.summary)\n")
                if r.job.process.groupExists {
                    // Members of the group outlived the leader: stop them too.
                    JobLog.append(job.log, "preflight: stopping processes the job left running\n")
                    r.job.process.signalGroup(SIGTERM)
                    leftovers.append((r.job.process, (r.job.stoppedAt ?? now) + grace))
                }
                finish(r.index, result, onEvent)
            case .timedOut:
                JobLog.append(
                    job.log,
                    "\npreflight: timed out after \(job.timeout)s: stopping the job's process group\n")
                stillRunning.append(r)
            case .running:
                stillRunning.append(r)
            }
        }
        running = stillRunning
    }

    private func outcome(_ supervised: SupervisedProcess, _ exit: JobExit, _ job: Job) -> JobOutcome {
        if supervised.interrupted { return .interrupted }
        if supervised.timedOut { return .timedOut }
        switch exit {
        case .exited(let code): return job.passingStatuses.contains(code) ? .passed(code) : .failed(code)
        case .signaled(let signal): return .signaled(signal)
        }
    }

    private mutating func finish(_ index: Int, _ result: JobResult, _ onEvent: (ProcessPool.Event) -> Void) {
        results[index] = result
        if !result.outcome.passed { failed = true }
        onEvent(.finished(result))
    }

    func isDone(_ stop: StopRequest) -> Bool {
        if running.isEmpty && leftovers.isEmpty && tree.orphans.isEmpty && !canStartMore { return true }
        return running.isEmpty && !canStartMore && stop.count > 1
    }

    func finalResults() -> [JobResult] {
        pool.jobs.indices.map { i in
            results[i]
                ?? JobResult(job: pool.jobs[i], outcome: stopping ? .interruptedBeforeStart : .notRun, duration: 0)
        }
    }

    /// Removes what a previous run left at the job's log and JUnit paths, and starts the log.
    private func prepare(_ job: Job) {
        unlink(job.junit)
        let header = "preflight: \(job.tier) \(job.target) in \(job.directory)\n$ \(job.commandLine)\n\n"
        _ = try? AtomicFile.write(Array(header.utf8), to: job.log, mode: 0o644)
    }
}
