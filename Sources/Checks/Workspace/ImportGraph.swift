import Formats

/// The file-level Python import graph of one snapshot: which `.py`/`.pyi` file imports which.
///
/// Read from the snapshot's entries and blobs, never from the file system. Module names start at the
/// source roots (`PythonRoots`); `import a.b.c` reaches the deepest existing of `a.b.c`, `a.b`, `a`;
/// `from a.b import c` reaches `a.b.c` when it is a module and the deepest existing of `a.b`; relative
/// imports start at the file's own package. A module reached through a link counts at the link and at its
/// target. Test files (`test_*.py`, `*_test.py`, `conftest.py`) also use every `conftest.py` above them.
public final class ImportGraph {
    /// One edge: the file at its other end, and the module as the import names it (empty for a conftest).
    public struct Edge: Sendable, Hashable {
        public let file: RepoPath
        public let module: String
    }

    public let workspace: Workspace
    public let roots: PythonRoots
    /// The edges: in memory, mapped from the cache, or the base's with a few files replaced.
    var store: any ImportEdgeStore = MemoryEdgeStore(Whole())
    /// The graph being built, moved into `store` when done.
    var pending = Whole()
    /// File to the files it imports (the whole graph, read once).
    public var imports: [RepoPath: [Edge]] { store.whole().imports }
    /// File to the files that import it (`Edge.file` is the importer).
    public var importers: [RepoPath: [Edge]] { store.whole().importers }
    /// Every Python file of the snapshot (links not included), in path order.
    public var files: [RepoPath] { store.whole().files }
    /// File to the absolute modules it imports that no file of the snapshot provides (third-party, stdlib).
    public var unresolved: [RepoPath: [String]] { store.whole().unresolved }
    /// False when the cache file this graph reads was found damaged: its answers must not be used.
    public var isSound: Bool { store.isSound }

    /// Module key (a path without `.py`, a package's directory) to the files that provide it.
    var modules: [RepoPath: [RepoPath]] = [:]
    /// When set, modules are found by looking paths up in the snapshot instead of in `modules`.
    var moduleLookup: ModuleLookup?
    /// Links to directories, to the directory they lead to.
    var linkDirectories: [RepoPath: RepoPath] = [:]
    /// Dotted names of the modules under every root, for absolute imports.
    var index = ModuleIndex()
    /// Absolute imports resolved so far, by the roots of the importing file.
    var memos: [[RepoPath]: ResolutionMemo] = [:]

    /// Builds the graph of `workspace`; `resolutions` are its links' (from `DependencyGraph`). Throws when a
    /// blob cannot be read (exit 3) or `pants.toml` does not parse (exit 2); a file that is not Python is
    /// read as far as it goes.
    public convenience init(_ workspace: Workspace, resolutions: [RepoPath: LinkResolution], scans: ImportScans)
        throws(WorkspaceError)
    {
        let entries = ImportGraph.pythonEntries(workspace.snapshot)
        let roots = try PythonRoots(workspace, pythonFiles: entries.map(\.path))
        try self.init(workspace, resolutions: resolutions, scans: scans, entries: entries, roots: roots)
    }

    /// The regular `.py`/`.pyi` files of `snapshot`, in path order.
    static func pythonEntries(_ snapshot: Snapshot) -> [SnapshotEntry] {
        snapshot.table.entries.filter { $0.mode.isFile && ImportGraph.moduleKey($0.path) != nil }
    }

    /// A graph over `store` (mapped from the cache, or an overlay).
    init(_ workspace: Workspace, roots: PythonRoots, store: any ImportEdgeStore) {
        self.workspace = workspace
        self.roots = roots
        self.store = store
    }

    /// Builds the graph of the Python `entries` of `workspace` with its `roots`, resolving on `threads`
    /// threads (nil: as many as the files and cores make worth it).
    init(
        _ workspace: Workspace, resolutions: [RepoPath: LinkResolution], scans: ImportScans,
        entries files: [SnapshotEntry], roots: PythonRoots, threads: Int? = nil
    ) throws(WorkspaceError) {
        self.workspace = workspace
        self.roots = roots
        pending.files = files.map(\.path)
        let conftestDirs = findModules(files, resolutions)
        indexModules()
        var records: [[PythonImport]] = []
        do {
            try scans.prefetch(files, in: workspace.snapshot)
            records = try files.map { entry throws(SnapshotError) in
                try scans.imports(of: entry, in: workspace.snapshot)
            }
        } catch {
            throw .snapshot(error)
        }
        for (entry, found) in zip(files, resolveAll(files, records, conftestDirs: conftestDirs, threads: threads)) {
            if !found.missing.isEmpty { pending.unresolved[entry.path] = found.missing }
            if !found.edges.isEmpty { pending.imports[entry.path] = found.edges }
            for edge in found.edges {
                pending.importers[edge.file, default: []].append(Edge(file: entry.path, module: edge.module))
            }
        }
        store = MemoryEdgeStore(pending)
        pending = Whole()
    }

