#if os(Linux)
    import CProcess
    import Glibc
#endif

/// A guardian process that kills the jobs' process groups if preflight dies without stopping them (`kill -9`,
/// the OOM killer): told of every group a job starts or leads to, and of every group that has ended.
/// Linux only; elsewhere (or when it cannot be started) nothing guards the jobs. A guardian that has died (a
/// stray kill) only makes the messages to it fail: the run goes on, unguarded.
final class JobGuardian {
    private let fd: Int32
    private let pid: pid_t
    private var groups = Set<pid_t>()

    private init(fd: Int32, pid: pid_t) {
        self.fd = fd
        self.pid = pid
    }

    /// Starts a guardian; nil when none can be started (the run goes on unguarded, as before).
    static func start() -> JobGuardian? {
        #if os(Linux)
            var pid: pid_t = 0
            let fd = preflight_start_guardian(&pid)
            return fd < 0 ? nil : JobGuardian(fd: fd, pid: pid)
        #else
            return nil
        #endif
    }

    /// Guards exactly `groups` from now on: tells the guardian of the new ones and of those that have ended.
    func guardOnly(_ current: Set<pid_t>) {
        #if os(Linux)
            for group in current.subtracting(groups) { _ = preflight_guard(fd, group) }
            for group in groups.subtracting(current) { _ = preflight_guard(fd, -group) }
        #endif
        groups = current
    }

    /// Guards one more group (a job just started).
    func add(_ group: pid_t) {
        guard groups.insert(group).inserted else { return }
        #if os(Linux)
            _ = preflight_guard(fd, group)
        #endif
    }

    /// Ends the guardian without it killing anything (every job has been stopped), and reaps it.
    func finish() {
        #if os(Linux)
            _ = preflight_guard(fd, 0)
            close(fd)
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #endif
    }
}
