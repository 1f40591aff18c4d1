import Foundation

#if os(Linux)
    import CProcess
#endif

/// The processes a pool's jobs left behind outside their process groups, found through the process tree.
///
/// A job's process group does not hold everything it starts: a child that calls `setsid` (a daemon, a test
/// server) leaves it, and `kill(-pgid)` no longer reaches it. On Linux the pool makes preflight a child
/// subreaper, so such a process, once its parent ends, is re-parented to preflight instead of to init. Every
/// sweep walks preflight's tree (`/proc/<pid>/task/*/children`) and remembers which job each descendant
/// belongs to; a child of preflight that is not a job's first process is an orphan of the job it was seen
/// under (or whose `PREFLIGHT_JOB` it carries, for one orphaned between two sweeps). An orphan is left alone
/// while its job runs (a job may double-fork a server it still uses), and stopped like a job (SIGTERM, then
/// SIGKILL after the grace) and reaped once its job has ended, timed out or been interrupted.
///
/// When preflight is killed (`kill -9`), each job's first process gets its parent-death signal, and the
/// `JobGuardian` kills every group the last walk saw; a process that left its job's group after that walk
/// keeps running. Elsewhere than Linux the tree is not walked and only process groups are stopped.
struct JobTree {
    /// Told apart from other pools' jobs (the tests run several pools in one process).
    let token = "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"

    /// The job each descendant of preflight belonged to at the last walk.
    private var owners: [pid_t: Int] = [:]
    /// Children of preflight that belong to a job but are not its first process, and when the next step of
    /// stopping them is due (SIGKILL after SIGTERM; after SIGKILL, giving up waiting to reap them).
    private(set) var orphans: [pid_t: (job: Int, due: ContinuousClock.Instant?, killed: Bool)] = [:]
    /// Orphans no longer waited for (see `stop`): not adopted again.
    private var givenUp = Set<pid_t>()
    /// The jobs' processes that lead a process group (the jobs' first processes, and those that left), at
    /// the last walk: what the guardian kills if preflight dies.
    private(set) var groupLeaders = Set<pid_t>()

    /// The environment variable that marks a job's processes, and its value for the job at `index`.
    static let variable = "PREFLIGHT_JOB"
    func marker(_ index: Int) -> String { "\(token).\(index)" }

    /// Makes preflight a child subreaper (Linux; process-wide, and left on: it only changes who reaps orphans).
    /// Where a sandbox forbids it, orphans go to init as they did before, and only the groups are stopped.
    static func becomeSubreaper() {
        #if os(Linux)
            _ = preflight_set_child_subreaper()
        #endif
    }

    /// Walks preflight's tree: records which job each descendant belongs to, and adopts the new orphans.
    /// `leaders`: the first process of each running job, by pid.
    mutating func walk(leaders: [pid_t: Int]) {
        #if os(Linux)
            var found: [pid_t: Int] = [:]
            var stack: [(pid: pid_t, job: Int)] = []
            for child in ProcessTree.children(of: getpid()) {
                if let job = leaders[child] {
                    stack.append((child, job))
                } else if !givenUp.contains(child),
                    let job = orphans[child]?.job ?? owners[child] ?? markedJob(child)
                {
                    if orphans[child] == nil { orphans[child] = (job, nil, false) }
                    stack.append((child, job))
                }
            }
            var leaders = Set<pid_t>()
            while let (pid, job) = stack.popLast() {
                found[pid] = job
                if getpgid(pid) == pid { leaders.insert(pid) }
                for child in ProcessTree.children(of: pid) where found[child] == nil { stack.append((child, job)) }
            }
            owners = found
            groupLeaders = leaders
        #endif
    }

    /// Reaps the orphans that have ended.
    mutating func reap() {
        for pid in orphans.keys {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || (result < 0 && errno == ECHILD) { orphans[pid] = nil }
        }
    }

    /// Stops the orphans of jobs that have ended (`ended`): SIGTERM, then SIGKILL after `grace`;
    /// SIGKILL at once with `now: nil` (a second interrupt). One that a further `grace` after SIGKILL has not
    /// ended (stuck in the kernel) is no longer waited for, as the pool does not wait for its groups either.
    mutating func stop(ended: (Int) -> Bool, at now: ContinuousClock.Instant?, grace: Duration) {
        for (pid, orphan) in orphans where ended(orphan.job) {
            guard let now else {
                JobTree.signal(pid, SIGKILL)
                continue
            }
            guard let due = orphan.due else {
                JobTree.signal(pid, SIGTERM)
                orphans[pid] = (orphan.job, now + grace, false)
                continue
            }
            guard now >= due else { continue }
            if orphan.killed {
                orphans[pid] = nil
                givenUp.insert(pid)
            } else {
                JobTree.signal(pid, SIGKILL)
                orphans[pid] = (orphan.job, now + grace, true)
            }
        }
    }

    /// Signals `pid`, and the process group it leads (a `setsid` leader's children share it).
    private static func signal(_ pid: pid_t, _ signal: Int32) {
        if getpgid(pid) == pid { _ = kill(-pid, signal) }
        _ = kill(pid, signal)
    }

    #if os(Linux)
        /// The job whose marker `pid` started with, when it is one of this pool's.
        private func markedJob(_ pid: pid_t) -> Int? {
            guard let value = ProcessTree.environment(of: pid, JobTree.variable),
                value.hasPrefix(token + ".")
            else { return nil }
            return Int(value.dropFirst(token.count + 1))
        }
    #endif
}
