/// What changed inside a submodule between two pinned commits, when its objects are here.
enum Submodules {
    /// The changed paths (prefixed with the gitlink path), or nil when the submodule's repository or
    /// either commit is not available.
    static func changedPaths(in changeSet: ChangeSet, gitlink: RepoPath, from old: ObjectID?,
                             to new: ObjectID?) -> [RepoPath]? {
        guard let old, let new,
              let submodule = changeSet.repository.submodule(at: gitlink),
              submodule.contains(old), submodule.contains(new),
              let oldTree = try? submodule.treeID(ofCommit: old),
              let newTree = try? submodule.treeID(ofCommit: new),
              let changes = try? submodule.diff(.trees(oldTree, newTree))
        else { return nil }
        return changes.flatMap(\.touchedPaths).map { gitlink.appending($0.bytes) }
    }
}
