import Foundation

/// A graph read in place from a mapped cache file: one file's edges are a hash lookup and an index away,
/// so a query reads the blocks it needs and no more.
final class MappedEdgeStore: ImportEdgeStore {
    typealias Section = ImportGraphCache.Section
    let file: MappedImportFile
    private var paths: [UInt32: RepoPath] = [:]
    private var modules: [UInt32: String] = [:]
    private var kept: ImportGraph.Whole?

    init(_ file: MappedImportFile) { self.file = file }

    var isSound: Bool { !file.damaged }

    /// The roots the graph was built under, or nil when the file is damaged.
    func roots() -> [RepoPath]? {
        var result: [RepoPath] = []
        for i in 0..<file.count(.roots) {
            guard let bytes = file.string(.roots, i) else { return nil }
            result.append(RepoPath(trusted: Array(bytes)))
        }
        return result
    }

    func imports(of path: RepoPath) -> [ImportGraph.Edge] {
        guard let id = id(of: path), let record = find(.forward, id),
            let start = file.field(.forward, record, 1), let count = file.field(.forward, record, 2)
        else { return [] }
        return edges(.edges, Int(start), Int(count))
    }

    func importers(of path: RepoPath) -> [ImportGraph.Edge] {
        guard let id = id(of: path), let record = find(.reverse, id),
            let start = file.field(.reverse, record, 1), let count = file.field(.reverse, record, 2)
        else { return [] }
        return edges(.reverseEdges, Int(start), Int(count))
    }

    /// The index of the path `path`, found by its hash: the slots from its first on, up to an empty one.
    func id(of path: RepoPath) -> Int? {
        let size = file.count(.slots)
        guard size > 0 else { return nil }
        var slot = ImportGraphCache.slot(of: path.bytes, in: size)
        for _ in 0..<size {
            guard let entry = file.field(.slots, slot, 0), entry > 0,
                let bytes = file.string(.paths, Int(entry) - 1)
            else { return nil }
            if CheckedFile.compare(bytes, path.bytes) == 0 { return Int(entry) - 1 }
            slot = (slot + 1) & (size - 1)
        }
        return nil
    }

    /// The record of `section` (forward or reverse) for path index `id`, from the path's records; nil when
    /// it has none, or the record is not of that path.
    func find(_ section: Section, _ id: Int) -> Int? {
        guard let record = file.field(.records, id, section == .forward ? 0 : 1), record > 0,
            file.field(section, Int(record) - 1, 0) == UInt32(id)
        else { return nil }
        return Int(record) - 1
    }

    private func edges(_ section: Section, _ start: Int, _ count: Int) -> [ImportGraph.Edge] {
        var result: [ImportGraph.Edge] = []
        for i in start..<(start + count) {
            guard let path = file.field(section, i, 0).flatMap(path),
                let name = file.field(section, i, 1).flatMap(module)
            else { return [] }
            result.append(ImportGraph.Edge(file: path, module: name))
        }
        return result
    }

    func path(_ id: UInt32) -> RepoPath? {
        if let known = paths[id] { return known }
        guard let bytes = file.string(.paths, Int(id)) else { return nil }
        let path = RepoPath(trusted: Array(bytes))
        paths[id] = path
        return path
    }

    func module(_ id: UInt32) -> String? {
        if let known = modules[id] { return known }
        guard let bytes = file.string(.modules, Int(id)) else { return nil }
        let name = String(decoding: bytes, as: UTF8.self)
        modules[id] = name
        return name
    }

    func whole() -> ImportGraph.Whole {
        if let kept { return kept }
        var graph = ImportGraph.Whole()
        if file.checkAll() { graph = read() ?? graph }
        kept = graph
        return graph
    }

    /// Every table decoded; nil when a read fails.
    private func read() -> ImportGraph.Whole? {
        var graph = ImportGraph.Whole()
        for i in 0..<file.count(.files) {
            guard let path = file.field(.files, i, 0).flatMap(path) else { return nil }
            graph.files.append(path)
        }
        for record in 0..<file.count(.forward) {
            guard let owner = file.field(.forward, record, 0).flatMap(path),
                let start = file.field(.forward, record, 1), let count = file.field(.forward, record, 2),
                let missingStart = file.field(.forward, record, 3), let missingCount = file.field(.forward, record, 4)
            else { return nil }
            let edges = edges(.edges, Int(start), Int(count))
            if !edges.isEmpty { graph.imports[owner] = edges }
            var names: [String] = []
            for i in Int(missingStart)..<(Int(missingStart) + Int(missingCount)) {
                guard let name = file.field(.missing, i, 0).flatMap(module) else { return nil }
                names.append(name)
            }
            if !names.isEmpty { graph.unresolved[owner] = names }
        }
        for record in 0..<file.count(.reverse) {
            guard let owner = file.field(.reverse, record, 0).flatMap(path),
                let start = file.field(.reverse, record, 1), let count = file.field(.reverse, record, 2)
            else { return nil }
            let edges = edges(.reverseEdges, Int(start), Int(count))
            if !edges.isEmpty { graph.importers[owner] = edges }
        }
        return file.damaged ? nil : graph
    }
}
