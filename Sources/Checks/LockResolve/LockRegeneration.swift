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
            let major = LockCommandRunner.poetryMajorVersion(in: cwd, environment: environment, log: log)
        {
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
                return Outcome(
                    argv: argv, failure: "the result does not verify: " + problems.joined(separator: "; "), log: log)
            }
        } catch {
            return Outcome(
                argv: argv, failure: "the result cannot be read: \(FoundationFileError.describe(error))", log: log)
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
