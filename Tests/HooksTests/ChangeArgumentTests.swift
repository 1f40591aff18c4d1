import Foundation
import TestSupport
import Testing

/// Arguments that name what is not there are usage errors (exit 2), never "1 changed path" or "nothing to run".
@Suite struct ChangeArgumentTests {
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("app/runnable_dir")
        try repo.write("app/src/a.py", "a = 1\n")
        try repo.write("app/src/b.py", "b = 1\n")
        try repo.write("lib/runnable_dir")
        try repo.commitAll("init")
        return repo
    }

    @Test func filesOutsideTheRepository_isExit2NamingThePath() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--files", "/etc/passwd"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("'/etc/passwd' is outside the repository"), "\(r.stderr)")
        let climbing = try Preflight.run(["affected", "--files", "../elsewhere.txt"], in: repo.path)
        #expect(climbing.status == 2, "\(climbing.stdout)")
    }

    @Test func filesThatExistNowhere_isExit2_butADeletedFileCounts() throws {
        let repo = try repository()
        let typo = try Preflight.run(["affected", "--files", "app/src/c.py"], in: repo.path)
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("'app/src/c.py' is neither in HEAD nor in the working tree"), "\(typo.stderr)")
        try repo.remove("app/src/a.py")
        let deleted = try Preflight.run(["affected", "--files", "app/src/a.py", "--format", "json"], in: repo.path)
        #expect(deleted.status == 0, "\(deleted.stderr)")
        #expect(deleted.stdout.contains("\"id\": \"app\""))
    }

    @Test func aDirectoryInFiles_standsForEveryFileBelowIt() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--files", "app/src", "--format", "json"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains("\"path\": \"app/src/a.py\"") && r.stdout.contains("\"path\": \"app/src/b.py\""),
            "\(r.stdout)")
        #expect(!r.stdout.contains("\"path\": \"app/src\""), "the directory itself is no changed file")
        // Relative to the current directory, as every path argument.
        let inside = try Preflight.run(["affected", "--files", "src", "--format", "json"], in: repo.path + "/app")
        #expect(inside.stdout == r.stdout)
    }

    @Test(arguments: [["affected"], ["check"], ["run", "fast", "--dry-run"]])
    func everyCommandTreatsFilesAlike(command: [String]) throws {
        let repo = try repository()
        try repo.write("new/untracked.py", "n = 1\n")
        let outside = try Preflight.run(command + ["--files", "/etc/passwd"], in: repo.path)
        #expect(outside.status == 2)
        #expect(outside.stderr.contains("'/etc/passwd' is outside the repository"), "\(outside.stderr)")
        let untracked = try Preflight.run(command + ["--files", "new"], in: repo.path)
        #expect(untracked.status == 2, "\(untracked.stdout)")
        #expect(
            untracked.stderr.contains("--files: 'new' is a directory with no file of HEAD below it"),
            "\(untracked.stderr)")
        let tracked = try Preflight.run(command + ["--files", "app/src"], in: repo.path)
        #expect(tracked.status == 0, "\(tracked.stdout)\(tracked.stderr)")
    }

    @Test func runWithAnUnknownTarget_isExit2_andAKnownOneIsNot() throws {
        let repo = try repository()
        let unknown = try Preflight.run(["run", "fast", "--target", "nosuch", "--dry-run"], in: repo.path)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--target 'nosuch' is no target"), "\(unknown.stderr)")
        let known = try Preflight.run(["run", "fast", "--target", "lib", "--dry-run"], in: repo.path)
        #expect(known.status == 0, "\(known.stderr)")
    }
}
