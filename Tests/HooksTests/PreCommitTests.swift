import Foundation
import TestSupport
import Testing

/// preflight as a pre-commit hook repository (`.pre-commit-hooks.yaml`), run by real pre-commit (`make deps`).
///
/// The hooks are `language: system`: pre-commit takes the preflight built by `swift build` from PATH. With
/// `language: swift` every try-repo would compile the whole package again in release mode inside pre-commit's
/// cache; the hook files, the manifest and pre-commit's handling of them are the same either way.
@Suite struct PreCommitTests {
    @Test func tryRepo_failsNamingTheStagedDanglingLink_andPassesACleanChange() throws {
        let repo = try HookManagers.userRepository()
        let hooks = try HookManagers.hookRepository()
        let env = try HookManagers.environment(["pre-commit"], home: hooks)
        let tryRepo = ["pre-commit", "try-repo", hooks.path, "preflight"]
        let failing = try Shell.run(tryRepo, in: repo.path, environment: env)
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains(HookManagers.finding), "\(failing.stdout)")
        try repo.git("rm", "-q", "--cached", "app/broken")
        try repo.remove("app/broken")
        try repo.write("app/main.py", "print('hello')\n")
        try repo.git("add", "app/main.py")
        let passing = try Shell.run(tryRepo, in: repo.path, environment: env)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(passing.stdout.contains("preflight (integrity checks on what is staged)"), "\(passing.stdout)")
    }

    /// `--from-ref/--to-ref` is how a pre-commit user runs the pre-push stage by hand: that range is checked.
    @Test func tryRepo_prePushStage_failsOnARangeWithTheLink_andPassesACleanRange() throws {
        let repo = try HookManagers.userRepository()
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.git("commit", "-q", "--no-verify", "-m", "broken link")
        try repo.git("checkout", "-q", "-b", "clean", "main")
        try repo.write("app/main.py", "print('hello')\n")
        try repo.commitAll("clean change")
        let hooks = try HookManagers.hookRepository()
        let env = try HookManagers.environment(["pre-commit"], home: hooks)
        func tryRange(_ from: String, _ to: String) throws -> Shell.Result {
            try Shell.run(
                [
                    "pre-commit", "try-repo", hooks.path, "preflight-push", "--hook-stage", "pre-push",
                    "--from-ref", from, "--to-ref", to,
                ], in: repo.path, environment: env)
        }
        let failing = try tryRange("main", "feature")
        #expect(failing.status == 1, "\(failing.stdout)\(failing.stderr)")
        #expect(failing.stdout.contains("[refs/heads/feature] " + HookManagers.finding), "\(failing.stdout)")
        let passing = try tryRange("main", "clean")
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
    }

    /// A real `git push` through pre-commit's installed pre-push hook. A new branch is judged from its merge-base
    /// with the remote's default branch, as preflight's own pre-push does, even when its first commits were
    /// already pushed under another name (pre-commit alone would start after them and miss the link).
    @Test func installedPrePush_judgesANewBranchWhole_andAnExistingBranchSinceTheRemoteTip() throws {
        let repo = try HookManagers.userRepository()
        let hooks = try HookManagers.hookRepository()
        let env = try HookManagers.environment(["pre-commit"], home: hooks)
        try repo.git("checkout", "-q", "-b", "wip")
        try repo.git("commit", "-q", "--no-verify", "-m", "broken link")
        try repo.git("push", "-q", "--no-verify", "origin", "wip")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("app/main.py", "print('feature')\n")
        try repo.commitAll("clean change on top")
        try repo.write(
            ".pre-commit-config.yaml",
            """
            repos:
              - repo: \(hooks.path)
                rev: \(try hooks.git("rev-parse", "HEAD"))
                hooks: [{id: preflight-push}]

            """)
        try repo.git("add", ".pre-commit-config.yaml")
        try repo.git("commit", "-q", "--no-verify", "-m", "pre-commit config")
        try repo.run(["pre-commit", "install", "-t", "pre-push"], environment: env)
        let newBranch = try Shell.run(["git", "push", "origin", "feature"], in: repo.path, environment: env)
        #expect(newBranch.status != 0, "\(newBranch.stdout)\(newBranch.stderr)")
        #expect(newBranch.stdout.contains("[refs/heads/feature] " + HookManagers.finding), "\(newBranch.stdout)")

        try repo.git("checkout", "-q", "-b", "fixed", "main")
        try repo.git("checkout", "feature", "--", ".pre-commit-config.yaml")
        try repo.commitAll("pre-commit config")
        try repo.git("push", "-q", "origin", "fixed", environment: env)
        try repo.write("app/main.py", "print('fixed')\n")
        try repo.commitAll("clean change")
        let clean = try Shell.run(["git", "push", "origin", "fixed"], in: repo.path, environment: env)
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")
        try repo.link("app/other", to: "gone.py")
        try repo.commitAll("another broken link")
        let existing = try Shell.run(["git", "push", "origin", "fixed"], in: repo.path, environment: env)
        #expect(existing.status != 0, "\(existing.stdout)\(existing.stderr)")
        #expect(existing.stdout.contains("[refs/heads/fixed] app/other: error symlink"), "\(existing.stdout)")
    }
}

/// What the pre-commit and lefthook tests share: a user's repository, this repository as hooks, the tools.
enum HookManagers {
    static let finding = "app/broken: error symlink: link target does not exist: app/missing.py"

    /// A repository with `main` pushed to `origin` (a bare repository inside its `.git`, removed with it) and a
    /// staged link to nowhere.
    static func userRepository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("app/main.py", "print('hi')\n")
        try repo.commitAll("base")
        try repo.git("init", "-q", "--bare", ".git/origin.git")
        try repo.git("remote", "add", "origin", repo.path + "/.git/origin.git")
        try repo.git("push", "-q", "--no-verify", "origin", "main")
        try repo.link("app/broken", to: "missing.py")
        try repo.git("add", "app/broken")
        return repo
    }

    /// A developer's environment: the tools and the built preflight on PATH, pre-commit's cache under `home`.
    static func environment(_ tools: [String], home: TemporaryRepository) throws -> [String: String] {
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        let dirs = try tools.map(LockTools.directory(of:))
        let path = (dirs + [binDir, ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        return [
            "PATH": path.joined(separator: ":"), "PRE_COMMIT_HOME": home.path + "/.git/pre-commit-home",
            "PRE_COMMIT_COLOR": "never", "NO_COLOR": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        ]
    }

    /// A clone of this repository, as pre-commit users name it, with this checkout's hook files committed on
    /// top, so an uncommitted edit to them is what gets tested.
    static func hookRepository() throws -> TemporaryRepository {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("preflight-hooks-\(UUID().uuidString)").path
        let clone = try Shell.run(["git", "clone", "-q", LockTools.packageRoot, path], in: LockTools.packageRoot)
        try #require(clone.status == 0, "git clone: \(clone.stderr)")
        let repo = try TemporaryRepository(adopting: path)
        for file in [".pre-commit-hooks.yaml", "hooks/pre-commit-push"] {
            let data = try #require(FileManager.default.contents(atPath: LockTools.packageRoot + "/" + file), "\(file)")
            try repo.write(file, String(decoding: data, as: UTF8.self))
        }
        try repo.run(["chmod", "+x", "hooks/pre-commit-push"])
        try repo.git("add", "-A")
        if try Shell.run(["git", "diff", "--cached", "--quiet"], in: repo.path).status != 0 {
            try repo.git("commit", "-q", "-m", "this checkout's hook files")
        }
        return repo
    }
}
