import Foundation

/// The live processes of the machine, read from `/proc`, to show a run left nothing behind.
public enum ProcessTable {
    /// Pids of processes (not zombies: those have ended and only wait to be reaped) whose process group
    /// is one of `groups`, or whose pid is one of `pids`.
    public static func alive(groups: Set<Int32> = [], pids: Set<Int32> = []) -> [Int32] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var result: [Int32] = []
        for name in names {
            guard let pid = Int32(name), let stat = try? String(contentsOfFile: "/proc/\(name)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 3, let group = Int32(fields[2]) else { continue }
            if fields[0] == "Z" || fields[0] == "X" { continue }
            if groups.contains(group) || pids.contains(pid) { result.append(pid) }
        }
        return result.sorted()
    }

    /// The pids written one per line in the file at `path` (ignoring what does not parse).
    public static func pids(in path: String) -> Set<Int32> {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return Set(text.split(whereSeparator: \.isWhitespace).compactMap { Int32($0) })
    }

    /// Waits up to `seconds` for `condition`, polling; returns whether it became true.
    @discardableResult
    public static func wait(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
