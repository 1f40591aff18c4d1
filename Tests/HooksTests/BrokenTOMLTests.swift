import Foundation
import TestSupport
import Testing

/// TOML that aborted the old C++ parser (`[[`, `[[ [a]]`, `[[[a]]]`, 100,000 `[`) is an answer, never a crash.
@Suite struct BrokenTOMLTests {
    static let inputs = ["[[\n", "[[ [a]]\n", "[[[a]]]\n", String(repeating: "[", count: 100_000)]

    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/lockfiles/poetry-2.0-project").path

    @Test(arguments: inputs) func aBrokenPreflightToml_isExit2NamingLineOne(config: String) throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("preflight.toml", config)
        try repo.commitAll("init")
        let r = try Preflight.run(["targets"], in: repo.path)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("preflight.toml:1: invalid toml: "), "\(r.stderr)")
    }

    @Test(arguments: inputs) func theStagedBrokenPreflightToml_failsThePreCommitHookWithExit2(config: String) throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("preflight.toml", "[workspace]\n")
        try repo.commitAll("init")
        try repo.write("preflight.toml", config)
        try repo.git("add", "-A")
        let r = try Preflight.run(["hook", "pre-commit"], in: repo.path)
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("preflight.toml:1:"), "\(r.stderr)")
    }

    @Test func aUTF8ByteOrderMark_beforePreflightToml_isAccepted() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("preflight.toml", "\u{FEFF}[workspace]\ndefault-branch = \"main\"\n")
        try repo.commitAll("init")
        let accepted = try Preflight.run(["targets"], in: repo.path)
        #expect(accepted.status == 0, "\(accepted.stderr)")
        try repo.write("preflight.toml", "\u{FEFF}[workspace]\nbogus = 1\n")
        try repo.commitAll("a bad key after the mark")
        let refused = try Preflight.run(["targets"], in: repo.path)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("preflight.toml:2:"), "\(refused.stderr)")
    }

    /// `lock check --staged` on a Poetry lock pair after staging `text` as `file` of the pair.
    func lockCheck(staging text: String, as file: String) throws -> Shell.Result {
        let repo = try TemporaryRepository()
        for file in ["pyproject.toml", "poetry.lock"] {
            try repo.write(file, try String(contentsOfFile: BrokenTOMLTests.fixture + "/" + file, encoding: .utf8))
        }
        try repo.commitAll("base")
        try repo.write(file, text)
        try repo.git("add", "-A")
        return try Preflight.run(["lock", "check", "--staged"], in: repo.path)
    }

    @Test(arguments: inputs) func aBrokenManifestOfALockPair_isAFindingAtItsLine(manifest: String) throws {
        let r = try lockCheck(staging: manifest, as: "pyproject.toml")
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("pyproject.toml: invalid toml: "), "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("line 1"), "\(r.stdout)")
    }

    @Test(arguments: inputs) func aBrokenLockOfALockPair_isAFindingAtItsLine(lock: String) throws {
        let r = try lockCheck(staging: lock, as: "poetry.lock")
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("poetry.lock: invalid toml: "), "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("line 1"), "\(r.stdout)")
    }
}
