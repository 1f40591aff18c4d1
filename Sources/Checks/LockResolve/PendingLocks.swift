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

    /// One `lstat` of `name` in the git directory of the working tree the hook runs at the top of (a link
    /// there, even a dangling one, is something to read, and so an error, never "no record").
    static func recordExistsForHook(_ name: String) -> Bool {
        var info = stat()
        if let dir = ProcessEnvironment.value("GIT_DIR"), !dir.isEmpty {
            return lstat(dir + "/" + name, &info) == 0
        }
        if lstat(".git/" + name, &info) == 0 { return true }
        guard errno == ENOTDIR, let bytes = try? RegularFile.read(".git", limit: 1 << 16),
            let line = String(decoding: bytes, as: UTF8.self).split(separator: "\n").first, line.hasPrefix("gitdir: ")
        else { return false }
        return lstat(String(line.dropFirst("gitdir: ".count)) + "/" + name, &info) == 0
    }

    /// The recorded paths, in the order recorded, without repeats; empty when there is no record. A record
    /// that is a link, a FIFO or unreadable is an error naming it.
    public static func read(_ repository: Repository) throws(FileReadError) -> [RepoPath] {
        guard let data = try RegularFile.read(path(repository)) else { return [] }
        var seen = Set<RepoPath>()
        return data.split(separator: 0).map { RepoPath(bytes: Array($0)) }.filter { seen.insert($0).inserted }
    }

    /// Adds `lock` to the record (the whole record rewritten atomically: a link there is replaced, never
    /// written through).
    public static func record(_ lock: RepoPath, in repository: Repository) throws {
        let file = path(repository)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        let recorded: [UInt8]?
        do {
            recorded = try RegularFile.read(file)
        } catch {
            throw LockFileError(message: error.description)
        }
        try LockFiles.write((recorded ?? []) + lock.bytes + [0], to: file, executable: false)
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
}
