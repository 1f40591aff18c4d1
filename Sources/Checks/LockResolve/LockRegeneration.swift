import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Regenerates one lockfile in the working tree and verifies it with the `lockfile` rule: what
/// `lock resolve` and the hooks that finish a merge-driver merge share. It never stages or restores.
struct LockRegeneration {
    let repository: Repository
    let environment: [String: String]
    /// Seconds before the command is stopped (`PREFLIGHT_LOCK_TIMEOUT`, default 600).
    let timeout: Int
    let backup: LockBackup

    init(_ repository: Repository, environment: [String: String], backup: LockBackup) {
        self.repository = repository
        self.environment = environment
        self.timeout = environment["PREFLIGHT_LOCK_TIMEOUT"].flatMap { Int($0) }.map { max(1, $0) } ?? 600
        self.backup = backup
    }

    /// What a regeneration did.
    struct Outcome {
        /// The command as run.
        let argv: [String]
        /// nil when the lock was regenerated and verifies; otherwise why not (lowercase).
        let failure: String?
        /// The command's log.
        let log: String
    }

    /// Runs `argv` (Poetry's flags fitted to the installed Poetry) in `directory`, then verifies `pair`
    /// with the lockfile rule against the working tree's lock, sidecar and manifests.
    func run(_ pair: LockPair, argv planned: [String], in directory: RepoPath, outputs: [RepoPath]) -> Outcome {
        let root = repository.workdir ?? ""
        let cwd = directory.isRoot ? String(root.dropLast()) : root + directory.description
        let log = backup.path + "/" + Job.fileName(for: pair.lock.description) + ".log"
        var argv = planned
        if pair.kind == .poetry, pair.regenerate == nil,
           let major = LockCommandRunner.poetryMajorVersion(in: cwd, environment: environment, log: log) {
            argv = major < 2 ? ["poetry", "lock", "--no-update"] : ["poetry", "lock"]
        }
        let result = LockCommandRunner.run(argv, in: cwd, environment: environment, log: log, timeout: timeout)
        guard result.passed else {
            let why: String
            if case .notStarted = result {
                why = "\(result.summary) (is \(argv[0]) installed and on PATH?)"
            } else {
                why = "the command failed: \(result.summary)"
            }
            return Outcome(argv: argv, failure: why, log: log)
        }
        do {
            let problems = try verify(pair, outputs: outputs)
            if !problems.isEmpty {
                return Outcome(argv: argv, failure: "the result does not verify: " + problems.joined(separator: "; "), log: log)
            }
        } catch {
            return Outcome(argv: argv, failure: "the result cannot be read: \(error)", log: log)
        }
        return Outcome(argv: argv, failure: nil, log: log)
    }

    /// The lockfile rule's errors for `pair`, reading its lock, sidecar and manifests from the working tree
    /// and everything else from the index.
    func verify(_ pair: LockPair, outputs: [RepoPath]) throws -> [String] {
        let fromDisk = Set(outputs + pair.manifests + [pair.lock])
        var entries = try repository.index().entries.filter { !fromDisk.contains($0.path) }
        for path in fromDisk where LockFiles.exists(repository, path) {
            entries.append(SnapshotEntry(path: path, mode: .regular, id: nil))
        }
        let snapshot = WorkingTreeSnapshot(repository, table: EntryTable(entries))
        return try LockfileCheck().verify(pair, in: snapshot).filter { $0.severity == .error }.map(\.message)
    }
}

/// Where `lock resolve` keeps what it replaces: `.git/preflight/lock-resolve/<time>/`.
struct LockBackup {
    /// The folder's absolute path.
    let path: String
    /// The folder as shown to people (relative to the working tree when inside it).
    let display: String

    /// Makes a new folder named by the UTC time (with `-2`, `-3`, ... when that exists).
    static func make(_ repository: Repository) throws -> LockBackup {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        let stamp = String(format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                           parts.tm_hour, parts.tm_min, parts.tm_sec)
        let gitDir = repository.gitDir.hasSuffix("/") ? repository.gitDir : repository.gitDir + "/"
        let parent = gitDir + "preflight/lock-resolve/"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        var name = stamp, n = 1
        while mkdir(parent + name, 0o755) != 0 {
            guard errno == EEXIST else {
                throw LockFileError(message: "cannot create \(parent + name): \(String(cString: strerror(errno)))")
            }
            n += 1
            name = "\(stamp)-\(n)"
        }
        let full = parent + name
        var display = full
        if let root = repository.workdir, full.hasPrefix(root) { display = String(full.dropFirst(root.count)) }
        return LockBackup(path: full, display: display)
    }

    /// Saves `bytes` as `<path, escaped>.<suffix>`.
    func save(_ bytes: [UInt8], of path: RepoPath, as suffix: String) throws {
        try LockFiles.write(bytes, to: self.path + "/" + Job.fileName(for: path.description) + "." + suffix, executable: false)
    }
}

/// Working-tree file operations for lockfiles: atomic writes, reads and restores.
enum LockFiles {
    static func fullPath(_ repository: Repository, _ path: RepoPath) -> String {
        (repository.workdir ?? "") + String(decoding: path.bytes, as: UTF8.self)
    }

    static func exists(_ repository: Repository, _ path: RepoPath) -> Bool {
        var info = stat()
        return stat(fullPath(repository, path), &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }

    /// The file's bytes, nil when there is no file.
    static func read(_ repository: Repository, _ path: RepoPath) -> [UInt8]? {
        guard exists(repository, path) else { return nil }
        return FileManager.default.contents(atPath: fullPath(repository, path)).map { Array($0) }
    }

    /// Puts a file back as it was: `bytes`, or no file when nil.
    static func restore(_ repository: Repository, _ path: RepoPath, _ bytes: [UInt8]?, executable: Bool) throws {
        let full = fullPath(repository, path)
        if let bytes {
            try write(bytes, to: full, executable: executable)
        } else if unlink(full) != 0 && errno != ENOENT {
            throw LockFileError(message: "cannot remove \(full): \(String(cString: strerror(errno)))")
        }
    }

    /// Writes through a temporary file in the same directory and a rename.
    static func write(_ bytes: [UInt8], to path: String, executable: Bool) throws {
        do {
            try AtomicFile.write(bytes, to: path, mode: executable ? 0o755 : 0o644)
        } catch {
            throw LockFileError(message: error.description)
        }
    }
}

/// A lockfile or backup could not be written (exit 3: the repository cannot be changed as needed).
public struct LockFileError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}
