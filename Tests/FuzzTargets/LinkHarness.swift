import Model

/// The link resolver over a snapshot described by the input, one entry per line: `l PATH\tTEXT` a symlink,
/// `g PATH` a gitlink, anything else a file. Every link is resolved.
enum LinkHarness {
    static let harness = Harness(name: "link-resolver") { bytes in
        let snapshot = FuzzSnapshot(bytes)
        let resolver = LinkResolver(snapshot)
        for entry in snapshot.table.entries where entry.mode == .symlink {
            do { _ = try resolver.resolve(entry.path) } catch { _ = "\(error)" }
        }
    }
}

/// A snapshot held in memory: entries and link texts from the fuzzer's input.
final class FuzzSnapshot: Snapshot {
    let label = "fuzz"
    let kind = SnapshotKind.index
    let table: EntryTable
    private let texts: [RepoPath: [UInt8]]

    init(_ bytes: [UInt8]) {
        var modes: [RepoPath: FileMode] = [:]
        var texts: [RepoPath: [UInt8]] = [:]
        for line in bytes.split(separator: UInt8(ascii: "\n")) where line.count > 2 {
            let rest = line.dropFirst(2)
            let tab = rest.firstIndex(of: UInt8(ascii: "\t")) ?? rest.endIndex
            let path = RepoPath(bytes: Array(rest[..<tab]))
            switch line.first {
            case UInt8(ascii: "l"):
                modes[path] = .symlink
                texts[path] = tab < rest.endIndex ? Array(rest[(tab + 1)...]) : []
            case UInt8(ascii: "g"): modes[path] = .gitlink
            default: modes[path] = .regular
            }
        }
        table = EntryTable(modes.map { SnapshotEntry(path: $0.key, mode: $0.value, id: nil) })
        self.texts = texts
    }

    func bytes(of entry: SnapshotEntry) throws(SnapshotError) -> [UInt8] { texts[entry.path] ?? [] }
}
