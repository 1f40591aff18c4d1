#if os(Linux)
    import Glibc

    /// Processes as Linux's `/proc` lists them: children and the environment they started with.
    enum ProcessTree {
        /// The children of `pid`: the `children` file of each of its threads (a child is listed under the
        /// thread that forked it). Empty when the process is gone, or the kernel keeps no such file.
        static func children(of pid: pid_t) -> [pid_t] {
            guard let dir = opendir("/proc/\(pid)/task") else { return [] }
            defer { closedir(dir) }
            var result: [pid_t] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard let first = name.utf8.first, first >= 0x30, first <= 0x39 else { continue }
                let text = contents("/proc/\(pid)/task/\(name)/children")
                for field in text.split(separator: UInt8(ascii: " ")) {
                    if let child = pid_t(String(decoding: field, as: UTF8.self)) { result.append(child) }
                }
            }
            return result
        }

        /// The value of `name` in the environment `pid` was started with; nil when absent or unreadable.
        static func environment(of pid: pid_t, _ name: String) -> String? {
            let prefix = Array(name.utf8) + [UInt8(ascii: "=")]
            for line in contents("/proc/\(pid)/environ").split(separator: 0) where line.starts(with: prefix) {
                return String(decoding: line.dropFirst(prefix.count), as: UTF8.self)
            }
            return nil
        }

        /// The bytes of a `/proc` file (empty when it cannot be read: the process has ended).
        private static func contents(_ path: String) -> [UInt8] {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return [] }
            defer { close(fd) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(fd, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                bytes += buffer[..<count]
            }
            return bytes
        }
    }
#endif
