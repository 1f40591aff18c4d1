import Foundation
import TestSupport
import Testing

/// The installed hooks under real `git commit` and `git push` to a local bare remote.
@Suite struct HookTests {
    /// A repository with `main` pushed to a bare remote `origin`, and preflight's hooks installed.
    func repository() throws -> (repo: TemporaryRepository, remote: String, env: [String: String]) {
        let repo = try TemporaryRepository()
        let remote = repo.path + "-remote.git"
        try repo.run(["git", "init", "-q", "--bare", "-b", "main", remote])
        try repo.write("a/runnable_dir")
        try repo.write("helpers_root/tool.py", "tool\n")
        try repo.link("a/tool.py", to: "../helpers_root/tool.py")
        try repo.commitAll("base")
        try repo.git("remote", "add", "origin", remote)
        try repo.git("push", "-q", "origin", "main")
        try repo.git("fetch", "-q", "origin")
        try repo.git("remote", "set-head", "origin", "main")
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        let env = ["PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        let installed = try Preflight.run(["install"], in: repo.path)
        try #require(installed.status == 0, "\(installed.stderr)")
        return (repo, remote, env)
    }

    func git(_ repo: TemporaryRepository, _ args: [String], _ env: [String: String]) throws -> Shell.Result {
        try Shell.run(["git"] + args, in: repo.path, environment: env)
    }

    /// A branch `name` from main with one commit adding a dangling link (committed with --no-verify).
    func badBranch(_ repo: TemporaryRepository, _ name: String = "bad") throws {
        try repo.git("checkout", "-q", "-b", name, "main")
        try repo.link("a/broken.py", to: "../helpers_root/missing.py")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "--no-verify", "-m", "add a broken link")
        try repo.git("checkout", "-q", "main")
    }

    // MARK: commit

    @Test func commit_isBlockedByAStagedBrokenLink_evenWhenTheWorkingTreeIsFine() throws {
        let (repo, _, env) = try repository()
        try repo.link("a/tool.py", to: "../helpers_root/tool.pyy")
        try repo.git("add", "-A")
        try repo.link("a/tool.py", to: "../helpers_root/tool.py")
        try repo.write("a/unstaged.txt", "mine\n")
        // git itself refreshes the index's stat data around a commit: compare the working tree and what is staged.
        func state() throws -> String {
            try repo.fingerprint().split(separator: "\n").filter { !$0.hasPrefix("index:") }.joined(separator: "\n")
                + (try repo.git("diff", "--cached", "--binary"))
        }
        let before = try state()
        let r = try git(repo, ["commit", "-m", "x"], env)
        #expect(r.status != 0)
        // git sends a pre-commit hook's stdout to stderr.
        #expect(r.stderr.contains("a/tool.py: error symlink: link target does not exist: helpers_root/tool.pyy"))
        #expect(try state() == before, "the hook changed the working tree or the index's contents")
    }

    @Test func commit_passesWhenOnlyTheWorkingTreeIsBroken() throws {
        let (repo, _, env) = try repository()
        try repo.write("a/main.py", "print()\n")
        try repo.git("add", "-A")
        try repo.link("a/tool.py", to: "../helpers_root/nothing.py")
        let before = try repo.read("a/main.py")
        let r = try git(repo, ["commit", "-q", "-m", "x"], env)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(try repo.run(["readlink", "a/tool.py"]) == "../helpers_root/nothing.py")
        #expect(try repo.read("a/main.py") == before)
    }

    /// `git commit PATHS` and `git commit -a` commit a temporary index that git names in `GIT_INDEX_FILE`;
    /// `.git/index` still holds the good link, so a hook reading it would pass.
    @Test func commitOfPaths_andCommitAll_judgeTheIndexGitNamesInGIT_INDEX_FILE() throws {
        let (repo, _, env) = try repository()
        try repo.link("a/tool.py", to: "../helpers_root/gone.py")
        let paths = try git(repo, ["commit", "-q", "-m", "x", "a/tool.py"], env)
        #expect(paths.status != 0, "git commit PATHS passed a dangling link")
        #expect(paths.stderr.contains("a/tool.py: error symlink: link target does not exist: helpers_root/gone.py"))
        let all = try git(repo, ["commit", "-q", "-a", "-m", "x"], env)
        #expect(all.status != 0, "git commit -a passed a dangling link")
        #expect(all.stderr.contains("helpers_root/gone.py"))
        // The same commits pass once the link is good again: the hook read the temporary index, not a cached one.
        try repo.link("a/tool.py", to: "../helpers_root/tool.py")
        try repo.write("helpers_root/tool.py", "tool 2\n")
        let good = try git(repo, ["commit", "-q", "-m", "x", "helpers_root/tool.py"], env)
        #expect(good.status == 0, "\(good.stderr)")
    }

