import Foundation

/// A job's log file: what `run`'s jobs and `lock resolve`'s commands write their output to.
enum JobLog {
    /// Appends `text` to the log at `path`, creating it. Logging must never stop a job, so a log that
    /// cannot be written loses the text (the job's own output goes there the same way).
    static func append(_ path: String, _ text: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    }

    /// The last `count` lines of the log at `path` (invalid UTF-8 repaired); nil when it cannot be read (no
    /// file, a link, a FIFO: `RegularFile`).
    static func tail(of path: String, lines count: Int) -> [String]? {
        guard let data = try? RegularFile.read(path) else { return nil }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines.suffix(count).map(String.init)
    }
}
