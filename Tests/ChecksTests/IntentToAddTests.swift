import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// An intent-to-add entry (`git add -N`) is not staged, as `git diff --cached` says, and is a new file with its
/// working-tree content in the working tree, as `git diff HEAD` says; never a staged empty file.
@Suite struct IntentToAddTests {
    static func paths(_ repo: TemporaryRepository, _ source: ChangeSource) throws -> [String] {
        let repository = try Repository(discoveringFrom: repo.path)
        let set = try ChangeSet.make(repository, ChangeRequest(source: source))
        return set.touchedPaths.compactMap(\.utf8String).sorted()
    }

    static func gitPaths(_ repo: TemporaryRepository, _ args: String...) throws -> [String] {
        try repo.git(arguments: ["diff", "--name-only"] + args).split(separator: "\n").map(String.init).sorted()
    }

    @Test(arguments: ["3", "4"]) func anIntentToAddFile_isNotStaged_butIsNewInTheWorkingTree(version: String) throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("a/old.py", "old\n")
        try repo.commitAll("init")
        try repo.git("update-index", "--index-version", version)
        try repo.write("a/new.py", "print('new')\n")
        try repo.write("b/later.py", "later\n")
        try repo.git("add", "-N", "a/new.py", "b/later.py")
        try repo.write("a/old.py", "old, staged\n")
        try repo.git("add", "a/old.py")
        #expect(try Self.gitPaths(repo, "--cached") == ["a/old.py"])
        #expect(try Self.paths(repo, .staged) == (try Self.gitPaths(repo, "--cached")))
        #expect(try Self.gitPaths(repo, "HEAD") == ["a/new.py", "a/old.py", "b/later.py"])
        #expect(try Self.paths(repo, .changedSince("main", committedOnly: false)) == (try Self.gitPaths(repo, "HEAD")))
        let repository = try Repository(discoveringFrom: repo.path)
        let set = try ChangeSet.make(repository, ChangeRequest(source: .changedSince("main", committedOnly: false)))
        let new = try #require(set.head.table.entry(at: RepoPath("a/new.py")))
        #expect(String(decoding: try set.head.bytes(of: new), as: UTF8.self) == "print('new')\n")
    }

    @Test func anIntentToAddVersionFile_isNotAStagedEmptyFile_butItsWorkingTreeContentIsChecked() throws {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", "[version]\nfiles = [\"VERSION\", \"b/VERSION\"]\n")
        try repo.write("VERSION", "1.0.0\n")
        try repo.write("a/runnable_dir")
        try repo.commitAll("init")
        try repo.write("b/VERSION", "not a version\n")
        try repo.git("add", "-N", "b/VERSION")
        let staged = try Preflight.run(["check", "--staged"], in: repo.path)
        #expect(staged.status == 0, "\(staged.stdout)\(staged.stderr)")
        #expect(!staged.stdout.contains("version file is empty"), "\(staged.stdout)")
        let working = try Preflight.run(["check"], in: repo.path)
        #expect(working.status == 1, "\(working.stdout)\(working.stderr)")
        #expect(working.stdout.contains("'not a version'"), "\(working.stdout)")
    }
}
