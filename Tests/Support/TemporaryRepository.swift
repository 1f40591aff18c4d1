import Foundation

/// A real git repository in a temporary directory, built with the git CLI and removed afterwards.
///
/// A local `user.name`/`user.email` is written so nothing depends on the machine's configuration.
public final class TemporaryRepository {
    /// The repository's top directory (no trailing slash).
    public let path: String

    public init(branch: String = "main") throws {
        let template = NSTemporaryDirectory() + "preflight-test-XXXXXX"
        var bytes = Array(template.utf8CString)
        guard let dir = mkdtemp(&bytes) else { throw ShellError(command: "mkdtemp", status: -1, output: "") }
        path = String(cString: dir)
        try git("init", "-q", "-b", branch)
        try configure()
    }

    /// Adopts an existing directory (e.g. a clone) and removes it afterwards.
    public init(adopting path: String) throws {
        self.path = path
        try configure()
    }

    private func configure() throws {
        try git("config", "user.name", "Preflight Test")
        try git("config", "user.email", "test@preflight.invalid")
        try git("config", "commit.gpgsign", "false")
        try git("config", "core.autocrlf", "false")
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Runs git in the repository; throws with git's output when it fails.
    @discardableResult
    public func git(_ args: String..., environment: [String: String] = [:]) throws -> String {
        try run(["git"] + args, environment: environment)
    }

    /// Runs git with an argument list.
    @discardableResult
    public func git(arguments args: [String], environment: [String: String] = [:]) throws -> String {
        try run(["git"] + args, environment: environment)
    }

    /// Runs a command in the repository and returns its stdout, trailing newline trimmed.
    @discardableResult
    public func run(
        _ argv: [String], in dir: String? = nil, environment: [String: String] = [:],
        input: String? = nil
    ) throws -> String {
        let result = try Shell.run(argv, in: dir ?? path, environment: environment, input: input)
        guard result.status == 0 else {
            throw ShellError(
                command: argv.joined(separator: " "), status: result.status, output: result.stderr + result.stdout)
        }
        return result.stdout.hasSuffix("\n") ? String(result.stdout.dropLast()) : result.stdout
    }

    /// Writes a file (making its directories), replacing a link or file that was there.
    public func write(_ relative: String, _ content: String = "") throws {
        try write(bytes: Array(relative.utf8), Array(content.utf8))
    }

    /// Writes a file whose path is raw bytes (for non-UTF-8 names).
    public func write(bytes relative: [UInt8], _ content: [UInt8]) throws {
        let full = Array(path.utf8) + [UInt8(ascii: "/")] + relative
        try makeParents(full)
        _ = withCString(full) { unlink($0) }
        let fd = withCString(full) { open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        guard fd >= 0 else { throw ShellError(command: "open \(relative)", status: errno, output: "") }
        defer { close(fd) }
        _ = content.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
    }

    /// Makes a symlink at `relative` whose text is `target` (replacing what was there).
    public func link(_ relative: String, to target: String) throws {
        let full = Array(path.utf8) + [UInt8(ascii: "/")] + Array(relative.utf8)
        try makeParents(full)
        _ = withCString(full) { unlink($0) }
        let status = withCString(full) { symlink(target, $0) }
        guard status == 0 else { throw ShellError(command: "symlink \(relative)", status: errno, output: "") }
    }

    /// Removes a file, link or directory tree.
    public func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + relative)
    }

