import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Model

/// A path of a mapped import graph file is found by its hash, and its records by its index: every answer is
/// the one the graph was written with, however many paths share a first slot.
@Suite struct ImportGraphLookupTests {
    /// A graph of `count` files in a few directories, file `i` importing files `i / 2` and `i / 3`.
    static func graph(files count: Int) -> ImportGraph.Whole {
        var graph = ImportGraph.Whole()
        let path = { (i: Int) in RepoPath("pkg\(i % 7)/sub\(i % 5)/m\(i).py") }
        graph.files = (0..<count).map(path).sorted()
        for i in 1..<count {
            let edges = Set([i / 2, i / 3]).sorted().map { ImportGraph.Edge(file: path($0), module: "m\($0)") }
            graph.imports[path(i)] = edges
            for edge in edges {
                graph.importers[edge.file, default: []].append(ImportGraph.Edge(file: path(i), module: edge.module))
            }
            if i % 11 == 0 { graph.unresolved[path(i)] = ["requests"] }
        }
        return graph
    }

    static func store(_ graph: ImportGraph.Whole) throws -> MappedEdgeStore {
        let bytes = try #require(ImportGraphCache.encode(graph, roots: [.root], tree: .zero, context: 1))
        return MappedEdgeStore(try #require(MappedImportFile.reading(bytes, tree: .zero, context: 1)))
    }

    @Test(arguments: [1, 2, 3, 50, 3000])
    func everyPathIsFoundWithItsEdges_andAPathNotInTheGraphIsNot(files: Int) throws {
        let graph = Self.graph(files: files)
        let store = try Self.store(graph)
        for (index, path) in graph.files.enumerated() {
            #expect(store.id(of: path) == index)
            #expect(store.imports(of: path) == graph.imports[path] ?? [])
            #expect(store.importers(of: path) == graph.importers[path] ?? [])
        }
        for absent in ["pkg0/sub0/m1.py", "pkg1/sub1/m1.p", "pkg1", "", "zzz/m.py"].map(RepoPath.init) {
            #expect(store.id(of: absent) == nil, "\(absent)")
            #expect(store.importers(of: absent).isEmpty)
        }
        #expect(store.isSound)
        let whole = store.whole()
        #expect(whole.files == graph.files)
        #expect(whole.imports == graph.imports && whole.importers == graph.importers)
        #expect(whole.unresolved == graph.unresolved)
    }

    @Test func theImportersWalkOfTheMappedFile_isTheBuiltGraphs() throws {
        let graph = Self.graph(files: 400)
        let store = try Self.store(graph)
        let changed = [graph.files[3], graph.files[200], RepoPath("absent.py")]
        let (repo, _) = try RandomPythonRepo.make(seed: 1)
        let workspace = try ImportGraphViewTests.affected(repo).base.workspace
        for transitive in [false, true] {
            var walked: [String] = []
            store.walkImporters(of: changed, transitive: transitive) { file, origin, hops in
                walked.append("\(file) <- \(origin) by \(hops().map(\.file))")
            }
            var built: [String] = []
            let view = ImportGraph(
                workspace, roots: PythonRoots(roots: [.root], runnable: []),
                store: MemoryEdgeStore(graph))
            view.walkDependents(of: changed, transitive: transitive) { file, origin, hops in
                built.append("\(file) <- \(origin) by \(hops().map(\.file))")
            }
            #expect(!walked.isEmpty)
            #expect(walked == built, "transitive \(transitive)")
        }
    }

    @Test func aFileOfTheFormerFormat_isAMiss() throws {
        let graph = Self.graph(files: 20)
        let bytes = try #require(ImportGraphCache.encode(graph, roots: [.root], tree: .zero, context: 1))
        #expect(MappedImportFile.reading(bytes, tree: .zero, context: 1) != nil)
        var former = bytes
        former[8] = 2
        #expect(MappedImportFile.reading(former, tree: .zero, context: 1) == nil)
    }
}
