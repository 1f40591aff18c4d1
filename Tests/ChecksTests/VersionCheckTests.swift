import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// `version`: version files parse under the scheme, agree, and change only in release commits when asked.
@Suite struct VersionCheckTests {
    let check = VersionCheck()

    func repository(config: String = "") throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        if !config.isEmpty { try repo.write("preflight.toml", config) }
        try repo.write("VERSION", "26.3.0\n")
        try repo.write("a/runnable_dir")
        try repo.link("a/VERSION", to: "../VERSION")
        try repo.commitAll("release: 26.3.0")
        return repo
    }

    func summary(_ found: [Finding]) -> [String] {
        found.map { "\($0.path!):\($0.line.map(String.init) ?? "-") \($0.message)" }
    }

    // MARK: triggering

    @Test(arguments: Mode.allCases) func unparsableVersion_isAnErrorWithItsLine(mode: Mode) throws {
        let repo = try repository()
        try repo.write("VERSION", "\n26.8.0-final\n")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(summary(found) == ["VERSION:2 '26.8.0-final' is not a PEP 440 version: unexpected '-final'"])
        #expect(found.first?.target == "//")
    }

    @Test(arguments: Mode.allCases) func pep440IsNotSemver_underTheSemverScheme(mode: Mode) throws {
        let repo = try repository(config: "[version]\nscheme = \"semver\"\n")
        try repo.write("VERSION", "26.8.0rc1\n")
        try repo.git("add", "-A")
        #expect(
            summary(try CheckTesting.findings(check, repo, mode))
                == ["VERSION:1 '26.8.0rc1' is not a semantic version: patch '0rc1' is not a number"])
    }

    @Test(arguments: Mode.allCases) func emptyOrMultiLineFiles_areErrors(mode: Mode) throws {
        let repo = try repository(config: "[version]\nfiles = [\"VERSION\", \"b/VERSION\"]\n")
        try repo.write("VERSION", "")
        try repo.write("b/VERSION", "1.0\n1.1\n")
        try repo.git("add", "-A")
        #expect(
            summary(try CheckTesting.findings(check, repo, mode))
                == ["VERSION:1 version file is empty", "b/VERSION:2 version file holds more than one line"])
    }

    @Test(arguments: Mode.allCases) func versionFilesThatDisagree_areErrors(mode: Mode) throws {
        let repo = try repository(config: "[version]\nfiles = [\"VERSION\", \"a/VERSION\", \"b/VERSION\"]\n")
        try repo.write("b/VERSION", "26.2.0\n")
        try repo.git("add", "-A")
        #expect(
            summary(try CheckTesting.findings(check, repo, mode)) == [
                "b/VERSION:1 b/VERSION says 26.2.0 but VERSION says 26.3.0"
            ])
    }

    @Test func releaseOnly_flagsAVersionChangeOutsideAReleaseCommit() throws {
        let repo = try repository(config: "[version]\nrelease-only = true\n")
        try repo.write("VERSION", "26.4.0\n")
        try repo.commitAll("bump the version on the side")
        try repo.write("x.txt", "x\n")
        try repo.commitAll("release: 26.9.0")
        let found = try CheckTesting.findings(
            check, repo, ChangeRequest(source: .range("HEAD~2", "HEAD", threeDot: false)))
        #expect(found.count == 1)
        #expect(
            found.first?.message.contains("('bump the version on the side'), which is not 'release: 26.4.0'") == true)
    }

    // MARK: not triggering

    @Test(arguments: Mode.allCases) func aWellFormedVersionReadThroughALink_passes(mode: Mode) throws {
        let repo = try repository(config: "[version]\nfiles = [\"VERSION\", \"a/VERSION\"]\n")
        try repo.write("VERSION", "26.8.0rc1\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    @Test func releaseOnly_acceptsReleaseCommitsWithAPullRequestSuffix_andIgnoresStagedChanges() throws {
        let repo = try repository(config: "[version]\nrelease-only = true\n")
        try repo.write("VERSION", "26.4.0\n")
        try repo.commitAll("release: 26.4.0 (#1234)")
        #expect(
            try CheckTesting.findings(check, repo, ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false)))
                .isEmpty)
        try repo.write("VERSION", "26.5.0\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, .staged).isEmpty)
    }

    @Test(arguments: Mode.allCases) func missingDefaultVersionFile_isNotAProblem(mode: Mode) throws {
        let repo = try TemporaryRepository()
        try repo.write("x.txt", "x\n")
        try repo.commitAll("base")
        try repo.write("x.txt", "y\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }
}
