import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// `managed-link`: a runnable dir's file equal to its counterpart in the common source should be a link.
@Suite struct ManagedLinkCheckTests {
    let check = ManagedLinkCheck()

    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("helpers_root/pytest.ini", "[pytest]\n")
        try repo.write("helpers_root/devops/docker_build/dev.Dockerfile", "FROM python:3.12\n")
        try repo.write("helpers_root/changelog.txt", "# helpers-1.0.0\n")
        try repo.write("helpers_root/empty.py", "")
        try repo.commitAll("base")
        return repo
    }

    // MARK: triggering

    @Test(arguments: Mode.allCases) func aCopyOfTheCommonSource_shouldBeALink(mode: Mode) throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "[pytest]\n")
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.12\n")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(found.map(\.path) == [RepoPath("a/devops/docker_build/dev.Dockerfile"), RepoPath("a/pytest.ini")])
        #expect(found.last?.message == "file is a copy of helpers_root/pytest.ini and should be a link to it")
        #expect(
            found.first?.autofix
                == .replaceWithLink(
                    path: RepoPath("a/devops/docker_build/dev.Dockerfile"),
                    linkText: Array("../../../helpers_root/devops/docker_build/dev.Dockerfile".utf8),
                    expected: try #require(
                        Repository(discoveringFrom: repo.path).blobID(of: Array("FROM python:3.12\n".utf8)))))
    }

    @Test(arguments: Mode.allCases) func aCopyOfASubmoduleCommonSource_shouldBeALink(mode: Mode) throws {
        let repo = try TemporaryRepository()
        let helpers = try repo.addSubmodule(files: ["pytest.ini": "[pytest]\n"])
        defer { withExtendedLifetime(helpers) {} }  // its folder is the submodule's origin until the test ends
        try repo.write("a/runnable_dir")
        try repo.commitAll("init")
        try repo.write("a/pytest.ini", "[pytest]\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).map(\.path) == [RepoPath("a/pytest.ini")])
    }

    @Test func configuredCommonSource_isUsed() throws {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", "[links]\ncommon-source = \"shared\"\n")
        try repo.write("shared/tasks.py", "tasks\n")
        try repo.write("a/runnable_dir")
        try repo.commitAll("base")
        try repo.write("a/tasks.py", "tasks\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, .staged).map(\.path) == [RepoPath("a/tasks.py")])
    }

    // MARK: not triggering

    @Test(arguments: Mode.allCases) func customisedCopiesOwnFilesEmptyFilesAndKeptCopies_areFine(mode: Mode) throws {
        let repo = try repository()
        try repo.write("preflight.toml", "[links]\nkeep-copies = [\"a/devops/**\"]\n")
        try repo.write("a/pytest.ini", "[pytest]\naddopts = -q\n")  // customised
        try repo.write("a/changelog.txt", "# helpers-1.0.0\n")  // the dir's own
        try repo.write("a/empty.py", "")  // empty
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.12\n")  // kept on purpose
        try repo.write("outside/pytest.ini", "[pytest]\n")  // not in a runnable dir
        try repo.link("a/linked.ini", to: "../helpers_root/pytest.ini")  // already a link
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    @Test func withoutACommonSource_nothingIsChecked() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("a/pytest.ini", "[pytest]\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, .staged).isEmpty)
    }

    // MARK: --fix

    @Test func fix_makesLinksTheSymlinkCheckAccepts_andTouchesNothingElse() throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "[pytest]\n")
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.12\n")
        try repo.write("a/own.py", "mine\n")
        try repo.git("add", "-A")
        let before = try repo.fingerprint()
        let found = try CheckTesting.findings(check, repo, .staged)
        let outcomes = Fixer.apply(found, in: try Repository(discoveringFrom: repo.path))
        #expect(outcomes.map(\.applied) == [true, true])
        #expect(try repo.run(["readlink", "a/pytest.ini"]) == "../helpers_root/pytest.ini")
        #expect(
            try repo.run(["readlink", "a/devops/docker_build/dev.Dockerfile"])
                == "../../../helpers_root/devops/docker_build/dev.Dockerfile")
        // Only the working tree changed: the index is what it was, and no other file moved.
        let after = try repo.fingerprint()
        let changedLines = Set(after.split(separator: "\n")).symmetricDifference(Set(before.split(separator: "\n")))
        #expect(changedLines.allSatisfy { $0.contains("a/pytest.ini") || $0.contains("dev.Dockerfile") })
        #expect(try repo.git("diff", "--cached", "--name-only").split(separator: "\n").count == 3)
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(SymlinkCheck(), repo, .staged).isEmpty)
        #expect(try CheckTesting.findings(check, repo, .staged).isEmpty)
        #expect(try repo.run(["git", "ls-files", "-s", "a/pytest.ini"]).hasPrefix("120000 "))
    }

    @Test func fix_leavesAFileWithUnstagedEditsAlone() throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "[pytest]\n")
        try repo.git("add", "-A")
        try repo.write("a/pytest.ini", "[pytest]\n# my unstaged edit\n")
        let found = try CheckTesting.findings(check, repo, .staged)
        let outcomes = Fixer.apply(found, in: try Repository(discoveringFrom: repo.path))
        #expect(outcomes.map(\.applied) == [false])
        #expect(try repo.read("a/pytest.ini") == "[pytest]\n# my unstaged edit\n")
    }
}