    @Test func commit_skipsWithPREFLIGHT0_andNamesAMissingBinary() throws {
        let (repo, _, env) = try repository()
        try repo.link("a/broken.py", to: "nowhere")
        try repo.git("add", "-A")
        var skip = env
        skip["PREFLIGHT"] = "0"
        #expect(try git(repo, ["commit", "-q", "-m", "skip"], skip).status == 0)
        try repo.link("a/broken2.py", to: "nowhere")
        try repo.git("add", "-A")
        let noBinary = try git(
            repo, ["commit", "-q", "-m", "x"], ["PATH": "/usr/bin:/bin", "PREFLIGHT_BIN": "/nonexistent/preflight"])
        #expect(noBinary.status != 0)
    }

    // MARK: push

    @Test func push_ofABranchOtherThanTheCheckedOutOne_isBlocked() throws {
        let (repo, _, env) = try repository()
        try badBranch(repo)
        let r = try git(repo, ["push", "origin", "bad"], env)
        #expect(r.status != 0)
        #expect(r.stdout.contains("[refs/heads/bad] a/broken.py: error symlink"))
    }

    @Test func push_ofSeveralRefs_checksEveryOne() throws {
        let (repo, _, env) = try repository()
        try repo.git("checkout", "-q", "-b", "good", "main")
        try repo.write("a/ok.py", "ok\n")
        try repo.commitAll("good change")
        try repo.git("checkout", "-q", "main")
        try badBranch(repo)
        let r = try git(repo, ["push", "origin", "good", "bad"], env)
        #expect(r.status != 0)
        #expect(r.stdout.contains("1 error in refs/heads/bad"))
        #expect(!r.stdout.contains("[refs/heads/good]"))
    }

    @Test func push_ofANewBranchWhoseBadCommitIsAlreadyOnTheRemote_isBlocked() throws {
        let (repo, _, env) = try repository()
        try badBranch(repo)
        try repo.git("push", "-q", "--no-verify", "origin", "bad:refs/heads/elsewhere")
        try repo.git("fetch", "-q", "origin")
        try repo.git("branch", "-q", "again", "bad")
        let r = try git(repo, ["push", "origin", "again"], env)
        #expect(r.status != 0)
        #expect(r.stdout.contains("[refs/heads/again] a/broken.py"))
    }

    @Test func push_ofADeletion_passesWithoutReadingCommits() throws {
        let (repo, _, env) = try repository()
        try badBranch(repo)
        try repo.git("push", "-q", "--no-verify", "origin", "bad")
        let r = try git(repo, ["push", "origin", "--delete", "bad"], env)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }

    @Test func prePushInput_malformedLine_isAUsageError() throws {
        let (repo, _, _) = try repository()
        let r = try Preflight.run(
            ["hook", "pre-push", "origin", "url"], in: repo.path, input: "refs/heads/x 123 refs/heads/x\n")
        #expect(r.status == 2)
        #expect(r.stderr.contains("pre-push input line 1"))
    }

    @Test func hookOutput_isOneLinePerFinding_andVerboseAddsTheFixes() throws {
        let (repo, _, _) = try repository()
        try repo.link("a/broken.py", to: "nowhere")
        try repo.git("add", "-A")
        let short = try Preflight.run(["hook", "pre-commit"], in: repo.path)
        #expect(short.status == 1)
        #expect(short.stdout.split(separator: "\n").count == 2)
        #expect(!short.stdout.contains("fix:"))
        let verbose = try Preflight.run(["hook", "pre-commit", "--verbose"], in: repo.path)
        #expect(verbose.status == 1)
        #expect(verbose.stdout.contains("fix: create a/nowhere, or remove or repoint the link"))
    }

