import Model

/// What the index recorded about an entry's file when it was last written (git's `struct stat_data`, each
/// field truncated to 32 bits as git stores it), and the entry's flags.
package struct IndexStat: Sendable, Hashable {
    package let ctimeSeconds: UInt32
    package let ctimeNanoseconds: UInt32
    package let mtimeSeconds: UInt32
    package let mtimeNanoseconds: UInt32
    package let dev: UInt32
    package let ino: UInt32
    /// The mode git records (`100644`, `100755`, `120000`, `160000`).
    package let mode: UInt32
    package let uid: UInt32
    package let gid: UInt32
    package let size: UInt32
    /// `git update-index --assume-unchanged`: git does not look at the working tree file.
    package let assumeValid: Bool
    /// Outside a sparse checkout (`--skip-worktree`): git treats the working tree file as unchanged.
    package let skipWorktree: Bool
    /// `git add -N`: in the index without content yet.
    package let intentToAdd: Bool

    /// The record of the entry at `offset` in an index file of `version`.
    init(_ file: UnsafeRawBufferPointer, at offset: Int, version: UInt32) {
        func word(_ field: Int) -> UInt32 { IndexFile.be32(file, offset + 4 * field) }
        ctimeSeconds = word(0)
        ctimeNanoseconds = word(1)
        mtimeSeconds = word(2)
        mtimeNanoseconds = word(3)
        dev = word(4)
        ino = word(5)
        mode = word(6)
        uid = word(7)
        gid = word(8)
        size = word(9)
        let flags = IndexFile.be16(file, offset + 60)
        assumeValid = flags & 0x8000 != 0
        var extended: UInt16 = 0
        if version >= 3 && flags & 0x4000 != 0 { extended = IndexFile.be16(file, offset + 62) }
        skipWorktree = extended & 0x4000 != 0
        intentToAdd = extended & 0x2000 != 0
    }
}
