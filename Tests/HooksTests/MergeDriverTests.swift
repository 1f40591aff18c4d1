import Foundation
import TestSupport
import Testing

/// `install --merge-driver`, `lock merge-driver` and the hooks that regenerate pending lockfiles: a merge
/// that conflicts only on a lockfile completes with a correct lock and no manual step.
@Suite struct MergeDriverTests {
    /// The uv branches of `LockTools.divergedBranches`, with the driver and hooks installed (and
    /// `.gitattributes` committed on main).
    func installedRepository(_ tools: [String] = ["uv"]) throws -> (TemporaryRepository, [String: String]) {
        let repo = try TemporaryRepository()
        let env = try LockTools.environment(tools, repo: repo)
        try LockTools.divergedBranches("uv", repo: repo, env: env)
        let installed = try Preflight.run(["install", "--merge-driver"], in: repo.path, environment: env)
        try #require(installed.status == 0, "\(installed.stderr)")
        try repo.commitAll("lockfiles merge with preflight")
        return (repo, env)
    }

    func committedLock(_ repo: TemporaryRepository) throws -> String {
        try repo.git("show", "HEAD:uv.lock")
    }

    @Test func installMergeDriver_setsTheDriverAndAttributes_andUninstallUndoesBoth() throws {
        let repo = try TemporaryRepository()
        try repo.write(".gitattributes", "*.png binary\n")
        try repo.write("pants.toml", "[python.resolves]\npython-default = \"3rdparty/python/default.lock\"\n")
        try repo.commitAll("base")
        let r = try Preflight.run(["install", "--merge-driver"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            try repo.git("config", "--local", "merge.preflight-lock.driver")
                == "preflight lock merge-driver %O %A %B %P")
        #expect(r.stdout.contains(".gitattributes: added 'uv.lock merge=preflight-lock'"))
        #expect(r.stdout.contains(".gitattributes: added '/3rdparty/python/default.lock merge=preflight-lock'"))
        #expect(
            r.stdout.contains(".gitattributes: added '/3rdparty/python/default.lock.metadata merge=preflight-lock'"))
        #expect(r.stdout.contains("/pre-merge-commit: installed"))
        #expect(
            try repo.git("check-attr", "merge", "--", "sub/poetry.lock") == "sub/poetry.lock: merge: preflight-lock")
        let again = try Preflight.run(["install", "--merge-driver"], in: repo.path)
        #expect(again.stdout.contains(".gitattributes: unchanged"))

