/// Where a target comes from.
public enum TargetKind: String, Sendable, Hashable, Codable {
    /// A directory holding a marker file (`runnable_dir`).
    case runnable
    /// A `[[target]]` in `preflight.toml` that is not a runnable dir.
    case declared
    /// `//`: owns every path no other target owns.
    case root
}

/// A directory that owns files, with what it depends on.
public struct Target: Sendable, Hashable {
    /// Repo-relative directory; empty for the root target.
    public let path: RepoPath
    public let kind: TargetKind
    /// Declared dependencies (target paths), from `[[target]] deps`.
    public let deps: [RepoPath]
    /// Declared extra inputs (repo-relative globs), from `[[target]] inputs`.
    public let inputs: [Glob]

    public init(path: RepoPath, kind: TargetKind, deps: [RepoPath] = [], inputs: [Glob] = []) {
        self.path = path
        self.kind = kind
        self.deps = deps
        self.inputs = inputs
    }

    /// The target id: its path with no `./` or trailing `/`; `//` for the root.
    public var id: String { Target.id(of: path) }

    /// The id a target at `path` has.
    public static func id(of path: RepoPath) -> String { path.isRoot ? "//" : path.description }
}
