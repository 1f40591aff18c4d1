import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Lockfiles the merge driver took one side of and that still need regenerating: `.git/preflight/lock-pending`,
/// each repository-relative path followed by a NUL byte.
public enum PendingLocks {
    static let fileName = "preflight/lock-pending"

    /// The record's path for a repository.
    public static func path(_ repository: Repository) -> String {
        (repository.gitDir.hasSuffix("/") ? repository.gitDir : repository.gitDir + "/") + fileName
    }

    /// True when a hook started at the top of a working tree has a pending record, told with one `stat`
    /// (`$GIT_DIR/...` when git set it; a linked worktree's `.git` file is read only when `.git` is not a folder).
    public static func existsForHook() -> Bool { recordExistsForHook(fileName) }

    /// One `stat` of `name` in the git directory of the working tree the hook runs at the top of.
    static func recordExistsForHook(_ name: String) -> Bool {
        var info = stat()
        if let dir = ProcessEnvironment.value("GIT_DIR"), !dir.isEmpty {
            return stat(dir + "/" + name, &info) == 0
        }
        if stat(".git/" + name, &info) == 0 { return true }
        guard errno == ENOTDIR, let text = try? String(contentsOfFile: ".git", encoding: .utf8),
              let line = text.split(separator: "\n").first, line.hasPrefix("gitdir: ") else { return false }
        return stat(String(line.dropFirst("gitdir: ".count)) + "/" + name, &info) == 0
    }

    /// The recorded paths, in the order recorded, without repeats.
    public static func read(_ repository: Repository) -> [RepoPath] {
        guard let data = FileManager.default.contents(atPath: path(repository)) else { return [] }
        var seen = Set<RepoPath>()
        return data.split(separator: 0).map { RepoPath(bytes: Array($0)) }.filter { seen.insert($0).inserted }
    }

