import Foundation
import Model

/// git's index file read directly: entries and the cache-tree (`TREE` extension).
///
/// libgit2 1.5 verifies the index's SHA-1 trailer on every read (with the collision-detecting SHA-1, a
/// cost that grows with the index) and does not expose the cache-tree; git itself does neither
/// check on a read. This reader does what git does, and falls back to libgit2 (nil) for anything it
/// does not know: split or sparse indexes, unknown versions, a truncated file.
package struct IndexFile: Equatable {
    /// Stage-0 entries in path order.
    package let entries: [SnapshotEntry]
    /// True when some entry is at a stage other than 0 (a conflict): the caller uses libgit2 then.
    package let hasConflicts: Bool
    /// Tree ids of directories whose cache-tree entry is valid, by directory path (root: empty).
    let cacheTree: [RepoPath: ObjectID]
    /// True when the stage-0 entries are exactly what `git write-tree` writes: no intent-to-add entry
    /// (git leaves those out of trees) and no entry of a mode this reader skips.
    var listsTree = true

    /// The entries below directory `dir` (all of them for the root), a contiguous run in path order.
    func entries(under dir: [UInt8]) -> ArraySlice<SnapshotEntry> {
        entries.slice(under: dir)
    }

    /// Parses the index at `path`; nil when the file is missing or uses a feature this reader skips.
    package static func read(_ path: String) -> IndexFile? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size > 0 else { return nil }
        let size = Int(info.st_size)
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else { return nil }
        defer { munmap(map, size) }
        Trace.mark("map index (\(size) bytes)")
        return parse(UnsafeRawBufferPointer(start: map, count: size))
    }

    /// Parses a whole index file; nil for anything this reader does not know.
    static func parse(_ buf: UnsafeRawBufferPointer) -> IndexFile? {
        guard buf.count >= 12 + 20, buf[0] == 0x44, buf[1] == 0x49, buf[2] == 0x52, buf[3] == 0x43 else { return nil }
        let version = be32(buf, 4)
        guard (2...4).contains(version) else { return nil }
        var offset = 12
        guard let read = parseEntries(buf, version: version, count: Int(be32(buf, 8)), offset: &offset),
            let cacheTree = parseExtensions(buf, from: offset)
        else { return nil }
        return IndexFile(
            entries: read.entries, hasConflicts: read.conflicts, cacheTree: cacheTree, listsTree: read.listsTree)
    }

    /// The `count` entries from `offset`, which moves past them.
    ///
    /// Gives the stage-0 entries of known modes, whether some entry is in conflict, and whether the entries
    /// are what `git write-tree` writes.
    private static func parseEntries(_ buf: UnsafeRawBufferPointer, version: UInt32, count: Int, offset: inout Int)
        -> (entries: [SnapshotEntry], conflicts: Bool, listsTree: Bool)?
    {
        let end = buf.count - 20
        var entries: [SnapshotEntry] = []
        entries.reserveCapacity(count)
        var previous: [UInt8] = []
        var conflicts = false
        var listsTree = true
        for _ in 0..<count {
            guard offset + 62 <= end else { return nil }
            let mode = be32(buf, offset + 24)
            let id = ObjectID(bytes: buf, at: offset + 40)
            let flags = be16(buf, offset + 60)
            var cursor = offset + 62
            if version >= 3 && flags & 0x4000 != 0 {
                let extended = be16(buf, cursor)
                // skip-worktree / intent-to-add entries are fine; sparse directories are not.
                if extended & 0x8000 != 0 { return nil }
                if extended & 0x2000 != 0 { listsTree = false }  // intent-to-add
                cursor += 2
            }
            guard let path = entryPath(buf, version: version, entry: offset, cursor: &cursor, previous: &previous)
            else { return nil }
            offset = cursor
            let stage = (flags >> 12) & 0x3
            if stage != 0 {
                conflicts = true
                continue
            }
            guard let m = FileMode(gitMode: mode) else {
                listsTree = false
                continue
            }
            entries.append(SnapshotEntry(path: RepoPath(trusted: path), mode: m, id: id))
        }
        return (entries, conflicts, listsTree)
    }

    /// The path of the entry starting at `entry`, read at `cursor`, which moves to the next entry.
    ///
    /// In version 4 the path is stored as a suffix of the `previous` path, which it then replaces.
    private static func entryPath(
        _ buf: UnsafeRawBufferPointer, version: UInt32, entry: Int, cursor: inout Int, previous: inout [UInt8]
    ) -> [UInt8]? {
        let end = buf.count - 20
        if version == 4 {
            guard let (strip, next) = varint(buf, cursor, end), strip <= previous.count else { return nil }
            cursor = next
            guard let nul = nulIndex(buf, cursor, end) else { return nil }
            var path = Array(previous[..<(previous.count - strip)])
            path.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[cursor..<nul]))
            cursor = nul + 1
            previous = path
            return path
        }
        guard let nul = nulIndex(buf, cursor, end) else { return nil }
        let path = Array(UnsafeRawBufferPointer(rebasing: buf[cursor..<nul]))
        // Entries are padded with 1–8 NULs to a multiple of 8 bytes from the entry's start.
        let length = nul - entry
        cursor = entry + ((length + 8) & ~7)
        return path
    }

    /// The cache-tree from the extensions after the entries; nil for a split or sparse index or a truncated one.
    private static func parseExtensions(_ buf: UnsafeRawBufferPointer, from start: Int) -> [RepoPath: ObjectID]? {
        let end = buf.count - 20
        var offset = start
        var cacheTree: [RepoPath: ObjectID] = [:]
        while offset + 8 <= end {
            let signature = (buf[offset], buf[offset + 1], buf[offset + 2], buf[offset + 3])
            let size = Int(be32(buf, offset + 4))
            let body = offset + 8
            guard body + size <= end else { return nil }
            if signature == (0x6c, 0x69, 0x6e, 0x6b) || signature == (0x73, 0x64, 0x69, 0x72) {
                return nil  // "link": a split index; "sdir": a sparse index
            }
            if signature == (0x54, 0x52, 0x45, 0x45) {  // "TREE"
                // A node takes at least 24 bytes (name NUL, "0 0" LF, id): room for every one, no rehash.
                cacheTree.reserveCapacity(size / 24 + 1)
                var cursor = body
                _ = parseTree(buf, &cursor, body + size, prefix: [], into: &cacheTree)
            }
            offset = body + size
        }
        return cacheTree
    }

    /// One cache-tree node and its children, depth first: `path NUL count SP subtrees LF [sha]`.
    private static func parseTree(
        _ buf: UnsafeRawBufferPointer, _ cursor: inout Int, _ end: Int, prefix: [UInt8],
        into result: inout [RepoPath: ObjectID]
    ) -> Bool {
        guard let nul = nulIndex(buf, cursor, end) else { return false }
        // The path in one array: the prefix, a slash, the name (no array for the name alone).
        var path = prefix
        if nul > cursor {
            path.reserveCapacity(prefix.count + 1 + nul - cursor)
            if !prefix.isEmpty { path.append(0x2f) }
            path.append(contentsOf: UnsafeRawBufferPointer(rebasing: buf[cursor..<nul]))
        }
        cursor = nul + 1
        guard let (entryCount, afterCount) = asciiInt(buf, cursor, end, terminator: 0x20),
            let (subtrees, afterSub) = asciiInt(buf, afterCount, end, terminator: 0x0a)
        else { return false }
        cursor = afterSub
        if entryCount >= 0 {
            guard cursor + 20 <= end else { return false }
            result[RepoPath(trusted: path)] = ObjectID(bytes: buf, at: cursor)
            cursor += 20
        }
        for _ in 0..<max(0, subtrees) {
            if !parseTree(buf, &cursor, end, prefix: path, into: &result) { return false }
        }
        return true
    }

    private static func be32(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt32 {
        UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    private static func be16(_ b: UnsafeRawBufferPointer, _ i: Int) -> UInt16 {
        UInt16(b[i]) << 8 | UInt16(b[i + 1])
    }

    private static func nulIndex(_ b: UnsafeRawBufferPointer, _ from: Int, _ end: Int) -> Int? {
        guard from < end, let base = b.baseAddress, let hit = memchr(base + from, 0, end - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// git's offset varint (index v4 path prefix lengths).
    private static func varint(_ b: UnsafeRawBufferPointer, _ from: Int, _ end: Int) -> (Int, Int)? {
        var i = from
        guard i < end else { return nil }
        var c = b[i]
        var value = Int(c & 0x7f)
        while c & 0x80 != 0 {
            i += 1
            guard i < end, value < (1 << 48) else { return nil }
            value += 1
            c = b[i]
            value = (value << 7) + Int(c & 0x7f)
        }
        return (value, i + 1)
    }

    /// A decimal (possibly negative) number ended by `terminator`; returns it and the offset after.
    private static func asciiInt(
        _ b: UnsafeRawBufferPointer, _ from: Int, _ end: Int,
        terminator: UInt8
    ) -> (Int, Int)? {
        var i = from
        var negative = false
        if i < end && b[i] == 0x2d {
            negative = true
            i += 1
        }
        var value = 0
        var digits = 0
        while i < end && b[i] != terminator {
            guard b[i] >= 0x30 && b[i] <= 0x39, digits < 12 else { return nil }
            value = value * 10 + Int(b[i] - 0x30)
            digits += 1
            i += 1
        }
        guard i < end, digits > 0 else { return nil }
        return (negative ? -value : value, i + 1)
    }
}
