import Formats

/// Third-party requirements in the affected set: a changed requirement or locked version affects the targets
/// whose files import that distribution.
extension Affected {
    /// A touched file that says which distributions the repository installs.
    struct DependencyFile {
        let path: RepoPath
        let kind: PythonDependencyFile
        /// The files it serves: the whole repository in a Pants repository (resolves are repository-wide),
        /// else its directory and below.
        let scope: RepoPath
    }

    /// The touched requirement files, `pyproject.toml`s and locks (Pants resolves' locks by `pants.toml`).
    func dependencyFiles(_ touched: [RepoPath]) throws(WorkspaceError) -> [DependencyFile] {
        let snapshots = [base.workspace.snapshot, head.workspace.snapshot]
        let pants = snapshots.contains { $0.table.entry(at: RepoPath("pants.toml")) != nil }
        var pantsLocks = Set<RepoPath>()
        if pants {
            pantsLocks.formUnion(
                try baseOrHead { workspace throws(WorkspaceError) in
                    try PythonRoots.pantsLocks(workspace.snapshot)
                })
            pantsLocks.formUnion(try PythonRoots.pantsLocks(head.workspace.snapshot))
        }
        return touched.compactMap { path in
            let kind =
                pantsLocks.contains(path)
                ? .pantsLock
                : path.utf8String.flatMap { PythonDependencyFile.kind(ofFileNamed: $0) }
            return kind.map { DependencyFile(path: path, kind: $0, scope: pants ? .root : path.parent) }
        }
    }

    /// A `requirement` reason for the owner of every file (in scope, on either side) that imports a
    /// distribution `file`'s change names; a change that cannot be attributed, or a distribution with no
    /// known module, affects every Python target the file serves.
    func requirementReasons(_ file: DependencyFile, _ graphs: [ImportGraph]) throws(WorkspaceError)
        -> [(RepoPath, Reason)]
    {
        let bytes: [[UInt8]?]
        do {
            bytes = try [base, head].map { graph throws(SnapshotError) in
                try graph.workspace.snapshot.bytes(at: file.path)
            }
        } catch {
            throw .snapshot(error)
        }
        let mapping = head.workspace.configuration.python.moduleMapping
        var found: [(RepoPath, Reason)] = []
        // The targets the file serves, found once however many distributions have no known module.
        var servedOwners: [[RepoPath]]?
        func served(_ reason: Reason) -> [(RepoPath, Reason)] {
            let owners = servedOwners ?? self.servedOwners(file, graphs)
            servedOwners = owners
            return owners.flatMap { $0.map { ($0, reason) } }
        }
        switch file.kind.changedDistributions(base: bytes[0], head: bytes[1]) {
        case .unknown(let why):
            found += served(Reason(.requirement, path: file.path, pattern: why))
        case .distributions(let names):
            // Each graph's unresolved imports within the file's scope, sorted once for every distribution.
            let unresolved = graphs.map { graph in
                graph.unresolved.filter { $0.key.isInside(file.scope) }.sorted { $0.key < $1.key }
            }
            for name in names.sorted() {
                let modules = DistributionModules.modules(of: name, mapping: mapping)
                if modules.isEmpty {
                    found += served(
                        Reason(
                            .requirement, path: file.path,
                            pattern: "\(name): no module known for it"))
                    continue
                }
                var done = Set<RepoPath>()
                for (graph, unresolved) in zip(graphs, unresolved) {
                    for (importer, imported) in unresolved where Affected.imports(imported, anyOf: modules) {
                        let owner = graph.workspace.owner(of: importer).path
                        guard done.insert(owner).inserted else { continue }
                        found.append((owner, Reason(.requirement, path: file.path, via: importer, pattern: name)))
                    }
                }
            }
        }
        return found
    }

    /// For each graph, the targets owning a Python file the dependency file serves, sorted.
    private func servedOwners(_ file: DependencyFile, _ graphs: [ImportGraph]) -> [[RepoPath]] {
        graphs.map { graph in
            var owners = Set<RepoPath>()
            for path in graph.files where path.isInside(file.scope) {
                owners.insert(graph.workspace.owner(of: path).path)
            }
            return owners.sorted()
        }
    }

    /// True when one of `imported` is one of `modules` or inside one (`yaml.loader` is inside `yaml`).
    static func imports(_ imported: [String], anyOf modules: [String]) -> Bool {
        imported.contains { name in modules.contains { name == $0 || name.hasPrefix($0 + ".") } }
    }
}
