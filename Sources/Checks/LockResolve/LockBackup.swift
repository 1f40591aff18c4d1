import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        let stamp = String(
            format: "%04d%02d%02dT%02d%02d%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
            parts.tm_hour, parts.tm_min, parts.tm_sec)
        let gitDir = repository.gitDir.hasSuffix("/") ? repository.gitDir : repository.gitDir + "/"
        let parent = gitDir + "preflight/lock-resolve/"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        var name = stamp
        var n = 1
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
        try LockFiles.write(
            bytes, to: self.path + "/" + Job.fileName(for: path.description) + "." + suffix, executable: false)
    }
}
