/// Who imports a changed file, walked over a mapped file's path indexes: no path is hashed or decoded
/// except those of the files the walk reports.
extension MappedEdgeStore {
    /// What `ImportGraph.walkDependents` gives, in the same order: each importing file, the changed file it
    /// reaches, and its chain when asked for. Stops early when the file is found damaged (`isSound` false).
    func walkImporters(
        of changed: [RepoPath], transitive: Bool,
        _ visit: (_ file: RepoPath, _ changed: RepoPath, _ hops: () -> [ImportGraph.Edge]) -> Void
    ) {
        var next: [UInt32: (file: UInt32, module: UInt32)] = [:]
        var origin: [UInt32: UInt32] = [:]
        var seen = Set<UInt32>()
        var queue: [UInt32] = []
        for path in changed.sorted() {
            guard let id = id(of: path), let record = find(.reverse, id),
                let count = file.field(.reverse, record, 2), count > 0, seen.insert(UInt32(id)).inserted
            else { continue }
            queue.append(UInt32(id))
        }
        var head = 0
        while head < queue.count, !file.damaged {
            let at = queue[head]
            head += 1
            // A file nothing imports has no record.
            guard let record = find(.reverse, Int(at)) else { continue }
            guard let start = file.field(.reverse, record, 1), let count = file.field(.reverse, record, 2) else {
                return
            }
            let reached = origin[at] ?? at
            for i in Int(start)..<(Int(start) + Int(count)) {
                guard let importer = file.field(.reverseEdges, i, 0), let module = file.field(.reverseEdges, i, 1)
                else { return }
                guard seen.insert(importer).inserted else { continue }
                next[importer] = (at, module)
                origin[importer] = reached
                guard let importing = path(importer), let target = path(reached) else { return }
                visit(importing, target) { chain(from: importer, next) }
                if transitive { queue.append(importer) }
            }
        }
    }

    private func chain(from start: UInt32, _ next: [UInt32: (file: UInt32, module: UInt32)]) -> [ImportGraph.Edge] {
        var hops: [ImportGraph.Edge] = []
        var at = start
        while let step = next[at], hops.count <= next.count {
            guard let file = path(step.file), let module = module(step.module) else { return [] }
            hops.append(ImportGraph.Edge(file: file, module: module))
            at = step.file
        }
        return hops
    }
}
