import Model

/// Changed text files hold no merge-conflict markers.
///
/// Triggers: a line starting `<<<<<<< ` or `>>>>>>> ` (or the bare seven characters), anywhere; a line
/// `=======` or starting `||||||| ` between an opening and a closing marker. Line numbers are 1-based
/// and exact; CRLF files count like LF files. The staged content is read in `--staged`.
/// Does not trigger: Markdown or reST headings underlined with `=======` outside a conflict, longer runs
/// (`========`), markers that do not start the line, binary files (a NUL in the first 8000 bytes, as git
/// decides), links and submodules.
public struct ConflictMarkerCheck: Check {
    public let id = CheckID.conflictMarker.rawValue
    public let summary = "changed text files hold no merge-conflict markers"

    public init() {}

    /// The scan of the changed files' bytes, begun: helper threads read while the work before this check runs.
    public func start(_ changeSet: ChangeSet) -> AnyObject? { scan(changeSet) }

    public func findings(in context: CheckContext) throws -> [Finding] {
        let files = context.changedHeadEntries.filter(\.mode.isFile)
        let scan = context.started.removeValue(forKey: id) as? Scan ?? scan(context.changeSet)
        let unique = scan.entries
        let scanned = try scan.markers.finish()
        var byID: [ObjectID: [(line: Int, marker: String)]] = [:]
        var byPath: [RepoPath: [(line: Int, marker: String)]] = [:]
        for (entry, markers) in zip(unique, scanned) where !markers.isEmpty {
            if let id = entry.id { byID[id] = markers } else { byPath[entry.path] = markers }
        }
        var findings: [Finding] = []
        for entry in files {
            for (line, marker) in (entry.id.flatMap { byID[$0] } ?? byPath[entry.path] ?? []) {
                findings.append(
                    Finding(
                        check: id, severity: .error,
                        message: "merge conflict marker '\(marker)'", path: entry.path, line: line,
                        fix: "resolve the conflict and remove the marker lines"))
            }
        }
        return findings
    }

    /// The files to read and their markers once read.
    final class Scan {
        let entries: [SnapshotEntry]
        let markers: PendingBytes<[(line: Int, marker: String)]>

        init(_ entries: [SnapshotEntry], _ markers: PendingBytes<[(line: Int, marker: String)]>) {
            self.entries = entries
            self.markers = markers
        }
    }

    /// The scan of each changed file: monorepos hold many identical files, so each blob is read once (files
    /// without an id, each).
    private func scan(_ changeSet: ChangeSet) -> Scan {
        var unique: [SnapshotEntry] = []
        var seen = Set<ObjectID>()
        for entry in changeSet.changedHeadEntries where entry.mode.isFile {
            if entry.id.map({ seen.insert($0).inserted }) ?? true { unique.append(entry) }
        }
        return Scan(unique, changeSet.head.startMapBytes(unique) { ConflictMarkerCheck.markers(in: $0) })
    }

    /// The 1-based line numbers and markers of every conflict-marker line; empty for binary content.
    public static func markers(in bytes: [UInt8]) -> [(line: Int, marker: String)] {
        if bytes.prefix(8000).contains(0) { return [] }
        var result: [(Int, String)] = []
        var open = false
        var line = 1
        var start = 0
        bytes.withUnsafeBufferPointer { buf in
            while start < buf.count {
                var end = start
                while end < buf.count && buf[end] != 10 { end += 1 }
                var stop = end
                if stop > start && buf[stop - 1] == 13 { stop -= 1 }
                if let marker = kind(buf, start, stop) {
                    switch marker {
                    case "<<<<<<<":
                        open = true
                        result.append((line, marker))
                    case ">>>>>>>":
                        open = false
                        result.append((line, marker))
                    default:
                        if open { result.append((line, marker)) }
                    }
                }
                line += 1
                start = end + 1
            }
        }
        return result
    }

    /// The marker a line (bytes `start..<stop`, without its line ending) is, if any.
    private static func kind(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) -> String? {
        guard stop - start >= 7 else { return nil }
        let first = buf[start]
        guard
            first == UInt8(ascii: "<") || first == UInt8(ascii: ">") || first == UInt8(ascii: "=")
                || first == UInt8(ascii: "|")
        else { return nil }
        for i in start..<(start + 7) where buf[i] != first { return nil }
        let rest = stop - start - 7
        if first == UInt8(ascii: "=") { return rest == 0 ? "=======" : nil }
        // Seven markers, then the end of the line or a space (`<<<<<<< HEAD`).
        guard rest == 0 || buf[start + 7] == UInt8(ascii: " ") else { return nil }
        return String(repeating: Character(UnicodeScalar(first)), count: 7)
    }
}
