#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text written straight to the process's stdout or stderr: a report goes out at once, without a `Data` and a
/// `FileHandle` built for it on the way.
package enum StandardStreams {
    /// Writes all of `text` to `fd`, again after an interruption or a partial write; false when a write fails.
    @discardableResult
    package static func emit(_ text: String, to fd: Int32) -> Bool {
        var text = text
        return text.withUTF8 { Descriptor.writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    /// Writes `text` to `fd`, or ends the process with status 3 when it cannot: a report that did not reach
    /// its reader must not pass for one that did.
    package static func emitOrExit(_ text: String, to fd: Int32, naming stream: String) {
        if emit(text, to: fd) { return }
        let reason = String(cString: strerror(errno))
        if fd != STDERR_FILENO { emit("preflight: cannot write to \(stream): \(reason)\n", to: STDERR_FILENO) }
        exit(3)
    }
}