        let u = try Preflight.run(["uninstall"], in: repo.path)
        #expect(u.status == 0, "\(u.stderr)")
        #expect(u.stdout.contains("merge.preflight-lock.driver: removed"))
        #expect(try repo.read(".gitattributes") == "*.png binary\n")
        let config = try Shell.run(
            ["git", "config", "--local", "--get-regexp", "merge\\.preflight-lock"], in: repo.path)
        #expect(config.stdout.isEmpty)
        #expect(try repo.git("status", "--porcelain").isEmpty)
    }

    @Test func uninstall_removesAGitattributesFileThatHeldOnlyPreflightsLines() throws {
        let repo = try TemporaryRepository()
        try repo.commitAll("base")
        _ = try Preflight.run(["install", "--merge-driver"], in: repo.path)
        #expect(FileManager.default.fileExists(atPath: repo.path + "/.gitattributes"))
        _ = try Preflight.run(["uninstall"], in: repo.path)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.gitattributes"))
    }

    @Test func aFileThatIsNoLockfile_keepsItsConflict_evenWhenRoutedToTheDriver() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.py", "base\n")
        try repo.commitAll("base")
        _ = try Preflight.run(["install", "--merge-driver"], in: repo.path)
        try repo.write(".gitattributes", "*.py merge=preflight-lock\n")
        try repo.commitAll("every python file to the driver")
        try repo.git("checkout", "-qb", "feature")
        try repo.write("a.py", "theirs\n")
        try repo.commitAll("theirs")
        try repo.git("checkout", "-q", "main")
        try repo.write("a.py", "ours\n")
        try repo.commitAll("ours")
        // preflight on PATH, as git runs the driver.
        let env = try LockTools.environment([], repo: repo)
        let merge = try Shell.run(["git", "merge", "-q", "feature"], in: repo.path, environment: env)
        #expect(merge.status != 0, "the merge stops on the conflict")
        #expect(merge.stderr.contains("not a lockfile preflight knows"), "\(merge.stderr)")
        // A failing driver leaves ours in the file and the path unmerged, both sides in the index.
        #expect(try repo.read("a.py") == "ours\n")
        #expect(try repo.git("diff", "--name-only", "--diff-filter=U") == "a.py")
        #expect(try repo.git("show", ":3:a.py") == "theirs")
    }

    @Test func uv_aMergeThatConflictsOnlyOnTheLock_completesWithARegeneratedLock() throws {
        let (repo, env) = try installedRepository()
        let merge = try Shell.run(["git", "merge", "--no-edit", "a"], in: repo.path, environment: env)
        #expect(merge.status == 0, "\(merge.stderr)\(merge.stdout)")
        #expect(merge.stderr.contains("took the upstream side (theirs) of uv.lock"))
        // git wrote the merge's tree before pre-merge-commit ran: post-merge puts the staged lock into it.
        let output = merge.stdout + merge.stderr
        #expect(output.contains("preflight pre-merge-commit: regenerated uv.lock with 'uv lock' (staged)"), "\(output)")
        #expect(
            output.contains("preflight post-merge: the merge commit now holds the regenerated uv.lock"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/preflight/lock-amend"))
        #expect(try repo.git("rev-list", "--parents", "-n", "1", "HEAD").split(separator: " ").count == 3)
        let lock = try committedLock(repo)
        #expect(lock.contains("name = \"liba\"") && lock.contains("name = \"libb\""))
        let check = try Preflight.run(["lock", "check", "--range", "HEAD^1..HEAD"], in: repo.path, environment: env)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/preflight/lock-pending"))
        #expect(try repo.git("status", "--porcelain", "--untracked-files=no").isEmpty)
    }

    @Test func aMergeStoppedOnOtherConflicts_getsItsLockRegeneratedByPreCommit() throws {
        let (repo, env) = try installedRepository()
        try repo.git("checkout", "-q", "a")
        try repo.write("notes.txt", "a\n")
        try repo.commitAll("notes on a")
        try repo.git("checkout", "-q", "main")
        try repo.write("notes.txt", "main\n")
        try repo.commitAll("notes on main")
        let merge = try Shell.run(["git", "merge", "--no-edit", "a"], in: repo.path, environment: env)
        #expect(merge.status != 0)
        #expect(try repo.git("diff", "--name-only", "--diff-filter=U") == "notes.txt")
        try repo.write("notes.txt", "both\n")
        // `commit -a`: git hands the hook its temporary index (GIT_INDEX_FILE=.git/index.lock), which is staged into.
        let commit = try Shell.run(["git", "commit", "-a", "--no-edit"], in: repo.path, environment: env)
        #expect(commit.status == 0, "\(commit.stderr)\(commit.stdout)")
        #expect(commit.stderr.contains("preflight pre-commit: regenerated uv.lock with 'uv lock' (staged)"))
        let lock = try committedLock(repo)
        #expect(lock.contains("name = \"liba\"") && lock.contains("name = \"libb\""))
    }

    @Test func aFailingRegeneration_blocksTheMergeCommit_andKeepsThePendingRecord() throws {
        let (repo, env) = try installedRepository()
        // uv is not on the hook's PATH: the regeneration cannot start.
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        var noUV = env
        noUV["PATH"] = binDir + ":/usr/bin:/bin"
        let merge = try Shell.run(["git", "merge", "--no-edit", "a"], in: repo.path, environment: noUV)
        #expect(merge.status != 0)
        let output = merge.stdout + merge.stderr
        #expect(output.contains("uv.lock: 'uv lock' failed: cannot start uv"), "\(output)")
        #expect(output.contains("the commit is blocked"))
        #expect(FileManager.default.fileExists(atPath: repo.path + "/.git/preflight/lock-pending"))
        #expect(try repo.git("rev-list", "--parents", "-n", "1", "HEAD").split(separator: " ").count == 2)
        // With uv back, committing the merge regenerates it (pre-commit) and clears the record.
        let commit = try Shell.run(["git", "commit", "--no-edit"], in: repo.path, environment: env)
        #expect(commit.status == 0, "\(commit.stderr)\(commit.stdout)")
        #expect(try committedLock(repo).contains("name = \"libb\""))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/preflight/lock-pending"))
    }

    /// DESIGN: in a rebase no commit hook runs, so the driver exits 1 and leaves the conflict: a rebased
    /// commit never silently takes a lock that does not match its manifest.
    @Test func aRebaseThroughTheDriver_stopsOnTheConflict_andLockResolveTakesOursAndRegenerates() throws {
        let (repo, env) = try installedRepository()
        try repo.git("checkout", "-q", "a")
        let rebase = try Shell.run(["git", "rebase", "main"], in: repo.path, environment: env)
        #expect(rebase.status != 0, "the rebase stops")
        #expect(rebase.stderr.contains("left the conflict in uv.lock (rebase"), "\(rebase.stderr)")
        #expect(try repo.git("ls-files", "-u", "--", "uv.lock").split(separator: "\n").count == 3)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/preflight/lock-pending"))
        let r = try Preflight.run(["lock", "resolve"], in: repo.path, environment: env)
        #expect(r.status == 0, "\(r.stderr)\(r.stdout)")
        #expect(r.stdout.contains("took ours"), "\(r.stdout)")
        let lock = try repo.read("uv.lock")
        #expect(lock.contains("name = \"liba\"") && lock.contains("name = \"libb\""))
        let check = try Preflight.run(["lock", "check", "--staged"], in: repo.path, environment: env)
        #expect(check.status == 0, "\(check.stdout)")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/preflight/lock-pending"))
    }

    @Test func aCherryPickThroughTheDriver_leavesTheConflictToo() throws {
        let (repo, env) = try installedRepository()
        let pick = try Shell.run(["git", "cherry-pick", "a"], in: repo.path, environment: env)
        #expect(pick.status != 0, "the cherry-pick stops")
        #expect(pick.stderr.contains("left the conflict in uv.lock"), "\(pick.stderr)")
        #expect(try repo.git("ls-files", "-u", "--", "uv.lock").split(separator: "\n").count == 3)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/preflight/lock-pending"))
    }

    @Test func aPendingRecordOutsideAMerge_isLeftAloneByPreCommit() throws {
        let (repo, env) = try installedRepository()
        try repo.write(".git/preflight/lock-pending", "uv.lock\u{0}")
        let lock = try repo.read("uv.lock")
        try repo.write("notes.txt", "x\n")
        try repo.git("add", "notes.txt")
        let commit = try Shell.run(["git", "commit", "-m", "notes"], in: repo.path, environment: env)
        #expect(commit.status == 0, "\(commit.stderr)")
        #expect(!commit.stderr.contains("regenerated"))
        #expect(try repo.read("uv.lock") == lock)
        #expect(try repo.git("show", "--name-only", "--format=", "HEAD") == "notes.txt")
    }
}
