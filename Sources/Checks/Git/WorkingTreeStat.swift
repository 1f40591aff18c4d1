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
        let directories = DirectoryCursor(root: root)
        var name: [UInt8] = []
        for i in range {
            let path = index.pathBytes(i)
            let slash = path.lastIndex(of: UInt8(ascii: "/"))
            name.removeAll(keepingCapacity: true)
            name.append(contentsOf: path[(slash.map { $0 + 1 } ?? 0)...])
            name.append(0)
            let dir = UnsafeRawBufferPointer(rebasing: path[..<(slash ?? 0)])
            // git takes a skip-worktree entry (outside a sparse checkout) as its index content, whether a file
            // is there or not (`run_diff_files` skips it).
            let verdict =
                index.statData(i).skipWorktree
                ? .same : directories.descriptor(of: dir).map { self.verdict(i, in: $0, name: name) } ?? .differs
            switch verdict {
            case .same: break
            case .differs: differs.append(i)
            case .hash: hash.append(i)
            }
        }
        return (differs, hash)
    }

    /// Entry `i` against the file `name` (NUL-terminated) in the open directory `dir`.
    func verdict(_ i: Int, in dir: Int32, name: [UInt8]) -> Verdict {
        let recorded = index.statData(i)
        let mode = index.mode(i)
        // A gitlink is compared with the submodule's HEAD, an intent-to-add entry has no content: the diff decides.
        if recorded.intentToAdd || mode == .gitlink { return .differs }
        var info = stat()
        let looked = name.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { c in
                c.baseAddress.map { fstatat(dir, $0, &info, AT_SYMLINK_NOFOLLOW) } ?? -1
            }
        }
        guard looked == 0 else { return .differs }
        return verdict(i, info)
    }

    /// Entry `i` against a file whose `lstat` gave `info`.
    func verdict(_ i: Int, _ info: stat) -> Verdict {
        let recorded = index.statData(i)
        let mode = index.mode(i)
        let type = info.st_mode & S_IFMT
        // libgit2 and git take assume-unchanged files as unchanged while they exist.
        if recorded.assumeValid {
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

    /// The positions of the index's `.gitattributes` files, in index order.
    func attributeFiles() -> [Int] {
        let name = Array(".gitattributes".utf8)
        return (0..<index.count).filter { i in
            let path = index.pathBytes(i)
            guard path.count >= name.count, path.suffix(name.count).elementsEqual(name) else { return false }
            return path.count == name.count || path[path.count - name.count - 1] == UInt8(ascii: "/")
        }
    }

    /// True when the file changed at or after the index was written: an edit in that same instant leaves the
    /// stat data as recorded.
    func isRacy(_ info: stat) -> Bool {
        let (seconds, nanoseconds) = index.written
        let mtime = Int(info.st_mtim.tv_sec)
        return seconds < mtime || (seconds == mtime && nanoseconds <= Int(info.st_mtim.tv_nsec))
    }
}
