internal import CGit2
import Foundation
import Model

extension ParsedTree {
    /// Entries of a raw tree object, as libgit2's tree parser reads them: `MODE SP NAME NUL ID`, the mode in
    /// octal, the name not empty; a tree that does not parse is an error naming what failed, as libgit2's does.
    static func parse(_ data: UnsafeBufferPointer<UInt8>) throws(GitError) -> [StoredEntry] {
        var entries: [StoredEntry] = []
        // An entry git writes takes 28 bytes at least: a mode of 5 digits or more, a space, a name, a NUL, the id.
        entries.reserveCapacity(data.count / 28)
        var at = 0
        while at < data.count {
            guard let (attr, afterMode) = mode(data, from: at) else { throw invalid("can't parse filemode") }
            guard afterMode < data.count, data[afterMode] == UInt8(ascii: " ") else {
                throw invalid("missing space after filemode")
            }
            let name = afterMode + 1
            guard let base = data.baseAddress, let found = memchr(base + name, 0, data.count - name) else {
                throw invalid("object is corrupted")
            }
            let nul = name + (UnsafeRawPointer(found) - UnsafeRawPointer(base + name))
            guard nul > name, nul - name <= Int(UInt16.max) else { throw invalid("can't parse filename") }
            guard data.count - (nul + 1) >= idLength else { throw invalid("can't parse OID") }
            entries.append(StoredEntry(name: name, length: nul - name, mode: normalized(attr)))
            at = nul + 1 + idLength
        }
        return entries
    }

    /// The octal mode at `from` and where it ends: a sign allowed, one digit at least, 0 to 0xFFFF.
    private static func mode(_ data: UnsafeBufferPointer<UInt8>, from: Int) -> (UInt32, Int)? {
        var at = from
        var negative = false
        if at < data.count, data[at] == UInt8(ascii: "+") || data[at] == UInt8(ascii: "-") {
            negative = data[at] == UInt8(ascii: "-")
            at += 1
        }
        var value = 0
        let digits = at
        while at < data.count, data[at] >= UInt8(ascii: "0"), data[at] <= UInt8(ascii: "7") {
            value = value * 8 + Int(data[at] - UInt8(ascii: "0"))
            if value > Int(UInt16.max) { return nil }
            at += 1
        }
        guard at > digits, !negative || value == 0 else { return nil }
        return (UInt32(value), at)
    }

    /// The mode `git_tree_entry_filemode` reports for a stored one.
    static func normalized(_ mode: UInt32) -> UInt32 {
        let type = mode & 0o170000
        if type == 0o040000 { return 0o040000 }
        if mode & 0o100 != 0 { return 0o100755 }
        if type == 0o160000 { return 0o160000 }
        if type == 0o120000 { return 0o120000 }
        return 0o100644
    }

    private static func invalid(_ what: String) -> GitError {
        GitError(function: "git_tree_lookup", code: GIT_EINVALID.rawValue, message: "failed to parse tree: \(what)")
    }
}

extension Repository {
    /// The raw tree object `id` from the object database; the caller frees it. Another type is an error, as
    /// `git_tree_lookup` makes it.
    func readTreeObject(_ id: ObjectID) throws(GitError) -> OpaquePointer? {
        var odb: OpaquePointer?
        try check(git_repository_odb(&odb, handle), "git_repository_odb")
        defer { git_odb_free(odb) }
        var object: OpaquePointer?
        var raw = id.raw
        try check(git_odb_read(&object, odb, &raw), "git_tree_lookup")
        guard git_odb_object_type(object) == GIT_OBJECT_TREE else {
            git_odb_object_free(object)
            throw GitError(
                function: "git_tree_lookup", code: GIT_ENOTFOUND.rawValue,
                message: "the requested type does not match the type in the ODB")
        }
        return object
    }
}