    /// Reads a file's bytes.
    public func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path + "/" + relative, encoding: .utf8)
    }

    /// A new repository holding `files` (path → contents), committed, added here as the submodule at `path`
    /// (not committed in this repository); returns the submodule's own repository.
    @discardableResult
    public func addSubmodule(at path: String = "helpers_root", files: [String: String]) throws -> TemporaryRepository {
        let sub = try TemporaryRepository()
        for (file, contents) in files.sorted(by: { $0.key < $1.key }) { try sub.write(file, contents) }
        try sub.commitAll("helpers")
        try git("-c", "protocol.file.allow=always", "submodule", "add", "-q", sub.path, path)
        return sub
    }

    /// `git add -A` and commit; returns the new commit's id.
    @discardableResult
    public func commitAll(_ message: String) throws -> String {
        try git("add", "-A")
        try git("commit", "-q", "--allow-empty", "-m", message)
        return try git("rev-parse", "HEAD")
    }

    /// Commits `file` as `base` on the current branch, then `onBranch` on a new `branch` and `onMain` back on
    /// `main`, which stays checked out: two sides that conflict on `file` when merged.
    public func commitDivergingEdits(
        of file: String, base: String, branch: String, onBranch: String,
        onMain: String
    ) throws {
        try write(file, base)
        try commitAll("base")
        try git("checkout", "-q", "-b", branch)
        try write(file, onBranch)
        try commitAll(branch)
        try git("checkout", "-q", "main")
        try write(file, onMain)
        try commitAll("main")
    }

    /// A fingerprint of the index file and every file in the working tree (paths, modes, bytes),
    /// to show a command wrote nothing.
    public func fingerprint() throws -> String {
        var parts: [String] = []
        let gitDir = try git("rev-parse", "--absolute-git-dir")
        if let index = FileManager.default.contents(atPath: gitDir + "/index") {
            parts.append("index:" + index.base64EncodedString())
        }
        let listing = try run(["find", ".", "-path", "./.git", "-prune", "-o", "-printf", "%p %y %m %s %l\\n"])
        parts.append(listing)
        let sums = try run([
            "sh", "-c", "find . -path ./.git -prune -o -type f -print0 | sort -z | xargs -0 -r sha1sum",
        ])
        parts.append(sums)
        return parts.joined(separator: "\n")
    }

    private func makeParents(_ full: [UInt8]) throws {
        guard let slash = full.lastIndex(of: UInt8(ascii: "/")) else { return }
        let dir = String(decoding: full[..<slash], as: UTF8.self)
        if full[..<slash].allSatisfy({ $0 < 0x80 }) || String(validating: full[..<slash], as: UTF8.self) != nil {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
    }

    private func withCString<R>(_ bytes: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        (bytes + [0]).withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { body($0.baseAddress!) }
        }
    }
}

/// A command that failed, with its output.
public struct ShellError: Error, CustomStringConvertible {
    public let command: String
    public let status: Int32
    public let output: String
    public var description: String { "\(command) exited \(status): \(output)" }
}

/// Runs commands with Foundation's Process.
public enum Shell {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// Runs `argv` (looked up on PATH) in `dir` with extra environment and optional stdin.
    public static func run(
        _ argv: [String], in dir: String, environment: [String: String] = [:],
        input: String? = nil, removing: [String] = []
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: argv[0].hasPrefix("/") ? argv[0] : "/usr/bin/env")
        process.arguments = argv[0].hasPrefix("/") ? Array(argv.dropFirst()) : argv
        process.currentDirectoryURL = URL(fileURLWithPath: dir)
        var env = ProcessInfo.processInfo.environment
        for key in ["GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY"] + removing {
            env.removeValue(forKey: key)
        }
        env["GIT_CONFIG_NOSYSTEM"] = "1"
        env["GIT_AUTHOR_DATE"] = env["GIT_AUTHOR_DATE"] ?? "2026-01-02T03:04:05Z"
        env["GIT_COMMITTER_DATE"] = env["GIT_COMMITTER_DATE"] ?? "2026-01-02T03:04:05Z"
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try? inPipe.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let errData = ThreadBox()
        let thread = Thread { errData.data = err.fileHandleForReading.readDataToEndOfFile() }
        thread.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errData.done { usleep(1000) }
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.data ?? Data(), as: UTF8.self))
    }
}

private final class ThreadBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _data: Data?
    private var _done = false
    var data: Data? {
        get { lock.withLock { _data } }
        set {
            lock.withLock {
                _data = newValue
                _done = true
            }
        }
    }
    var done: Bool { lock.withLock { _done } }
}
