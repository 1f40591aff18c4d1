import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// `changelog`: grammar, order, dates, image name, and a version bump when release inputs change.
@Suite struct ChangelogCheckTests {
    let today = Changelog.Day(year: 2026, month: 11, day: 22)

    /// Runnable dir `a` (image `cmamp-a`) at 1.1.0 on `main`.
    func repository(
        changelog: String = "# cmamp-a-1.1.0\n- 2026-10-01\n- more\n\n# cmamp-a-1.0.0\n- 2026-09-01\n- first\n"
    )
        throws -> TemporaryRepository
    {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("a/repo_config.yaml", "docker_info:\n  docker_image_name: cmamp-a\n")
        try repo.write("a/changelog.txt", changelog)
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.12\n")
        try repo.write("a/main.py", "print()\n")
        try repo.commitAll("base")
        return repo
    }

    func findings(_ repo: TemporaryRepository, _ mode: Mode) throws -> [Finding] {
        let source: ChangeSource
        switch mode {
        case .staged: source = .staged
        case .range:
            try repo.git("commit", "-q", "--allow-empty", "-m", "change")
            source = .range("HEAD~1", "HEAD", threeDot: false)
        }
        let repository = try Repository(discoveringFrom: repo.path)
        let affected = try Affected(try ChangeSet.make(repository, ChangeRequest(source: source)))
        return try CheckRun.run([ChangelogCheck()], in: CheckContext(affected, today: today)).findings
    }

    func summary(_ found: [Finding]) -> [String] {
        found.map { "\($0.line.map(String.init) ?? "-") \($0.severity): \($0.message)" }
    }

    // MARK: triggering

    @Test(arguments: Mode.allCases) func grammarErrors_areReportedWithLines(mode: Mode) throws {
        let repo = try repository()
        try repo.write("a/changelog.txt", "# cmamp-a-1.2\n- 2026-11-01\n- x\n")
        try repo.git("add", "-A")
        let found = try findings(repo, mode)
        #expect(summary(found).first?.hasPrefix("1 error: header must be '# <image>-<X.Y.Z>'") == true)
        #expect(found.first?.path == RepoPath("a/changelog.txt"))
        #expect(found.first?.target == "a")
    }