    @Test func firstPushToAnEmptyRemote_checksEverything() throws {
        let repo = try TemporaryRepository()
        try repo.link("a/broken.py", to: "nowhere")
        try repo.commitAll("base with a broken link")
        let remote = repo.path + "-empty.git"
        try repo.run(["git", "init", "-q", "--bare", remote])
        try repo.git("remote", "add", "origin", remote)
        #expect(try Preflight.run(["install"], in: repo.path).status == 0)
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        let env = ["PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        let r = try git(repo, ["push", "origin", "main"], env)
        #expect(r.status != 0)
        #expect(r.stdout.contains("[refs/heads/main] a/broken.py"))
    }

    @Test func prePushInput_withControlBytes_isNamedEscaped_neverEchoedRaw() throws {
        let repo = try TemporaryRepository()
        try repo.commitAll("init")
        let r = try Preflight.run(
            ["hook", "pre-push", "origin", "url"], in: repo.path, input: "refs/heads/x \u{1b}]0;owned\u{07} y\n")
        #expect(r.status == 2)
        #expect(r.stderr.contains("pre-push input line 1"))
        #expect(!r.stderr.contains("\u{1b}") && !r.stderr.contains("\u{07}"), "\(r.stderr.debugDescription)")
    }

    // MARK: [hooks] pre-push-run

    /// PytestMonorepo (real pytest suites) with `[hooks] pre-push-run = ["fast"]`, `main` on a bare remote.
    func testedRepository() throws -> (repo: TemporaryRepository, env: [String: String]) {
        let repo = try PytestMonorepo.make()
        try repo.write("preflight.toml", "[hooks]\npre-push-run = [\"fast\"]\n")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "run fast tests on push")
        let remote = repo.path + "-remote.git"
        try repo.run(["git", "init", "-q", "--bare", "-b", "main", remote])
        try repo.git("remote", "add", "origin", remote)
        try repo.git("push", "-q", "origin", "feature:main")
        try repo.git("fetch", "-q", "origin")
        try repo.git("remote", "set-head", "origin", "main")
        #expect(try Preflight.run(["install"], in: repo.path).status == 0)
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        return (repo, ["PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")])
    }

    @Test func prePushRun_runsTheFastTestsOfTheAffectedDirs_andAFailureBlocksThePush() throws {
        let (repo, env) = try testedRepository()
        try repo.write("a/a_lib.py", "VALUE = 2\n")
        try repo.write("a/test/test_a.py", "from a_lib import VALUE\n\n\ndef test_a_value():\n    assert VALUE == 1\n")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "--no-verify", "-m", "break a")
        let blocked = try git(repo, ["push", "origin", "feature"], env)
        let output = blocked.stdout + blocked.stderr
        #expect(blocked.status != 0, "the push passed with a failing test: \(output)")
        #expect(output.contains("fast tests failed in a for refs/heads/feature"), "\(output)")
        #expect(output.contains("test_a_value"), "the failed log's tail is not shown: \(output)")
        #expect(!output.contains("test_b_fast"), "b is not affected, its tests must not run")

        try repo.write("a/test/test_a.py", "from a_lib import VALUE\n\n\ndef test_a_value():\n    assert VALUE == 2\n")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "--no-verify", "-m", "fix a")
        let passed = try git(repo, ["push", "origin", "feature"], env)
        #expect(passed.status == 0, "\(passed.stdout)\(passed.stderr)")
    }

    @Test func prePushRun_namesAPushedBranchThatIsNotCheckedOut_andLeavesItsTestsToCI() throws {
        let (repo, env) = try testedRepository()
        try repo.git("checkout", "-q", "-b", "other")
        try repo.write("b/test/test_b.py", "def test_b_broken():\n    assert False\n")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "--no-verify", "-m", "break b")
        try repo.git("checkout", "-q", "feature")
        let r = try git(repo, ["push", "origin", "other"], env)
        let output = r.stdout + r.stderr
        #expect(r.status == 0, "\(output)")
        #expect(output.contains("refs/heads/other is not checked out here; its fast tests were not run"), "\(output)")
    }
}