    /// Adds `lock` to the record.
    public static func record(_ lock: RepoPath, in repository: Repository) throws {
        let file = path(repository)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        let fd = open(file, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        guard fd >= 0 else { throw LockFileError(message: "cannot write \(file): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let line = lock.bytes + [0]
        guard line.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == line.count else {
            throw LockFileError(message: "cannot write \(file): \(String(cString: strerror(errno)))")
        }
    }

    /// Keeps only `remaining` in the record (removing the file when none remain).
    static func keep(_ remaining: [RepoPath], in repository: Repository) throws {
        let file = path(repository)
        if remaining.isEmpty {
            unlink(file)
        } else {
            try LockFiles.write(remaining.flatMap { $0.bytes + [0] }, to: file, executable: false)
        }
    }

    /// What a hook's regeneration of the pending lockfiles did.
    public struct Report: Sendable {
        /// One line per lockfile: `regenerated uv.lock with 'uv lock' (staged)`, or why not.
        public let lines: [String]
        /// The command's last output lines for failures.
        public let details: [String]
        public let failed: Bool
        /// The files regenerated and staged.
        public let staged: [RepoPath]
    }

    /// Regenerates every pending lockfile from the manifests as merged (in the working tree), verifies and
    /// stages it, and removes it from the record. A failure restores the working-tree file, keeps the path
    /// recorded and is reported. Returns nil when there is nothing to do.
    public static func regenerate(_ repository: Repository, environment: [String: String]) throws -> Report? {
        let pending = read(repository)
        guard !pending.isEmpty else { return nil }
        let index = WorkingTreeSnapshot(repository, table: EntryTable(try repository.index().entries))
        var configuration = Configuration.default
        if let bytes = try index.bytes(at: RepoPath("preflight.toml")) {
            configuration = try Configuration.parse(bytes, file: "preflight.toml")
        }
        let pairs = try LockPair.discover(in: index, configuration: configuration, near: pending)
        let backup = try LockBackup.make(repository)
        let regeneration = LockRegeneration(repository, environment: environment, backup: backup)
        var lines: [String] = [], details: [String] = [], remaining: [RepoPath] = [], staged: [RepoPath] = []
        for path in pending {
            guard let pair = pairs.first(where: { $0.lock == path || RepoPath(bytes: $0.lock.bytes + Array(".metadata".utf8)) == path }) else {
                lines.append("\(path) is no longer a lockfile preflight knows: dropped from the pending record")
                continue
            }
            if pair.lock != path, pending.contains(pair.lock) { continue }
            let lockBytes = LockFiles.read(repository, pair.lock) ?? []
            guard let argv = LockResolvePlan.argv(for: pair, lock: lockBytes) else {
                lines.append("\(pair.lock): no command can rebuild it here; run: \(LockfileCheck.command(for: pair))")
                remaining.append(path)
                continue
            }
            let sidecar = RepoPath(bytes: pair.lock.bytes + Array(".metadata".utf8))
            let outputs = pair.kind == .pants ? [pair.lock, sidecar].filter { LockFiles.exists(repository, $0) } : [pair.lock]
            let saved = outputs.map { ($0, LockFiles.read(repository, $0)) }
            for (file, bytes) in saved { if let bytes { try backup.save(bytes, of: file, as: "working-tree") } }
            let directory = pair.kind == .pants ? RepoPath.root : (pair.manifests.first?.parent ?? pair.lock.parent)
            let outcome = regeneration.run(pair, argv: argv, in: directory, outputs: outputs)
            let command = Job(argvOnly: outcome.argv).commandLine
            if let why = outcome.failure {
                for (file, bytes) in saved { try LockFiles.restore(repository, file, bytes, executable: false) }
                lines.append("\(pair.lock): '\(command)' failed: \(why); the file is as the merge driver left it "
                             + "(saved copies in \(backup.display))")
                details += LockCommandRunner.tail(of: outcome.log)
                remaining.append(path)
                continue
            }
            let written = outputs.filter { LockFiles.exists(repository, $0) }
            try repository.stage(written)
            staged += written
            lines.append("regenerated \(pair.lock) with '\(command)' (staged)")
        }
        try keep(remaining, in: repository)
        return Report(lines: lines, details: details, failed: !remaining.isEmpty, staged: staged)
    }

    // MARK: the merge commit git writes without them

    static let amendFileName = "preflight/lock-amend"

    /// `.git/preflight/lock-amend`: what `pre-merge-commit` staged, for `post-merge` to put into the merge
    /// commit (git wrote the merge's tree before the hook ran). The first line is HEAD before the merge.
    public static func amendPath(_ repository: Repository) -> String {
        (repository.gitDir.hasSuffix("/") ? repository.gitDir : repository.gitDir + "/") + amendFileName
    }

    /// Records `paths` as staged by `pre-merge-commit` on top of HEAD.
    public static func recordForAmend(_ paths: [RepoPath], in repository: Repository) throws {
        guard !paths.isEmpty, let head = try repository.headCommit() else { return }
        try LockFiles.write(Array((head.hex + "\n").utf8) + paths.flatMap { $0.bytes + [0] },
                            to: amendPath(repository), executable: false)
    }

    /// True when a hook started at the top of a working tree has an amend record (one `stat`).
    public static func amendExistsForHook() -> Bool { recordExistsForHook(amendFileName) }

    /// In `post-merge`: rewrites the merge commit with the lockfiles `pre-merge-commit` staged, when HEAD is
    /// the merge made on top of the recorded commit. Removes the record. Returns a line saying what it did.
    public static func amendMerge(_ repository: Repository) throws -> String? {
        let file = amendPath(repository)
        guard let data = FileManager.default.contents(atPath: file) else { return nil }
        defer { unlink(file) }
        let bytes = Array(data)
        guard let newline = bytes.firstIndex(of: 10), let head = try repository.headCommit() else { return nil }
        let recorded = String(decoding: bytes[..<newline], as: UTF8.self)
        let parents = try repository.parents(ofCommit: head)
        guard parents.count >= 2, parents[0].hex == recorded else { return nil }
        let paths = bytes[(newline + 1)...].split(separator: 0).map { RepoPath(bytes: Array($0)) }
        guard let (old, new) = try repository.amendHead(takingFromIndex: paths) else { return nil }
        return "the merge commit now holds the regenerated \(paths.map(\.description).joined(separator: ", ")) "
            + "(\(old.hex.prefix(10)) amended as \(new.hex.prefix(10)))"
    }
}

/// `lock merge-driver %O %A %B %P`: in a merge the upstream side goes into `%A` and the path is recorded as
/// pending; anywhere else the conflict is left for `lock resolve`.
public enum LockMergeDriver {
    /// What the driver did.
    public enum Outcome: Sendable, Hashable {
        /// A merge: `theirs` written into `%A`, the path pending for the merge commit's hooks.
        case tookTheirs
        /// A rebase, cherry-pick, revert, stash or checkout -m: no commit hook will regenerate, so the driver
        /// fails and git leaves the conflict (DESIGN: the merge driver exits 1 there).
        case leftConflict(operation: String)
    }

    /// Runs the driver for `path`. `reflogAction` is git's `GIT_REFLOG_ACTION`: `git merge` and `git pull`
    /// set it (`merge main`, `pull`) before any driver runs, while `MERGE_HEAD` is not written yet; a rebase
    /// is told by its state folder. Anything else is not a merge whose hooks regenerate the lock.
    public static func run(current: String, theirs: String, path: RepoPath, repository: Repository,
                           reflogAction: String?) throws -> Outcome {
        let state = repository.state
        let action = reflogAction ?? ""
        let isMerge = state != .rebase && (state == .merge || action.hasPrefix("merge") || action.hasPrefix("pull"))
        guard isMerge else {
            let operation = state == .none || state == .other ? (action.isEmpty ? "this operation" : action) : state.rawValue
            return .leftConflict(operation: operation)
        }
        guard let bytes = FileManager.default.contents(atPath: theirs) else {
            throw LockFileError(message: "cannot read \(theirs)")
        }
        try LockFiles.write(Array(bytes), to: current, executable: false)
        try PendingLocks.record(path, in: repository)
        return .tookTheirs
    }
}
