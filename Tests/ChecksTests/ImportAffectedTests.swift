import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Model

/// Import inference in the affected set, on real repositories laid out as Pants and Causify lay them out.
@Suite struct ImportAffectedTests {
    func affected(
        _ repo: TemporaryRepository, _ source: ChangeSource = .staged,
        dependents: Dependents = .transitive
    ) throws -> Affected {
        let repository = try Repository(discoveringFrom: repo.path)
        return try Affected(
            try ChangeSet.make(repository, ChangeRequest(source: source)), graphCache: nil,
            dependents: dependents)
    }

    func ids(_ a: Affected) -> Set<String> { Set(a.targets.map(\.target.id)) }

    func reasons(_ a: Affected, _ id: String) -> [Reason] {
        a.targets.first { $0.target.id == id }?.reasons ?? []
    }

    /// Backend.AI's shape: `src/ai/backend/<pkg>` and `tests/unit/<pkg>`, a BUILD per package, pants.toml roots.
    static func pantsRepo() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("pants.toml", "[source]\nroot_patterns = [\"/src\", \"tests\"]\n")
        try repo.write("preflight.toml", "[workspace]\nmarkers = [\"BUILD\"]\n")
        let pkg = "src/ai/backend"
        for name in ["common", "manager", "agent", "storage", "web", "other"] {
            try repo.write("\(pkg)/\(name)/BUILD", "python_sources()\n")
            try repo.write("\(pkg)/\(name)/__init__.py")
        }
        try repo.write("\(pkg)/common/types.py", "class T: ...\n")
        try repo.write("\(pkg)/common/other_mod.py", "X = 1\n")
        try repo.write("\(pkg)/manager/api.py", "from ..common import types\n\ndef handler(): ...\n")
        try repo.write("\(pkg)/manager/y.py", "def f():\n    from ai.backend.common.types import T\n    return T\n")
        try repo.write(
            "\(pkg)/agent/x.py",
            "try:\n    import ai.backend.common.types as t\nexcept ImportError:\n    t = None\n")
        try repo.write("\(pkg)/agent/broken.py", "def (:\n  s = 'unterminated\n  ]]]\nx = '''never closed\n")
        try repo.write(
            "\(pkg)/storage/s.py",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ai.backend.common import types\n")
        try repo.write("\(pkg)/web/w.py", "from ai.backend.manager import api\n")
        try repo.write(
            "\(pkg)/other/o.py",
            "\"\"\"Docs.\n\nimport ai.backend.common.types\n\"\"\"\n"
                + "from ai.backend.common import other_mod\n")
        try repo.write("tests/conftest.py", "import pytest\n")
        for name in ["manager", "agent"] {
            try repo.write("tests/unit/\(name)/BUILD", "python_tests()\n")
        }
        try repo.write("tests/unit/manager/test_api.py", "from ai.backend.manager.api import handler\n")
        try repo.write("tests/unit/agent/test_nothing.py", "def test_ok(): pass\n")
        _ = try repo.commitAll("init")
        return repo
    }

