import Foundation

/// Runs the commands a release is made of (git, the changelog command) in the working tree, output captured.
///
/// `release prepare` writes commits, tags and the index through the git CLI, as a person would, so every
/// hook and filter the repository has applies to them.
struct ReleaseShell {
    /// The working tree's directory.
    let directory: String
    /// The environment of every command (the process's, without a hook's `GIT_INDEX_FILE`).
    let environment: [String: String]

    /// How a command ended: its exit status (nil when it could not start or was killed) and its output.
    struct Outcome {
        let status: Int32?
        let output: String
        var passed: Bool { status == 0 }
    }

    init(directory: String, environment: [String: String]) {
        self.directory = directory
        var environment = environment
        environment.removeValue(forKey: "GIT_INDEX_FILE")
        environment["PWD"] = directory
        self.environment = environment
    }

    /// Runs `argv` in the working tree and waits for it.
    func run(_ argv: [String]) -> Outcome {
        let log = NSTemporaryDirectory() + "preflight-release-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        defer { unlink(log) }
        let process: JobProcess
        do {
            process = try JobProcess.spawn(argv, in: directory, environment: environment, output: .log(log))
        } catch {
            return Outcome(status: nil, output: "cannot start \(argv.first ?? ""): \(error.message)")
        }
        let exit = process.wait()
        let output = FileManager.default.contents(atPath: log).map { String(decoding: $0, as: UTF8.self) } ?? ""
        switch exit {
        case .exited(let code): return Outcome(status: code, output: output)
        case .signaled(let signal): return Outcome(status: nil, output: output + "killed by signal \(signal)\n")
        }
    }

    /// Runs git with `arguments`; throws `ReleaseStepError` with git's output when it fails.
    @discardableResult
    func git(_ arguments: String...) throws(ReleaseStepError) -> String {
        let outcome = run(["git"] + arguments)
        guard outcome.passed else {
            throw ReleaseStepError(
                "git \(arguments.joined(separator: " ")) failed: \(ReleaseShell.tail(outcome.output))")
        }
        return outcome.output
    }

    /// True when `program` can be started: a path that is executable, or a name found on `PATH`.
    func canStart(_ program: String) -> Bool {
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : directory + "/" + program
            return FileManager.default.isExecutableFile(atPath: path)
        }
        return (environment["PATH"] ?? "").split(separator: ":").contains {
            FileManager.default.isExecutableFile(atPath: "\($0)/\(program)")
        }
    }

    /// The last lines of a command's output, on one line for a message.
    static func tail(_ output: String) -> String {
        let lines = output.split(separator: "\n").suffix(5).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.isEmpty ? "no output" : lines.joined(separator: "; ")
    }
}

/// A release step that failed after something was written; everything is put back before it is reported.
public struct ReleaseStepError: Error, CustomStringConvertible, Sendable {
    public let description: String

    /// The failure, lowercase.
    public init(_ description: String) { self.description = description }
}
