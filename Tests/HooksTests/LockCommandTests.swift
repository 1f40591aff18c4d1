import Foundation
import TestSupport
import Testing

/// `preflight lock check`: the lockfile check alone, as CI calls it.
@Suite struct LockCommandTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/lockfiles/poetry-2.0-project").path

    @Test func aManifestChangeWithoutRelocking_exitsOne_andOtherChecksDoNotRun() throws {
        let repo = try TemporaryRepository()
        for file in ["pyproject.toml", "poetry.lock"] {
            let text = try String(contentsOfFile: LockCommandTests.fixture + "/" + file, encoding: .utf8)
            try repo.write(file, text)
        }
        try repo.commitAll("base")
        #expect(try Preflight.run(["lock", "check", "--all"], in: repo.path).status == 0)
        let pyproject = try repo.read("pyproject.toml")
        try repo.write(
            "pyproject.toml",
            pyproject.replacingOccurrences(of: "requires-python = \">=3.9\"", with: "requires-python = \">=3.10\""))
        try repo.write("notes.md", "<<<<<<< HEAD\n")
        try repo.git("add", "-A")
        let r = try Preflight.run(["lock", "check", "--staged", "--format", "json"], in: repo.path)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\"message\": \"pyproject.toml changed but poetry.lock did not\""))
        #expect(!r.stdout.contains("conflict-marker"))
    }
}
