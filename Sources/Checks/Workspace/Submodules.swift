/// What changed inside a submodule between two pinned commits, when its objects are here.
enum Submodules {
    /// The changed paths (prefixed with the gitlink path), or nil when the submodule's repository or
    /// either commit is not available.
    static func changedPaths(
        in changeSet: ChangeSet, gitlink: RepoPath, from old: ObjectID?,
        to new: ObjectID?
    ) -> [RepoPath]? {
        guard let old, let new else { return nil }
        return changeSet.history.submoduleChanges(at: gitlink, from: old, to: new)
    }
}
