/// `History` answered by a git repository: what checks may ask beyond their two snapshots.
///
/// The one place where the rules' questions meet `Repository`; git's errors become `HistoryError` (exit 3).
public final class GitHistory: History {
    /// The repository every answer reads.
    public let repository: Repository

    /// Answers for `repository`.
    public init(_ repository: Repository) { self.repository = repository }

    public var workdir: String? { repository.workdir }
    public var commonDir: String { repository.commonDir }

    public func headCommit() throws(HistoryError) -> ObjectID? {
        try git { () throws(GitError) in try repository.headCommit() }
    }

    public func resolveCommit(_ spec: String) throws(HistoryError) -> ObjectID {
        try git { () throws(GitError) in try repository.resolveCommit(spec) }
    }

    public func mergeBase(of a: ObjectID, and b: ObjectID) throws(HistoryError) -> ObjectID? {
        try git { () throws(GitError) in try repository.mergeBase(of: a, and: b) }
    }

    public func treeID(ofCommit id: ObjectID) throws(HistoryError) -> ObjectID {
        try git { () throws(GitError) in try repository.treeID(ofCommit: id) }
    }

    public func parents(ofCommit id: ObjectID) throws(HistoryError) -> [ObjectID] {
        try git { () throws(GitError) in try repository.parents(ofCommit: id) }
    }

    public func commits(from base: ObjectID?, to head: ObjectID) throws(HistoryError) -> [ObjectID] {
        try git { () throws(GitError) in try repository.commits(from: base, to: head) }
    }

    public func message(ofCommit id: ObjectID) throws(HistoryError) -> CommitMessage {
        try git { () throws(GitError) in try repository.message(ofCommit: id) }
    }

    public func entryID(atPath path: RepoPath, inCommit commit: ObjectID) throws(HistoryError) -> ObjectID? {
        try git { () throws(GitError) in try repository.entryID(atPath: path, inCommit: commit) }
    }

    public func blob(_ id: ObjectID) throws(HistoryError) -> [UInt8] {
        try git { () throws(GitError) in try repository.blob(id) }
    }

    public func snapshot(ofCommit id: ObjectID?) throws(HistoryError) -> any Snapshot {
        try git { () throws(GitError) in try CommitSnapshot(repository, commit: id) }
    }

    public func tagNames() throws(HistoryError) -> [String] {
        try git { () throws(GitError) in try repository.tagNames() }
    }

    public func tag(_ name: String) throws(HistoryError) -> TagInfo? {
        try git { () throws(GitError) in try repository.tag(name) }
    }

    public func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) -> Bool {
        repository.isAncestor(ancestor, of: commit)
    }

    public func branchTips() -> [(name: String, tip: ObjectID)] { repository.branchTips() }

    public func blobID(of bytes: [UInt8]) -> ObjectID? { repository.blobID(of: bytes) }

    public func indexTable() throws(HistoryError) -> EntryTable {
        try git { () throws(GitError) in try IndexSnapshot(repository).table }
    }

    public func conflictedPaths() throws(HistoryError) -> [RepoPath] {
        try git { () throws(GitError) in try repository.conflicts().map(\.path) }
    }

    public func existsInWorkingTree(_ path: RepoPath) -> Bool { repository.existsInWorkingTree(path) }

    public func isIgnored(_ path: RepoPath) -> Bool { repository.isIgnored(path) }

    public func submoduleSnapshot(at gitlink: RepoPath, commit id: ObjectID) throws(HistoryError) -> (any Snapshot)? {
        guard let submodule = repository.submodule(at: gitlink), submodule.contains(id) else { return nil }
        return try git { () throws(GitError) in try CommitSnapshot(submodule, commit: id) }
    }

    public func submoduleChanges(at gitlink: RepoPath, from old: ObjectID, to new: ObjectID) -> [RepoPath]? {
        guard let submodule = repository.submodule(at: gitlink), submodule.contains(old), submodule.contains(new),
            let oldTree = try? submodule.treeID(ofCommit: old),
            let newTree = try? submodule.treeID(ofCommit: new),
            let changes = try? submodule.diff(.trees(oldTree, newTree))
        else { return nil }
        return changes.flatMap(\.touchedPaths).map { gitlink.appending($0.bytes) }
    }

    public func indexTree(of snapshot: any Snapshot) -> ObjectID? {
        if let workingTree = snapshot as? WorkingTreeSnapshot { return workingTree.tree }
        guard let index = snapshot as? IndexSnapshot, let file = index.file else { return nil }
        return file.treeID()
    }

    /// Runs a git call, its error as a history error.
    private func git<T>(_ body: () throws(GitError) -> T) throws(HistoryError) -> T {
        do {
            return try body()
        } catch {
            throw HistoryError(error.description)
        }
    }
}

extension ChangeSet {
    /// The repository a change set made by `make` reads through.
    public var repository: Repository {
        guard let git = history as? GitHistory else {
            // Only `ChangeSet.make` builds change sets (the initialiser is package-wide), always over git.
            preconditionFailure("a change set built without a repository")
        }
        return git.repository
    }
}

extension GraphCache {
    /// The cache of a repository, or nil when `PREFLIGHT_CACHE=0` (in `environment`; the process's when nil).
    public static func of(_ repository: Repository, environment: [String: String]? = nil) -> GraphCache? {
        of(commonDir: repository.commonDir, environment: environment)
    }
}
