import Foundation
import Model

/// An index file decoded entry by entry into records that can be merged and written again: the path for what
/// the in-place reader leaves out (a split index's `link` extension, a sparse index's directory entries).
struct IndexRecords {
    /// One entry as the file holds it.
    struct Record {
        /// Stat data, mode and object id: the 60 bytes before the flags.
        var fields: [UInt8]
        /// The flags word (assume-valid, extended, stage; the name length is recomputed when written).
        var flags: UInt16
        /// The extended flags (skip-worktree, intent-to-add); 0 when the entry has none.
        var extended: UInt16
        var path: [UInt8]

        var stage: Int { Int((flags >> 12) & 0x3) }
        var mode: UInt32 { fields.withUnsafeBytes { IndexFile.be32($0, 24) } }
        var id: ObjectID { fields.withUnsafeBytes { ObjectID(bytes: $0, at: 40) } }
    }

    var version: UInt32
    var records: [Record]
    /// Extensions in file order: the four-byte signature as a number, and the body.
    var extensions: [(signature: UInt32, body: [UInt8])]
    /// The trailing checksum: a shared index is named by it.
    var checksum: [UInt8]

    /// The signatures this reader acts on.
    static let link: UInt32 = 0x6c69_6e6b  // "link"
    static let tree: UInt32 = 0x5452_4545  // "TREE"

    /// Decodes a whole index file; throws a message naming what is wrong with it.
    init(_ buf: UnsafeRawBufferPointer) throws(IndexFormatError) {
        guard buf.count >= 12 + 20, buf[0] == 0x44, buf[1] == 0x49, buf[2] == 0x52, buf[3] == 0x43 else {
            throw IndexFormatError("bad signature or truncated header")
        }
        version = IndexFile.be32(buf, 4)
        guard (2...4).contains(version) else { throw IndexFormatError("index version \(version) is not 2, 3 or 4") }
        let end = buf.count - 20
        checksum = Array(buf[end...])
        let count = Int(IndexFile.be32(buf, 8))
        guard count <= (end - 12) / 40 else {
            throw IndexFormatError("the header announces \(count) entries, more than the file can hold")
        }
        records = []
        records.reserveCapacity(count)
        extensions = []
        var offset = 12
        var previous: [UInt8] = []
        for position in 0..<count {
            guard let record = Self.record(buf, &offset, end, version: version, previous: &previous) else {
                throw IndexFormatError("entry \(position) is truncated or malformed")
            }
            records.append(record)
        }
        while offset + 8 <= end {
            let size = Int(IndexFile.be32(buf, offset + 4))
            guard size <= end - offset - 8 else { throw IndexFormatError("an extension runs past the end") }
            extensions.append((IndexFile.be32(buf, offset), Array(buf[(offset + 8)..<(offset + 8 + size)])))
            offset += 8 + size
        }
        guard offset == end else { throw IndexFormatError("garbage after the extensions") }
    }

    /// The entry at `offset`, which moves past it; nil when it is truncated or malformed.
    private static func record(
        _ buf: UnsafeRawBufferPointer, _ offset: inout Int, _ end: Int, version: UInt32, previous: inout [UInt8]
    ) -> Record? {
        let entry = offset
        guard entry + 62 <= end else { return nil }
        let flags = IndexFile.be16(buf, entry + 60)
        var cursor = entry + 62
        var extended: UInt16 = 0
        if flags & 0x4000 != 0 {
            guard version >= 3, cursor + 2 <= end else { return nil }
            extended = IndexFile.be16(buf, cursor)
            cursor += 2
        }
        var path: [UInt8]
        if version == 4 {
            guard let (strip, next) = IndexFile.varint(buf, cursor, end), strip <= previous.count,
                let nul = IndexFile.nulIndex(buf, next, end)
            else { return nil }
            path = Array(previous.dropLast(strip)) + Array(buf[next..<nul])
            previous = path
            cursor = nul + 1
        } else {
            guard let nul = IndexFile.nulIndex(buf, cursor, end) else { return nil }
            path = Array(buf[cursor..<nul])
            cursor = entry + ((nul - entry + 8) & ~7)
            guard cursor <= end else { return nil }
        }
        guard Int(flags & 0xfff) == min(path.count, 0xfff) else { return nil }
        offset = cursor
        return Record(fields: Array(buf[entry..<(entry + 60)]), flags: flags, extended: extended, path: path)
    }

    /// Records already decoded (merged from a split index).
    init(version: UInt32, records: [Record]) {
        (self.version, self.records, extensions, checksum) = (version, records, [], [])
    }

    /// Throws naming the first stage-0 entry of a mode git cannot use (git itself stops on it:
    /// `unsupported ce_mode`), or a directory entry (040000) outside a sparse index: such an entry is never
    /// left out of an answer silently.
    func checkModes() throws(IndexFormatError) {
        for r in records where r.stage == 0 {
            let known = FileMode(gitMode: r.mode)
            if known == .directory && r.extended & 0x4000 != 0 { continue }
            guard known == nil || known == .directory else { continue }
            let path = RepoPath(trusted: r.path)
            let digits = String(r.mode, radix: 8)
            let octal = String(repeating: "0", count: max(0, 6 - digits.count)) + digits
            throw IndexFormatError(
                "entry '\(path)' has mode \(octal), "
                    + (known == nil ? "which git does not write" : "a directory outside a sparse index")
                    + "; to fix: git update-index --force-remove -- '\(path)' && git add -- '\(path)'")
        }
    }

    /// Decodes a whole index file held in an array.
    init(bytes: [UInt8]) throws(IndexFormatError) {
        let result = bytes.withUnsafeBytes { buf in Result { () throws(IndexFormatError) in try IndexRecords(buf) } }
        self = try result.get()
    }

    /// The records, sorted as git sorts entries (path, then stage), written as a version 3 index with
    /// `extensions` after them (the trailer is left zero: nothing reading it checks it).
    static func encode(_ records: [Record], extensions: [(signature: UInt32, body: [UInt8])]) -> [UInt8] {
        var out: [UInt8] = Array("DIRC".utf8)
        func be32(_ v: UInt32) { out += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: v >> $0) } }
        func be16(_ v: UInt16) { out += [UInt8(v >> 8), UInt8(truncatingIfNeeded: v)] }
        be32(3)
        be32(UInt32(records.count))
        for r in records {
            let start = out.count
            out += r.fields
            let hasExtended = r.extended != 0
            be16((r.flags & 0xb000) | (hasExtended ? 0x4000 : 0) | UInt16(min(r.path.count, 0xfff)))
            if hasExtended { be16(r.extended) }
            out += r.path
            let length = out.count - start
            out += [UInt8](repeating: 0, count: 8 - length % 8)
        }
        for e in extensions {
            be32(e.signature)
            be32(UInt32(e.body.count))
            out += e.body
        }
        return out + [UInt8](repeating: 0, count: 20)
    }
}

/// What is wrong with an index file, in words.
struct IndexFormatError: Error {
    let detail: String
    init(_ detail: String) { self.detail = detail }
}
