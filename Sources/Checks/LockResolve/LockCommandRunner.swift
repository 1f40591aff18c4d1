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

    /// Runs `argv` in `directory` (absolute) with `environment`, appending its output to `log`.
    static func run(_ argv: [String], in directory: String, environment: [String: String], log: String,
                    timeout: Int) -> Result {
        let job = Job(target: "lock", path: .root, tier: .fast, directory: directory, argv: argv, timeout: timeout,
                      log: log, junit: log + ".xml")
        var childEnvironment = environment
        childEnvironment["PWD"] = directory
        // A hook's index is git's business: a tool that calls git must not write to it.
        childEnvironment.removeValue(forKey: "GIT_INDEX_FILE")
        append(log, "$ \(job.commandLine)\n  (in \(directory))\n")
        let process: JobProcess
        do {
            process = try JobProcess.spawn(job, environment: childEnvironment)
        } catch {
            append(log, "preflight: \(error.message)\n")
            return .notStarted(error.message)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(timeout)
        var stoppedAt: ContinuousClock.Instant?
        while true {
            if let exit = process.poll() {
                if process.groupExists { process.signalGroup(SIGKILL) }
                if stoppedAt != nil { return .timedOut(timeout) }
                switch exit {
                case .exited(0): return .passed
                case .exited(let code): return .failed(code)
                case .signaled(let signal): return .signaled(signal)
                }
            }
            let now = clock.now
            if stoppedAt == nil, now >= deadline {
                append(log, "\npreflight: timed out after \(timeout)s: stopping the command's process group\n")
                process.signalGroup(SIGTERM)
                stoppedAt = now
            } else if let stoppedAt, now >= stoppedAt + .seconds(3) {
                process.signalGroup(SIGKILL)
            }
            usleep(10_000)
        }
    }

    /// The installed Poetry's major version (`poetry --version`), nil when it cannot be told.
    static func poetryMajorVersion(in directory: String, environment: [String: String], log: String) -> Int? {
        let scratch = log + ".version"
        defer { unlink(scratch) }
        guard run(["poetry", "--version"], in: directory, environment: environment, log: scratch, timeout: 60).passed,
              let text = FileManager.default.contents(atPath: scratch).map({ String(decoding: $0, as: UTF8.self) }),
              let range = text.range(of: "version ", options: .backwards) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// The last `lines` lines of a log, for failure output.
    static func tail(of log: String, lines: Int = 12) -> [String] {
        guard let data = FileManager.default.contents(atPath: log) else { return [] }
        let all = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return all.suffix(lines + 1).map(String.init).filter { !$0.isEmpty }.suffix(lines).map { $0 }
    }

    static func append(_ path: String, _ text: String) {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { return }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
