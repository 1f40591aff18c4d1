import Foundation

/// The working tree's tracked paths (and untracked ones when asked), read from disk.
///
/// Its listing is derived from a base snapshot and the diff to the working tree, so no second walk
/// of the working tree is made; bytes of unchanged entries come from git, changed ones from disk.
public final class WorkingTreeSnapshot: Snapshot {
    public let repository: Repository
    public let table: EntryTable
    public var label: String { "working-tree" }
    public var kind: SnapshotKind { .workingTree }
    /// The tree its tracked files hold, when known (each file as the index holds it, the index's tree named
    /// by its cache-tree): its graphs are then cached under that tree, as a commit's are.
    public let tree: ObjectID?
    private let root: String

    public init(_ repository: Repository, table: EntryTable, tree: ObjectID? = nil) {
        self.repository = repository
        self.table = table
        self.tree = tree
        root = repository.workdir ?? ""
    }

    public func bytes(of entry: SnapshotEntry) throws(SnapshotError) -> [UInt8] {
        if entry.id != nil { return try repository.blobBytes(entry) }
        let full = Array(root.utf8) + entry.path.bytes
        if entry.mode == .symlink {
            var buffer = [CChar](repeating: 0, count: 4097)
            let n = withCPath(full) { readlink($0, &buffer, 4096) }
            guard n >= 0 else { throw SnapshotError(path: entry.path, detail: String(cString: strerror(errno))) }
            return buffer[0..<n].map { UInt8(bitPattern: $0) }
        }
        let fd = withCPath(full) { open($0, O_RDONLY) }
        guard fd >= 0 else { throw SnapshotError(path: entry.path, detail: String(cString: strerror(errno))) }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n < 0 { throw SnapshotError(path: entry.path, detail: String(cString: strerror(errno))) }
            if n == 0 { break }
            result.append(contentsOf: chunk[0..<n])
        }
        return result
    }
}
