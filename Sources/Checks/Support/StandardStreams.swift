#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Text written straight to the process's stdout or stderr: a report goes out at once, without a `Data` and a
/// `FileHandle` built for it on the way.
package enum StandardStreams {
    /// Writes all of `text` to `fd`, again after an interruption or a partial write. Any other failure ends it:
    /// the reader is gone and the text has nowhere to go.
    package static func emit(_ text: String, to fd: Int32) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count, let base = bytes.baseAddress {
                let written = write(fd, base + offset, bytes.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }
}
