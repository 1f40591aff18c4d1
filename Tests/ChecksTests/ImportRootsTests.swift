import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Model

/// Source roots and module resolution: runnable dirs, Causify's links, configured and Pants roots.
@Suite struct ImportRootsTests {
    func affected(_ repo: TemporaryRepository) throws -> Affected {
        let repository = try Repository(discoveringFrom: repo.path)
        return try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: nil)
    }

    func graph(_ repo: TemporaryRepository) throws -> ImportGraph {
        let repository = try Repository(discoveringFrom: repo.path)
        let dependencies = try DependencyGraph(try Workspace(try IndexSnapshot(repository)), cache: LinkTextCache())
        return try #require(try ImportGraph.inferred(dependencies, cache: nil))
    }

    func ids(_ a: Affected) -> Set<String> { Set(a.targets.map(\.target.id)) }

    /// Causify: runnable dirs `amp` and `dev` at the root, `amp/helpers` a link to `helpers_root/helpers`.
    func causifyRepo() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("helpers_root/helpers/__init__.py")
        try repo.write("helpers_root/helpers/hio.py", "import os\n")
        for dir in ["amp", "dev", "lonely"] { try repo.write("\(dir)/runnable_dir") }
        try repo.link("amp/helpers", to: "../helpers_root/helpers")
        try repo.write("amp/core/__init__.py")
        try repo.write("amp/core/io.py", "import helpers.hio as hio\n")
        try repo.write("dev/tool.py", "from amp.core import io\n")
        try repo.write("lonely/x.py", "import json\n")
        _ = try repo.commitAll("init")
        return repo
    }

    @Test func aRunnableDirImportingAnotherRunnableDirsModuleFromTheRoot_isAffected() throws {
        let repo = try causifyRepo()
        try repo.write("amp/core/io.py", "import helpers.hio as hio\nX = 1\n")
        _ = try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(ids(a) == ["amp", "dev"])
        #expect(a.targets.last?.reasons.map(\.summary) == ["import amp/core/io.py via dev/tool.py"])
    }

    @Test func importingThroughALinkedDirectory_reachesTheLinksTarget_andLinksKeepWorking() throws {
        let repo = try causifyRepo()
        try repo.write("helpers_root/helpers/hio.py", "import os\nimport sys\n")
        _ = try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(ids(a) == ["//", "amp", "dev"])
        let amp = a.targets.first { $0.target.id == "amp" }?.reasons.map(\.summary) ?? []
        #expect(amp.contains("link-target helpers_root/helpers/hio.py via amp/helpers"))
        #expect(amp.contains("import helpers_root/helpers/hio.py via amp/core/io.py"))
        let edges = try graph(repo).imports[RepoPath("amp/core/io.py")]?.map(\.file) ?? []
        // The link and its target both count; `import a.b` reaches the deepest module only.
        #expect(edges == [RepoPath("amp/helpers"), RepoPath("helpers_root/helpers/hio.py")])
    }

    @Test func configuredRoots_replaceTheDefaults_andModuleNamesComeFromTheDeepestRoot() throws {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", "[python]\nroots = [\"\", \"libs/py\"]\n")
        try repo.write("libs/py/pkg/__init__.py")
        try repo.write("libs/py/pkg/mod.py", "X = 1\n")
        try repo.write("app/main.py", "from pkg.mod import X\nimport libs.py.pkg\n")
        try repo.write("src/pkg/mod.py", "Y = 1\n")
        _ = try repo.commitAll("init")
        let g = try graph(repo)
        #expect(
            g.imports[RepoPath("app/main.py")]?.map(\.file)
                == [RepoPath("libs/py/pkg/__init__.py"), RepoPath("libs/py/pkg/mod.py")])
        #expect(g.roots.moduleName(of: RepoPath("libs/py/pkg/mod.py")) == "pkg.mod")
        #expect(g.roots.moduleName(of: RepoPath("libs/py/pkg/__init__.py")) == "pkg")
    }

    @Test func pantsBarePatterns_matchEveryDirectoryOfThatName_andWithoutConfigRootAndSrcAreRoots() throws {
        let repo = try TemporaryRepository()
        try repo.write("pants.toml", "[source]\nroot_patterns = [\"src\"]\n")
        try repo.write("one/src/alpha.py", "A = 1\n")
        try repo.write("two/src/beta.py", "import alpha\n")
        _ = try repo.commitAll("init")
        #expect(try graph(repo).roots.roots == [RepoPath("one/src"), RepoPath("two/src")])
        #expect(try graph(repo).imports[RepoPath("two/src/beta.py")]?.map(\.file) == [RepoPath("one/src/alpha.py")])
        try repo.remove("pants.toml")
        try repo.write("src/gamma.py", "import alpha\nimport one.src.alpha\n")
        _ = try repo.commitAll("no pants")
        let g = try graph(repo)
        #expect(g.roots.roots == [RepoPath("src"), .root])
        #expect(g.imports[RepoPath("src/gamma.py")]?.map(\.file) == [RepoPath("one/src/alpha.py")])
        #expect(g.unresolved[RepoPath("src/gamma.py")] == ["alpha"])
    }

    @Test func depsAndDependents_listWhatAPathImportsAndWhatImportsIt() throws {
        let repo = try causifyRepo()
        let g = try graph(repo)
        #expect(
            g.query(RepoPath("dev/tool.py"), dependents: false, transitive: false)
                == [RepoPath("amp/core/__init__.py"), RepoPath("amp/core/io.py")])
        #expect(
            g.query(RepoPath("helpers_root/helpers/hio.py"), dependents: true, transitive: false)
                == [RepoPath("amp/core/io.py")])
        #expect(
            g.query(RepoPath("helpers_root"), dependents: true, transitive: true)
                == [RepoPath("amp/core/io.py"), RepoPath("dev/tool.py")])
        #expect(g.query(RepoPath("missing.py"), dependents: true, transitive: true) == nil)
    }

    @Test func aBasePantsTomlThatNoLongerParses_isAWarning_andTheHeadsRootsRule() throws {
        let repo = try TemporaryRepository()
        try repo.write("pants.toml", "[source\n")
        try repo.write("src/pkg/BUILD")
        try repo.write("src/pkg/__init__.py")
        try repo.write("src/pkg/a.py", "X = 1\n")
        try repo.write("src/app/BUILD")
        try repo.write("src/app/main.py", "from pkg.a import X\n")
        try repo.write("preflight.toml", "[workspace]\nmarkers = [\"BUILD\"]\nglobal-inputs = []\n")
        _ = try repo.commitAll("a pants.toml that does not parse")
        try repo.write("pants.toml", "[source]\nroot_patterns = [\"/src\"]\n")
        try repo.write("src/pkg/a.py", "X = 2\n")
        _ = try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(
            a.warnings.contains { $0.hasPrefix("base pants.toml ignored, the head's rules: pants.toml:1:") },
            "\(a.warnings)")
        #expect(ids(a).isSuperset(of: ["src/pkg", "src/app"]), "\(ids(a))")
    }
}
