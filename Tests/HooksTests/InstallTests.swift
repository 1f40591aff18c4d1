import Checks
import Foundation
import TestSupport
import Testing

/// `preflight install` / `uninstall`: where hooks go, chaining a foreign hook, idempotence, removal.
@Suite struct InstallTests {
    func files(_ dir: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasSuffix(".sample") }.sorted()
    }

    func contents(_ path: String) -> String {
        (FileManager.default.contents(atPath: path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    @Test func install_twice_thenUninstall_leavesExactlyTheExpectedFiles() throws {
        let repo = try TemporaryRepository()
        try repo.commitAll("init")
        let hooks = repo.path + "/.git/hooks"
        #expect(try Preflight.run(["install"], in: repo.path).status == 0)
        #expect(files(hooks) == ["pre-commit", "pre-push"])
        let first = contents(hooks + "/pre-commit")
        #expect(first.contains(HookInstaller.marker))
        let again = try Preflight.run(["install"], in: repo.path)
        #expect(again.stdout.contains("pre-commit: unchanged"))
        #expect(contents(hooks + "/pre-commit") == first)
        #expect(try Preflight.run(["uninstall"], in: repo.path).status == 0)
        #expect(files(hooks) == [])
    }

    @Test func install_honoursCoreHooksPath_relativeToTheWorkTree() throws {
        let repo = try TemporaryRepository()
        try repo.git("config", "core.hooksPath", "hooks")
        try repo.run(["mkdir", "-p", "sub"])
        #expect(try Preflight.run(["install", "--hook", "pre-commit"], in: repo.path + "/sub").status == 0)
        #expect(files(repo.path + "/hooks") == ["pre-commit"])
        #expect(files(repo.path + "/.git/hooks") == [])
    }

    @Test func install_inALinkedWorktree_usesTheCommonHooksDirectory() throws {
        let repo = try TemporaryRepository()
        try repo.commitAll("init")
        let worktree = repo.path + "-wt"
        try repo.git("worktree", "add", "-q", "-b", "side", worktree)
        defer { try? FileManager.default.removeItem(atPath: worktree) }
        #expect(try Preflight.run(["install"], in: worktree).status == 0)
        #expect(files(repo.path + "/.git/hooks") == ["pre-commit", "pre-push"])
    }

    @Test func aForeignHook_isChainedAsLocal_itsFailureBlocks_andUninstallRestoresIt() throws {
        let repo = try TemporaryRepository()
        try repo.commitAll("init")
        let hooks = repo.path + "/.git/hooks"
        let foreign = "#!/bin/sh\necho foreign ran\nexit ${FOREIGN_EXIT:-0}\n"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: hooks + "/pre-commit", contents: Data(foreign.utf8), attributes: [.posixPermissions: 0o755])
        let r = try Preflight.run(["install"], in: repo.path)
        #expect(r.stdout.contains("the existing hook runs first as pre-commit.local"))
        #expect(files(hooks) == ["pre-commit", "pre-commit.local", "pre-push"])
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        let path = binDir + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        try repo.write("x.txt", "x\n")
        try repo.git("add", "-A")
        let failing = try Shell.run(
            ["git", "commit", "-q", "-m", "x"], in: repo.path, environment: ["PATH": path, "FOREIGN_EXIT": "3"])
        #expect(failing.status != 0)
        #expect((failing.stdout + failing.stderr).contains("foreign ran"))
        let passing = try Shell.run(["git", "commit", "-q", "-m", "x"], in: repo.path, environment: ["PATH": path])
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(try Preflight.run(["uninstall"], in: repo.path).status == 0)
        #expect(files(hooks) == ["pre-commit"])
        #expect(contents(hooks + "/pre-commit") == foreign)
    }

    @Test func force_replacesAForeignHookOutright() throws {
        let repo = try TemporaryRepository()
        let hooks = repo.path + "/.git/hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: hooks + "/pre-push", contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        _ = FileManager.default.createFile(
            atPath: hooks + "/pre-push.local", contents: Data("#!/bin/sh\n".utf8),
            attributes: [.posixPermissions: 0o755])
        let refused = try Preflight.run(["install", "--hook", "pre-push"], in: repo.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("pass --force"))
        #expect(try Preflight.run(["install", "--hook", "pre-push", "--force"], in: repo.path).status == 0)
        #expect(contents(hooks + "/pre-push").contains(HookInstaller.marker))
    }
}
