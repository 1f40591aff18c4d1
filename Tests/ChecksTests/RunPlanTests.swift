import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// What `preflight run TIER` plans: which targets get a job, with which argv, env, timeout and paths.
@Suite struct RunPlanTests {
    static let report = "/tmp/preflight-report"

    func plan(
        _ repo: TemporaryRepository, _ tier: Tier, _ source: ChangeSource = .changedSince("main", committedOnly: false),
        environment: [String: String] = [:]
    ) throws -> RunPlan {
        let repository = try Repository(discoveringFrom: repo.path)
        let affected = try Affected(try ChangeSet.make(repository, ChangeRequest(source: source)))
        return try RunPlan.make(affected, tier: tier, reportDirectory: RunPlanTests.report, environment: environment)
    }

    func planError(_ repo: TemporaryRepository, _ tier: Tier, _ source: ChangeSource) throws -> RunPlanError? {
        do {
            _ = try plan(repo, tier, source)
            return nil
        } catch let error as RunPlanError {
            return error
        }
    }

    func real(_ path: String) -> String { URL(fileURLWithPath: path).resolvingSymlinksInPath().path }

    @Test func changeInOneDir_plansItsFastTestsOnly_withTheDefaultArgvEnvAndPaths() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("a/a_lib.py", "VALUE = 2\n")
        let p = try plan(repo, .fast, environment: ["PYTHONPATH": "/opt/lib"])
        #expect(p.jobs.map(\.target) == ["a"])
        let job = try #require(p.jobs.first)
        #expect(
            job.argv == [
                "python3", "-m", "pytest", "-m", "not slow and not superslow",
                "--junitxml=\(RunPlanTests.report)/a.junit.xml",
            ])
        #expect(real(job.directory) == real(repo.path + "/a"))
        #expect(job.timeout == 300)
        #expect(job.log == RunPlanTests.report + "/a.log")
        #expect(job.passingStatuses == [0, 5])
        #expect(job.reasons == ["changed-file a/a_lib.py"])
        #expect(job.environment["PREFLIGHT_TARGET"] == "a")
        #expect(job.environment["PREFLIGHT_TIER"] == "fast")
        #expect(job.environment["PREFLIGHT_BASE"] == (try repo.git("rev-parse", "main")))
        #expect(job.environment["PYTHONPATH"] == job.directory + ":/opt/lib")
        #expect(p.head == "working-tree")
    }

    @Test func helperChange_plansEveryDirLinkingIt_andNeverTheRoot() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("helpers_root/x.py", "X = 2\n")
        let p = try plan(repo, .slow)
        #expect(p.jobs.map(\.target) == ["b", "c"])
        #expect(p.jobs[0].argv.prefix(5) == ["python3", "-m", "pytest", "-m", "slow and not superslow"])
        // b's test imports x through b's link to the helper: an import reason besides the link's.
        #expect(
            p.jobs[0].reasons == [
                "link-target helpers_root/x.py via b/x.py",
                "import helpers_root/x.py via b/test/test_b.py",
            ])
        #expect(p.jobs[0].timeout == 1800)
        #expect(!p.skipped.contains { $0.target == "//" })
    }

    @Test func dirWithoutPythonTests_hasNoTestTier_unlessTheConfigurationWritesOne() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("docs/index.md", "# changed\n")
        let none = try plan(repo, .fast)
        #expect(none.jobs.isEmpty)
        #expect(
            none.skipped == [
                RunPlan.Skipped(
                    target: "docs", reason: "no python tests (test_*.py, *_test.py) and no fast command configured")
            ])

        try repo.write(
            "preflight.toml", "[[target]]\npath = \"docs\"\nfast = [\"make\", \"-C\", \"{dir}\", \"html\"]\n")
        try repo.commitAll("docs builds")
        let own = try plan(repo, .fast)
        #expect(own.jobs.map(\.target) == ["a", "b", "c", "docs"])  // preflight.toml is a global input
        #expect(own.jobs.last?.argv == ["make", "-C", "docs", "html"])
        #expect(own.jobs.last?.passingStatuses == [0])

        try repo.write("preflight.toml", "[runnable]\nsuperslow = [\"true\"]\n")
        try repo.commitAll("superslow everywhere")
        let everywhere = try plan(repo, .superslow)
        #expect(everywhere.jobs.map(\.target) == ["a", "b", "c", "docs"])
        #expect(try plan(repo, .slow).jobs.map(\.target) == ["a", "b", "c"])
    }

    @Test func declaredTarget_runsOnlyTheTiersItsOwnTableSets() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("libs/common/test_common.py", "def test_x():\n    pass\n")
        try repo.write(
            "preflight.toml",
            "[runnable]\nfast = [\"true\"]\n\n[[target]]\npath = \"libs/common\"\n"
                + "slow = [\"python3\", \"-m\", \"pytest\", \"{dir}\"]\ntimeout = {slow = 42}\n")
        try repo.commitAll("declare libs/common")
        let fast = try plan(repo, .fast, .all)
        #expect(!fast.jobs.contains { $0.target == "libs/common" })
        #expect(
            fast.skipped.contains(
                RunPlan.Skipped(
                    target: "libs/common", reason: "a declared target without a fast command in its [[target]] table")))
        let slow = try plan(repo, .slow, .all)
        let common = try #require(slow.jobs.first { $0.target == "libs/common" })
        #expect(common.argv == ["python3", "-m", "pytest", "libs/common"])
        #expect(common.timeout == 42)
        #expect(common.log == RunPlanTests.report + "/libs%2Fcommon.log")
    }

    @Test func imageTier_plansOnlyDirsWhoseImageInputsChanged_withTheExactArgv() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.12\n")
        try repo.write(
            "b/changelog.txt", "# b-img-1.3.0\n- 2025-06-01\n- Third\n\n" + (try repo.read("b/changelog.txt")))
        try repo.write("c/test/test_c.py", "def test_c():\n    pass\n")  // not an image input
        let p = try plan(repo, .image)
        #expect(p.jobs.map(\.target) == ["a", "b"])
        #expect(
            p.jobs[0].argv == ["docker", "build", "-f", "devops/docker_build/dev.Dockerfile", "-t", "a-img:1.2.0", "."])
        #expect(
            p.jobs[1].argv == ["docker", "build", "-f", "devops/docker_build/dev.Dockerfile", "-t", "b-img:1.3.0", "."])
        #expect(p.jobs[0].reasons == ["changed-file a/devops/docker_build/dev.Dockerfile (devops/**)"])
        #expect(p.jobs[0].passingStatuses == [0])
        #expect(p.jobs[0].timeout == 3600)
        #expect(
            p.skipped == [RunPlan.Skipped(target: "c", reason: "no image input changed (devops/**, changelog.txt)")])
    }

    @Test func imageTier_throughALinkedImageInput_counts() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("helpers_root/devops/install.sh", "echo 1\n")
        try repo.link("a/devops/install.sh", to: "../../helpers_root/devops/install.sh")
        try repo.commitAll("link an install script")
        try repo.write("helpers_root/devops/install.sh", "echo 2\n")
        #expect(try plan(repo, .image).jobs.map(\.target) == ["a"])
    }

    @Test func imageTier_withoutAnImageName_isExit2NamingTheFile() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("a/repo_config.yaml", "repo_info:\n  repo_name: mono\n")
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM scratch\n")
        try repo.write("b/changelog.txt", "")
        try repo.write("b/devops/docker_build/dev.Dockerfile", "FROM scratch\n")
        let error = try #require(try planError(repo, .image, .changedSince("main", committedOnly: false)))
        #expect(error.exitCode == 2)
        #expect(error.description.contains("a/repo_config.yaml: no docker_info.docker_image_name"))
        #expect(error.description.contains("b/changelog.txt: no entry"))
    }

    @Test func headMustBeTheWorkingTreeOrHEAD() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("a/a_lib.py", "VALUE = 2\n")
        try repo.git("add", "-A")
        let staged = try #require(try planError(repo, .fast, .staged))
        #expect(staged.exitCode == 2)
        #expect(staged.description.contains("not the index (--staged)"))

        try repo.commitAll("a lib")
        try repo.write("b/b_lib.py", "VALUE = 2\n")
        try repo.commitAll("b lib")
        let old = try #require(try planError(repo, .fast, .range("main", "HEAD~1", threeDot: false)))
        #expect(old.exitCode == 2)
        #expect(try plan(repo, .fast, .range("main", "HEAD", threeDot: true)).jobs.map(\.target) == ["a", "b"])
        #expect(
            try plan(repo, .fast, .changedSince("main", committedOnly: true)).head
                == (try repo.git("rev-parse", "HEAD")))
    }

    @Test func removedDir_isSkippedWithItsReason() throws {
        let repo = try PytestMonorepo.make()
        try repo.remove("c")
        let p = try plan(repo, .fast)
        #expect(p.jobs.isEmpty)
        #expect(p.skipped == [RunPlan.Skipped(target: "c", reason: "removed by the change")])
    }

    @Test func placeholders_areFilledPerArgument_andDoubledBracesAreLiteral() throws {
        let repo = try PytestMonorepo.make()
        try repo.write(
            "preflight.toml",
            """
            [[target]]
            path = "a"
            fast = ["sh", "-c", "echo ${{PREFLIGHT_TARGET}} > out", "{target} {tier}", "--base={base}", "{x y}", "{dir}/{version}"]
            """)
        try repo.commitAll("a custom command")
        let job = try #require(try plan(repo, .fast, .all).jobs.first { $0.target == "a" })
        #expect(
            job.argv == [
                "sh", "-c", "echo ${PREFLIGHT_TARGET} > out", "a fast", "--base=empty-tree", "{x y}", "a/1.2.0",
            ])
    }

    @Test func argvTemplate_findsWordPlaceholdersOnly() {
        #expect(ArgvTemplate.placeholders(in: "{dir}/{version}-{{x}}{1,2}{ }") == ["dir", "version"])
        #expect(ArgvTemplate.unknownPlaceholder(in: "--junitxml={junit}") == nil)
        #expect(ArgvTemplate.unknownPlaceholder(in: "${HOME}") == "HOME")
        #expect(ArgvTemplate.fill("a}}b{{c{dir}") { _ in "D" } == "a}b{cD")
    }

    @Test func jobHelpers_nameFilesSafely_spotPytest_andQuoteForDisplay() {
        #expect(Job.fileName(for: "projects/a b/c_d.e") == "projects%2Fa%20b%2Fc_d.e")
        #expect(Job.fileName(for: ".hidden") == "%2Ehidden")
        #expect(Job.runsPytest(["python3", "-m", "pytest", "-x"]))
        #expect(Job.runsPytest(["/usr/bin/pytest"]))
        #expect(!Job.runsPytest(["python3", "-m", "unittest"]))
        #expect(!Job.runsPytest(["make", "-m", "pytest"]))
        let job = Job(
            target: "a", path: RepoPath("a"), tier: .fast, directory: "/r/a",
            argv: ["pytest", "-m", "not slow", "it's", ""], timeout: 1, log: "/l", junit: "/j")
        #expect(job.commandLine == "pytest -m 'not slow' 'it'\\''s' ''")
    }
}
