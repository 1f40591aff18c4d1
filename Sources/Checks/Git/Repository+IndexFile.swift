internal import CGit2
import Foundation
import Model

/// What reading a repository's index found.
enum IndexComposition {
    /// Not read yet.
    case unread
    /// A plain index (or none): libgit2 reads it itself.
    case plain
    /// A split or sparse index, composed: its records, and whether libgit2 has them as its in-memory index.
    case composed([IndexRecords.Record], installed: Bool)
}

extension Repository {
    /// The index read as git reads it: in place when it is a plain index; a split index merged with its shared
    /// index (`link` extension, `sharedindex.<id>`) and a sparse index's directory entries expanded from their
    /// trees otherwise. Nil when there is no index file, or one this reader does not know (libgit2 reads it).
    ///
    /// Throws when a split or sparse index cannot be read as git would read it (a missing shared index, a
    /// corrupt bitmap): libgit2 1.5 reads neither, so no other reader could answer.
    package func indexFile() throws(GitError) -> IndexFile? {
        let path = indexPath
        if let file = IndexFile.read(path) {
            indexComposition.withLock { if case .unread = $0 { $0 = .plain } }
            return file
        }
        // Read as every untrusted file is: a link or a FIFO in the index's place is an error naming it.
        let contents: (bytes: [UInt8], modified: (seconds: Int, nanoseconds: Int))?
        do {
            contents = try RegularFile.contents(path)
        } catch {
            throw GitError(function: "read index", code: -1, message: error.description)
        }
        guard let (bytes, written) = contents else {
            indexComposition.withLock { $0 = .plain }
            return nil
        }
        do throws(IndexFormatError) {
            let top = try IndexRecords(bytes: bytes)
            try top.checkModes()
            let hasLink = top.extensions.contains { $0.signature == IndexRecords.link }
            guard hasLink || top.records.contains(where: { $0.mode == 0o040000 }) else {
                indexComposition.withLock { $0 = .plain }
                return nil
            }
            var records = hasLink ? try top.mergingSharedIndex(gitDir: gitDir) : top.records
            try IndexRecords(version: top.version, records: records).checkModes()
            if records.contains(where: { $0.mode == 0o040000 }) { records = try expandSparse(records) }
            let trees = top.extensions.filter { $0.signature == IndexRecords.tree }
            let composed = IndexRecords.encode(records, extensions: trees)
            Trace.mark("compose split or sparse index (\(records.count) entries)")
            guard let file = composed.withUnsafeBytes({ IndexFile.parse($0, written: written) }) else {
                throw IndexFormatError("its merged entries are not in git's order")
            }
            indexComposition.withLock { if case .composed = $0 {} else { $0 = .composed(records, installed: false) } }
            return file
        } catch {
            throw GitError(function: "read index", code: -1, message: "index \(path) cannot be read: \(error.detail)")
        }
    }

    /// Every sparse directory entry (mode 040000, `dir/`) replaced by the files of its tree, each marked
    /// skip-worktree with no stat data, as git's `ensure_full_index` does.
    private func expandSparse(_ records: [IndexRecords.Record]) throws(IndexFormatError) -> [IndexRecords.Record] {
        var result: [IndexRecords.Record] = []
        result.reserveCapacity(records.count)
        for record in records {
            guard record.mode == 0o040000 else {
                result.append(record)
                continue
            }
            let dir = record.path.last == UInt8(ascii: "/") ? Array(record.path.dropLast()) : record.path
            let entries: [SnapshotEntry]
            do { entries = try treeEntries(record.id) } catch {
                throw IndexFormatError(
                    "the tree \(record.id.hex) of its sparse directory '\(RepoPath(trusted: dir))' cannot be read "
                        + "(\(error))")
            }
            for entry in entries {
                guard let id = entry.id else { continue }
                var fields = [UInt8](repeating: 0, count: 60)
                let mode = entry.mode.gitMode
                for k in 0..<4 { fields[24 + k] = UInt8(truncatingIfNeeded: mode >> (24 - 8 * k)) }
                fields.replaceSubrange(40..<60, with: id.rawBytes)
                result.append(
                    IndexRecords.Record(
                        fields: fields, flags: record.flags & 0x3000, extended: 0x4000,
                        path: dir + [UInt8(ascii: "/")] + entry.path.bytes))
            }
        }
        return IndexRecords.sorted(result)
    }

    /// True when libgit2's index is the composed one, in memory (there is no file for it to read again).
    var hasIndexInMemory: Bool {
        if case .composed(_, installed: true) = indexComposition.withLock({ $0 }) { true } else { false }
    }

    /// Throws when the index is a split or sparse one, which libgit2 1.5 can neither read nor write.
    func requireIndexOnDisk() throws(GitError) {
        guard hasIndexInMemory else { return }
        throw GitError(
            function: "write index", code: -1,
            message: "\(indexPath) is a split or sparse index, which libgit2 1.5 cannot write: run "
                + "'git update-index --no-split-index' or 'git sparse-checkout init --no-sparse-index' and retry")
    }

    /// Gives libgit2 the composed records as the repository's index, in memory.
    func installInMemory(_ records: [IndexRecords.Record]) throws(GitError) {
        var index: OpaquePointer?
        try check(git_index_new(&index), "git_index_new")
        defer { git_index_free(index) }
        for record in records {
            var entry = git_index_entry()
            record.fields.withUnsafeBytes { f in
                func word(_ n: Int) -> UInt32 { IndexFile.be32(f, 4 * n) }
                entry.ctime = git_index_time(seconds: Int32(bitPattern: word(0)), nanoseconds: word(1))
                entry.mtime = git_index_time(seconds: Int32(bitPattern: word(2)), nanoseconds: word(3))
                (entry.dev, entry.ino, entry.mode, entry.uid, entry.gid) = (word(4), word(5), word(6), word(7), word(8))
                entry.file_size = word(9)
            }
            entry.id = record.id.raw
            entry.flags = record.flags & 0xf000
            entry.flags_extended = record.extended
            let code = withCPath(record.path) { path in
                entry.path = path
                return git_index_add(index, &entry)
            }
            try check(code, "git_index_add")
        }
        try check(git_repository_set_index(handle, index), "git_repository_set_index")
    }
}
