import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
