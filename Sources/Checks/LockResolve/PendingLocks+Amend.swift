import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The merge commit git writes before `pre-merge-commit` regenerated its lockfiles, rewritten by `post-merge`.
extension PendingLocks {
    static let amendFileName = "preflight/lock-amend"

    /// `.git/preflight/lock-amend`: what `pre-merge-commit` staged, for `post-merge` to put into the merge
    /// commit (git wrote the merge's tree before the hook ran). The first line is HEAD before the merge.
    public static func amendPath(_ repository: Repository) -> String {
        (repository.gitDir.hasSuffix("/") ? repository.gitDir : repository.gitDir + "/") + amendFileName
    }

    /// Records `paths` as staged by `pre-merge-commit` on top of HEAD.
    public static func recordForAmend(_ paths: [RepoPath], in repository: Repository) throws {
        guard !paths.isEmpty, let head = try repository.headCommit() else { return }
        try LockFiles.write(
            Array((head.hex + "\n").utf8) + paths.flatMap { $0.bytes + [0] },
            to: amendPath(repository), executable: false)
    }

    /// True when a hook started at the top of a working tree has an amend record (one `stat`).
    public static func amendExistsForHook() -> Bool { recordExistsForHook(amendFileName) }

    /// In `post-merge`: rewrites the merge commit with the lockfiles `pre-merge-commit` staged, when HEAD is
    /// the merge made on top of the recorded commit. Removes the record. Returns a line saying what it did.
    public static func amendMerge(_ repository: Repository) throws -> String? {
        let file = amendPath(repository)
        guard let bytes = try RegularFile.read(file) else { return nil }
        defer { unlink(file) }
        guard let newline = bytes.firstIndex(of: 10), let head = try repository.headCommit() else { return nil }
        let recorded = String(decoding: bytes[..<newline], as: UTF8.self)
        let parents = try repository.parents(ofCommit: head)
        guard parents.count >= 2, parents[0].hex == recorded else { return nil }
        let paths = bytes[(newline + 1)...].split(separator: 0).map { RepoPath(bytes: Array($0)) }
        guard let (old, new) = try repository.amendHead(takingFromIndex: paths) else { return nil }
        return "the merge commit now holds the regenerated \(paths.map(\.description).joined(separator: ", ")) "
            + "(\(old.hex.prefix(10)) amended as \(new.hex.prefix(10)))"
    }
}