    /// Fills `modules` and `linkDirectories`; returns the directories holding a `conftest.py`.
    private func findModules(_ files: [SnapshotEntry], _ resolutions: [RepoPath: LinkResolution]) -> Set<RepoPath> {
        var conftestDirs = Set<RepoPath>()
        for entry in files {
            if let key = ImportGraph.moduleKey(entry.path) { modules[key, default: []].append(entry.path) }
            if entry.path.name == ImportGraph.conftest { conftestDirs.insert(entry.path.parent) }
        }
        for (link, r) in resolutions where r.outcome == .file {
            if let key = ImportGraph.moduleKey(link), let target = r.target {
                modules[key, default: []] += [link, target]
            }
        }
        for (link, r) in resolutions where r.outcome == .directory {
            if let target = r.target { linkDirectories[link] = target }
        }
        return conftestDirs
    }

    /// The edges of `file` from its import records, and to the `conftest.py` files a test file uses; the
    /// absolute modules no file provides are kept as unresolved.
    func edges(of file: RepoPath, _ records: [PythonImport], conftestDirs: Set<RepoPath>) -> [Edge] {
        let found = resolved(file, records, conftestDirs: conftestDirs, memos: &memos)
        if !found.missing.isEmpty { pending.unresolved[file, default: []] += found.missing }
        return found.edges
    }

    /// The edges of `file` and the absolute modules no file provides; `memos` keeps lookups by shared roots.
    /// Reads the graph only, so threads with their own `memos` may call it at once.
    func resolved(
        _ file: RepoPath, _ records: [PythonImport], conftestDirs: Set<RepoPath>,
        memos: inout [[RepoPath]: ResolutionMemo]
    ) -> (edges: [Edge], missing: [String]) {
        var edges = Set<Edge>()
        var missing: [String] = []
        // The runnable dir is a root for this file alone: it is asked first, then the shared roots (memoised).
        let shared = roots.roots.filter { file.isInside($0) }
        let others = roots.roots.filter { !shared.contains($0) }
        let runnable = roots.containing(file).first { !shared.contains($0) }
        let memo = memos[shared] ?? ResolutionMemo()
        memos[shared] = memo
        for record in records {
            resolve(
                record, in: file, roots: (shared, others), runnable: runnable, memo: memo, into: &edges,
                missing: &missing)
        }
        if ImportGraph.isTestFile(file.name) {
            for dir in [file.parent] + file.parent.ancestors where conftestDirs.contains(dir) {
                edges.insert(Edge(file: dir.appending(ImportGraph.conftest), module: ""))
            }
        }
        let sorted = edges.filter { $0.file != file }.sorted { ($0.file, $0.module) < ($1.file, $1.module) }
        return (sorted, missing)
    }

    static let conftest = Array("conftest.py".utf8)

    /// Fills `index`: every module, and every module below a linked directory at the link's place too.
    private func indexModules() {
        for (key, files) in modules { index.add(key, files: files, roots: roots) }
        for (link, target) in linkDirectories {
            for (key, files) in modules where key.isInside(target) {
                guard let rest = key.relative(to: target) else { continue }
                index.add(rest.isRoot ? link : link.appending(rest.bytes), files: [link] + files, roots: roots)
            }
        }
    }

    /// `test_*.py`, `*_test.py` or `conftest.py`.
    static func isTestFile(_ name: [UInt8]) -> Bool {
        name == conftest || (name.starts(with: Array("test_".utf8)) && name.ends(with: ".py"))
            || name.ends(with: "_test.py")
    }

    /// The key a Python file is found under: its path without `.py`/`.pyi`, a package's `__init__` its directory.
    static func moduleKey(_ path: RepoPath) -> RepoPath? {
        let name = path.name
        let stem: ArraySlice<UInt8>
        if name.ends(with: ".py") {
            stem = name.dropLast(3)
        } else if name.ends(with: ".pyi") {
            stem = name.dropLast(4)
        } else {
            return nil
        }
        if stem.elementsEqual("__init__".utf8) { return path.parent }
        return path.parent.appending(Array(stem))
    }

    /// The files that provide the module at `key`: a module file, a package's `__init__`, through links.
    func locate(_ key: RepoPath, depth: Int = 0) -> [RepoPath] {
        if let files = moduleLookup?.files(key) ?? modules[key] { return files }
        guard !linkDirectories.isEmpty, depth < 8 else { return [] }
        for dir in key.ancestors where !dir.isRoot {
            guard let target = linkDirectories[dir], let rest = key.relative(to: dir) else { continue }
            let inner = locate(target.appending(rest.bytes), depth: depth + 1)
            if !inner.isEmpty { return [dir] + inner }
        }
        return []
    }
}

/// Absolute imports already resolved for files with the same roots: most files import the same few modules.
final class ResolutionMemo {
    /// A dotted name to the edges of exactly that module (`from a import b`'s `a.b`).
    var exact: [String: [ImportGraph.Edge]] = [:]
    /// A dotted name to the edges of its deepest existing module.
    var deepest: [String: [ImportGraph.Edge]] = [:]
}

extension Array where Element == UInt8 {
    func ends(with suffix: String) -> Bool {
        let tail = Array(suffix.utf8)
        return count >= tail.count && self[(count - tail.count)...].elementsEqual(tail)
    }
}
