/// What a check may ask of the repository beyond its two snapshots: history, tags, hashing, the checkout.
///
/// Declared here, without git; the git-backed layer (`GitHistory` in Checks) answers it over libgit2, so
/// rules read history through this protocol and cannot reach the git layer at all.
public protocol History: AnyObject {
    /// The working tree's absolute path with a trailing `/`, or nil for a bare repository.
    var workdir: String? { get }
    /// The directory shared by all worktrees (where the graph cache lives).
    var commonDir: String { get }
    /// The commit HEAD points at, or nil on an unborn branch.
    func headCommit() throws(HistoryError) -> ObjectID?
    /// The commit a revision expression names (`main`, `HEAD~2`, a sha, a tag).
    func resolveCommit(_ spec: String) throws(HistoryError) -> ObjectID
    /// The best common ancestor of two commits; nil when they share no history.
    func mergeBase(of a: ObjectID, and b: ObjectID) throws(HistoryError) -> ObjectID?
    /// The tree of a commit.
    func treeID(ofCommit id: ObjectID) throws(HistoryError) -> ObjectID
    /// The parents of a commit, first parent first.
    func parents(ofCommit id: ObjectID) throws(HistoryError) -> [ObjectID]
    /// The commits reachable from `head` but not from `base`, newest first.
    func commits(from base: ObjectID?, to head: ObjectID) throws(HistoryError) -> [ObjectID]
    /// A commit's message.
    func message(ofCommit id: ObjectID) throws(HistoryError) -> CommitMessage
    /// The id of the entry at `path` in a commit, or nil when there is none.
    func entryID(atPath path: RepoPath, inCommit commit: ObjectID) throws(HistoryError) -> ObjectID?
    /// The bytes of a blob.
    func blob(_ id: ObjectID) throws(HistoryError) -> [UInt8]
    /// A commit's tree as a snapshot (the empty tree for nil).
    func snapshot(ofCommit id: ObjectID?) throws(HistoryError) -> any Snapshot
    /// Every tag's short name, sorted.
    func tagNames() throws(HistoryError) -> [String]
    /// The tag `name`, or nil when there is none.
    func tag(_ name: String) throws(HistoryError) -> TagInfo?
    /// True when `ancestor` is `commit` or reachable from it.
    func isAncestor(_ ancestor: ObjectID, of commit: ObjectID) -> Bool
    /// Every local and remote-tracking branch with its tip.
    func branchTips() -> [(name: String, tip: ObjectID)]
    /// The blob id git would give `bytes` (`git hash-object`), without writing anything.
    func blobID(of bytes: [UInt8]) -> ObjectID?
    /// The repository's index (stage-0 entries).
    func indexTable() throws(HistoryError) -> EntryTable
    /// The paths the repository's index holds in conflict (stages 1–3), as a stopped merge leaves them.
    func conflictedPaths() throws(HistoryError) -> [RepoPath]
    /// True when something exists at `path` in the working tree (links not followed).
    func existsInWorkingTree(_ path: RepoPath) -> Bool
    /// True when git's ignore rules ignore `path`.
    func isIgnored(_ path: RepoPath) -> Bool
    /// The submodule at `gitlink` at its commit `id`; nil when its repository or that commit is not here,
    /// an error when they are here and cannot be read.
    func submoduleSnapshot(at gitlink: RepoPath, commit id: ObjectID) throws(HistoryError) -> (any Snapshot)?
    /// The paths that differ inside the submodule at `gitlink` between two of its commits (prefixed with
    /// `gitlink`); nil when its repository or either commit is not here.
    func submoduleChanges(at gitlink: RepoPath, from old: ObjectID, to new: ObjectID) -> [RepoPath]?
    /// The tree the index would commit, when `snapshot` is the index and that tree is known without writing;
    /// for a working tree, the tree its tracked files hold when that is known.
    func indexTree(of snapshot: any Snapshot) -> ObjectID?
}

/// The repository could not answer a history question (exit 3).
public struct HistoryError: Error, CustomStringConvertible, Sendable {
    /// What failed, as the git layer said it.
    public let description: String

    /// Creates an error from the git layer's description.
    public init(_ description: String) { self.description = description }
}

/// A commit's message, split as git shows it.
public struct CommitMessage: Sendable, Hashable {
    public let id: ObjectID
    /// The first line.
    public let subject: String
    /// The whole message (invalid UTF-8 repaired for display).
    public let message: String

    /// Creates a message.
    public init(id: ObjectID, subject: String, message: String) {
        self.id = id
        self.subject = subject
        self.message = message
    }
}

/// A tag as git stores it: its name, the commit it leads to, and for an annotated tag its message.
public struct TagInfo: Sendable, Hashable {
    /// The short name (`v1.2.0`).
    public let name: String
    /// The commit the tag peels to.
    public let commit: ObjectID
    /// True for an annotated tag object, false for a lightweight tag (a bare ref).
    public let annotated: Bool
    /// The annotated tag's message; nil for a lightweight tag.
    public let message: String?

    /// Creates a tag.
    public init(name: String, commit: ObjectID, annotated: Bool, message: String?) {
        self.name = name
        self.commit = commit
        self.annotated = annotated
        self.message = message
    }

    /// The first line of the message.
    public var subject: String? {
        message.map { String($0.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") }
    }
}
