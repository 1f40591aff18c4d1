import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// Links into a submodule: a gitlink move affects the dirs whose links resolve into the changed paths.
@Suite struct SubmoduleTests {
    /// A superproject with `helpers_root` as a submodule; `a` links helpers/x.py, `b` links helpers/y.py.
    func superproject() throws -> (helpers: TemporaryRepository, repo: TemporaryRepository) {
        let repo = try TemporaryRepository()
        let helpers = try repo.addSubmodule(files: ["helpers/x.py": "x\n", "helpers/y.py": "y\n"])
        for dir in ["a", "b", "c"] { try repo.write("\(dir)/runnable_dir") }
        try repo.link("a/x.py", to: "../helpers_root/helpers/x.py")
        try repo.link("b/y.py", to: "../helpers_root/helpers/y.py")
        try repo.commitAll("init")
        return (helpers, repo)
    }

    func affectedIDs(_ repo: TemporaryRepository) throws -> [String: [String]] {
        let repository = try Repository(discoveringFrom: repo.path)
        let a = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)))
        return Dictionary(uniqueKeysWithValues: a.targets.map { ($0.target.id, $0.reasons.map(\.summary)) })
    }

    @Test func linkIntoASubmodule_resolvesToThePathInsideIt() throws {
        let (_, repo) = try superproject()
        let repository = try Repository(discoveringFrom: repo.path)
        let resolver = LinkResolver(try IndexSnapshot(repository))
        let r = try resolver.resolve(RepoPath("a/x.py"))
        #expect(r.target == RepoPath("helpers_root/helpers/x.py"))
        #expect(r.outcome == .submodule(RepoPath("helpers_root")))
        #expect(r.resolves)
    }

    @Test func movingTheSubmodule_affectsOnlyDirsLinkingToChangedPaths_whenItsObjectsArePresent() throws {
        let (helpers, repo) = try superproject()
        try helpers.write("helpers/x.py", "x2\n")
        try helpers.commitAll("change x")
        try repo.run(
            ["git", "-c", "protocol.file.allow=always", "pull", "-q", "origin", "main"],
            in: repo.path + "/helpers_root")
        try repo.git("add", "helpers_root")
        let ids = try affectedIDs(repo)
        #expect(Set(ids.keys) == ["//", "a"])
        #expect(ids["a"] == ["link-target helpers_root/helpers/x.py via a/x.py"])
    }

    @Test func movingTheSubmodule_withoutItsObjects_affectsEveryDirLinkingIntoIt() throws {
        let (helpers, repo) = try superproject()
        try helpers.write("helpers/x.py", "x2\n")
        let newCommit = try helpers.commitAll("change x")
        // Point the gitlink at a commit the submodule checkout has never fetched.
        try repo.git("update-index", "--cacheinfo", "160000,\(newCommit),helpers_root")
        let ids = try affectedIDs(repo)
        #expect(Set(ids.keys) == ["//", "a", "b"])
        #expect(ids["b"] == ["submodule helpers_root via b/y.py"])
    }
}
