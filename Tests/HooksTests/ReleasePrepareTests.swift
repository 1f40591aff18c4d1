import Foundation
import TestSupport
import Testing

/// `preflight release prepare`: a Backend.AI-shaped repository release with the real towncrier, and a
/// Causify-shaped image release of a runnable dir.
@Suite struct ReleasePrepareTests {
    /// Backend.AI's layout at release 26.8.0, then a feature with its news fragment.
    func backendAI() throws -> TemporaryRepository {
        let repo = try BackendAIRepository.make()
        try repo.write("src/ai/backend/common/types.py", "x = 2\n")
        try repo.write("changes/1234.feature.md", "Add session priorities\n")
        try repo.commitAll("feat: session priorities (#1234)")
        return repo
    }

    /// The environment with towncrier (from `make deps`) on PATH.
    func withTowncrier() throws -> [String: String] {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return ["PATH": try LockTools.directory(of: "towncrier") + ":" + path]
    }

    /// HEAD, the tags, the index's entries and every working-tree file: what a refused or undone release must
    /// leave. (The index file's stat cache is left out: a file written and put back has a new modification time.)
    func state(_ repo: TemporaryRepository) throws -> String {
        let files = try repo.fingerprint().split(separator: "\n").filter { !$0.hasPrefix("index:") }
        return try [
            repo.git("symbolic-ref", "HEAD"), repo.git("rev-parse", "HEAD"), repo.git("show-ref", "--tags"),
            repo.git("ls-files", "-s"), repo.git("status", "--porcelain", "--untracked-files=all"),
        ].joined(separator: "\n") + files.joined(separator: "\n")
    }

    @Test func aRelease_writesVersionChangelogCommitAndTag_thatPassReleaseCheck() throws {
        let repo = try backendAI()
        let r = try Preflight.run(["release", "prepare", "26.8.1"], in: repo.path, environment: try withTowncrier())
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(try repo.read("VERSION") == "26.8.1")
        #expect(try repo.read("CHANGELOG.md").contains("Add session priorities"))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/changes/1234.feature.md"))
        #expect(try repo.git("log", "-1", "--format=%s") == "release: 26.8.1")
        #expect(try repo.git("cat-file", "-t", "26.8.1") == "tag")
        #expect(try repo.git("tag", "-l", "--format=%(contents:subject)", "26.8.1") == "Release v26.8.1")
        #expect(try repo.git("status", "--porcelain").isEmpty)
        #expect(try Preflight.run(["release", "check", "26.8.1"], in: repo.path).status == 0)
        #expect(r.stdout.contains("git push --atomic origin main 26.8.1"))
    }

    @Test func aPrerelease_getsThePrereleaseMessage() throws {
        let repo = try backendAI()
        let r = try Preflight.run(["release", "prepare", "26.9.0rc1"], in: repo.path, environment: try withTowncrier())
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(try repo.git("tag", "-l", "--format=%(contents:subject)", "26.9.0rc1") == "Pre-release v26.9.0rc1")
    }

    @Test(arguments: ["26.8.0", "26.7.9", "not-a-version"])
    func aVersionNotAboveTheLastRelease_isRefused_withNothingChanged(version: String) throws {
        let repo = try backendAI()
        let before = try state(repo)
        let r = try Preflight.run(["release", "prepare", version], in: repo.path, environment: try withTowncrier())
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(try state(repo) == before)
    }

    @Test func aDirtyTree_isRefused_withNothingChanged() throws {
        let repo = try backendAI()
        try repo.write("src/ai/backend/common/types.py", "x = 3\n")
        let before = try state(repo)
        let r = try Preflight.run(["release", "prepare", "patch"], in: repo.path, environment: try withTowncrier())
        #expect(r.status == 2)
        #expect(r.stderr.contains("commit or stash them first"), "\(r.stderr)")
        #expect(try state(repo) == before)
    }

