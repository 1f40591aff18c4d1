import Formats

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
        var graphs = try importGraphs(graphCache, mapped: true)
        var found = try importReasons(graphs, touched, dependencyFiles)
        if !graphs.base.isSound || !graphs.head.isSound {
            // A damaged cache file gives no answer: both graphs are built again and the file rewritten.
            Trace.mark("import graph cache damaged, built again")
            graphs = try importGraphs(graphCache, mapped: false)
            found = try importReasons(graphs, touched, dependencyFiles)
        }
        for (owner, reason) in found { add(owner, reason) }
        return graphs
    }

    /// The import and requirement reasons of `graphs`, in the order they are added.
    private func importReasons(
        _ graphs: (base: ImportGraph, head: ImportGraph), _ touched: [RepoPath], _ dependencyFiles: [DependencyFile]
    ) throws(WorkspaceError) -> [(RepoPath, Reason)] {
        var found: [(RepoPath, Reason)] = []
        var done = Set<[RepoPath]>()
        for graph in [graphs.base, graphs.head] {
            graph.walkDependents(of: touched, transitive: dependents == .transitive) { file, changed, chain in
                let owner = graph.workspace.owner(of: file).path
                guard done.insert([owner, changed]).inserted else { return }
                let hops = chain()
                let reason = Reason(
                    .importFile, path: changed, via: file, chain: [file] + hops.map(\.file),
                    modules: hops.map(\.module))
                found.append((owner, reason))
            }
        }
        for file in dependencyFiles { found += try requirementReasons(file, [graphs.base, graphs.head]) }
        return found
    }

    /// Both sides' import graphs: a commit tree's read in place from the cache when there (unless `mapped` is
    /// false), a head that only edits file contents as the base's with those files resolved again, the others
    /// built from import lists (by blob id, from the import cache); graphs of commit trees written to the cache.
    private func importGraphs(_ graphCache: GraphCache?, mapped: Bool) throws(WorkspaceError)
        -> (base: ImportGraph, head: ImportGraph)
    {
        let keys = graphCache == nil ? GraphKeys() : GraphKeys(changeSet)
        let trees = [keys.base, headTree]
        let cache = graphCache.map { ImportGraphCache(directory: $0.directory) }
        var scans: ImportScans?
        let lists = { () -> ImportScans in
            if let scans { return scans }
            let loaded = ImportScans()
            if let graphCache { ImportCache(directory: graphCache.directory).load(into: loaded) }
            scans = loaded
            return loaded
        }
        var sides = SideBuild(cache: cache, mapped: mapped, prescan: prescan)
        prescan = nil
        let baseGraph = try sideGraph(base, tree: trees[0], &sides, previous: nil, lists)
        let headGraph = try sideGraph(head, tree: trees[1], &sides, previous: baseGraph, lists)
        // The few files an overlay resolves again are scanned again next time rather than the whole file rewritten.
        if let graphCache, let scans, !scans.scanned.isEmpty, sides.builtWhole {
            let written = ImportCache(directory: graphCache.directory).store(scans)
            Trace.mark("import cache write\(written ? "" : ": failed, ignored")")
        }
        return (baseGraph, headGraph)
    }

    /// How the sides are read: the cache, whether it may be read, and whether the base's roots are its own.
    private struct SideBuild {
        let cache: ImportGraphCache?
        let mapped: Bool
        /// The changed files' scans begun with the head workspace, for the head's graph when it scans files.
        var prescan: ImportScans.Started?
        var baseFellBack = false
        /// True once a side was built from every file's import list.
        var builtWhole = false
    }

    /// One side's graph: read from the cache, derived from `previous`, or built (`lists` gives the import
    /// lists by blob id, loaded from the import cache on first use).
    private func sideGraph(
        _ graph: DependencyGraph, tree: ObjectID?, _ sides: inout SideBuild, previous: ImportGraph?,
        _ lists: () -> ImportScans
    ) throws(WorkspaceError) -> ImportGraph {
        if sides.mapped, let tree, let cached = sides.cache?.load(tree, graph.workspace) {
            Trace.mark("import graph cache hit (\(tree.short))")
            return cached
        }
        var storable = true
        let built: ImportGraph
        if let previous, !sides.baseFellBack, let changed = contentsOnly(), sameRoots(previous) {
            // A few changed files are scanned again rather than the per-blob cache read whole: reading it costs
            // what the repository holds, scanning them what the change holds.
            let scans = changed.count <= ImportGraph.rescanLimit ? ImportScans() : lists()
            if graph === head, let started = sides.prescan.take() { scans.adopt(started) }
            built = try ImportGraph(
                graph.workspace, resolutions: graph.resolutions, scans: scans, previous: previous, changed: changed)
            Trace.mark(
                "import graph from the base's (\(changed.count) changed file"
                    + "\(changed.count == 1 ? "" : "s") resolved again)")
        } else {
            let entries = ImportGraph.pythonEntries(graph.workspace.snapshot)
            let files = entries.map(\.path)
            var reads = 0
            let roots =
                graph === base
                ? try baseOrHead { workspace throws(WorkspaceError) in
                    reads += 1
                    return try PythonRoots(workspace, pythonFiles: files)
                }
                : try PythonRoots(graph.workspace, pythonFiles: files)
            if reads > 1 {
                sides.baseFellBack = true
                storable = false
            }
            let scans = lists()
            if graph === head, let started = sides.prescan.take() { scans.adopt(started) }
            sides.builtWhole = true
            built = try ImportGraph(
                graph.workspace, resolutions: graph.resolutions, scans: scans, entries: entries, roots: roots)
            Trace.mark("import graph (\(entries.count) files, \(scans.scanned.count) scanned so far)")
        }
        if storable, let tree, let cache = sides.cache {
            let written = cache.store(built, tree: tree)
            Trace.mark("import graph cache write \(tree.short)\(written ? "" : ": failed, ignored")")
        }
        return built
    }

    /// The head's changed Python files read and scanned on helper threads from now on, when the head's import
    /// graph will scan them: import inference runs (`[python] infer-imports`, dependents asked for), the head
    /// is a commit or the index, and its graph is not in the cache.
    static func startImportScan(
        _ changeSet: ChangeSet, head: Workspace, dependents: Dependents, headTree: ObjectID?, cache: GraphCache?
    ) -> ImportScans.Started? {
        guard dependents != .none, changeSet.source != .all, changeSet.missingBase == nil,
            head.configuration.python.inferImports
        else { return nil }
        switch changeSet.head.kind {
        case .commit(.some), .index: break
        default: return nil
        }
        if let cache {
            let tree = headTree ?? (changeSet.head.kind == .index ? GraphKeys.indexTree(changeSet) : nil)
            if let tree, ImportGraphCache(directory: cache.directory).has(tree) { return nil }
        }
        // The entries as the changes give them: looking each up in the head's listing (`changedHeadEntries`)
        // would cost the main thread what the helper is there to take off it.
        let entries = changeSet.changes.compactMap { change -> SnapshotEntry? in
            guard let mode = change.newMode, mode.isFile, change.newID != nil, ImportGraph.moduleKey(change.path) != nil
            else { return nil }
            return SnapshotEntry(path: change.path, mode: mode, id: change.newID)
        }
        guard !entries.isEmpty else { return nil }
        return ImportScans.Started(
            entries: entries, found: changeSet.head.startMapBytes(entries) { PythonImports.scan($0) })
    }

    /// True when the head's roots are surely the base graph's: the same `[python] roots` and runnable dirs,
    /// `pants.toml` untouched, and `src/` a directory on both sides or on neither (with the same Python files,
    /// which `contentsOnly` checks, nothing else decides them).
    private func sameRoots(_ previous: ImportGraph) -> Bool {
        let pants = RepoPath("pants.toml")
        let src = RepoPath("src")
        return head.workspace.configuration.python.roots == base.workspace.configuration.python.roots
            && PythonRoots.runnable(head.workspace) == previous.roots.runnable
            && !changeSet.touchedPaths.contains(pants)
            && head.workspace.snapshot.table.isDirectory(src) == base.workspace.snapshot.table.isDirectory(src)
    }

    /// The head's changed Python entries when every change to a Python file only edits its contents, no
    /// link or gitlink changes and every link resolves as in the base: then both sides have the same modules
    /// and links, and the head's graph is the base's with those files resolved again (the caller also
    /// compares the roots). Nil otherwise.
    private func contentsOnly() -> [SnapshotEntry]? {
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
