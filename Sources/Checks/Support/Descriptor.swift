#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole reads and writes on an open file descriptor: again after an interruption or a partial transfer.
package enum Descriptor {
    /// Writes all of `bytes` to `fd`; false when a write fails (`errno` says why).
    package static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        var offset = 0
        while offset < bytes.count, let base = bytes.baseAddress {
            let written = write(fd, base + offset, bytes.count - offset)
            if written > 0 {
                offset += written
            } else if !(written < 0 && errno == EINTR) {
                return false
            }
        }
        return true
    }

    /// Up to `size` bytes from `fd`: fewer when the file ends sooner; nil when a read fails (`errno` says why).
    package static func readAll(_ fd: Int32, upTo size: Int) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let n = bytes.withUnsafeMutableBytes { buffer in
                buffer.baseAddress.map { read(fd, $0 + done, size - done) } ?? -1
            }
            if n < 0 && errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            done += n
        }
        return done == size ? bytes : Array(bytes[..<done])
    }
}
