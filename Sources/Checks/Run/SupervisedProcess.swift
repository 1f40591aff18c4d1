import Foundation

/// A started job held to its deadline: at the deadline, or when asked to stop, SIGTERM to its process
/// group, then SIGKILL `grace` later. The one stop mechanism of `run`'s pool and `lock resolve`'s commands.
struct SupervisedProcess {
    /// What a poll found.
    enum State: Equatable {
        case running
        /// The deadline has just passed: the job's group was sent SIGTERM.
        case timedOut
        /// The leader ended (and was reaped).
        case exited(JobExit)
    }

    let process: JobProcess
    let start: ContinuousClock.Instant
    let deadline: ContinuousClock.Instant
    let grace: Duration
    private(set) var stoppedAt: ContinuousClock.Instant?
    private(set) var timedOut = false
    private(set) var interrupted = false
    private var killed = false

    init(_ process: JobProcess, start: ContinuousClock.Instant, timeout: Int, grace: Duration) {
        self.process = process
        self.start = start
        self.deadline = start + .seconds(timeout)
        self.grace = grace
    }

    /// Stops the job on request (an interrupt): SIGTERM now, SIGKILL after the grace.
    mutating func interrupt(at now: ContinuousClock.Instant) {
        process.signalGroup(SIGTERM)
        stoppedAt = stoppedAt ?? now
        interrupted = true
    }

    /// Reaps the leader when it has ended; otherwise enforces the deadline, then the grace.
    mutating func poll(at now: ContinuousClock.Instant) -> State {
        if let exit = process.poll() { return .exited(exit) }
        if stoppedAt == nil, now >= deadline {
            timedOut = true
            stoppedAt = now
            process.signalGroup(SIGTERM)
            return .timedOut
        }
        if let stoppedAt, now >= stoppedAt + grace, !killed {
            killed = true
            process.signalGroup(SIGKILL)
        }
        return .running
    }
}
