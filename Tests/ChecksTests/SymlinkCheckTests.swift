import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// `symlink`: every link in scope resolves in the head snapshot (the index when staged, the commit in a range).
@Suite struct SymlinkCheckTests {
    let check = SymlinkCheck()

    /// A repository with a runnable dir `a`, a helper file and a committed base.
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("helpers_root/tool.py", "tool\n")
        try repo.write("VERSION", "1.0.0\n")
        try repo.link("a/tool.py", to: "../helpers_root/tool.py")
        try repo.commitAll("base")
        return repo
    }

    func messages(_ findings: [Finding]) -> [String] { findings.map { "\($0.path!) \($0.severity): \($0.message)" } }

    // MARK: triggering

    @Test(arguments: Mode.allCases) func danglingLink_isAnError(mode: Mode) throws {
        let repo = try repository()
        try repo.link("a/missing.py", to: "../helpers_root/missing.py")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(messages(found) == ["a/missing.py error: link target does not exist: helpers_root/missing.py"])
        #expect(found.first?.target == "a")
    }

    @Test(arguments: Mode.allCases) func loop_isItsOwnMessage(mode: Mode) throws {
        let repo = try repository()
        try repo.link("a/x", to: "y")
        try repo.link("a/y", to: "x")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(found.count == 2)
        #expect(found.map(\.message) == ["link loop: a/x -> a/y -> a/x", "link loop: a/y -> a/x -> a/y"])
        #expect(found.allSatisfy { $0.severity == .error })
    }

    @Test(arguments: Mode.allCases) func absoluteLink_isAnError(mode: Mode) throws {
        let repo = try repository()
        try repo.link("a/passwd", to: "/etc/passwd")
        try repo.git("add", "-A")
        #expect(
            messages(try CheckTesting.findings(check, repo, mode)) == ["a/passwd error: link is absolute: /etc/passwd"])
    }

    @Test(arguments: Mode.allCases) func linkClimbingOutOfTheRepository_isAnError(mode: Mode) throws {
        let repo = try repository()
        try repo.link("a/out", to: "../../../etc/hosts")
        try repo.git("add", "-A")
        #expect(
            messages(try CheckTesting.findings(check, repo, mode))
                == ["a/out error: link climbs out of the repository: ../../../etc/hosts"])
    }

    @Test(arguments: Mode.allCases) func linkIntoTheGitDirectory_isAnError(mode: Mode) throws {
        let repo = try repository()
        try repo.link("a/config", to: "../.git/config")
        try repo.git("add", "-A")
        #expect(
            messages(try CheckTesting.findings(check, repo, mode)) == [
                "a/config error: link points into .git/: .git/config"
            ])
    }

    @Test(arguments: Mode.allCases) func linkToAnIgnoredFileThatExistsLocally_isAnError(mode: Mode) throws {
        let repo = try repository()
        try repo.write(".gitignore", "/secrets.env\n")
        try repo.write("secrets.env", "TOKEN=1\n")
        try repo.link("a/secrets.env", to: "../secrets.env")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(
            messages(found) == [
                "a/secrets.env error: link target is ignored by git, so a fresh clone lacks it: secrets.env"
            ])
    }

    @Test(arguments: Mode.allCases) func linkToAnUntrackedFile_isAnError(mode: Mode) throws {
        let repo = try repository()
        try repo.write("notes.txt", "local\n")
        try repo.link("a/notes.txt", to: "../notes.txt")
        try repo.git("add", "a/notes.txt")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(messages(found) == ["a/notes.txt error: link target is not tracked: notes.txt"])
        #expect(found.first?.fix?.contains("git add notes.txt") == true)
    }

    /// The acceptance case: `git mv VERSION VERSION.txt` with 28 links to VERSION gives 28 findings.
    @Test(arguments: Mode.allCases) func renamedTarget_isReportedAtEveryLinkThatDidNotChange(mode: Mode) throws {
        let repo = try repository()
        for i in 0..<28 {
            try repo.write("d\(i)/runnable_dir")
            try repo.link("d\(i)/VERSION", to: "../VERSION")
        }
        try repo.commitAll("links")
        try repo.git("mv", "VERSION", "VERSION.txt")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(found.count == 28)
        #expect(Set(found.map(\.path!)) == Set((0..<28).map { RepoPath("d\($0)/VERSION") }))
        #expect(found.allSatisfy { $0.message == "link target was renamed by this change: VERSION -> VERSION.txt" })
        #expect(found.first { $0.path == RepoPath("d3/VERSION") }?.fix?.contains("'../VERSION.txt'") == true)
        #expect(found.first { $0.path == RepoPath("d3/VERSION") }?.target == "d3")
    }

    @Test(arguments: Mode.allCases) func deletedTarget_isReportedAtTheLink(mode: Mode) throws {
        let repo = try repository()
        try repo.git("rm", "-q", "helpers_root/tool.py")
        #expect(
            messages(try CheckTesting.findings(check, repo, mode))
                == ["a/tool.py error: link target was deleted by this change: helpers_root/tool.py"])
    }

    @Test(arguments: Mode.allCases) func renamedDirectory_isReportedThroughADirectoryLink(mode: Mode) throws {
        let repo = try repository()
        try repo.link("a/helpers", to: "../helpers_root")
        try repo.commitAll("dir link")
        try repo.git("mv", "helpers_root", "common")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(Set(found.map(\.path!)) == [RepoPath("a/helpers"), RepoPath("a/tool.py")])
        #expect(found.contains { $0.message == "link target was renamed by this change: helpers_root -> common" })
    }

    @Test(arguments: Mode.allCases) func brokenChain_namesTheLinkOnTheWay(mode: Mode) throws {
        let repo = try repository()
        try repo.link("b/tool.py", to: "../a/tool.py")
        try repo.commitAll("chain")
        try repo.git("rm", "-q", "helpers_root/tool.py")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(
            messages(found).contains(
                "b/tool.py error: link target was deleted by this change: helpers_root/tool.py (through the link a/tool.py)"
            ))
    }

    /// Staged mode judges the index: a broken staged link fails even when the working tree is fine.
    @Test(arguments: Mode.allCases) func linkBrokenInTheSnapshot_failsWhileTheWorkingTreeIsFine(mode: Mode) throws {
        let repo = try repository()
        try repo.link("a/tool.py", to: "../helpers_root/tool.pyy")
        try repo.git("add", "-A")
        try repo.link("a/tool.py", to: "../helpers_root/tool.py")
        #expect(
            messages(try CheckTesting.findings(check, repo, mode))
                == ["a/tool.py error: link target does not exist: helpers_root/tool.pyy"])
    }

    @Test(arguments: Mode.allCases) func linkFineInTheSnapshot_passesWhileTheWorkingTreeIsBroken(mode: Mode) throws {
        let repo = try repository()
        try repo.link("a/other.py", to: "../helpers_root/tool.py")
        try repo.git("add", "-A")
        try repo.link("a/other.py", to: "../helpers_root/nothing.py")
        try repo.remove("helpers_root/tool.py")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    // MARK: scope

    /// The links a change's touched paths reach on either side, as the graphs answer each path.
    func linksReached(_ affected: Affected) -> Set<RepoPath> {
        var links = Set<RepoPath>()
        for path in affected.changeSet.touchedPaths {
            for graph in [affected.base, affected.head] {
                for (input, _) in graph.linkInputs(touchedBy: path) { links.insert(input.link) }
            }
        }
        return links
    }

    @Test func theLinksAffectedReached_areTheGraphsAnswersForEveryTouchedPath() throws {
        let fixtures = GraphCacheInPlaceTests()
        for (label, edit) in fixtures.edits {
            let repo = try fixtures.repository()
            try edit(repo)
            _ = try repo.commitAll(label)
            let repository = try Repository(discoveringFrom: repo.path)
            let request = ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false))
            // Cold, then warm: a warm run may ask only the base when both sides hold the same links.
            for run in ["cold", "warm"] {
                let affected = try Affected(try ChangeSet.make(repository, request))
                let reached = try #require(affected.linksReachedByTouchedPaths, "\(label), \(run)")
                #expect(reached == linksReached(affected), "\(label), \(run)")
                let readByNoLink = ["edit a file no link reads", "add a file beside link targets"]
                #expect(reached.isEmpty == readByNoLink.contains(label), "\(label), \(run)")
            }
        }
    }

    @Test func aSubmoduleBump_leavesTheLinksIntoItToItsOwnScope() throws {
        let (helpers, repo) = try superproject()
        try repo.link("a/x.py", to: "../helpers_root/helpers/x.py")
        try repo.write("lib/y.py", "y\n")
        try repo.link("a/y.py", to: "../lib/y.py")
        try repo.commitAll("links")
        try bump(repo, helpers) { try $0.write("helpers/x.py", "x2\n") }
        try repo.write("lib/y.py", "y2\n")
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let affected = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)))
        // a/x.py is affected through the bumped submodule, but no touched path of this repository reaches it.
        #expect(
            affected.targets.first { $0.target.path == RepoPath("a") }?.reasons.contains {
                $0.via == RepoPath("a/x.py")
            } == true)
        #expect(affected.linksReachedByTouchedPaths == [RepoPath("a/y.py")])
        #expect(linksReached(affected) == [RepoPath("a/y.py")])
    }

    // MARK: submodules

    func superproject() throws -> (helpers: TemporaryRepository, repo: TemporaryRepository) {
        let repo = try TemporaryRepository()
        let helpers = try repo.addSubmodule(files: ["helpers/x.py": "x\n"])
        try repo.write("a/runnable_dir")
        try repo.commitAll("init")
        return (helpers, repo)
    }

    @Test(arguments: Mode.allCases) func linkIntoAPresentSubmodule_isCheckedAtItsPinnedCommit(mode: Mode) throws {
        let (_, repo) = try superproject()
        try repo.link("a/x.py", to: "../helpers_root/helpers/x.py")
        try repo.link("a/gone.py", to: "../helpers_root/helpers/gone.py")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(found.count == 1)
        #expect(found.first?.path == RepoPath("a/gone.py"))
        #expect(found.first?.message.hasPrefix("link target does not exist in submodule helpers_root at ") == true)
        #expect(found.first?.message.hasSuffix(": helpers/gone.py") == true)
    }

    /// Bumps the submodule to a commit of `helpers` made by `edit`, staged in `repo` (not committed).
    func bump(
        _ repo: TemporaryRepository, _ helpers: TemporaryRepository, _ edit: (TemporaryRepository) throws -> Void
    ) throws {
        try edit(helpers)
        try helpers.commitAll("bump")
        try repo.run(
            ["git", "-c", "protocol.file.allow=always", "pull", "-q", "origin", "main"],
            in: repo.path + "/helpers_root")
        try repo.git("add", "helpers_root")
    }

    @Test(arguments: Mode.allCases) func submoduleBumpThatDeletesALinksTarget_isAnError(mode: Mode) throws {
        let (helpers, repo) = try superproject()
        try repo.link("a/x.py", to: "../helpers_root/helpers/x.py")
        try repo.link("a/helpers", to: "../helpers_root/helpers")
        try repo.link("a/via-dir.py", to: "helpers/x.py")
        try repo.commitAll("links into the submodule")
        try bump(repo, helpers) { try $0.remove("helpers/x.py") }
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(found.map(\.path) == [RepoPath("a/via-dir.py"), RepoPath("a/x.py")], "\(messages(found))")
        #expect(found.allSatisfy { $0.severity == .error && $0.message.hasSuffix(": helpers/x.py") })
    }

    @Test(arguments: Mode.allCases) func submoduleBumpThatKeepsEveryLinksTarget_isClean(mode: Mode) throws {
        let (helpers, repo) = try superproject()
        try repo.link("a/x.py", to: "../helpers_root/helpers/x.py")
        try repo.commitAll("a link into the submodule")
        try bump(repo, helpers) {
            try $0.write("helpers/x.py", "x2\n")
            try $0.write("helpers/y.py", "y\n")
        }
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    @Test(arguments: Mode.allCases) func submoduleBumpToACommitNotHere_warnsAtEveryLinkIntoIt(mode: Mode) throws {
        let (helpers, repo) = try superproject()
        try repo.link("a/x.py", to: "../helpers_root/helpers/x.py")
        try repo.commitAll("a link into the submodule")
        try helpers.remove("helpers/x.py")
        let unfetched = try helpers.commitAll("x removed, never fetched here")
        try repo.git("update-index", "--cacheinfo", "160000,\(unfetched),helpers_root")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(
            messages(found) == [
                "a/x.py warning: cannot check link into submodule helpers_root: its objects are not here"
            ])
    }

    @Test(arguments: Mode.allCases) func linkIntoASubmoduleFromItsModulesStore_isChecked(mode: Mode) throws {
        let (_, repo) = try superproject()
        // Deinit removes the checkout but keeps .git/modules/helpers_root: the objects are still here.
        try repo.git("submodule", "deinit", "-q", "-f", "helpers_root")
        try repo.link("a/gone.py", to: "../helpers_root/helpers/gone.py")
        try repo.link("a/x.py", to: "../helpers_root/helpers/x.py")
        try repo.git("add", "a")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(found.map(\.path) == [RepoPath("a/gone.py")])
        #expect(found.first?.severity == .error)
    }

    @Test(arguments: Mode.allCases) func linkIntoAnAbsentSubmodule_isAWarningNotAnError(mode: Mode) throws {
        let (_, origin) = try superproject()
        let clonePath = origin.path + "-clone"
        try origin.run(["git", "clone", "-q", origin.path, clonePath])
        let repo = try TemporaryRepository(adopting: clonePath)
        try repo.link("a/x.py", to: "../helpers_root/helpers/x.py")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(
            messages(found) == [
                "a/x.py warning: cannot check link into submodule helpers_root: its objects are not here"
            ])
    }

    // MARK: not triggering

    @Test(arguments: Mode.allCases) func chainsAndLinkedDirectories_resolve(mode: Mode) throws {
        let repo = try repository()
        try repo.link("a/helpers", to: "../helpers_root")
        try repo.link("a/via-dir.py", to: "helpers/tool.py")
        try repo.link("a/chain.py", to: "tool.py")
        try repo.link("a/dir", to: "../helpers_root/")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    @Test(arguments: Mode.allCases) func unrelatedChange_checksNoLinks(mode: Mode) throws {
        let repo = try repository()
        // A dangling link committed long ago is out of scope for a change that does not touch it.
        try repo.link("old/dangling", to: "nowhere")
        try repo.commitAll("old")
        try repo.write("helpers_root/other.py", "other\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    @Test func all_checksEveryLink() throws {
        let repo = try repository()
        try repo.link("old/dangling", to: "nowhere")
        try repo.commitAll("old")
        let found = try CheckTesting.findings(check, repo, ChangeRequest(source: .all))
        #expect(messages(found) == ["old/dangling error: link target does not exist: old/nowhere"])
    }

    @Test func workingTreeMode_readsTheWorkingTreeAndFindsUntrackedTargets() throws {
        let repo = try repository()
        try repo.write("scratch.txt", "local\n")
        try repo.link("a/scratch.txt", to: "../scratch.txt")
        let request = ChangeRequest(source: .changedSince("main", committedOnly: false), untracked: true)
        let found = try CheckTesting.findings(check, repo, request)
        #expect(messages(found) == ["a/scratch.txt error: link target is not tracked: scratch.txt"])
    }

    @Test func anUnreadableIndex_isAnError_notEveryTargetUntracked() throws {
        let repo = try repository()
        try repo.write("scratch.txt", "local\n")
        try repo.link("a/scratch.txt", to: "../scratch.txt")
        let request = ChangeRequest(source: .changedSince("main", committedOnly: false), untracked: true)
        let affected = try Affected(try ChangeSet.make(try Repository(discoveringFrom: repo.path), request))
        try repo.write(".git/index", "not an index\n")
        #expect(throws: HistoryError.self) { try CheckRun.run([check], in: CheckContext(affected)) }
    }

    @Test func aLinkWithAnEmptyText_isAFinding_notALinkToItsOwnDirectory() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("base")
        let empty = try repo.git("hash-object", "-w", "--stdin").trimmingCharacters(in: .whitespacesAndNewlines)
        try repo.git("update-index", "--add", "--cacheinfo", "120000,\(empty),a/empty")
        let found = try CheckTesting.findings(check, repo, ChangeRequest(source: .staged))
        #expect(found.map(\.message) == ["link text is empty"])
        #expect(found.first?.path == RepoPath("a/empty"))
    }
}
