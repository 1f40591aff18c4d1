internal import CGit2
import Foundation
import Model

/// Staged blobs read from the working tree where the file there provably holds them, instead of from the
/// object database: `git add` writes each blob as a loose object, a file to find, read and inflate, while the
/// file it came from is still there.
///
/// The index's stat data picks the files worth reading, by git's rule: the entry names the blob asked for,
/// the file's `lstat` matches what the index recorded, and it is not racy (changed in or after the second the
/// index was written). Proof is then the file's own hash: its bytes are taken only when they hash to the
/// blob's id, so filters (`core.autocrlf`, `.gitattributes`) or a file edited while read never give other bytes
/// than the object database would.
package struct CleanFiles: Sendable {
    /// The working tree's top directory, ending in `/`.
    let root: [UInt8]
    /// The index whose stat data says which files to read.
    let stat: WorkingTreeStat

    init(root: String, index: IndexFile) {
        var bytes = Array(root.utf8)
        if bytes.last != UInt8(ascii: "/") { bytes.append(UInt8(ascii: "/")) }
        self.root = bytes
        stat = WorkingTreeStat(index: index, root: bytes)
    }

    /// The bytes of the blob of `entry` (a regular file) from the working tree, opened by its path below the
    /// working tree's descriptor `top`, or nil when the file there may not hold them (the object database
    /// answers then). Directories on the way are followed as the file system finds them: the hash decides.
    func bytes(of entry: SnapshotEntry, top: Int32) -> [UInt8]? {
        let index = stat.index
        guard entry.mode.isFile, let id = entry.id, let i = index.position(of: entry.path.bytes), index.id(i) == id,
            index.mode(i).isFile
        else { return nil }
        let recorded = index.statData(i)
        // Assume-unchanged and skip-worktree entries say nothing of the file there, an intent-to-add one has no blob.
        if recorded.assumeValid || recorded.skipWorktree || recorded.intentToAdd { return nil }
        let fd = withCPath(entry.path.bytes) { openat(top, $0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = Foundation.stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        // Opened without following a link, the descriptor's stat data is what `lstat` says of the path.
        guard stat.verdict(i, info) == .same else { return nil }
        let size = Int(info.st_size)
        guard let content = Descriptor.readAll(fd, upTo: size), content.count == size, Self.blobID(of: content) == id
        else {
            return nil
        }
        return content
    }

    /// The id git gives a blob of `bytes`.
    static func blobID(of bytes: [UInt8]) -> ObjectID? {
        var oid = git_oid()
        let code = bytes.withUnsafeBytes { git_odb_hash(&oid, $0.baseAddress, $0.count, GIT_OBJECT_BLOB) }
        return code == 0 ? ObjectID(oid) : nil
    }

    /// A descriptor of the working tree's top directory, for `bytes(of:top:)`; -1 when it cannot be opened.
    func openRoot() -> Int32 {
        withCPath(root) { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
    }
}

extension Repository {
    /// The reader of files the stat data of `index` proves clean; nil for a bare repository.
    package func cleanFiles(index: IndexFile) -> CleanFiles? {
        workdir.map { CleanFiles(root: $0, index: index) }
    }
}