    @Test func underAll_everyRunnableDirsChangelogIsJudged_changedOrNot() throws {
        let repo = try repository(changelog: "# cmamp-a-1.2\n- 2026-11-01\n- x\n")
        try repo.write("b/runnable_dir")
        try repo.write("b/changelog.txt", "# cmamp-b-1.0\n- 2026-09-01\n- fine\n")
        try repo.write("lib/changelog.txt", "not a runnable dir's, never judged\n")
        try repo.commitAll("more")
        let repository = try Repository(discoveringFrom: repo.path)
        let affected = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .all)))
        let found = try CheckRun.run([ChangelogCheck()], in: CheckContext(affected, today: today)).findings
        #expect(found.map(\.path) == [RepoPath("a/changelog.txt"), RepoPath("b/changelog.txt")])
        #expect(summary(found).allSatisfy { $0.hasPrefix("1 error: header must be '# <image>-<X.Y.Z>'") })
    }

    @Test(arguments: Mode.allCases) func versionsNotDescending_areErrors(mode: Mode) throws {
        let repo = try repository()
        try repo.write(
            "a/changelog.txt",
            "# cmamp-a-1.0.0\n- 2026-10-01\n- x\n\n# cmamp-a-1.0.0-rc.1\n- 2026-09-01\n- y\n\n# cmamp-a-1.0.0-rc.2\n- 2026-08-01\n- z\n"
        )
        try repo.git("add", "-A")
        #expect(
            summary(try findings(repo, mode))
                == [
                    "5 error: version 1.0.0-rc.1 is not higher than 1.0.0-rc.2 below it (line 9); entries go newest first"
                ])
    }

    @Test(arguments: Mode.allCases) func datesIncreasingOrInTheFuture_areErrors(mode: Mode) throws {
        let repo = try repository()
        try repo.write(
            "a/changelog.txt",
            "# cmamp-a-1.2.0\n- 2027-01-01\n- x\n\n# cmamp-a-1.1.0\n- 2026-08-01\n- y\n\n# cmamp-a-1.0.0\n- 2026-09-01\n- z\n"
        )
        try repo.git("add", "-A")
        #expect(
            summary(try findings(repo, mode)) == [
                "2 error: date 2027-01-01 is in the future (today is 2026-11-22)",
                "6 error: date 2026-08-01 is older than 2026-09-01 of the entry below it",
            ])
    }

    @Test(arguments: Mode.allCases) func anotherImagesName_isAWarning(mode: Mode) throws {
        let repo = try repository()
        try repo.write("a/changelog.txt", "# cmamp-b-1.1.0\n- 2026-10-01\n- copied\n")
        try repo.git("add", "-A")
        #expect(
            summary(try findings(repo, mode)) == [
                "1 warning: top entry names 'cmamp-b' but repo_config.yaml's image is 'cmamp-a'"
            ])
    }

    @Test(arguments: Mode.allCases) func releaseInputChangedWithoutABump_isAnError(mode: Mode) throws {
        let repo = try repository()
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.13\n")
        try repo.git("add", "-A")
        let found = try findings(repo, mode)
        #expect(
            summary(found) == [
                "1 error: a/devops/docker_build/dev.Dockerfile changed (a release input) but the top entry is still 1.1.0, as at the change's base"
            ])
        #expect(found.first?.fix == "add '# cmamp-a-1.1.1', '- 2026-11-22' and a bullet above line 1")
    }

    @Test(arguments: Mode.allCases) func skippedVersion_isAWarning(mode: Mode) throws {
        let repo = try repository()
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.13\n")
        try repo.write(
            "a/changelog.txt", "# cmamp-a-1.3.0\n- 2026-11-20\n- python 3.13\n\n" + (try repo.read("a/changelog.txt")))
        try repo.git("add", "-A")
        #expect(
            summary(try findings(repo, mode)) == ["1 warning: version jumps from 1.1.0 to 1.3.0, skipping a release"])
    }

    @Test func missingChangelog_withReleaseInputsChanged_isAnError() throws {
        let repo = try repository()
        try repo.git("rm", "-q", "a/changelog.txt")
        try repo.write("a/devops/x.sh", "echo\n")
        try repo.git("add", "-A")
        #expect(
            summary(try findings(repo, .staged)) == [
                "- error: a/devops/x.sh is a release input but a has no changelog.txt"
            ])
    }

    // MARK: not triggering

    @Test(arguments: Mode.allCases) func aBumpedChangelog_passes(mode: Mode) throws {
        let repo = try repository()
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.13\n")
        try repo.write(
            "a/changelog.txt", "# cmamp-a-1.2.0\n- 2026-11-20\n- python 3.13\n\n" + (try repo.read("a/changelog.txt")))
        try repo.git("add", "-A")
        #expect(try findings(repo, mode).isEmpty)
    }

    @Test(arguments: Mode.allCases) func changesOutsideReleaseInputs_needNoBump(mode: Mode) throws {
        let repo = try repository()
        try repo.write("a/main.py", "print(1)\n")
        try repo.git("add", "-A")
        #expect(try findings(repo, mode).isEmpty)
    }

    /// A branch bumps once: a later commit on it that touches devops again is judged against the merge-base.
    @Test func aBranchThatAlreadyBumped_needsNoSecondBump() throws {
        let repo = try repository()
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.13\n")
        try repo.write(
            "a/changelog.txt", "# cmamp-a-1.2.0\n- 2026-11-20\n- python 3.13\n\n" + (try repo.read("a/changelog.txt")))
        try repo.commitAll("bump")
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.13-slim\n")
        try repo.git("add", "-A")
        #expect(try findings(repo, .staged).isEmpty)
        // On main itself the previous commit is the base, so the same edit there needs a bump.
        try repo.git("stash", "-q")
        try repo.git("checkout", "-q", "main")
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.13-slim\n")
        try repo.git("add", "-A")
        #expect(try findings(repo, .staged).count == 1)
    }

    @Test func aNewRunnableDir_needsNoBump() throws {
        let repo = try repository()
        try repo.write("b/runnable_dir")
        try repo.write("b/changelog.txt", "# cmamp-b-1.0.0\n- 2026-11-01\n- first\n")
        try repo.write("b/devops/docker_build/dev.Dockerfile", "FROM python:3.12\n")
        try repo.git("add", "-A")
        #expect(try findings(repo, .staged).isEmpty)
    }
}
