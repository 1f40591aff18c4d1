import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Model

/// Random Python repositories: packages under `src/` and `tests/`, a link to a module and one to a package,
/// imports of every kind (absolute, `from`, relative, in a function, third-party), `conftest.py` files.
enum RandomPythonRepo {
    static let packages = ["alpha", "beta", "gamma"]

    /// The repository's files, each with its text.
    static func files(_ rng: inout SplitMix64) -> [String: String] {
        var files: [String: String] = ["tests/conftest.py": "import pytest\n", "src/gamma/conftest.py": ""]
        for package in packages {
            files["src/\(package)/__init__.py"] = text(&rng)
            files["src/\(package)/sub/__init__.py"] = ""
            for m in 0..<Int.random(in: 2...5, using: &rng) { files["src/\(package)/m\(m).py"] = text(&rng) }
            files["src/\(package)/sub/deep.py"] = text(&rng)
            files["tests/\(package)/test_\(package).py"] = text(&rng)
        }
        return files
    }

    /// A module's text: a few imports picked at random.
    static func text(_ rng: inout SplitMix64) -> String {
        let p = packages.randomElement(using: &rng) ?? "alpha"
        let m = "m\(Int.random(in: 0...5, using: &rng))"
        let pool = [
            "import \(p).\(m)\n", "from \(p) import \(m), sub\n", "from . import \(m)\n", "from .. import \(p)\n",
            "from .\(m) import thing\n", "from \(p).sub.deep import x\n", "import \(p)\n", "import requests.adapters\n",
            "def f():\n    import \(p).sub\n", "from yaml import safe_load\n", "import os, \(p).\(m)\n",
            "\"\"\"import \(p).\(m)\"\"\"\n", "from links_mod import y\n", "import linked_pkg.sub.deep\n",
        ]
        var text = ""
        for _ in 0..<Int.random(in: 0...4, using: &rng) { text += pool.randomElement(using: &rng) ?? "" }
        return text
    }

    /// A repository with `seed`'s files committed, then a few of them edited and staged.
    static func make(seed: UInt64) throws -> (TemporaryRepository, [String]) {
        var rng = SplitMix64(seed: seed)
        let repo = try TemporaryRepository()
        let files = files(&rng)
        for (path, text) in files { try repo.write(path, text) }
        try repo.link("src/links_mod.py", to: "alpha/m0.py")
        try repo.link("src/linked_pkg", to: "beta")
        _ = try repo.commitAll("base")
        var edited: [String] = []
        for path in files.keys.sorted() where Int.random(in: 0..<4, using: &rng) == 0 {
            try repo.write(path, text(&rng))
            edited.append(path)
        }
        if edited.isEmpty {
            try repo.write("src/alpha/m0.py", "from beta import m1\n")
            edited.append("src/alpha/m0.py")
        }
        _ = try repo.git("add", "-A")
        return (repo, edited)
    }
}

