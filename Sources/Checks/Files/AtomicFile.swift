import Foundation

/// Writes a file whole or not at all: a temporary file in the same directory, then `rename(2)` over the
/// path, so a reader (git, an editor, a killed run) never sees half of it.
enum AtomicFile {
    /// Writes `bytes` to `path` with permission bits `mode`; returns why it failed, or nil.
    static func write(_ bytes: [UInt8], to path: String, mode: Int) -> String? {
        let temporary = path + ".preflight-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes),
                                             attributes: [.posixPermissions: mode]) else {
            return "cannot write \(temporary)"
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            return "cannot write \(path): \(reason)"
        }
        return nil
    }
}
