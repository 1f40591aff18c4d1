import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Model

/// The import cache: exact (cached and uncached runs agree), and a bad file is a miss that is rewritten.
@Suite struct ImportCacheTests {
    func affected(_ repo: TemporaryRepository, cache: GraphCache?) throws -> Affected {
        let repository = try Repository(discoveringFrom: repo.path)
        return try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: cache)
    }

    func summary(_ a: Affected) -> [String] {
        a.targets.map { "\($0.target.id): " + $0.reasons.map(\.summary).joined(separator: ", ") }
    }

    @Test func cachedAndUncachedRuns_agree_andTheSecondRunScansNothing() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("src/ai/backend/common/types.py", "class T: x = 1\n")
        _ = try repo.git("add", "-A")
        let cache = GraphCache(directory: repo.path + "/.git/preflight/cache")
        let plain = try affected(repo, cache: nil)
        let first = try affected(repo, cache: cache)
        let file = ImportCache(directory: cache.directory).file
        #expect(FileManager.default.fileExists(atPath: file))
        let scans = ImportScans()
        ImportCache(directory: cache.directory).load(into: scans)
        #expect(scans.byBlob.count > 10)
        let second = try affected(repo, cache: cache)
        #expect(summary(first) == summary(plain))
        #expect(summary(second) == summary(plain))
    }

    @Test func aTruncatedOrForeignFile_isAMiss_andIsRewritten() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("src/ai/backend/common/types.py", "class T: x = 1\n")
        _ = try repo.git("add", "-A")
        let cache = GraphCache(directory: repo.path + "/.git/preflight/cache")
        let plain = try affected(repo, cache: nil)
        _ = try affected(repo, cache: cache)
        let names = try FileManager.default.contentsOfDirectory(atPath: cache.directory)
        let graphs = names.filter { $0.hasPrefix("imports-") }.map { cache.directory + "/" + $0 }
        #expect(!graphs.isEmpty)
        let files = [ImportCache(directory: cache.directory).file] + graphs
        let good = try files.map { try #require(FileManager.default.contents(atPath: $0)) }
        for cut in [
            { (d: Data) in d.prefix(d.count - 3) }, { _ in Data("not a cache".utf8) },
            { (d: Data) in d.dropLast(8) + Data(count: 8) },
        ] {
            for (file, bytes) in zip(files, good) { try cut(bytes).write(to: URL(fileURLWithPath: file)) }
            #expect(summary(try affected(repo, cache: cache)) == summary(plain))
            for (file, bytes) in zip(files, good) {
                #expect(FileManager.default.contents(atPath: file) == bytes, "\(file) is rewritten")
            }
        }
    }

    @Test func theFormat_roundTripsEveryField() {
        let lists: [ObjectID: [PythonImport]] = [
            ObjectID(hex: String(repeating: "ab", count: 20))!: [
                PythonImport(line: 3, level: 2, module: "a.b", names: ["c", "*"], isFrom: true),
                PythonImport(line: 70000, module: "é"),
            ],
            ObjectID(hex: String(repeating: "01", count: 20))!: [],
        ]
        #expect(ImportCache.decode(ImportCache.encode(lists)) == lists)
    }
}

/// A head that only edits file contents: its graph is the base's with those files resolved again.
@Suite struct DerivedImportGraphTests {
    func importers(_ g: ImportGraph) -> [String] {
        g.importers.sorted { $0.key < $1.key }.map {
            "\($0.key) <- "
                + $0.value.map { "\($0.file) \($0.module)" }
                .joined(separator: ", ")
        }
    }

    @Test(arguments: [
        ("src/ai/backend/web/w.py", "from ai.backend.common import other_mod\nimport ai.backend.agent.x\n"),
        ("src/ai/backend/manager/api.py", "X = 1\n"),
        ("tests/unit/manager/test_api.py", "from ai.backend.storage import s\n"),
        ("tests/conftest.py", "import ai.backend.web.w\n"),
        ("src/ai/backend/agent/broken.py", "from . import x\nfrom .. import common\n"),
    ])
    func aContentOnlyEdit_givesTheGraphAFullBuildGives(path: String, text: String) throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write(path, text)
        try repo.write("docs/new.md", "a file that is no module, added beside the edit\n")
        _ = try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let affected = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: nil)
        let derived = try #require(affected.imports?.head)
        #expect(derived.index.isEmpty, "the head graph is derived from the base's, without a module index")
        let full = try ImportGraph(
            affected.head.workspace, resolutions: affected.head.resolutions,
            scans: ImportScans())
        #expect(derived.imports == full.imports)
        #expect(importers(derived) == importers(full))
        #expect(derived.unresolved == full.unresolved)
    }
}

extension DerivedImportGraphTests {
    @Test func addingAModule_buildsTheHeadGraphWhole() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("src/ai/backend/web/extra.py", "from ai.backend.web import w\n")
        _ = try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let affected = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: nil)
        let head = try #require(affected.imports?.head)
        #expect(!head.index.isEmpty)
        #expect(
            head.imports[RepoPath("src/ai/backend/web/extra.py")]?.map(\.file)
                == [RepoPath("src/ai/backend/web/__init__.py"), RepoPath("src/ai/backend/web/w.py")])
    }
}
