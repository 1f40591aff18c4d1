import Foundation

/// Writes a file whole or not at all: a new temporary file in the same directory with a random name
/// (`.NAME.RANDOM.tmp`, created with `O_EXCL|O_NOFOLLOW`, so nothing already there is followed or reused), then
/// `rename(2)` over the path, so a reader (git, an editor, a killed run) never sees half of it. The one atomic
/// write of preflight's files: the caches, durations, reports, hooks and regenerated lockfiles.
public enum AtomicFile {
    /// Writes `bytes` to `path` with permission bits `mode` (exactly, whatever the umask).
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t) throws(FileWriteError) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = "\(directory).\(name).\(UInt64.random(in: 0...UInt64.max)).tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileWriteError(path: temporary, reason: errnoText()) }
        guard bytes.withUnsafeBytes({ Descriptor.writeAll(fd, $0) }) else { return try fail(fd, temporary, path) }
        guard fchmod(fd, mode) == 0 else { return try fail(fd, temporary, path) }
        guard close(fd) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
        guard rename(temporary, path) == 0 else {
            let reason = errnoText()
            unlink(temporary)
            throw FileWriteError(path: path, reason: reason)
        }
    }

    private static func fail(_ fd: Int32, _ temporary: String, _ path: String) throws(FileWriteError) {
        let reason = errnoText()
        close(fd)
        unlink(temporary)
        throw FileWriteError(path: path, reason: reason)
    }

    private static func errnoText() -> String { String(cString: strerror(errno)).lowercased() }
}

/// A file could not be written: which, and why (lowercase).
public struct FileWriteError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "cannot write \(path): \(reason)" }

    /// An error for `path`, with `reason` lowercase.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
