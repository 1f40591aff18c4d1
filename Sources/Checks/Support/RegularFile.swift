import Foundation

/// Reads a file that must be a regular file, as untrusted: opened with `O_NOFOLLOW|O_NONBLOCK` (a symbolic
/// link is not followed, a FIFO cannot hang the read) and checked with `fstat` before a byte is read. The one
/// reader of preflight's own files under `.git/preflight/`, of `GIT_INDEX_FILE` and of the files a job leaves.
public enum RegularFile {
    /// The largest file read whole.
    public static let maxSize = 1 << 31

    /// An open descriptor of `path` and its size, or nil when there is no file. The caller closes it.
    public static func open(_ path: String) throws(FileReadError) -> (fd: Int32, size: Int)? {
        let fd = Foundation.open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw FileReadError(path: path, reason: code == ELOOP ? "a symbolic link (not followed)" : text(code))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = text(errno)
            close(fd)
            throw FileReadError(path: path, reason: reason)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw FileReadError(path: path, reason: "not a regular file (\(kind(info.st_mode)))")
        }
        return (fd, Int(info.st_size))
    }

    /// The bytes of `path`, or nil when there is no file; an error for anything but a readable regular file
    /// of at most `limit` bytes.
    public static func read(_ path: String, limit: Int = maxSize) throws(FileReadError) -> [UInt8]? {
        try contents(path, limit: limit)?.bytes
    }

    /// `read`, with the file's modification time (seconds, nanoseconds) as `fstat` gave it on the same descriptor.
    public static func contents(_ path: String, limit: Int = maxSize) throws(FileReadError)
        -> (bytes: [UInt8], modified: (seconds: Int, nanoseconds: Int))?
    {
        guard let opened = try open(path) else { return nil }
        let (fd, size) = opened
        defer { close(fd) }
        guard size <= limit else { throw FileReadError(path: path, reason: "larger than \(limit) bytes") }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileReadError(path: path, reason: text(errno)) }
        guard let bytes = Descriptor.readAll(fd, upTo: size) else {
            throw FileReadError(path: path, reason: text(errno))
        }
        return (bytes, (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec)))
    }

    /// What a file that is not regular is, for messages.
    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a fifo"
        case S_IFDIR: "a directory"
        case S_IFLNK: "a symbolic link"
        case S_IFSOCK: "a socket"
        case S_IFCHR, S_IFBLK: "a device"
        default: "not a file"
        }
    }

    private static func text(_ code: Int32) -> String { String(cString: strerror(code)).lowercased() }
}

/// A file could not be read as a regular file: which, and why (lowercase). Exit 3: the repository holds
/// something preflight cannot read.
public struct FileReadError: Error, CustomStringConvertible, Sendable, Equatable {
    public let path: String
    public let reason: String
    public var description: String { "cannot read \(path): \(reason)" }

    /// An error for `path`, with `reason` lowercase.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }
}
