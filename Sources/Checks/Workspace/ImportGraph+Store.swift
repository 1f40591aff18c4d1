/// Where an import graph's edges live: built in memory, mapped from a cache file, or a base graph's with a
/// few files' edges replaced. A query asks for one file's edges, so a warm run reads what the change reaches.
protocol ImportEdgeStore: AnyObject {
    /// False once a read found the mapped file damaged: nothing read from this store may then be used.
    var isSound: Bool { get }
    /// The edges of `file` (to the files it imports), in order.
    func imports(of file: RepoPath) -> [ImportGraph.Edge]
    /// The files importing `file` (`Edge.file` is the importer), in order.
    func importers(of file: RepoPath) -> [ImportGraph.Edge]
    /// The whole graph, read once and kept.
    func whole() -> ImportGraph.Whole
}

extension ImportGraph {
    /// Every file, edge and unresolved import of a graph, as dictionaries.
    public struct Whole: Sendable {
        /// Every Python file of the snapshot (links not included), in path order.
        public var files: [RepoPath] = []
        /// File to the files it imports.
        public var imports: [RepoPath: [Edge]] = [:]
        /// File to the files that import it (`Edge.file` is the importer).
        public var importers: [RepoPath: [Edge]] = [:]
        /// File to the absolute modules it imports that no file of the snapshot provides.
        public var unresolved: [RepoPath: [String]] = [:]
    }
}

/// A graph built in this run.
final class MemoryEdgeStore: ImportEdgeStore {
    let graph: ImportGraph.Whole

    init(_ graph: ImportGraph.Whole) { self.graph = graph }

    var isSound: Bool { true }
    func imports(of file: RepoPath) -> [ImportGraph.Edge] { graph.imports[file] ?? [] }
    func importers(of file: RepoPath) -> [ImportGraph.Edge] { graph.importers[file] ?? [] }
    func whole() -> ImportGraph.Whole { graph }
}

/// A side whose Python files, links and roots are the base's and whose `changed` files differ only in their
/// contents: the base's graph with those files' edges and unresolved imports replaced.
final class OverlayEdgeStore: ImportEdgeStore {
    let base: any ImportEdgeStore
    /// The changed files' new edges (a file without edges is absent), and their new unresolved imports.
    let changed: [RepoPath: [ImportGraph.Edge]]
    let unresolved: [RepoPath: [String]]
    /// The changed files' new edges reversed: imported file to its new importers.
    private let added: [RepoPath: [ImportGraph.Edge]]
    private let changedFiles: Set<RepoPath>
    private var kept: ImportGraph.Whole?

    init(
        base: any ImportEdgeStore, files: [RepoPath], edges: [RepoPath: [ImportGraph.Edge]],
        unresolved: [RepoPath: [String]]
    ) {
        self.base = base
        changedFiles = Set(files)
        changed = edges
        self.unresolved = unresolved
        var added: [RepoPath: [ImportGraph.Edge]] = [:]
        for file in files.sorted() {
            for edge in edges[file] ?? [] {
                added[edge.file, default: []].append(ImportGraph.Edge(file: file, module: edge.module))
            }
        }
        self.added = added
    }

    var isSound: Bool { base.isSound }

    func imports(of file: RepoPath) -> [ImportGraph.Edge] {
        changedFiles.contains(file) ? changed[file] ?? [] : base.imports(of: file)
    }

    func importers(of file: RepoPath) -> [ImportGraph.Edge] {
        let old = base.importers(of: file).filter { !changedFiles.contains($0.file) }
        guard let new = added[file] else { return old }
        // In the order a full build gives, so chains (the first importer found) are the same.
        return (old + new).sorted { ($0.file, $0.module) < ($1.file, $1.module) }
    }

    func whole() -> ImportGraph.Whole {
        if let kept { return kept }
        var graph = base.whole()
        for file in changedFiles {
            graph.imports[file] = changed[file]
            graph.unresolved[file] = unresolved[file]
        }
        var targets = Set(added.keys)
        for (file, edges) in graph.importers where edges.contains(where: { changedFiles.contains($0.file) }) {
            targets.insert(file)
        }
        for file in targets {
            let edges = importers(of: file)
            graph.importers[file] = edges.isEmpty ? nil : edges
        }
        kept = graph
        return graph
    }
}
