import Foundation
import Model

extension IndexFile {
    /// What one pass over the file finds: where the stage-0 entries are, and the cache-tree.
    struct Parsed {
        var version: UInt32 = 0
        var slots: [Slot] = []
        var hasConflicts = false
        /// Paths of intent-to-add entries (`git add -N`), which are left out of `slots`.
        var intentToAdd: [RepoPath] = []
        var cacheTree = CacheTree()
        /// Version 4 only: every kept path, decoded, one after another.
        var pathStore: [UInt8] = []

        /// Nil for anything this reader does not know, or a file that is truncated, garbled or unsorted.
        init?(_ buf: UnsafeRawBufferPointer) {
            guard buf.count >= 12 + 20, buf[0] == 0x44, buf[1] == 0x49, buf[2] == 0x52, buf[3] == 0x43 else {
                return nil
            }
            version = IndexFile.be32(buf, 4)
            guard (2...4).contains(version) else { return nil }
            var offset = 12
            guard parseEntries(buf, count: Int(IndexFile.be32(buf, 8)), offset: &offset),
                let tree = CacheTree.parseExtensions(buf, from: offset)
            else { return nil }
            cacheTree = tree
        }

        /// Reads the `count` entries from `offset`, which moves past them; false when one is malformed.
        private mutating func parseEntries(_ buf: UnsafeRawBufferPointer, count: Int, offset: inout Int) -> Bool {
            let end = buf.count - 20
            guard count <= (end - offset) / 40 else { return false }
            slots.reserveCapacity(count)
            var previous = Previous()
            for _ in 0..<count {
                let entry = offset
                guard entry + 62 <= end else { return false }
                let flags = IndexFile.be16(buf, entry + 60)
                var cursor = entry + 62
                var isIntentToAdd = false
                if flags & 0x4000 != 0 {
                    guard version >= 3, cursor + 2 <= end else { return false }
                    let extended = IndexFile.be16(buf, cursor)
                    // Only skip-worktree and intent-to-add are defined; git refuses any other bit.
                    if extended & ~0x6000 != 0 { return false }
                    isIntentToAdd = extended & 0x2000 != 0
                    cursor += 2
                }
                let stage = Int((flags >> 12) & 0x3)
                guard
                    let path = version == 4
                        ? previous.decode(buf, &cursor, end, stage: stage)
                        : previous.inPlace(buf, entry: entry, &cursor, end, stage: stage),
                    Int(flags & 0xfff) == min(path.length, 0xfff)
                else { return false }
                offset = cursor
                if stage != 0 {
                    hasConflicts = true
                    continue
                }
                // A sparse directory (040000) or a mode git cannot use: `Repository.indexFile()` expands the one
                // and names the other.
                guard let mode = FileMode(gitMode: IndexFile.be32(buf, entry + 24)), mode != .directory else {
                    return false
                }
                if isIntentToAdd {
                    // Not staged: git leaves it out of trees and of `git diff --cached`.
                    let bytes = version == 4 ? previous.bytes : Array(buf[path.start..<(path.start + path.length)])
                    intentToAdd.append(RepoPath(trusted: bytes))
                    continue
                }
                var start = path.start
                if version == 4 {
                    start = pathStore.count
                    pathStore.append(contentsOf: previous.bytes)
                }
                slots.append(Slot(entry: UInt32(entry), path: UInt32(start), length: UInt32(path.length)))
            }
            return true
        }
    }

    /// The entry before the one being read: entries are sorted by path, then stage, and in version 4 a path
    /// is stored as a suffix of the previous one.
    private struct Previous {
        /// Version 4: the previous path, decoded.
        var bytes: [UInt8] = []
        /// Versions 2 and 3: where the previous path is in the file.
        var start = 0
        var length = 0
        var stage = -1

        /// True when (`order` of the new path against this one, `stage`) comes after this entry.
        func follows(order: Int, stage: Int) -> Bool {
            self.stage < 0 || order > 0 || (order == 0 && stage > self.stage)
        }

        /// A version 4 path at `cursor` (strip count, suffix, NUL), which moves past it, decoded into `bytes`.
        mutating func decode(_ buf: UnsafeRawBufferPointer, _ cursor: inout Int, _ end: Int, stage: Int)
            -> (start: Int, length: Int)?
        {
            guard let (strip, next) = IndexFile.varint(buf, cursor, end), strip <= bytes.count,
                let nul = IndexFile.nulIndex(buf, next, end)
            else { return nil }
            let suffix = UnsafeRawBufferPointer(rebasing: buf[next..<nul])
            let kept = bytes.count - strip
            // The shared prefix is equal, so the order is that of what follows it.
            let order = bytes.withUnsafeBytes {
                IndexFile.compare(suffix, UnsafeRawBufferPointer(rebasing: $0[kept...]))
            }
            guard follows(order: order, stage: stage) else { return nil }
            bytes.removeLast(strip)
            bytes.append(contentsOf: suffix)
            self.stage = stage
            cursor = nul + 1
            return (0, bytes.count)
        }

        /// A version 2 or 3 path at `cursor`, left in place; `cursor` moves to the next entry.
        mutating func inPlace(_ buf: UnsafeRawBufferPointer, entry: Int, _ cursor: inout Int, _ end: Int, stage: Int)
            -> (start: Int, length: Int)?
        {
            guard let nul = IndexFile.nulIndex(buf, cursor, end) else { return nil }
            let path = UnsafeRawBufferPointer(rebasing: buf[cursor..<nul])
            let order = IndexFile.compare(path, UnsafeRawBufferPointer(rebasing: buf[start..<(start + length)]))
            guard follows(order: order, stage: stage) else { return nil }
            (start, length, self.stage) = (cursor, nul - cursor, stage)
            // Entries are padded with 1–8 NULs to a multiple of 8 bytes from the entry's start.
            cursor = entry + ((nul - entry + 8) & ~7)
            guard cursor <= end else { return nil }
            return (start, length)
        }
    }

    /// The offset of the first NUL in `from..<end`, if any.
    static func nulIndex(_ b: UnsafeRawBufferPointer, _ from: Int, _ end: Int) -> Int? {
        guard from < end, let base = b.baseAddress, let hit = memchr(base + from, 0, end - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// git's offset varint (index v4 path prefix lengths).
    static func varint(_ b: UnsafeRawBufferPointer, _ from: Int, _ end: Int) -> (Int, Int)? {
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
}
