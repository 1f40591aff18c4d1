import Foundation
import TestSupport
import Testing

/// `GIT_WORK_TREE` and `GIT_COMMON_DIR` are honoured (libgit2 1.5 refuses both): `git --git-dir=… --work-tree=…
/// commit` runs the installed hook on that work tree, `preflight` run with them answers for it, and a linked
/// worktree (`git worktree add`) keeps working, with or without `GIT_COMMON_DIR` set.
@Suite struct WorkTreeEnvironmentTests {
    /// The git directory at `<repo>/.git` with its work tree at `<repo>/work`: a runnable dir `a` linking to a
    /// helper, committed, and preflight's hooks installed.
    static func separated() throws -> (repo: TemporaryRepository, git: [String], env: [String: String]) {
        let repo = try TemporaryRepository()
        let work = repo.path + "/work"
        let git = ["git", "--git-dir=\(repo.path)/.git", "--work-tree=\(work)"]
        try repo.write("work/a/runnable_dir")
        try repo.write("work/helpers_root/tool.py", "tool\n")
        try repo.link("work/a/tool.py", to: "../helpers_root/tool.py")
        try repo.run(git + ["add", "-A"], in: work)
        try repo.run(git + ["commit", "-q", "-m", "init"], in: work)
        let installed = try Preflight.run(["install"], in: repo.path)
        try #require(installed.status == 0, "\(installed.stderr)")
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        let env = ["PATH": binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")]
        return (repo, git, env)
    }

    @Test func gitDirAndWorkTree_commit_runsTheHookOnThatWorkTree() throws {
        let (repo, git, env) = try Self.separated()
        let work = repo.path + "/work"
        try repo.write("work/helpers_root/tool.py", "tool, edited\n")
        try repo.run(git + ["add", "-A"], in: work)
        let clean = try Shell.run(git + ["commit", "-q", "-m", "edit"], in: work, environment: env)
        #expect(clean.status == 0, "\(clean.stderr)")
        try repo.link("work/a/tool.py", to: "../helpers_root/missing.py")
        try repo.run(git + ["add", "-A"], in: work)
        let blocked = try Shell.run(git + ["commit", "-q", "-m", "broken"], in: work, environment: env)
        #expect(blocked.status == 1, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("a/tool.py: error symlink: link target does not exist"), "\(blocked.stderr)")
    }

    @Test func affected_withGitDirAndGitWorkTree_answersForThatWorkTree_fromAnyDirectory() throws {
        let (repo, _, _) = try Self.separated()
        try repo.write("work/helpers_root/tool.py", "tool, edited\n")
        let env = ["GIT_DIR": repo.path + "/.git", "GIT_WORK_TREE": repo.path + "/work"]
        for dir in [repo.path + "/work", NSTemporaryDirectory()] {
            let r = try Preflight.run(["affected"], in: dir, environment: env)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("a   runnable  link-target helpers_root/tool.py via a/tool.py"), "\(r.stdout)")
            let staged = try Preflight.run(["affected", "--staged"], in: dir, environment: env)
            #expect(staged.status == 0, "\(staged.stderr)")
            #expect(staged.stdout.contains("0 of 2 targets affected"), "\(staged.stdout)")
        }
    }

    @Test func aLinkedWorktree_withOrWithoutGitCommonDir_isChecked_andAForeignCommonDirIsNamed() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("helpers_root/tool.py", "tool\n")
        try repo.link("a/tool.py", to: "../helpers_root/tool.py")
        try repo.commitAll("init")
        try repo.git("worktree", "add", "-q", "-b", "feature", repo.path + "/linked")
        let linked = repo.path + "/linked"
        let installed = try Preflight.run(["install"], in: linked)
        try #require(installed.status == 0, "\(installed.stderr)")
        try repo.link("linked/a/tool.py", to: "../helpers_root/missing.py")
        try repo.run(["git", "add", "-A"], in: linked)
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        let path = binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let blocked = try Shell.run(["git", "commit", "-q", "-m", "broken"], in: linked, environment: ["PATH": path])
        #expect(blocked.status == 1, "\(blocked.stderr)")
        #expect(blocked.stderr.contains("a/tool.py: error symlink"), "\(blocked.stderr)")
        let gitDir = repo.path + "/.git/worktrees/linked"
        for common in [repo.path + "/.git", repo.path + "/.git/"] {
            let env = ["GIT_DIR": gitDir, "GIT_WORK_TREE": linked, "GIT_COMMON_DIR": common]
            let r = try Preflight.run(["check", "--staged"], in: linked, environment: env)
            #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
            #expect(r.stdout.contains("link target does not exist: helpers_root/missing.py"), "\(r.stdout)")
        }
        let foreign = try TemporaryRepository()
        let env = ["GIT_DIR": gitDir, "GIT_WORK_TREE": linked, "GIT_COMMON_DIR": foreign.path + "/.git"]
        let refused = try Preflight.run(["check", "--staged"], in: linked, environment: env)
        #expect(refused.status == 3, "\(refused.stdout)\(refused.stderr)")
        #expect(refused.stderr.contains("GIT_COMMON_DIR is \(foreign.path)/.git"), "\(refused.stderr)")
    }
}
