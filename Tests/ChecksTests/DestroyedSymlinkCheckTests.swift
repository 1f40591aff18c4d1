import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// `destroyed-symlink`: a link in base that became a file holding its text or a copy of its target.
@Suite struct DestroyedSymlinkCheckTests {
    let check = DestroyedSymlinkCheck()

    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("helpers_root/pytest.ini", "[pytest]\nmarkers = slow\n")
        try repo.link("a/pytest.ini", to: "../helpers_root/pytest.ini")
        try repo.commitAll("base")
        return repo
    }

    // MARK: triggering

    @Test(arguments: Mode.allCases, ["", "\n", "\r\n"])
    func linkReplacedByItsLinkText_isAnError(mode: Mode, ending: String) throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "../helpers_root/pytest.ini" + ending)
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(
            found.map(\.message) == ["link was replaced by a file holding its link text '../helpers_root/pytest.ini'"])
        #expect(found.first?.path == RepoPath("a/pytest.ini"))
        #expect(found.first?.target == "a")
        #expect(found.first?.fix?.contains("ln -sfn '../helpers_root/pytest.ini' 'a/pytest.ini'") == true)
    }

    @Test(arguments: Mode.allCases) func linkReplacedByACopyOfItsTarget_isAnError(mode: Mode) throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "[pytest]\nmarkers = slow\n")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(found.map(\.message) == ["link was replaced by a copy of its target helpers_root/pytest.ini"])
    }

    @Test(arguments: Mode.allCases) func linkDestroyedAndRenamedInOneChange_isAnErrorAtTheNewPath(mode: Mode) throws {
        let repo = try repository()
        try repo.remove("a/pytest.ini")
        try repo.write("a/pytest.cfg", "[pytest]\nmarkers = slow\n")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(
            found.map(\.message)
                == [
                    "link a/pytest.ini was moved to a/pytest.cfg and replaced by a copy of its target helpers_root/pytest.ini"
                ])
        #expect(found.first?.path == RepoPath("a/pytest.cfg"))
    }

    @Test(arguments: Mode.allCases) func linkMovedToAnotherDirAsItsText_isAnError(mode: Mode) throws {
        let repo = try repository()
        try repo.remove("a/pytest.ini")
        try repo.write("b/pytest.ini", "../helpers_root/pytest.ini\n")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(found.map(\.path) == [RepoPath("b/pytest.ini")])
    }

    @Test func workingTreeMode_readsTheFileFromDisk() throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "../helpers_root/pytest.ini\n")
        let found = try CheckTesting.findings(
            check, repo, ChangeRequest(source: .changedSince("main", committedOnly: false)))
        #expect(found.count == 1)
    }

    // MARK: not triggering

    @Test(arguments: Mode.allCases) func linkReplacedByACustomisedFile_isFine(mode: Mode) throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "[pytest]\nmarkers = slow, superslow\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    @Test(arguments: Mode.allCases) func linkDeletedOrRetargeted_isFine(mode: Mode) throws {
        let repo = try repository()
        try repo.write("helpers_root/other.ini", "other\n")
        try repo.link("a/pytest.ini", to: "../helpers_root/other.ini")
        try repo.write("a/copy.ini", "x\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    @Test(arguments: Mode.allCases) func unrelatedNewFileEqualToATarget_isFine(mode: Mode) throws {
        let repo = try repository()
        try repo.remove("a/pytest.ini")
        // Same bytes as the deleted link's target, but neither in its directory nor with its name.
        try repo.write("docs/example.cfg", "[pytest]\nmarkers = slow\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    // MARK: --fix

    @Test(arguments: ["../helpers_root/pytest.ini\n", "[pytest]\nmarkers = slow\n"])
    func fix_putsTheLinkBack_andTheChecksThenPass(content: String) throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", content)
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, .staged)
        let outcomes = Fixer.apply(found, in: try Repository(discoveringFrom: repo.path))
        #expect(outcomes.map(\.applied) == [true])
        #expect(try repo.run(["readlink", "a/pytest.ini"]) == "../helpers_root/pytest.ini")
        #expect(try repo.git("diff", "--cached", "--name-only") == "a/pytest.ini", "the index is left to the user")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, .staged).isEmpty)
        #expect(try CheckTesting.findings(SymlinkCheck(), repo, .staged).isEmpty)
        #expect(try repo.git("status", "--porcelain") == "", "back to the committed link")
    }

    @Test func fix_leavesAMovedLinkToTheUser() throws {
        let repo = try repository()
        try repo.git("rm", "-q", "a/pytest.ini")
        try repo.write("a/pytest.cfg", "../helpers_root/pytest.ini")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, .staged)
        #expect(found.count == 1)
        #expect(found.first?.autofix == nil)
    }
}
