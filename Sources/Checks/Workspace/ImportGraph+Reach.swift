/// Walking the import graph: who imports a changed file, and what a target imports.
extension ImportGraph {
    /// A file that imports a changed file, and the way there.
    public struct Dependent: Sendable, Hashable {
        /// The importing file.
        public let file: RepoPath
        /// The hops from `file` to the changed file: each the file reached and the module that named it.
        public let hops: [Edge]
        /// The changed file reached.
        public var changed: RepoPath { hops.last?.file ?? file }
    }

    /// The files that import one of `changed` (directly, or through other files when `transitive`), each with
    /// the shortest chain to the changed file it reaches first; in walk order.
    public func dependents(of changed: [RepoPath], transitive: Bool) -> [Dependent] {
        var result: [Dependent] = []
        walkDependents(of: changed, transitive: transitive) { file, _, hops in
            result.append(Dependent(file: file, hops: hops()))
        }
        return result
    }

    /// Calls `visit` with each file `dependents(of:transitive:)` gives, in the same order, the changed file it
    /// reaches, and its chain made only when asked for (most callers keep few of them).
    func walkDependents(
        of changed: [RepoPath], transitive: Bool,
        _ visit: (_ file: RepoPath, _ changed: RepoPath, _ hops: () -> [Edge]) -> Void
    ) {
        if let mapped = store as? MappedEdgeStore {
            mapped.walkImporters(of: changed, transitive: transitive, visit)
            return
        }
        var next: [RepoPath: Edge] = [:]
        var origin: [RepoPath: RepoPath] = [:]
        var queue: [RepoPath] = []
        var seen = Set<RepoPath>()
        for path in changed.sorted() where !store.importers(of: path).isEmpty && seen.insert(path).inserted {
            queue.append(path)
        }
        var head = 0
        while head < queue.count {
            let file = queue[head]
            head += 1
            let reached = origin[file] ?? file
            for importer in store.importers(of: file) where seen.insert(importer.file).inserted {
                next[importer.file] = Edge(file: file, module: importer.module)
                origin[importer.file] = reached
                visit(importer.file, reached) { chain(from: importer.file, next) }
                if transitive { queue.append(importer.file) }
            }
        }
    }

    private func chain(from file: RepoPath, _ next: [RepoPath: Edge]) -> [Edge] {
        var hops: [Edge] = []
        var at = file
        while let edge = next[at], hops.count <= next.count {
            hops.append(edge)
            at = edge.file
        }
        return hops
    }

    /// The files `path` (a file, or every file below a directory) imports, directly or with `transitive` all.
    public func dependencies(of path: RepoPath, transitive: Bool) -> [RepoPath] {
        walk(from: files(at: path), transitive: transitive) { store.imports(of: $0) }
    }

    /// The files that import `path` (a file, or any file below a directory), directly or with `transitive` all.
    public func importersOf(_ path: RepoPath, transitive: Bool) -> [RepoPath] {
        walk(from: files(at: path, includingImported: true), transitive: transitive) { store.importers(of: $0) }
    }

    /// Every target's files' imports, as the other targets that own them.
    public func targetDependencies() -> [RepoPath: [RepoPath]] {
        var result: [RepoPath: Set<RepoPath>] = [:]
        for (file, edges) in imports {
            let owner = workspace.owner(of: file).path
            for edge in edges {
                let other = workspace.owner(of: edge.file).path
                if other != owner { result[owner, default: []].insert(other) }
            }
        }
        return result.mapValues { $0.sorted() }
    }

    private func files(at path: RepoPath, includingImported: Bool = false) -> [RepoPath] {
        if !store.imports(of: path).isEmpty || !store.importers(of: path).isEmpty
            || workspace.snapshot.table.entry(at: path) != nil
        {
            return [path]
        }
        var keys = Set(imports.keys)
        if includingImported { keys.formUnion(importers.keys) }
        return keys.filter { $0.isInside(path) }.sorted()
    }

    private func walk(from start: [RepoPath], transitive: Bool, _ step: (RepoPath) -> [Edge]) -> [RepoPath] {
        var seen = Set(start)
        var queue = start
        var result = Set<RepoPath>()
        var head = 0
        while head < queue.count {
            let file = queue[head]
            head += 1
            for edge in step(file) where !start.contains(edge.file) {
                result.insert(edge.file)
                if transitive && seen.insert(edge.file).inserted { queue.append(edge.file) }
            }
        }
        return result.sorted()
    }
}