/// The import graph read in place from its cache file, and the head's as an overlay of the base's, answer
/// every query as a fully built graph does.
@Suite struct ImportGraphViewTests {
    static func affected(_ repo: TemporaryRepository) throws -> Affected {
        let repository = try Repository(discoveringFrom: repo.path)
        return try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: nil)
    }

    static func full(_ graph: DependencyGraph) throws -> ImportGraph {
        try ImportGraph(graph.workspace, resolutions: graph.resolutions, scans: ImportScans())
    }

    /// `graph` written to a cache file and read back in place.
    static func mapped(_ graph: ImportGraph, tree: ObjectID = .zero) throws -> ImportGraph {
        let bytes = try #require(
            ImportGraphCache.encode(graph.store.whole(), roots: graph.roots.roots, tree: tree, context: 7))
        let file = try #require(MappedImportFile.reading(bytes, tree: tree, context: 7))
        return ImportGraph(graph.workspace, roots: graph.roots, store: MappedEdgeStore(file))
    }

    /// Every answer a graph gives, one line each, asked file by file and then of the whole.
    static func answers(_ graph: ImportGraph, paths: [RepoPath]) -> [String] {
        var lines: [String] = []
        for path in paths {
            let edges = { (e: [ImportGraph.Edge]) in e.map { "\($0.file) \($0.module)" }.joined(separator: ", ") }
            lines.append("\(path) imports \(edges(graph.store.imports(of: path)))")
            lines.append("\(path) imported by \(edges(graph.store.importers(of: path)))")
            for transitive in [false, true] {
                lines.append("\(path) deps \(graph.dependencies(of: path, transitive: transitive))")
                lines.append("\(path) dependents \(graph.importersOf(path, transitive: transitive))")
                let chains = graph.dependents(of: [path], transitive: transitive)
                lines.append("\(path) chains " + chains.map { "\($0.file) \($0.hops)" }.joined())
            }
        }
        let some = paths.enumerated().filter { $0.offset % 3 == 0 }.map(\.element)
        for dependent in graph.dependents(of: some, transitive: true) {
            lines.append("from many: \(dependent.file) reaches \(dependent.changed) by \(dependent.hops)")
        }
        let whole = graph.store.whole()
        lines.append("files \(whole.files)")
        lines.append("imports \(whole.imports.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })")
        lines.append("importers \(whole.importers.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })")
        lines.append("unresolved \(whole.unresolved.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" })")
        return lines
    }

    /// Every path a graph names, and a few directories.
    static func paths(_ graph: ImportGraph) -> [RepoPath] {
        var all = Set(graph.files)
        for (file, edges) in graph.imports {
            all.insert(file)
            for edge in edges { all.insert(edge.file) }
        }
        return all.sorted() + [RepoPath("src/alpha"), RepoPath("src/nothing.py")]
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6] as [UInt64])
    func theMappedGraphAndTheOverlay_answerAsAFullBuild_onRandomRepositories(seed: UInt64) throws {
        let (repo, edited) = try RandomPythonRepo.make(seed: seed)
        let affected = try Self.affected(repo)
        let base = try Self.full(affected.base)
        let head = try Self.full(affected.head)
        let paths = Self.paths(base)
        let mappedBase = try Self.mapped(base)
        #expect(Self.answers(mappedBase, paths: paths) == Self.answers(base, paths: paths))
        #expect(mappedBase.isSound)
        let table = affected.head.workspace.snapshot.table
        let changed = edited.compactMap { table.entry(at: RepoPath($0)) }
        let overlay = try ImportGraph(
            affected.head.workspace, resolutions: affected.head.resolutions, scans: ImportScans(),
            previous: mappedBase, changed: changed)
        #expect(Self.answers(overlay, paths: paths) == Self.answers(head, paths: paths), "edited \(edited)")
        let derived = try #require(affected.imports?.head)
        #expect(Self.answers(derived, paths: paths) == Self.answers(head, paths: paths))
    }
}

/// A graph file that is not sound is a miss, or is found damaged before any answer it gives is used.
@Suite struct ImportGraphFileTests {
    static let tree = ObjectID(hex: String(repeating: "ab", count: 20)) ?? .zero

