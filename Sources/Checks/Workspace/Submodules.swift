/// What changed inside a submodule between two pinned commits, when its objects are here.
enum Submodules {
    /// The changed paths (prefixed with the gitlink path), or nil when the submodule's repository or
    /// either commit is not available.
    static func changedPaths(in changeSet: ChangeSet, gitlink: RepoPath, from old: ObjectID?,
                             to new: ObjectID?) -> [RepoPath]? {
        guard let old, let new else { return nil }
        let repository: Repository
        if let commit = changeSet.head as? CommitSnapshot {
            repository = commit.repository
        } else if let index = changeSet.head as? IndexSnapshot {
            repository = index.repository
        } else if let tree = changeSet.head as? WorkingTreeSnapshot {
            repository = tree.repository
        } else {
            return nil
        }
        guard let workdir = repository.workdir,
              let path = gitlink.utf8String,
              let submodule = try? Repository(discoveringFrom: workdir + path),
              submodule.workdir != repository.workdir,
              submodule.contains(old), submodule.contains(new),
              let oldTree = try? submodule.treeID(ofCommit: old),
              let newTree = try? submodule.treeID(ofCommit: new),
              let changes = try? submodule.diff(.trees(oldTree, newTree))
        else { return nil }
        return changes.flatMap(\.touchedPaths).map { gitlink.appending($0.bytes) }
    }
}
