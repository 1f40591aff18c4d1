import Foundation
import TestSupport
import Testing

/// README's `lefthook.yml` snippet, installed and run by real lefthook (pinned by `make deps`) on real commits
/// and pushes.
@Suite struct LefthookTests {
    /// The fenced block of README that starts with `# lefthook.yml`: what users copy is what is tested.
    static func readmeSnippet() throws -> String {
        let readme = try String(contentsOfFile: LockTools.packageRoot + "/README.md", encoding: .utf8)
        let start = try #require(readme.range(of: "```yaml\n# lefthook.yml\n"), "README has no lefthook.yml snippet")
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        return String(readme[start.upperBound..<end.lowerBound])
    }

    @Test func commit_failsNamingTheStagedDanglingLink_andACleanCommitPasses() throws {
        let repo = try HookManagers.userRepository()
        let env = try HookManagers.environment(["lefthook"], home: repo)
        try repo.write("lefthook.yml", try LefthookTests.readmeSnippet())
        try repo.run(["lefthook", "install"], environment: env)
        let before = try repo.git("rev-parse", "HEAD")
        let failing = try Shell.run(["git", "commit", "-m", "broken link"], in: repo.path, environment: env)
        #expect(failing.status != 0, "\(failing.stdout)\(failing.stderr)")
        #expect((failing.stdout + failing.stderr).contains(HookManagers.finding), "\(failing.stdout)\(failing.stderr)")
        #expect(try repo.git("rev-parse", "HEAD") == before)
        try repo.git("rm", "-q", "--cached", "app/broken")
        try repo.remove("app/broken")
        try repo.write("app/main.py", "print('hello')\n")
        try repo.git("add", "app/main.py", "lefthook.yml")
        let passing = try Shell.run(["git", "commit", "-m", "clean change"], in: repo.path, environment: env)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
        #expect(try repo.git("rev-parse", "HEAD~1") == before)
    }

    @Test func push_failsOnABranchWithTheLink_andAPushOfACleanBranchPasses() throws {
        let repo = try HookManagers.userRepository()
        let env = try HookManagers.environment(["lefthook"], home: repo)
        try repo.write("lefthook.yml", try LefthookTests.readmeSnippet())
        try repo.run(["lefthook", "install"], environment: env)
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.git("commit", "-q", "--no-verify", "-m", "broken link")
        let failing = try Shell.run(["git", "push", "origin", "feature"], in: repo.path, environment: env)
        #expect(failing.status != 0, "\(failing.stdout)\(failing.stderr)")
        #expect(
            (failing.stdout + failing.stderr).contains("[refs/heads/feature] " + HookManagers.finding),
            "\(failing.stdout)\(failing.stderr)")
        try repo.git("checkout", "-q", "-b", "clean", "main")
        try repo.write("app/main.py", "print('hello')\n")
        try repo.git("add", "app/main.py")
        try repo.git("commit", "-q", "-m", "clean change", environment: env)
        let passing = try Shell.run(["git", "push", "origin", "clean"], in: repo.path, environment: env)
        #expect(passing.status == 0, "\(passing.stdout)\(passing.stderr)")
    }
}