    static func good() throws -> (ImportGraph, [UInt8]) {
        let (repo, _) = try RandomPythonRepo.make(seed: 11)
        let graph = try ImportGraphViewTests.full(try ImportGraphViewTests.affected(repo).base)
        let bytes = try #require(
            ImportGraphCache.encode(graph.store.whole(), roots: graph.roots.roots, tree: tree, context: 7))
        return (graph, bytes)
    }

    @Test func aTruncatedForeignOldOrOtherKeyFile_isAMiss_andTheGoodOneIsNot() throws {
        let (_, bytes) = try Self.good()
        #expect(MappedImportFile.reading(bytes, tree: Self.tree, context: 7) != nil)
        #expect(MappedImportFile.reading(bytes, tree: .zero, context: 7) == nil, "another tree")
        #expect(MappedImportFile.reading(bytes, tree: Self.tree, context: 8) == nil, "other roots")
        for length in stride(from: 0, to: bytes.count, by: 97) + [bytes.count - 1] {
            #expect(MappedImportFile.reading(Array(bytes[..<length]), tree: Self.tree, context: 7) == nil)
        }
        #expect(MappedImportFile.reading(bytes + [0], tree: Self.tree, context: 7) == nil, "a longer file")
        var old = bytes
        old[8] = 1
        #expect(MappedImportFile.reading(old, tree: Self.tree, context: 7) == nil, "format 1")
        var foreign = bytes
        foreign[0] = UInt8(ascii: "X")
        #expect(MappedImportFile.reading(foreign, tree: Self.tree, context: 7) == nil)
        #expect(MappedImportFile.reading(Array("not a cache".utf8), tree: Self.tree, context: 7) == nil)
    }

    @Test func aFlippedByteAnywhere_isAMissOrFoundDamaged_neverAnotherAnswer() throws {
        let (graph, bytes) = try Self.good()
        let paths = ImportGraphViewTests.paths(graph)
        let expected = ImportGraphViewTests.answers(graph, paths: paths)
        var misses = 0
        var damaged = 0
        for offset in 0..<bytes.count {
            var flipped = bytes
            flipped[offset] ^= UInt8(1 << (offset % 8))
            guard let file = MappedImportFile.reading(flipped, tree: Self.tree, context: 7) else {
                misses += 1
                continue
            }
            let view = ImportGraph(graph.workspace, roots: graph.roots, store: MappedEdgeStore(file))
            let answers = ImportGraphViewTests.answers(view, paths: paths)
            #expect(!view.isSound || answers == expected, "byte \(offset)")
            #expect(!view.isSound, "byte \(offset) is in a checked block, and the whole graph was read")
            if !view.isSound { damaged += 1 }
        }
        #expect(misses > 0 && damaged > 0)
        #expect(misses + damaged == bytes.count)
    }

    @Test func aDamagedCacheFile_givesTheAnswerOfNoCache_andIsRewrittenWhenARunReadsTheDamage() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("src/ai/backend/common/types.py", "class T: x = 1\n")
        _ = try repo.git("add", "-A")
        let cache = GraphCache(directory: repo.path + "/.git/preflight/cache")
        let repository = try Repository(discoveringFrom: repo.path)
        let run = { (cache: GraphCache?) throws -> [String] in
            let a = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: cache)
            return a.targets.map { "\($0.target.id): " + $0.reasons.map(\.summary).joined(separator: ", ") }
        }
        let plain = try run(nil)
        #expect(try run(cache) == plain)
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.directory)
        let files = names.filter { $0.hasPrefix("imports-") }.map { cache.directory + "/" + $0 }
        #expect(files.count == 2)
        let good = try files.map { try #require(FileManager.default.contents(atPath: $0)) }
        var rewritten = 0
        for offset in stride(from: 0, to: good.map(\.count).min() ?? 0, by: 13) {
            for (file, bytes) in zip(files, good) {
                var flipped = [UInt8](bytes)
                flipped[offset] ^= 0x20
                try Data(flipped).write(to: URL(fileURLWithPath: file))
            }
            #expect(try run(cache) == plain, "byte \(offset)")
            let after = files.map { FileManager.default.contents(atPath: $0) }
            if after == good.map({ Optional($0) }) { rewritten += 1 }
        }
        #expect(rewritten > 0)
    }
}

/// A whole graph resolved on several threads is the graph one thread resolves.
@Suite struct ImportGraphThreadsTests {
    @Test(arguments: [UInt64(3), 11, 29])
    func aGraphResolvedOnSeveralThreadsEqualsOneResolvedOnOne(seed: UInt64) throws {
        let (repo, _) = try RandomPythonRepo.make(seed: seed)
        let graph = try ImportGraphViewTests.affected(repo).head
        let entries = ImportGraph.pythonEntries(graph.workspace.snapshot)
        let roots = try PythonRoots(graph.workspace, pythonFiles: entries.map(\.path))
        let built = try [1, 3].map { threads in
            try ImportGraph(
                graph.workspace, resolutions: graph.resolutions, scans: ImportScans(), entries: entries,
                roots: roots, threads: threads)
        }
        let paths = entries.map(\.path)
        #expect(
            ImportGraphViewTests.answers(built[1], paths: paths) == ImportGraphViewTests.answers(built[0], paths: paths)
        )
        #expect(built[1].unresolved == built[0].unresolved)
        #expect(built[1].imports == built[0].imports)
        #expect(!built[0].imports.isEmpty)
    }
}
