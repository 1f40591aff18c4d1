/// Import inference in the affected set: the targets whose files import a changed file.
extension Affected {
    /// Adds an `import` reason to every target with a file that imports a changed path (directly, or through
    /// other files with `--dependents transitive`), in the base graph and in the head graph, so a deleted
    /// or renamed module still reaches its old importers; a changed requirement or lock affects the importers
    /// of the distributions it changes. Returns the graphs, or nil when nothing changed that a file can
    /// import (no Python file, no link, no dependency file) or `[python] infer-imports = false`.
    func collectImports(_ graphCache: GraphCache?) throws(WorkspaceError) -> (base: ImportGraph, head: ImportGraph)? {
        guard head.workspace.configuration.python.inferImports else { return nil }
        let touched = changeSet.touchedPaths
        let tables = [base.workspace.snapshot.table, head.workspace.snapshot.table]
        let importable = touched.contains { path in
            ImportGraph.moduleKey(path) != nil || tables.contains { $0.entry(at: path)?.mode == .symlink }
        }
        let dependencyFiles = try dependencyFiles(touched)
        guard importable || !dependencyFiles.isEmpty else { return nil }
        let scans = ImportScans()
        let cache = graphCache.map { ImportCache(directory: $0.directory) }
        cache?.load(into: scans)
        let graphs = (base: try ImportGraph(base.workspace, resolutions: base.resolutions, scans: scans),
                      head: try ImportGraph(head.workspace, resolutions: head.resolutions, scans: scans))
        Trace.mark("import graphs (\(scans.byBlob.count) files, \(scans.scanned.count) scanned)")
        if let cache, !scans.scanned.isEmpty {
            let written = cache.store(scans)
            Trace.mark("import cache write\(written ? "" : ": failed, ignored")")
        }
        var done = Set<[RepoPath]>()
        for graph in [graphs.base, graphs.head] {
            for dependent in graph.dependents(of: touched, transitive: dependents == .transitive) {
                let owner = graph.workspace.owner(of: dependent.file).path
                guard done.insert([owner, dependent.changed]).inserted else { continue }
                add(owner, Reason(.importFile, path: dependent.changed, via: dependent.file,
                                  chain: [dependent.file] + dependent.hops.map(\.file),
                                  modules: dependent.hops.map(\.module)))
            }
        }
        for file in dependencyFiles { try collectRequirements(file, [graphs.base, graphs.head]) }
        return graphs
    }
}
