import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// Which targets a change affects, and the reasons, on real repositories.
@Suite struct AffectedTests {
    func affected(_ repo: TemporaryRepository, _ source: ChangeSource) throws -> Affected {
        let repository = try Repository(discoveringFrom: repo.path)
        return try Affected(try ChangeSet.make(repository, ChangeRequest(source: source)))
    }

    func ids(_ a: Affected) -> Set<String> { Set(a.targets.map(\.target.id)) }

    func reasons(_ a: Affected, _ id: String) -> [String] {
        a.targets.first { $0.target.id == id }?.reasons.map(\.summary) ?? []
    }

    /// Runnable dirs a, b, c, d, e; b links to a helper file, c through a chain, d through a linked dir.
    func monorepo() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("helpers_root/helpers/x.py", "x = 1\n")
        try repo.write("helpers_root/helpers/y.py", "y = 1\n")
        try repo.write("helpers_root/conftest.py", "# conftest\n")
        for dir in ["a", "b", "c", "d", "e"] {
            try repo.write("\(dir)/runnable_dir")
            try repo.write("\(dir)/src/main.py", "print('\(dir)')\n")
        }
        try repo.link("b/x.py", to: "../helpers_root/helpers/x.py")
        try repo.link("c/chain.py", to: "../b/x.py")  // c -> b's link -> the helper
        try repo.link("d/helpers", to: "../helpers_root/helpers")  // a linked directory
        try repo.link("e/conftest.py", to: "../helpers_root/conftest.py")
        try repo.commitAll("init")
        return repo
    }

    @Test func editingAHelper_affectsEveryDirLinkingToIt_directlyThroughAChainOrALinkedDir_andNothingElse() throws {
        let repo = try monorepo()
        try repo.write("helpers_root/helpers/x.py", "x = 2\n")
        try repo.git("add", "-A")
        let a = try affected(repo, .staged)
        // `//` owns helpers_root itself; the runnable dirs reading it are b, c and d; a and e are untouched.
        #expect(ids(a) == ["//", "b", "c", "d"])
        #expect(reasons(a, "b") == ["link-target helpers_root/helpers/x.py via b/x.py"])
        #expect(reasons(a, "c") == ["link-target helpers_root/helpers/x.py via c/chain.py"])
        #expect(reasons(a, "d") == ["link-target helpers_root/helpers/x.py via d/helpers"])
    }

    @Test func renamingAFileOutOfOneTargetIntoAnother_affectsBoth() throws {
        let repo = try monorepo()
        try repo.git("mv", "a/src/main.py", "b/src/moved.py")
        let a = try affected(repo, .staged)
        #expect(ids(a) == ["a", "b"])
        #expect(reasons(a, "a") == ["changed-file a/src/main.py"])
        #expect(reasons(a, "b") == ["changed-file b/src/moved.py"])
    }

    @Test func deletingAWholeRunnableDir_reportsItRemoved_andAddingOne_reportsItAdded() throws {
        let repo = try monorepo()
        try repo.git("rm", "-rq", "a")
        try repo.write("f/runnable_dir")
        try repo.write("f/src/new.py", "pass\n")
        try repo.git("add", "-A")
        let a = try affected(repo, .staged)
        // `//` owns a's old paths in the head (ownership by namespace), and f's new ones in the base.
        #expect(ids(a) == ["//", "a", "f"])
        let removed = try #require(a.targets.first { $0.target.id == "a" })
        #expect(removed.status == .removed)
        #expect(removed.reasons.contains(Reason(.targetRemoved)))
        let added = try #require(a.targets.first { $0.target.id == "f" })
        #expect(added.status == .added)
        #expect(added.reasons.contains(Reason(.targetAdded)))
    }

    @Test func aGlobalInput_affectsEveryTarget() throws {
        let repo = try monorepo()
        try repo.write("preflight.toml", "")
        try repo.git("add", "-A")
        let a = try affected(repo, .staged)
        #expect(ids(a) == ["//", "a", "b", "c", "d", "e"])
        #expect(reasons(a, "e").contains("global-input preflight.toml (preflight.toml)"))
    }

    @Test func unchangedHelperFiles_doNotAffectTheirLinkers() throws {
        let repo = try monorepo()
        try repo.write("helpers_root/helpers/y.py", "y = 2\n")
        try repo.git("add", "-A")
        let a = try affected(repo, .staged)
        // d links the whole helpers dir, so y.py reaches it; b and c read only x.py.
        #expect(ids(a) == ["//", "d"])
    }

    @Test func retargetingALink_affectsItsDirThroughTheOldAndTheNewTarget() throws {
        let repo = try monorepo()
        try repo.link("e/conftest.py", to: "../helpers_root/helpers/y.py")
        try repo.git("add", "-A")
        let a = try affected(repo, .staged)
        #expect(ids(a) == ["e"])
    }

    @Test func deletingALinkTarget_affectsTheLinkersThroughTheBaseGraph() throws {
        let repo = try monorepo()
        try repo.git("rm", "-q", "helpers_root/conftest.py")
        let a = try affected(repo, .staged)
        #expect(ids(a) == ["//", "e"])
        #expect(reasons(a, "e") == ["link-target helpers_root/conftest.py via e/conftest.py"])
    }

    @Test func reasonsOnlyTheHeadGives_areKept_aNewLinkOrANewRunnableDir() throws {
        let repo = try monorepo()
        try repo.write("helpers_root/helpers/x.py", "x = 2\n")
        try repo.link("a/x.py", to: "../helpers_root/helpers/x.py")  // only the head's graph has this link
        try repo.write("e/tool/runnable_dir")  // only the head has this target
        try repo.write("e/tool/main.py", "print('tool')\n")
        try repo.git("add", "-A")
        let a = try affected(repo, .staged)
        #expect(reasons(a, "a").contains("link-target helpers_root/helpers/x.py via a/x.py"), "\(reasons(a, "a"))")
        #expect(reasons(a, "e/tool").contains("changed-file e/tool/main.py"), "\(reasons(a, "e/tool"))")
        #expect(reasons(a, "b") == ["link-target helpers_root/helpers/x.py via b/x.py"])
    }

    @Test func aTargetWithManyChangedFiles_listsEachOnce_inPathOrder() throws {
        let repo = try monorepo()
        let names = (0..<40).map { "f\($0 < 10 ? "0" : "")\($0).py" }
        for name in names { try repo.write("a/src/\(name)", "v = 1\n") }
        try repo.commitAll("files")
        for name in names { try repo.write("a/src/\(name)", "v = 2\n") }
        try repo.commitAll("edit")
        let a = try affected(repo, .range("HEAD~1", "HEAD", threeDot: false))
        let changed = try #require(a.targets.first { $0.target.id == "a" }).reasons.filter { $0.kind == .changedFile }
        #expect(changed.map(\.path) == names.map { Optional(RepoPath("a/src/\($0)")) })
    }

    @Test func noChange_affectsNothing() throws {
        let repo = try monorepo()
        let a = try affected(repo, .staged)
        #expect(a.targets.isEmpty)
    }

    @Test func missingBaseWithPolicyAll_marksEveryTargetMissingBase() throws {
        let repo = try monorepo()
        let repository = try Repository(discoveringFrom: repo.path)
        let cs = try ChangeSet.make(
            repository,
            ChangeRequest(
                source: .changedSince("nope", committedOnly: false),
                onMissingBase: .all))
        let a = try Affected(cs)
        #expect(ids(a) == ["//", "a", "b", "c", "d", "e"])
        #expect(a.targets.allSatisfy { $0.reasons == [Reason(.missingBase)] })
    }
}
