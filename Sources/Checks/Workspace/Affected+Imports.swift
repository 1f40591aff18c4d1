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
        let graphs = try importGraphs(graphCache)
        var done = Set<[RepoPath]>()
        for graph in [graphs.base, graphs.head] {
            for dependent in graph.dependents(of: touched, transitive: dependents == .transitive) {
                let owner = graph.workspace.owner(of: dependent.file).path
                guard done.insert([owner, dependent.changed]).inserted else { continue }
                add(
                    owner,
                    Reason(
                        .importFile, path: dependent.changed, via: dependent.file,
                        chain: [dependent.file] + dependent.hops.map(\.file),
                        modules: dependent.hops.map(\.module)))
            }
        }
        for file in dependencyFiles { try collectRequirements(file, [graphs.base, graphs.head]) }
        return graphs
    }

    /// Both sides' import graphs: a commit tree's from the graph cache when there, the others built from
    /// import lists (by blob id, from the import cache), and written to the caches.
    private func importGraphs(_ graphCache: GraphCache?) throws(WorkspaceError)
        -> (base: ImportGraph, head: ImportGraph)
    {
        let keys = graphCache == nil ? GraphKeys() : GraphKeys(changeSet)
        let trees = [keys.base, keys.head ?? GraphKeys.indexTree(changeSet)]
        let cache = graphCache.map { ImportGraphCache(directory: $0.directory) }
        var scans: ImportScans?
        var result: [ImportGraph] = []
        for (graph, tree) in zip([base, head], trees) {
            let entries = ImportGraph.pythonEntries(graph.workspace.snapshot)
            let files = entries.map(\.path)
            let roots =
                graph === base
                ? try baseOrHead { workspace throws(WorkspaceError) in try PythonRoots(workspace, pythonFiles: files) }
                : try PythonRoots(graph.workspace, pythonFiles: files)
            if let tree, let cached = cache?.load(tree, graph.workspace, roots) {
                Trace.mark("import graph cache hit (\(tree.short))")
                result.append(cached)
                continue
            }
            let lists = scans ?? ImportScans()
            if scans == nil {
                if let graphCache { ImportCache(directory: graphCache.directory).load(into: lists) }
                scans = lists
            }
            let built: ImportGraph
            if let previous = result.first, let changed = contentsOnly(entries), previous.roots.digest == roots.digest {
                built = try ImportGraph(
                    graph.workspace, resolutions: graph.resolutions, scans: lists,
                    previous: previous, changed: changed, entries: entries)
                Trace.mark(
                    "import graph from the base's (\(changed.count) changed file"
                        + "\(changed.count == 1 ? "" : "s") resolved again)")
            } else {
                built = try ImportGraph(
                    graph.workspace, resolutions: graph.resolutions, scans: lists,
                    entries: entries, roots: roots)
                Trace.mark("import graph (\(entries.count) files, \(lists.scanned.count) scanned so far)")
            }
            if let tree, let cache {
                let written = cache.store(built, tree: tree)
                Trace.mark("import graph cache write \(tree.short)\(written ? "" : ": failed, ignored")")
            }
            result.append(built)
        }
        if let graphCache, let scans, !scans.scanned.isEmpty {
            let written = ImportCache(directory: graphCache.directory).store(scans)
            Trace.mark("import cache write\(written ? "" : ": failed, ignored")")
        }
        return (result[0], result[1])
    }

    /// The head's changed Python entries when every change to a Python file only edits its contents, no
    /// link or gitlink changes and every link resolves as in the base: then both sides have the same modules
    /// and links, and the head's graph is the base's with those files resolved again (the caller also
    /// compares the roots). Nil otherwise.
    private func contentsOnly(_ entries: [SnapshotEntry]) -> [SnapshotEntry]? {
        guard changeSet.missingBase == nil,
            changeSet.changes.allSatisfy({ change in
                let modes = [change.oldMode, change.newMode].compactMap { $0 }
                if modes.contains(where: { !$0.isFile }) { return false }
                let python = ImportGraph.moduleKey(change.path) != nil || ImportGraph.moduleKey(change.basePath) != nil
                return !python || change.kind == .modified
            }), base.resolutions == head.resolutions
        else { return nil }
        let table = head.workspace.snapshot.table
        return changeSet.changes.compactMap { change in
            ImportGraph.moduleKey(change.path) == nil ? nil : table.entry(at: change.path)
        }
    }
}
