import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs one regenerate command (`uv lock`, `poetry lock`, ...) with `JobProcess`, the spawner `run` uses:
/// its own process group, stdin `/dev/null`, stdout and stderr appended to a log, stopped at a deadline.
enum LockCommandRunner {
    /// How the command ended.
    enum Result: Sendable, Equatable {
        case passed
        case failed(Int32)
        case signaled(Int32)
        case timedOut(Int)
        case notStarted(String)

        var passed: Bool { self == .passed }

        /// Lowercase: `exit 1`, `timed out after 600s`, `cannot start uv: no such file or directory`.
        var summary: String {
            switch self {
            case .passed: "exit 0"
            case .failed(let code): "exit \(code)"
            case .signaled(let signal): "killed by signal \(signal)"
            case .timedOut(let seconds): "timed out after \(seconds)s"
            case .notStarted(let why): why
            }
        }
    }

    /// Runs `argv` in `directory` (absolute) with `environment`, appending its output to `log`; stopped
    /// (SIGTERM, then SIGKILL) at `timeout` seconds like a `run` job.
    static func run(
        _ argv: [String], in directory: String, environment: [String: String], log: String,
        timeout: Int
    ) -> Result {
        var childEnvironment = environment
        childEnvironment["PWD"] = directory
        // A hook's index is git's business: a tool that calls git must not write to it.
        childEnvironment.removeValue(forKey: "GIT_INDEX_FILE")
        JobLog.append(log, "$ \(Job.commandLine(argv))\n  (in \(directory))\n")
        let process: JobProcess
        do {
            process = try JobProcess.spawn(argv, in: directory, environment: childEnvironment, output: .log(log))
        } catch {
            JobLog.append(log, "preflight: \(error.message)\n")
            return .notStarted(error.message)
        }
        var supervised = SupervisedProcess(process, start: .now, timeout: timeout, grace: .seconds(3))
        while true {
            switch supervised.poll(at: .now) {
            case .exited(let exit):
                if process.groupExists { process.signalGroup(SIGKILL) }
                if supervised.timedOut { return .timedOut(timeout) }
                switch exit {
                case .exited(0): return .passed
                case .exited(let code): return .failed(code)
                case .signaled(let signal): return .signaled(signal)
                }
            case .timedOut:
                JobLog.append(log, "\npreflight: timed out after \(timeout)s: stopping the command's process group\n")
            case .running:
                usleep(10_000)
            }
        }
    }

    /// The installed Poetry's major version (`poetry --version`), nil when it cannot be told.
    static func poetryMajorVersion(in directory: String, environment: [String: String], log: String) -> Int? {
        let scratch = log + ".version"
        defer { unlink(scratch) }
        guard run(["poetry", "--version"], in: directory, environment: environment, log: scratch, timeout: 60).passed,
            let bytes = try? RegularFile.read(scratch)
        else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let range = text.range(of: "version ", options: .backwards) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// The last `lines` non-empty lines of a log, for failure output.
    static func tail(of log: String, lines: Int = 12) -> [String] {
        guard let all = JobLog.tail(of: log, lines: lines + 1) else { return ["(cannot read \(log))"] }
        return all.filter { !$0.isEmpty }.suffix(lines).map { $0 }
    }
}
