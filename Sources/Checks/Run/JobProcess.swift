import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A started job: the leader of its own process group, its output going to its log file. Every process
/// preflight starts is started here (`git fetch` for `deepen` stays in preflight's group, on its stderr).
///
/// Spawned in its own process group (`posix_spawnp` with `POSIX_SPAWN_SETPGROUP`; on Linux the same set-up
/// by CProcess's fork-and-exec, which also gives it SIGKILL as its parent-death signal), so the job and
/// everything it starts share one process group whose id is the job's pid: stopping the job is
/// `kill(-pgid, ...)`, which reaches its children too. Signal dispositions and the signal mask are reset in
/// the child (preflight ignores SIGINT while it runs jobs, and an ignored signal would otherwise survive
/// `exec`). stdin is `/dev/null`; stdout and stderr are appended to the log.
final class JobProcess {
    let pid: pid_t

    init(pid: pid_t) { self.pid = pid }

    /// Where a started process's stdout and stderr go.
    enum Output {
        /// Appended to the file at this path (created when missing).
        case log(String)
        /// preflight's own stderr (a `git fetch` the user watches).
        case standardError
    }

    /// Starts `job` with `environment` (the full environment of the child), its output appended to its log.
    static func spawn(_ job: Job, environment: [String: String]) throws(JobSpawnError) -> JobProcess {
        try spawn(job.argv, in: job.directory, environment: environment, output: .log(job.log))
    }

    /// Starts `argv` (`argv[0]` looked up on `PATH`) in `directory` with `environment`, stdin `/dev/null`.
    /// With `ownGroup` it leads a new process group (stopped as a whole); otherwise it stays in preflight's,
    /// so a Ctrl-C at the terminal reaches it too.
    static func spawn(
        _ command: [String], in directory: String, environment: [String: String], output: Output,
        ownGroup: Bool = true
    ) throws(JobSpawnError) -> JobProcess {
        guard let program = command.first, !program.isEmpty else { throw JobSpawnError(message: "empty command") }
        let environmentLines = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        #if os(Linux)
            let log: String?
            switch output {
            case .log(let path): log = path
            case .standardError: log = nil
            }
            return JobProcess(
                pid: try forkExec(command, in: directory, environment: environmentLines, log: log, ownGroup: ownGroup))
        #else
            let pid = try posixSpawn(
                command, in: directory, environment: environmentLines, output: output, ownGroup: ownGroup)
            return JobProcess(pid: pid)
        #endif
    }

    /// `spawn` through `posix_spawnp` (where no parent-death signal can be set).
    private static func posixSpawn(
        _ command: [String], in directory: String, environment environmentLines: [String], output: Output,
        ownGroup: Bool
    ) throws(JobSpawnError) -> pid_t {
        let program = command[0]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }

        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        switch output {
        case .log(let path):
            posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        case .standardError:
            posix_spawn_file_actions_adddup2(&actions, 2, 1)
        }
        var argv = command
        if let addChdir = JobProcess.addChdir {
            let status = directory.withCString { addChdir(&actions, $0) }
            guard status == 0 else {
                throw JobSpawnError(message: "cannot change to \(directory): \(errnoText(status))")
            }
        } else {
            // No posix_spawn_file_actions_addchdir_np in this libc: a shell changes directory and execs the
            // command, every path passed as an argument (never pasted into the script).
            argv = ["/bin/sh", "-c", "cd -- \"$1\" && shift && exec \"$@\"", "sh", directory] + argv
        }
        setSignals(&attributes, ownGroup: ownGroup)
        var pid: pid_t = 0
        let status = withCStrings(argv) { cArgv in
            withCStrings(environmentLines) { cEnvironment in
                posix_spawnp(&pid, argv[0], &actions, &attributes, cArgv, cEnvironment)
            }
        }
        guard status == 0 else {
            throw JobSpawnError(message: "cannot start \(program): \(errnoText(status))")
        }
        return pid
    }

    /// Signal dispositions and the mask reset in the child; its own process group when `ownGroup`.
    private static func setSignals(_ attributes: inout posix_spawnattr_t, ownGroup: Bool) {
        var flags = Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        if ownGroup { flags |= Int32(POSIX_SPAWN_SETPGROUP) }
        #if canImport(Darwin)
            flags |= Int32(POSIX_SPAWN_CLOEXEC_DEFAULT)
        #endif
        posix_spawnattr_setflags(&attributes, Int16(flags))
        posix_spawnattr_setpgroup(&attributes, 0)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [
            SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2, SIGALRM, SIGTSTP,
            SIGTTIN, SIGTTOU,
        ] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var mask = sigset_t()
        sigemptyset(&mask)
        posix_spawnattr_setsigmask(&attributes, &mask)
    }

    /// Waits for the leader to end and reaps it.
    func wait() -> JobExit {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { return .exited(-1) }
        }
        return JobExit(waitStatus: status)
    }

    /// The exit status once the job's leader has ended (reaping it), nil while it runs.
    func poll() -> JobExit? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == 0 { return nil }
        if result < 0 { return errno == EINTR ? nil : .exited(-1) }
        return JobExit(waitStatus: status)
    }

    /// Sends `signal` to the job's whole process group.
    func signalGroup(_ signal: Int32) { _ = kill(-pid, signal) }

    /// True while some process of the job's group is alive (the leader may already be gone).
    ///
    /// A zombie does not count: it has ended and only waits to be reaped by its parent, and in a container
    /// whose init never reaps, orphans stay zombies for good. On Linux that is told apart with `/proc`.
    var groupExists: Bool {
        guard kill(-pid, 0) == 0 || errno == EPERM else { return false }
        #if os(Linux)
            return JobProcess.hasLiveMember(group: pid)
        #else
            return true
        #endif
    }

    #if os(Linux)
        /// True when `/proc` lists a process of `group` that is not a zombie (true when `/proc` cannot be read).
        static func hasLiveMember(group: pid_t) -> Bool {
            guard let dir = opendir("/proc") else { return true }
            defer { closedir(dir) }
            var buffer = [UInt8](repeating: 0, count: 512)
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard let first = name.utf8.first, first >= 0x30, first <= 0x39 else { continue }
                let fd = open("/proc/\(name)/stat", O_RDONLY)
                guard fd >= 0 else { continue }
                let count = read(fd, &buffer, buffer.count)
                close(fd)
                guard count > 0 else { continue }
                // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
                let text = buffer[..<count]
                guard let close = text.lastIndex(of: UInt8(ascii: ")")) else { continue }
                let fields = text[(close + 1)...].split(separator: UInt8(ascii: " "))
                guard fields.count > 3, let pgrp = Int32(String(decoding: fields[2], as: UTF8.self)), pgrp == group
                else {
                    continue
                }
                if fields[0].first != UInt8(ascii: "Z") && fields[0].first != UInt8(ascii: "X") { return true }
            }
            return false
        }
    #endif

    private typealias AddChdir =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32

    /// glibc ≥ 2.29, musl and macOS have it, but it is not in Swift's C module: looked up once.
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
        else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()
}

/// How a job's leader ended.
enum JobExit: Sendable, Hashable {
    case exited(Int32)
    case signaled(Int32)

    init(waitStatus status: Int32) {
        let low = status & 0x7f
        if low == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(low)
        }
    }
}

/// A job that could not be started (no such program, no such directory).
struct JobSpawnError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The C library's text for the error number `code`, lowercased for a message.
func errnoText(_ code: Int32) -> String {
    String(cString: strerror(code)).lowercased()
}

/// Calls `body` with a NULL-terminated C array of `strings`, valid only during the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
