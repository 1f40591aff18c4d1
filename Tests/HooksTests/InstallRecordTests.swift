import Checks
import Foundation
import TestSupport
import Testing

/// `install` and `uninstall` change only what preflight wrote: the file's own line endings, committed lines,
/// a driver that is not preflight's, and a `.local` hook left by an earlier install are all kept.
@Suite struct InstallRecordTests {
    func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map(Array.init) }

    @Test(arguments: ["*.png binary\r\n*.txt text eol=crlf\r\n", "*.png binary\n# no newline at the end", "a\r\nb"])
    func uninstall_givesBackTheGitattributesFileByteForByte(_ original: String) throws {
        let repo = try TemporaryRepository()
        try repo.write(".gitattributes", original)
        try repo.commitAll("base")
        let installed = try Preflight.run(["install", "--merge-driver"], in: repo.path)
        #expect(installed.status == 0, "\(installed.stderr)")
        let written = String(decoding: bytes(repo.path + "/.gitattributes") ?? [], as: UTF8.self)
        #expect(written.hasPrefix(original))
        #expect(written.contains("uv.lock merge=preflight-lock\(original.contains("\r\n") ? "\r\n" : "\n")"))
        #expect(try repo.git("check-attr", "merge", "--", "uv.lock") == "uv.lock: merge: preflight-lock")
        let removed = try Preflight.run(["uninstall"], in: repo.path)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(bytes(repo.path + "/.gitattributes") == Array(original.utf8))
    }

    @Test func uninstall_inAFreshClone_leavesTheCommittedDriverLinesAlone_andSaysSo() throws {
        let origin = try TemporaryRepository()
        try origin.write(".gitattributes", "*.png binary\n")
        try origin.commitAll("base")
        #expect(try Preflight.run(["install", "--merge-driver"], in: origin.path).status == 0)
        try origin.commitAll("lockfiles merge with preflight")
        let committed = try origin.read(".gitattributes")
        let clone = origin.path + "-clone"
        defer { try? FileManager.default.removeItem(atPath: clone) }
        _ = try Shell.run(["git", "clone", "-q", origin.path, clone], in: origin.path)
        let clonedRepo = try TemporaryRepository(adopting: clone)
        let installed = try Preflight.run(["install", "--merge-driver"], in: clone)
        #expect(installed.stdout.contains(".gitattributes: unchanged"), "\(installed.stdout)\(installed.stderr)")

        let removed = try Preflight.run(["uninstall"], in: clone)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("merge.preflight-lock.driver: removed"))
        #expect(removed.stdout.contains("left as they are"), "\(removed.stdout)")
        #expect(try clonedRepo.read(".gitattributes") == committed)
        #expect(try clonedRepo.git("status", "--porcelain").isEmpty)

        let inOrigin = try Preflight.run(["uninstall"], in: origin.path)
        #expect(inOrigin.stdout.contains(".gitattributes: removed 'uv.lock merge=preflight-lock'"))
        #expect(try origin.read(".gitattributes") == "*.png binary\n")
    }

    @Test func install_refusesADriverThatIsNotPreflights_unlessForced_andUninstallKeepsIt() throws {
        let repo = try TemporaryRepository()
        try repo.commitAll("base")
        try repo.git("config", "merge.preflight-lock.driver", "my-merge %A %B")
        let refused = try Preflight.run(["install", "--merge-driver"], in: repo.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("merge.preflight-lock.driver"))
        #expect(refused.stderr.contains("--force"))
        #expect(try repo.git("config", "merge.preflight-lock.driver") == "my-merge %A %B")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.gitattributes"))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/hooks/pre-commit"))

        let untouched = try Preflight.run(["uninstall"], in: repo.path)
        #expect(untouched.stdout.contains("merge.preflight-lock.driver: kept"), "\(untouched.stdout)")
        #expect(try repo.git("config", "merge.preflight-lock.driver") == "my-merge %A %B")

        let forced = try Preflight.run(["install", "--merge-driver", "--force"], in: repo.path)
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try repo.git("config", "merge.preflight-lock.driver") == "preflight lock merge-driver %O %A %B %P")
    }

    @Test func install_refusesALocalHookLeftByAnEarlierInstall_andUninstallPutsItBack() throws {
        let repo = try TemporaryRepository()
        let hooks = repo.path + "/.git/hooks"
        let foreign = Array("#!/bin/sh\necho mine\n".utf8)
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: hooks + "/pre-commit", contents: Data(foreign), attributes: [.posixPermissions: 0o755])
        #expect(try Preflight.run(["install", "--hook", "pre-commit"], in: repo.path).status == 0)
        try FileManager.default.removeItem(atPath: hooks + "/pre-commit")

        let refused = try Preflight.run(["install", "--hook", "pre-commit"], in: repo.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("pre-commit.local"), "\(refused.stderr)")
        #expect(refused.stderr.contains("preflight uninstall"))
        #expect(!FileManager.default.fileExists(atPath: hooks + "/pre-commit"))
        #expect(bytes(hooks + "/pre-commit.local") == foreign)

        #expect(try Preflight.run(["uninstall"], in: repo.path).status == 0)
        #expect(bytes(hooks + "/pre-commit") == foreign)
        #expect(!FileManager.default.fileExists(atPath: hooks + "/pre-commit.local"))
    }

    @Test func install_chainsALocalHookTheUserPutThere_andSaysSo() throws {
        let repo = try TemporaryRepository()
        let hooks = repo.path + "/.git/hooks"
        try FileManager.default.createDirectory(atPath: hooks, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(
            atPath: hooks + "/pre-commit.local", contents: Data("#!/bin/sh\n".utf8),
            attributes: [.posixPermissions: 0o755])
        let installed = try Preflight.run(["install", "--hook", "pre-commit"], in: repo.path)
        #expect(installed.status == 0, "\(installed.stderr)")
        #expect(installed.stdout.contains("pre-commit.local runs first"), "\(installed.stdout)")
    }
}
