import Foundation
import Model

/// git's index file read in place: the file stays mapped, stage-0 entries are offsets into it, and a path,
/// mode, id or stat record is decoded only when asked for.
///
/// libgit2 1.5 verifies the index's SHA-1 trailer on every read and builds an object per entry; git itself
/// does neither on a read. This reader does what git does, and returns nil for anything it does not know:
/// split or sparse indexes (which `Repository.indexFile()` composes into a plain one first), unknown versions
/// or extensions, a truncated or unsorted file (libgit2 reads those).
///
/// The mapping is private and read-only and never changes after `read`, so the instance is safe to share.
package final class IndexFile: @unchecked Sendable {
    /// The whole file, mapped (or, for `parse`, a private copy).
    let file: UnsafeRawBufferPointer
    /// Paths of the entries: the file itself for versions 2 and 3; for version 4 (prefix-compressed paths)
    /// one buffer the paths were decoded into, in order.
    private let paths: UnsafeRawBufferPointer
    private let release: Release
    /// Stage-0 entries of the modes git writes to trees, in path order, intent-to-add entries left out.
    private let slots: [Slot]
    /// The index format version (2, 3 or 4).
    package let version: UInt32
    /// True when some entry is at a stage other than 0 (a conflict): the caller uses libgit2 then.
    package let hasConflicts: Bool
    /// Paths of intent-to-add entries (`git add -N`): in no listing, as they are in no commit and not staged;
    /// in the working tree they are new files.
    package let intentToAdd: [RepoPath]
    /// The cache-tree (`TREE` extension), empty when the index has none.
    let cacheTree: CacheTree
    /// When the file was last written (seconds, nanoseconds); zero for a copy made by `parse`. An entry whose
    /// file changed at or after this time is "racy": its stat data cannot tell an edit made in that instant.
    package let written: (seconds: Int, nanoseconds: Int)
    /// `treeID()` computed on another thread once `startTreeID` is called.
    let earlyTree = EarlyTreeID()

    /// Where one entry's record and path are.
    struct Slot {
        /// Offset of the entry's record in the file.
        let entry: UInt32
        /// Offset of its path in `paths`, and its length.
        let path: UInt32
        let length: UInt32
    }

    /// How the memory is given back.
    enum Release {
        case unmap
        case deallocate
    }

    init(file: UnsafeRawBufferPointer, release: Release, parsed: Parsed, written: (Int, Int) = (0, 0)) {
        self.file = file
        self.release = release
        self.written = written
        version = parsed.version
        slots = parsed.slots
        hasConflicts = parsed.hasConflicts
        intentToAdd = parsed.intentToAdd
        cacheTree = parsed.cacheTree
        if parsed.pathStore.isEmpty {
            paths = file
        } else {
            let store = UnsafeMutableRawBufferPointer.allocate(byteCount: parsed.pathStore.count, alignment: 1)
            store.copyBytes(from: parsed.pathStore)
            paths = UnsafeRawBufferPointer(store)
        }
    }

    deinit {
        if paths.baseAddress != file.baseAddress { paths.deallocate() }
        switch release {
        case .unmap: munmap(UnsafeMutableRawPointer(mutating: file.baseAddress), file.count)
        case .deallocate: file.deallocate()
        }
    }

    /// Maps and parses the index at `path`; nil when the file is missing or uses a feature this reader skips.
    package static func read(_ path: String) -> IndexFile? {
        // Not a link, not a FIFO (that would hang): libgit2's reader then says what is wrong.
        guard let opened = try? RegularFile.open(path) else { return nil }
        let fd = opened.fd
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0, info.st_size < Int(UInt32.max) else { return nil }
        let size = Int(info.st_size)
        // Populated in one call: cheaper than a page fault per page as the entries are scanned.
        let map = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0)
        guard let map, map != MAP_FAILED else { return nil }
        let file = UnsafeRawBufferPointer(start: map, count: size)
        Trace.mark("map index (\(size) bytes)")
        guard let parsed = Parsed(file) else {
            munmap(map, size)
            return nil
        }
        let written = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
        return IndexFile(file: file, release: .unmap, parsed: parsed, written: written)
    }

    /// Parses a copy of a whole index file's bytes, written at `written`; nil for anything this reader does not
    /// know.
    static func parse(_ bytes: UnsafeRawBufferPointer, written: (Int, Int) = (0, 0)) -> IndexFile? {
        guard !bytes.isEmpty else { return nil }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 8)
        copy.copyMemory(from: bytes)
        let file = UnsafeRawBufferPointer(copy)
        guard let parsed = Parsed(file) else {
            copy.deallocate()
            return nil
        }
        return IndexFile(file: file, release: .deallocate, parsed: parsed, written: written)
    }

    /// How many stage-0 entries the index holds (of the modes git writes to trees).
    package var count: Int { slots.count }

    /// The path of entry `i`, in place: valid while this index is.
    func pathBytes(_ i: Int) -> UnsafeRawBufferPointer {
        let slot = slots[i]
        return UnsafeRawBufferPointer(rebasing: paths[Int(slot.path)..<Int(slot.path + slot.length)])
    }

    /// The path of entry `i`.
    package func path(_ i: Int) -> RepoPath { RepoPath(trusted: Array(pathBytes(i))) }

    /// The mode of entry `i`.
    package func mode(_ i: Int) -> FileMode {
        FileMode(gitMode: IndexFile.be32(file, Int(slots[i].entry) + 24)) ?? .regular
    }

    /// The object id of entry `i` (a blob, or a gitlink's commit).
    package func id(_ i: Int) -> ObjectID { ObjectID(bytes: file, at: Int(slots[i].entry) + 40) }

    /// Entry `i` as a snapshot entry.
    package func entry(_ i: Int) -> SnapshotEntry { SnapshotEntry(path: path(i), mode: mode(i), id: id(i)) }

    /// The stat data and flags git recorded for entry `i`.
    package func statData(_ i: Int) -> IndexStat { IndexStat(file, at: Int(slots[i].entry), version: version) }

    /// The first entry whose path is not before `bytes` (`count` when every path is).
    package func lowerBound(_ bytes: [UInt8]) -> Int { lowerBound(bytes, in: 0..<slots.count) }

    /// The first position inside `range` whose path sorts at or after `bytes` (`range.upperBound` when none does).
    func lowerBound(_ bytes: [UInt8], in range: Range<Int>) -> Int {
        bytes.withUnsafeBytes { key in
            var lo = range.lowerBound
            var hi = range.upperBound
            while lo < hi {
                let mid = (lo + hi) / 2
                if IndexFile.compare(pathBytes(mid), key) < 0 { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
    }

    /// The position of the entry at exactly `path`, if there is one.
    package func position(of path: [UInt8]) -> Int? {
        let i = lowerBound(path)
        guard i < slots.count else { return nil }
        return path.withUnsafeBytes { IndexFile.compare(pathBytes(i), $0) == 0 } ? i : nil
    }

    /// The positions of the entries strictly below directory `dir` (all of them for the root).
    package func range(under dir: [UInt8]) -> Range<Int> {
        if dir.isEmpty { return 0..<slots.count }
        // Paths below `dir` start with `dir/` and sort before `dir0` ('0' follows '/').
        let lo = lowerBound(dir + [UInt8(ascii: "/")])
        let hi = lowerBound(dir + [UInt8(ascii: "0")])
        return lo..<max(lo, hi)
    }

    /// Byte order of two paths (git's order): negative, zero or positive.
    static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int { RepoPath.compare(a, b) }

    /// The big-endian 32-bit number at `i`.
    static func be32(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt32 {
        UInt32(bigEndian: b.loadUnaligned(fromByteOffset: i, as: UInt32.self))
    }

    /// The big-endian 16-bit number at `i`.
    static func be16(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt16 {
        UInt16(bigEndian: b.loadUnaligned(fromByteOffset: i, as: UInt16.self))
    }
}
