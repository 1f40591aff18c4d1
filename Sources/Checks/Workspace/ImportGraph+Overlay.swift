import Formats

/// The head's graph as the base's with the changed files resolved again: work that follows the change.
extension ImportGraph {
    /// Up to this many changed files, an overlay scans them itself instead of reading the per-blob cache.
    static let rescanLimit = 2_000

    /// The graph of a side whose Python files, links and roots are `previous`'s and whose `changed` files
    /// differ only in their contents: `previous`'s edges with those files' resolved again, their modules
    /// looked up in the snapshot by path (they are few), without the listing or a module index.
    convenience init(
        _ workspace: Workspace, resolutions: [RepoPath: LinkResolution], scans: ImportScans,
        previous: ImportGraph, changed: [SnapshotEntry]
    ) throws(WorkspaceError) {
        self.init(workspace, roots: previous.roots, store: previous.store)
        let table = workspace.snapshot.table
        let lookup = ModuleLookup(table, resolutions)
        moduleLookup = lookup
        linkDirectories = lookup.linkDirectories
        var conftestDirs = Set<RepoPath>()
        // Test files share their upper directories: each is looked in once.
        var looked = Set<RepoPath>()
        for entry in changed where ImportGraph.isTestFile(entry.path.name) {
            for dir in [entry.path.parent] + entry.path.parent.ancestors where looked.insert(dir).inserted {
                let conftest = table.entry(at: dir.appending(ImportGraph.conftest))
                if conftest?.mode.isFile == true { conftestDirs.insert(dir) }
            }
        }
        var edges: [RepoPath: [Edge]] = [:]
        do {
            // Many changed files are read and scanned on every core first; the loop then finds their lists.
            try scans.prefetch(changed, in: workspace.snapshot)
        } catch {
            throw .snapshot(error)
        }
        for entry in changed {
            let found: [PythonImport]
            do {
                found = try scans.imports(of: entry, in: workspace.snapshot)
            } catch {
                throw .snapshot(error)
            }
            let resolved = self.edges(of: entry.path, found, conftestDirs: conftestDirs)
            if !resolved.isEmpty { edges[entry.path] = resolved }
        }
        store = OverlayEdgeStore(
            base: previous.store, files: changed.map(\.path), edges: edges, unresolved: pending.unresolved)
        pending = Whole()
    }
}

/// The files providing a module, found by looking paths up in a snapshot: what `ImportGraph`'s module table
/// holds for a key, without building the table.
struct ModuleLookup {
    let table: EntryTable
    /// Links to files, by the module key of the link: the link and its target.
    let linkFiles: [RepoPath: [RepoPath]]
    /// Links to directories: their targets.
    let linkDirectories: [RepoPath: RepoPath]

    /// The links of `resolutions` to files (by module key) and to directories, in one pass over them.
    init(_ table: EntryTable, _ resolutions: [RepoPath: LinkResolution]) {
        self.table = table
        var files: [RepoPath: [RepoPath]] = [:]
        var directories: [RepoPath: RepoPath] = [:]
        for (link, r) in resolutions {
            guard let target = r.target else { continue }
            switch r.outcome {
            case .directory: directories[link] = target
            case .file: if let key = ImportGraph.moduleKey(link) { files[key, default: []] += [link, target] }
            default: break
            }
        }
        linkFiles = files
        linkDirectories = directories
    }

    /// The regular files and links whose module key is `key`, or nil when there are none.
    func files(_ key: RepoPath) -> [RepoPath]? {
        var candidates = [key.appending(Array("__init__.py".utf8)), key.appending(Array("__init__.pyi".utf8))]
        if !key.isRoot {
            candidates += [
                RepoPath(trusted: key.bytes + Array(".py".utf8)), RepoPath(trusted: key.bytes + Array(".pyi".utf8)),
            ]
        }
        var found = candidates.filter { table.entry(at: $0)?.mode.isFile == true }
        found += linkFiles[key] ?? []
        return found.isEmpty ? nil : found
    }
}
