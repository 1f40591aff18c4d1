import Checks
import Foundation
import TestSupport
import Testing

/// `preflight check` run as a user, a hook or CI runs it: exit codes, selection, formats, `--fix`.
@Suite struct CheckCommandTests {
    /// Runnable dir `a` linking a helper; the change renames the helper and stages a copy of another.
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("helpers_root/tool.py", "tool\n")
        try repo.write("helpers_root/pytest.ini", "[pytest]\n")
        try repo.link("a/tool.py", to: "../helpers_root/tool.py")
        try repo.commitAll("base")
        return repo
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func aCleanChange_exitsZero_withASummary() throws {
        let repo = try repository()
        try repo.write("a/main.py", "print()\n")
        try repo.git("add", "-A")
        let r = try Preflight.run(["check", "--staged"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "preflight check: no findings (\(CheckCatalog.all.count) checks on 1 affected target)\n")
    }

    @Test func anErrorFinding_exitsOne_andTextGroupsByFileWithoutColourOffATerminal() throws {
        let repo = try repository()
        try repo.git("mv", "helpers_root/tool.py", "helpers_root/tools.py")
        let r = try Preflight.run(["check", "--staged"], in: repo.path, environment: ["NO_COLOR": ""])
        #expect(r.status == 1)
        #expect(
            r.stdout.hasPrefix(
                """
                a/tool.py  [a]
                  error   symlink: link target was renamed by this change: helpers_root/tool.py -> helpers_root/tools.py
                """))
        #expect(!r.stdout.contains("\u{1B}["))
        #expect(
            r.stdout.hasSuffix(
                "preflight check: 1 error, 0 warnings (\(CheckCatalog.all.count) checks on 2 affected targets)\n"))
        let quiet = try Preflight.run(["check", "--staged", "--quiet"], in: repo.path)
        #expect(!quiet.stdout.contains("preflight check:"))
    }

    @Test func json_followsTheFindingsSchema() throws {
        let repo = try repository()
        try repo.git("rm", "-q", "helpers_root/tool.py")
        let r = try Preflight.run(["check", "--staged", "--format", "json"], in: repo.path)
        #expect(r.status == 1)
        let j = try json(r.stdout)
        #expect(j["schema"] as? Int == 1)
        #expect(j["head"] as? String == "index")
        let finding = try #require((j["findings"] as? [[String: Any]])?.first)
        #expect(finding["check"] as? String == "symlink")
        #expect(finding["severity"] as? String == "error")
        #expect(finding["path"] as? String == "a/tool.py")
        #expect(finding["target"] as? String == "a")
        #expect(finding["line"] is NSNull)
        #expect(finding["message"] as? String == "link target was deleted by this change: helpers_root/tool.py")
    }

    @Test func onlyAndSkip_selectChecks_andUnknownIDsAreUsageErrors() throws {
        let repo = try repository()
        try repo.git("rm", "-q", "helpers_root/tool.py")
        #expect(try Preflight.run(["check", "--staged", "--skip", "symlink"], in: repo.path).status == 0)
        #expect(
            try Preflight.run(["check", "--staged", "--only", "conflict-marker,managed-link"], in: repo.path).status
                == 0)
        #expect(try Preflight.run(["check", "--staged", "--only", "integrity"], in: repo.path).status == 1)
        let bad = try Preflight.run(["check", "--staged", "--only", "symlinks"], in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--only: unknown check 'symlinks'; known checks: symlink,"))
    }

    @Test func environmentSkips_PREFLIGHT_SKIPisStrict_SKIPisShared() throws {
        let repo = try repository()
        try repo.git("rm", "-q", "helpers_root/tool.py")
        #expect(
            try Preflight.run(["check", "--staged"], in: repo.path, environment: ["PREFLIGHT_SKIP": "symlink"]).status
                == 0)
        #expect(
            try Preflight.run(["check", "--staged"], in: repo.path, environment: ["SKIP": "flake8,symlink"]).status == 0
        )
        let strict = try Preflight.run(["check", "--staged"], in: repo.path, environment: ["PREFLIGHT_SKIP": "flake8"])
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("PREFLIGHT_SKIP: unknown check 'flake8'"))
        try repo.write("preflight.toml", "[checks]\nskip = [\"symlink\"]\n")
        try repo.git("add", "preflight.toml")
        #expect(try Preflight.run(["check", "--staged"], in: repo.path).status == 0)
    }

    @Test func warningsAlone_exitZero() throws {
        let origin = try TemporaryRepository()
        let helpers = try origin.addSubmodule(files: ["x.py": "x\n"])
        defer { withExtendedLifetime(helpers) {} }  // its folder is the submodule's origin until the test ends
        try origin.commitAll("init")
        let clonePath = origin.path + "-clone"
        try origin.run(["git", "clone", "-q", origin.path, clonePath])
        let repo = try TemporaryRepository(adopting: clonePath)
        try repo.link("x.py", to: "helpers_root/x.py")
        try repo.git("add", "-A")
        let r = try Preflight.run(["check", "--staged"], in: repo.path)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stdout.contains("warning symlink: cannot check link into submodule helpers_root"))
    }

    @Test func output_writesMoreFormatsInOneRun() throws {
        let repo = try repository()
        try repo.git("rm", "-q", "helpers_root/tool.py")
        let out = repo.path + "-report.json"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try Preflight.run(["check", "--staged", "--output", "json=\(out)"], in: repo.path)
        #expect(r.status == 1)
        let j = try json(try String(contentsOfFile: out, encoding: .utf8))
        #expect((j["findings"] as? [Any])?.count == 1)
        let bad = try Preflight.run(["check", "--staged", "--output", "xml=x"], in: repo.path)
        #expect(bad.status == 2)
    }

    @Test func fix_inWorkingTreeMode_replacesTheCopy_andTheChangeThenPasses() throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "[pytest]\n")
        let r = try Preflight.run(["check", "--untracked", "--fix"], in: repo.path)
        #expect(r.status == 0, "\(r.stdout)")
        #expect(r.stderr.contains("fixed: replaced a/pytest.ini with a link to ../helpers_root/pytest.ini"))
        #expect(try repo.run(["readlink", "a/pytest.ini"]) == "../helpers_root/pytest.ini")
        #expect(try Preflight.run(["check", "--untracked"], in: repo.path).status == 0)
    }

    @Test func fix_inStagedMode_fixesTheWorkingTreeButStillFailsUntilStaged() throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "[pytest]\n")
        try repo.git("add", "-A")
        let r = try Preflight.run(["check", "--staged", "--fix"], in: repo.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("fixed: replaced a/pytest.ini"))
        try repo.git("add", "-A")
        #expect(try Preflight.run(["check", "--staged"], in: repo.path).status == 0)
    }

    @Test func check_withoutFix_writesNothing() throws {
        let repo = try repository()
        try repo.write("a/pytest.ini", "[pytest]\n")
        try repo.git("rm", "-q", "--cached", "helpers_root/tool.py")
        try repo.git("add", "-A")
        let before = try repo.fingerprint()
        for format in ["text", "json", "github", "junit", "sarif"] {
            _ = try Preflight.run(["check", "--staged", "--format", format], in: repo.path)
        }
        #expect(try repo.fingerprint() == before)
    }

    @Test func badConfiguration_exitsTwo_namingTheFile() throws {
        let repo = try repository()
        try repo.write("preflight.toml", "[checks]\nskip = 3\n")
        try repo.git("add", "-A")
        let r = try Preflight.run(["check", "--staged"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("preflight.toml"))
    }

    @Test func oddPaths_areEscapedInText_andExactInJSON() throws {
        let repo = try repository()
        let name: [UInt8] = Array("a/we ird\n".utf8) + [0xff] + Array(".txt".utf8)
        try repo.write(bytes: name, Array("<<<<<<< HEAD\n".utf8))
        try repo.git("add", "-A")
        let text = try Preflight.run(["check", "--staged"], in: repo.path)
        #expect(text.status == 1)
        #expect(text.stdout.hasPrefix("a/we ird\\n\\xff.txt  [a]\n"))
        let r = try Preflight.run(["check", "--staged", "--format", "json"], in: repo.path)
        let finding = try #require((try json(r.stdout)["findings"] as? [[String: Any]])?.first)
        #expect(finding["path_b64"] as? String == Data(name).base64EncodedString())
        #expect(finding["line"] as? Int == 1)
    }

    /// Colour only on a terminal (a pseudo-terminal from util-linux `script`), never with NO_COLOR set.
    @Test func colour_onlyOnATerminal_andNeverWithNO_COLOR() throws {
        let repo = try repository()
        try repo.git("rm", "-q", "helpers_root/tool.py")
        let command = "'\(Preflight.executable)' check --staged"
        let tty = try Shell.run(["script", "-qec", command, "/dev/null"], in: repo.path, environment: ["NO_COLOR": ""])
        #expect(tty.stdout.contains("\u{1B}[31merror"))
        let plain = try Shell.run(
            ["script", "-qec", command, "/dev/null"], in: repo.path, environment: ["NO_COLOR": "1"])
        #expect(plain.stdout.contains("error   symlink"))
        #expect(!plain.stdout.contains("\u{1B}["))
    }
}
