/// How a path changed between two snapshots.
public enum ChangeKind: String, Sendable, Hashable, Codable {
    case added, modified, deleted, renamed
    /// A regular file became a link or the other way round (or either became a submodule).
    case typeChanged = "type-changed"
}

/// One changed path. Renames keep their old path; a type change is never folded into a rename.
public struct Change: Sendable, Hashable {
    public let path: RepoPath
    /// The path before a rename; nil otherwise.
    public let oldPath: RepoPath?
    public let kind: ChangeKind
    public let oldMode: FileMode?
    public let newMode: FileMode?
    public let oldID: ObjectID?
    public let newID: ObjectID?

    public init(
        path: RepoPath, oldPath: RepoPath? = nil, kind: ChangeKind, oldMode: FileMode?, newMode: FileMode?,
        oldID: ObjectID? = nil, newID: ObjectID? = nil
    ) {
        self.path = path
        self.oldPath = oldPath
        self.kind = kind
        self.oldMode = oldMode
        self.newMode = newMode
        self.oldID = oldID
        self.newID = newID
    }

    /// The path on the base side (the old path of a rename).
    public var basePath: RepoPath { oldPath ?? path }

    /// Every path this change touches: the new path and, for a rename, the old one.
    public var touchedPaths: [RepoPath] {
        if let oldPath, oldPath != path { return [oldPath, path] }
        return [path]
    }
}