    @Test func changingALeafModule_affectsImportersThroughEveryKindOfImport_andTheirTests_transitively() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("src/ai/backend/common/types.py", "class T: x = 1\n")
        _ = try repo.git("add", "-A")
        let a = try affected(repo)
        let pkg = "src/ai/backend/"
        let importers = ["common", "manager", "agent", "storage", "web"].map { pkg + $0 }
        #expect(ids(a) == Set(importers + ["tests/unit/manager"]))
        let web = try #require(reasons(a, pkg + "web").first)
        #expect(web.kind == .importFile)
        #expect(web.path == RepoPath(pkg + "common/types.py"))
        #expect(web.via == RepoPath(pkg + "web/w.py"))
        #expect(
            web.chain == [
                RepoPath(pkg + "web/w.py"), RepoPath(pkg + "manager/api.py"),
                RepoPath(pkg + "common/types.py"),
            ])
        let text = AffectedReport(a).explained()
        #expect(
            text.contains(
                "tests/unit/manager/test_api.py imports ai.backend.manager.api (\(pkg)manager/api.py) "
                    + "imports ..common.types (changed) -> tests/unit/manager"))
    }

    @Test func underAll_everyTargetIsAffectedByItsFiles_andNoImportGraphIsBuilt() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        let repository = try Repository(discoveringFrom: repo.path)
        let all = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .all)), graphCache: nil)
        #expect(all.imports == nil)
        let everyTarget = Set(all.head.workspace.targets.map(\.id))
        #expect(ids(all) == everyTarget)
        // Not --all: the same repository's change is inferred through imports.
        try repo.write("src/ai/backend/common/types.py", "class T: x = 1\n")
        _ = try repo.git("add", "-A")
        #expect(try affected(repo, dependents: .transitive).imports != nil)
    }

    @Test func dependentsDirect_stopsAtDirectImporters_andNone_isOwnersOnly() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("src/ai/backend/common/types.py", "class T: x = 1\n")
        _ = try repo.git("add", "-A")
        let pkg = "src/ai/backend/"
        let direct = ["common", "manager", "agent", "storage"].map { pkg + $0 }
        #expect(ids(try affected(repo, dependents: .direct)) == Set(direct))
        #expect(ids(try affected(repo, dependents: .none)) == [pkg + "common"])
    }

    @Test func aTargetImportingAnotherFileOfTheChangedTarget_isNotAffected_andADocstringImportIsNoEdge() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        // other/o.py imports other_mod, and names types in its docstring only.
        try repo.write("src/ai/backend/common/types.py", "class T: y = 1\n")
        _ = try repo.git("commit", "-qam", "types")
        let types = try affected(repo, .range("HEAD~1", "HEAD", threeDot: false))
        #expect(!ids(types).contains("src/ai/backend/other"))
        #expect(ids(types).contains("src/ai/backend/storage"))
        try repo.write("src/ai/backend/common/other_mod.py", "X = 2\n")
        _ = try repo.git("commit", "-qam", "other_mod")
        let other = try affected(repo, .range("HEAD~1", "HEAD", threeDot: false))
        #expect(ids(other) == ["src/ai/backend/common", "src/ai/backend/other"])
    }

    @Test func aConftestChange_reachesEveryTestFileBelowIt() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("tests/conftest.py", "import pytest\nimport os\n")
        _ = try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(ids(a) == ["//", "tests/unit/manager", "tests/unit/agent"])
        #expect(
            reasons(a, "tests/unit/agent").map(\.summary)
                == ["import tests/conftest.py via tests/unit/agent/test_nothing.py"])
    }

    @Test func deletingOrRenamingAModule_affectsItsOldImporters() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        _ = try repo.git("rm", "-q", "src/ai/backend/common/types.py")
        #expect(ids(try affected(repo)).contains("src/ai/backend/storage"))
        _ = try repo.git("reset", "-q", "--hard")
        _ = try repo.git("mv", "src/ai/backend/common/types.py", "src/ai/backend/common/kinds.py")
        let renamed = try affected(repo)
        #expect(ids(renamed).contains("src/ai/backend/agent"))
        #expect(ids(renamed).contains("tests/unit/manager"))
    }

    @Test func staged_infersFromTheIndex_notTheWorkingTree() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("src/ai/backend/web/w.py", "X = 1\n")
        _ = try repo.commitAll("web imports nothing")
        // Only the working tree gains the import: the index still holds a web module importing nothing.
        try repo.write("src/ai/backend/web/w.py", "from ai.backend.common import other_mod\n")
        try repo.write("src/ai/backend/common/other_mod.py", "X = 3\n")
        _ = try repo.git("add", "src/ai/backend/common/other_mod.py")
        #expect(!ids(try affected(repo)).contains("src/ai/backend/web"))
        // Now only the index has it.
        _ = try repo.git("add", "-A")
        try repo.write("src/ai/backend/web/w.py", "X = 1\n")
        let kinds = reasons(try affected(repo), "src/ai/backend/web").map(\.kind)
        #expect(kinds.contains(.importFile))
    }

    @Test func inferImportsFalse_turnsInferenceOff() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("preflight.toml", "[workspace]\nmarkers = [\"BUILD\"]\n[python]\ninfer-imports = false\n")
        _ = try repo.commitAll("off")
        try repo.write("src/ai/backend/common/types.py", "class T: x = 1\n")
        _ = try repo.git("add", "-A")
        #expect(ids(try affected(repo)) == ["src/ai/backend/common"])
    }

    @Test func addingAMarkerToASubdirectory_affectsTheParentTargetToo() throws {
        let repo = try ImportAffectedTests.pantsRepo()
        try repo.write("src/ai/backend/manager/sub/BUILD", "python_sources()\n")
        try repo.write("src/ai/backend/manager/sub/z.py", "Z = 1\n")
        _ = try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(ids(a) == ["src/ai/backend/manager", "src/ai/backend/manager/sub"])
        _ = try repo.commitAll("sub")
        // Unchanged files of a subdirectory are not the parent's to lose: an edit there stays the sub's.
        try repo.write("src/ai/backend/manager/sub/z.py", "Z = 2\n")
        _ = try repo.git("add", "-A")
        #expect(ids(try affected(repo)) == ["src/ai/backend/manager/sub"])
    }

    @Test func manyStagedFiles_scannedWhileTheGraphsAreBuilt_affectWhatTheWorkingTreeSays() throws {
        // Six packages under a Pants source root, each module imported from the next package.
        let repo = try TemporaryRepository()
        try repo.write("pants.toml", "[source]\nroot_patterns = [\"/src\"]\n")
        try repo.write("preflight.toml", "[workspace]\nmarkers = [\"BUILD\"]\n")
        for d in 0..<6 {
            try repo.write("src/pkg\(d)/BUILD", "python_sources()\n")
            try repo.write("src/pkg\(d)/__init__.py")
        }
        for i in 0..<300 {
            let (d, peer) = (i % 6, (i + 1) % 6)
            try repo.write("src/pkg\(d)/m\(i).py", "import os\n")
            try repo.write("src/pkg\(peer)/use_\(i).py", "from pkg\(d) import m\(i)\n")
        }
        _ = try repo.commitAll("init")
        // Every module changes; m7 (in pkg1) now imports m10 (in pkg4), which only its new blob's scan tells.
        for i in 0..<300 {
            let extra = i == 7 ? "from pkg4 import m10\n" : ""
            try repo.write("src/pkg\(i % 6)/m\(i).py", "import sys\n" + extra)
        }
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let staged = try ChangeSet.make(repository, ChangeRequest(source: .staged))
        let head = try Workspace(staged.head)
        let started = try #require(
            Affected.startImportScan(staged, head: head, dependents: .transitive, headTree: nil, cache: nil))
        #expect(started.entries.count == 300)
        let cache = GraphCache.of(commonDir: repository.commonDir)
        let scanned = try Affected(staged, graphCache: cache)
        // The working tree holds what is staged; its side is never scanned ahead.
        let workingTree = try ChangeSet.make(
            repository, ChangeRequest(source: .changedSince("HEAD", committedOnly: false)))
        #expect(
            Affected.startImportScan(
                workingTree, head: try Workspace(workingTree.head), dependents: .transitive, headTree: nil, cache: nil)
                == nil)
        let read = try Affected(workingTree, graphCache: nil)
        #expect(scanned.targets == read.targets)
        // The head's graph took the scans begun early: it answers as one built from every file.
        let derived = try #require(scanned.imports?.head)
        let whole = try ImportGraphViewTests.full(scanned.head)
        let paths = ImportGraphViewTests.paths(whole)
        #expect(
            ImportGraphViewTests.answers(derived, paths: paths) == ImportGraphViewTests.answers(whole, paths: paths))
        #expect(derived.store.imports(of: RepoPath("src/pkg1/m7.py")).map(\.file).contains(RepoPath("src/pkg4/m10.py")))
        // Asked again, the head's graph may come from the cache: the answer stays the same.
        #expect(try Affected(staged, graphCache: cache).targets == read.targets)
    }
}
