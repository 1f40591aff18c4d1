/// What kind of thing a path is, as git records it.
public enum FileMode: Sendable, Hashable, CustomStringConvertible {
    case regular, executable, symlink, gitlink, directory

    /// git's octal mode (`100644`, `100755`, `120000`, `160000`, `040000`).
    public init?(gitMode: UInt32) {
        switch gitMode {
        case 0o100644, 0o100664: self = .regular
        case 0o100755: self = .executable
        case 0o120000: self = .symlink
        case 0o160000: self = .gitlink
        case 0o040000: self = .directory
        default: return nil
        }
    }

    public var gitMode: UInt32 {
        switch self {
        case .regular: 0o100644
        case .executable: 0o100755
        case .symlink: 0o120000
        case .gitlink: 0o160000
        case .directory: 0o040000
        }
    }

    /// A regular or executable file.
    public var isFile: Bool { self == .regular || self == .executable }

    public var description: String { String(gitMode, radix: 8) }
}

/// One path in a snapshot: a file, a link, or a submodule gitlink (directories are implied).
public struct SnapshotEntry: Sendable, Hashable {
    public let path: RepoPath
    public let mode: FileMode
    /// The blob (or gitlink commit) id; nil for a working-tree file whose bytes git has not hashed.
    public let id: ObjectID?

    public init(path: RepoPath, mode: FileMode, id: ObjectID?) {
        self.path = path
        self.mode = mode
        self.id = id
    }
}