    @Test func dryRun_printsTheSteps_andWritesNothing() throws {
        let repo = try backendAI()
        let before = try state(repo)
        let r = try Preflight.run(
            ["release", "prepare", "patch", "--dry-run"], in: repo.path, environment: try withTowncrier())
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("write VERSION: 26.8.1 (no trailing newline, as before)"), "\(r.stdout)")
        #expect(r.stdout.contains("run towncrier build --yes --version 26.8.1"))
        #expect(r.stdout.contains("git tag -a 26.8.1 -m 'Release v26.8.1'"))
        #expect(try state(repo) == before)
    }

    @Test func raisingAPart_keepsTheRepositorysZeroPadding() throws {
        let repo = try TemporaryRepository()
        try repo.write("VERSION", "24.09.0\n")
        try repo.commitAll("release: 24.09.0")
        try repo.git("tag", "-a", "24.09.0", "-m", "Release v24.09.0")
        let r = try Preflight.run(["release", "prepare", "patch"], in: repo.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(try repo.read("VERSION") == "24.09.1\n")
        #expect(try repo.git("log", "-1", "--format=%s") == "release: 24.09.1")
        #expect(try repo.git("tag", "-l", "24.09.1") == "24.09.1")
    }

    @Test func aFailingChangelogCommand_leavesEverythingAsItWas() throws {
        let repo = try backendAI()
        try repo.write(
            "preflight.toml",
            "[release]\nchangelog-command = [\"sh\", \"-c\", \"echo x > CHANGELOG.md; touch new.txt; exit 3\"]\n")
        try repo.commitAll("configure preflight")
        let before = try state(repo)
        let r = try Preflight.run(["release", "prepare", "26.8.1"], in: repo.path, environment: try withTowncrier())
        #expect(r.status == 1)
        #expect(r.stderr.contains("failed (exit 3)"), "\(r.stderr)")
        #expect(try state(repo) == before)
    }

    @Test func aFailingReleaseCheck_takesBackTheCommitAndTheTag() throws {
        let repo = try backendAI()
        // A release commit on a topic branch fails release check's branch rule, after commit and tag.
        try repo.git("checkout", "-q", "-b", "topic")
        let before = try state(repo)
        let r = try Preflight.run(["release", "prepare", "26.8.1"], in: repo.path, environment: try withTowncrier())
        #expect(r.status == 1)
        #expect(r.stderr.contains("release check failed"), "\(r.stderr)")
        #expect(try state(repo) == before)
    }

    @Test func aMissingTowncrier_isExitTwo_beforeAnythingIsWritten() throws {
        let repo = try backendAI()
        let before = try state(repo)
        let r = try Preflight.run(
            ["release", "prepare", "26.8.1"], in: repo.path, environment: ["PATH": "/usr/bin:/bin"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("towncrier cannot be started"), "\(r.stderr)")
        #expect(try state(repo) == before)
    }
}

/// `preflight release prepare --target DIR`: Causify's "update and release a new version of the image".
@Suite struct ImageReleasePrepareTests {
    func causify() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("infra/runnable_dir")
        try repo.write("infra/repo_config.yaml", "docker_info:\n  docker_image_name: cmamp-infra\n")
        try repo.write("infra/changelog.txt", "# cmamp-infra-1.1.0\n- 2025-05-01\n- Add kubectl\n")
        try repo.write("infra/devops/docker_build/install_os_packages.sh", "apt-get install kubectl\n")
        try repo.commitAll("infra 1.1.0")
        try repo.write("infra/devops/docker_build/install_os_packages.sh", "apt-get install kubectl yq\n")
        try repo.commitAll("Add yq")
        try repo.write("README.md", "# repo\n")
        try repo.commitAll("Document the repo")
        return repo
    }

    var today: String {
        get throws { try Shell.run(["date", "+%F"], in: "/").stdout.trimmingCharacters(in: .newlines) }
    }

    @Test func aMinorRelease_writesAndStagesTheEntry_andCheckStagedPasses() throws {
        let repo = try causify()
        let r = try Preflight.run(
            ["release", "prepare", "minor", "--target", "infra", "--message", "Add support for Kubernetes Kustomize"],
            in: repo.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let expected =
            "# cmamp-infra-1.2.0\n- \(try today)\n- Add support for Kubernetes Kustomize\n\n# cmamp-infra-1.1.0"
        #expect(try repo.read("infra/changelog.txt").hasPrefix(expected))
        #expect(try repo.git("diff", "--cached", "--name-only") == "infra/changelog.txt")
        #expect(try repo.git("log", "-1", "--format=%s") == "Document the repo")
        let check = try Preflight.run(["check", "--staged"], in: repo.path)
        #expect(check.status == 0, "\(check.stdout)")
    }

    @Test func withoutMessages_theDirsCommitsSinceTheLastEntrySayWhatChanged() throws {
        let repo = try causify()
        let r = try Preflight.run(["release", "prepare", "patch", "--target", "infra"], in: repo.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(try repo.read("infra/changelog.txt").hasPrefix("# cmamp-infra-1.1.1\n- \(try today)\n- Add yq\n\n"))
    }

    @Test func dryRun_printsTheEntry_andWritesNothing() throws {
        let repo = try causify()
        let before = try repo.fingerprint()
        let r = try Preflight.run(["release", "prepare", "major", "--target", "infra", "--dry-run"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("# cmamp-infra-2.0.0\n  - \(try today)\n  - Add yq"), "\(r.stdout)")
        #expect(try repo.fingerprint() == before)
    }

    @Test func aMessageWithoutATarget_isExitTwo() throws {
        let repo = try causify()
        let r = try Preflight.run(["release", "prepare", "patch", "--message", "x"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("--message goes with --target DIR"), "\(r.stderr)")
    }

    @Test func aVersionNotAboveTheTopEntry_isRefused() throws {
        let repo = try causify()
        let before = try repo.fingerprint()
        let r = try Preflight.run(
            ["release", "prepare", "1.1.0", "--target", "infra", "--message", "x"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("is not above infra/changelog.txt's top entry 1.1.0"), "\(r.stderr)")
        #expect(try repo.fingerprint() == before)
    }
}
