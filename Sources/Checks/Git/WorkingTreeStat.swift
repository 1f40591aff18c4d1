import Foundation
import Model
import Synchronization

/// The index's entries against the working tree by stat data alone, as `git diff` starts: a file whose
/// `lstat` matches what the index recorded is unchanged without being read.
///
/// The pass is conservative: it answers "same" only where libgit2's diff would find no change, and leaves
/// every doubt ("differs") to that diff. It compares every stat field git or libgit2 may compare (whatever
/// `core.trustctime` and `core.checkStat` say, nanoseconds included), so a match under it is a match under
/// theirs; a mismatch only costs a hash.
struct WorkingTreeStat: Sendable {
    /// What the pass concludes about one entry.
    enum Verdict {
        /// The file is what the index holds.
        case same
        /// It may differ: the entry is a candidate for the exact diff.
        case differs
        /// The stat data differs or is racy: hash the file to know.
        case hash
    }

    let index: IndexFile
    /// The working tree's top directory, ending in `/`.
    let root: [UInt8]

    /// The entries that may differ, and those to hash, each in index order.
    func run() -> (differs: [Int], hash: [Int]) {
        let count = index.count
        let chunks = max(1, min(64, count / 512))
        let results = Mutex<[(Int, [Int], [Int])]>([])
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            let range = (count * chunk / chunks)..<(count * (chunk + 1) / chunks)
            let found = scan(range)
            results.withLock { $0.append((chunk, found.differs, found.hash)) }
        }
        let ordered = results.withLock { $0 }.sorted { $0.0 < $1.0 }
        return (ordered.flatMap(\.1), ordered.flatMap(\.2))
    }

    /// One chunk of entries, in order.
    private func scan(_ range: Range<Int>) -> (differs: [Int], hash: [Int]) {
        var differs: [Int] = []
        var hash: [Int] = []
        var parents = ParentCheck(root: root)
        var full = root
        for i in range {
            let path = index.pathBytes(i)
            full.removeLast(full.count - root.count)
            full.append(contentsOf: path)
            full.append(0)
            let verdict = parents.areDirectories(path) ? self.verdict(i, full) : .differs
            switch verdict {
            case .same: break
            case .differs: differs.append(i)
            case .hash: hash.append(i)
            }
        }
        return (differs, hash)
    }

    /// Entry `i` against the file at `full` (its path in the working tree, NUL-terminated).
    func verdict(_ i: Int, _ full: [UInt8]) -> Verdict {
        let recorded = index.statData(i)
        let mode = index.mode(i)
        // A gitlink is compared with the submodule's HEAD, an intent-to-add entry has no content: the diff decides.
        if recorded.intentToAdd || mode == .gitlink { return .differs }
        var info = stat()
        guard lstatTerminated(full, &info) == 0 else { return .differs }
        let type = info.st_mode & S_IFMT
        // libgit2 and git take assume-unchanged and skip-worktree files as unchanged while they exist.
        if recorded.assumeValid || recorded.skipWorktree {
            return type == S_IFREG || type == S_IFLNK ? .same : .differs
        }
        let found: UInt32
        switch type {
        case S_IFLNK: found = 0o120000
        case S_IFREG: found = info.st_mode & S_IXUSR != 0 ? 0o100755 : 0o100644
        default: return .differs
        }
        if found != mode.gitMode { return .differs }
        let same =
            recorded.size == UInt32(truncatingIfNeeded: info.st_size)
            && recorded.mtimeSeconds == UInt32(truncatingIfNeeded: info.st_mtim.tv_sec)
            && recorded.mtimeNanoseconds == UInt32(truncatingIfNeeded: info.st_mtim.tv_nsec)
            && recorded.ctimeSeconds == UInt32(truncatingIfNeeded: info.st_ctim.tv_sec)
            && recorded.ctimeNanoseconds == UInt32(truncatingIfNeeded: info.st_ctim.tv_nsec)
            && recorded.ino == UInt32(truncatingIfNeeded: info.st_ino)
            && recorded.dev == UInt32(truncatingIfNeeded: info.st_dev)
            && recorded.uid == info.st_uid && recorded.gid == info.st_gid
        return same && !isRacy(info) ? .same : .hash
    }

    /// True when the file changed at or after the index was written: an edit in that same instant leaves the
    /// stat data as recorded.
    private func isRacy(_ info: stat) -> Bool {
        let (seconds, nanoseconds) = index.written
        let mtime = Int(info.st_mtim.tv_sec)
        return seconds < mtime || (seconds == mtime && nanoseconds <= Int(info.st_mtim.tv_nsec))
    }
}

/// Checks that every directory above a path is a real directory in the working tree, as git does before
/// trusting `lstat` (a link in the way means the file is not there), remembering the last directory checked.
private struct ParentCheck {
    let root: [UInt8]
    /// The deepest directory known to be real, and whether it was.
    var checked: [UInt8] = []
    var ok = true

    init(root: [UInt8]) {
        self.root = root
    }

    mutating func areDirectories(_ path: UnsafeRawBufferPointer) -> Bool {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return true }
        let parent = UnsafeRawBufferPointer(rebasing: path[..<slash])
        if parent.elementsEqual(checked) { return ok }
        // What the path shares with the last directory checked, up to a whole name, is known real (when that
        // one was): start below it.
        var start = 0
        if ok {
            let limit = min(parent.count, checked.count)
            while start < limit && parent[start] == checked[start] { start += 1 }
            func boundary(_ bytes: some Collection<UInt8>, _ at: Int) -> Bool {
                at == bytes.count || bytes[bytes.index(bytes.startIndex, offsetBy: at)] == UInt8(ascii: "/")
            }
            while start > 0 && !(boundary(checked, start) && boundary(parent, start)) { start -= 1 }
        }
        checked = Array(parent)
        ok = true
        while start < parent.count {
            var end = start + 1
            while end < parent.count && parent[end] != UInt8(ascii: "/") { end += 1 }
            var info = stat()
            let isDirectory =
                withCPath(root + parent[..<end]) { lstat($0, &info) } == 0 && info.st_mode & S_IFMT == S_IFDIR
            if !isDirectory {
                ok = false
                break
            }
            start = end
        }
        return ok
    }
}

/// `lstat` of a path already ending in NUL, without copying it.
private func lstatTerminated(_ path: [UInt8], _ info: inout stat) -> Int32 {
    path.withUnsafeBufferPointer { buffer in
        guard let base = buffer.baseAddress, buffer.last == 0 else { return -1 }
        return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { lstat($0, &info) }
    }
}
