/// The import graph for commands that ask about one snapshot: `targets`, `deps`, `dependents`.
extension ImportGraph {
    /// The import graph of `graph`'s workspace, or nil when `[python] infer-imports = false`; blobs scanned
    /// before are read from `cache`.
    public static func inferred(_ graph: DependencyGraph, cache: ImportCache?) throws(WorkspaceError) -> ImportGraph? {
        guard graph.workspace.configuration.python.inferImports else { return nil }
        let scans = ImportScans()
        cache?.load(into: scans)
        let imports = try ImportGraph(graph.workspace, resolutions: graph.resolutions, scans: scans)
        if let cache, !scans.scanned.isEmpty { cache.store(scans) }
        return imports
    }

    /// The cache of the repository whose common git directory is `commonDir`, or nil when `PREFLIGHT_CACHE=0`.
    public static func cache(commonDir: String) -> ImportCache? {
        GraphCache.of(commonDir: commonDir).map { ImportCache(directory: $0.directory) }
    }

    /// What `path` (a file, or a directory's files) imports, or what imports it: `pants dependencies` and
    /// `pants dependents`. Nil when the snapshot has no such path.
    public func query(_ path: RepoPath, dependents: Bool, transitive: Bool) -> [RepoPath]? {
        let table = workspace.snapshot.table
        guard table.entry(at: path) != nil || table.isDirectory(path) else { return nil }
        return dependents ? importersOf(path, transitive: transitive) : dependencies(of: path, transitive: transitive)
    }
}
