/// Which dependents of a changed file count as affected (`--dependents`, as Pants' `--changed-dependents`).
public enum Dependents: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Files that import a changed file through any chain of imports, and declared dependents.
    case transitive
    /// Files that import a changed file themselves, and declared dependents.
    case direct
    /// The owners of the changed paths only.
    case none

    public var description: String { rawValue }
}
