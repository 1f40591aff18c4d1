import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// The stat pass over the index finds every path where the working tree differs from a tree, as git does, and
/// libgit2's diff restricted to those paths answers exactly what its whole diff answers.
@Suite struct WorkingTreePassTests {
    /// Files, an executable, a link, nested directories and a path that is not UTF-8, committed.
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("a/one.txt", "one\n")
        try repo.write("a/deep/two.txt", String(repeating: "two\n", count: 20))
        try repo.write("b/three.txt", "three\n")
        try repo.write("b/four.txt", "four\n")
        try repo.write("tool.sh", "#!/bin/sh\n")
        try repo.link("a/link", to: "one.txt")
        try repo.write(bytes: [0x78, 0xff, 0x2e, 0x79], Array("bytes\n".utf8))
        try repo.commitAll("base")
        return repo
    }

    /// Checks the pass against git and libgit2 for the working tree against `base`; returns its candidates.
    @discardableResult
    func expectAgreement(_ repo: TemporaryRepository, base: String = "HEAD") throws -> Set<RepoPath> {
        let repository = try Repository(discoveringFrom: repo.path)
        let tree = try #require(ObjectID(hex: try repo.git("rev-parse", "\(base)^{tree}")))
        let whole = try repository.diff(.treeToWorkingTree(tree, untracked: false))
        let candidates = try #require(try repository.workingTreeCandidates(tree: tree)).paths
        let narrowed =
            candidates.isEmpty ? [] : try repository.diff(.treeToWorkingTree(tree, untracked: false), paths: candidates)
        #expect(narrowed == whole)
        // The same diff through an in-memory index of the candidates' entries alone.
        #expect(try repository.workingTreeDiff(tree: tree)?.changes == whole)
        let listed = try IndexFileGitTests.gitBytes(
            repo, ["diff", "--name-only", "-z", "--no-renames", "--ignore-submodules=dirty", base])
        let git = Set(listed.split(separator: 0).map { RepoPath(bytes: Array($0)) })
        #expect(Set(whole.flatMap(\.touchedPaths)) == git)
        #expect(git.isSubset(of: Set(candidates)))
        return Set(candidates)
    }

    @Test func modifiedDeletedModeOnlyAndTypeChanges_areFound() throws {
        let repo = try repository()
        try repo.write("a/one.txt", "edited\n")
        try repo.remove("b/four.txt")
        try repo.run(["chmod", "+x", repo.path + "/b/three.txt"])
        try repo.remove("tool.sh")
        try repo.link("tool.sh", to: "a/one.txt")
        try repo.remove("a/link")
        try repo.write("a/link", "now a file\n")
        try repo.write(bytes: [0x78, 0xff, 0x2e, 0x79], Array("changed\n".utf8))
        let candidates = try expectAgreement(repo)
        #expect(candidates.count == 6)
    }

    @Test func aCleanTree_andATouchedButUnchangedFile_haveNoCandidates() throws {
        let repo = try repository()
        #expect(try expectAgreement(repo).isEmpty)
        // A new mtime (and ctime) with the same bytes: hashed, found equal, not a candidate.
        try repo.run(["touch", "-d", "2030-01-01T00:00:00", repo.path + "/a/one.txt"])
        #expect(try expectAgreement(repo).isEmpty)
    }

    @Test func aSameSizeEditInTheSameInstant_isFound() throws {
        let repo = try repository()
        try repo.write("racy.txt", "aaaa\n")
        try repo.git("add", "racy.txt")
        try repo.write("racy.txt", "bbbb\n")
        // The recorded mtime put back: only the racy check (or ctime) can tell the edit.
        let recorded = try repo.git("ls-files", "--debug", "racy.txt")
        let mtime = try #require(recorded.split(separator: "\n").first { $0.contains("mtime:") })
        let parts = mtime.split(separator: " ").last?.split(separator: ":") ?? []
        try #require(parts.count == 2)
        try repo.run(["touch", "-m", "-d", "@\(parts[0]).\(String(parts[1]).leftPadded(9))", repo.path + "/racy.txt"])
        #expect(try expectAgreement(repo).contains(RepoPath("racy.txt")))
    }

    @Test func aCommittedFileEditedAsTheIndexWasWritten_isFoundByTheRacyCheckAlone() throws {
        let repo = try repository()
        try repo.git("config", "core.trustctime", "false")
        let recorded = try repo.git("ls-files", "--debug", "b/three.txt")
        let mtime = try #require(recorded.split(separator: "\n").first { $0.contains("mtime:") })
        let parts = mtime.split(separator: " ").last?.split(separator: ":") ?? []
        try #require(parts.count == 2)
        let instant = "@\(parts[0]).\(String(parts[1]).leftPadded(9))"
        // Same size, same mtime, ctime not trusted: only an index written in that same instant tells the edit.
        try repo.write("b/three.txt", "THREE\n")
        try repo.run(["touch", "-m", "-d", instant, repo.path + "/b/three.txt"])
        try repo.run(["touch", "-m", "-d", instant, repo.path + "/.git/index"])
        #expect(try expectAgreement(repo).contains(RepoPath("b/three.txt")))
    }

    @Test func aFileHashedWithFiltersFromAGitattributesOnlyTheIndexHolds_isUnchanged() throws {
        let repo = try repository()
        try repo.write(".gitattributes", "*.txt text\n")
        try repo.write("crlf.txt", "a\r\nb\r\n")
        try repo.commitAll("attributes")
        // The same bytes, a new mtime: hashed, with `text` turning CRLF into LF as `git add` did.
        try repo.run(["touch", "-d", "2030-01-01T00:00:00", repo.path + "/crlf.txt"])
        #expect(try expectAgreement(repo) == [])
        // The attributes file gone from the working tree only: git and libgit2 read it from the index.
        try repo.remove(".gitattributes")
        #expect(try expectAgreement(repo) == [RepoPath(".gitattributes")])
    }

    @Test func stagedAndUnstagedRenames_areReportedAsTheWholeDiffReportsThem() throws {
        let repo = try repository()
        try repo.git("mv", "a/deep/two.txt", "moved.txt")
        try repo.run(["mv", repo.path + "/b/three.txt", repo.path + "/b/three-moved.txt"])
        try repo.git("add", "-N", "b/three-moved.txt")
        try repo.write("a/one.txt", "staged\n")
        try repo.git("add", "a/one.txt")
        try expectAgreement(repo)
    }

    @Test func aSkipWorktreeEntry_isUnchanged_andADirectoryReplacedByALink_isFound() throws {
        let repo = try repository()
        try repo.git("update-index", "--skip-worktree", "b/three.txt")
        try repo.write("b/three.txt", "edited under skip-worktree\n")
        #expect(try expectAgreement(repo).isEmpty)
        // `a` becomes a link to a directory holding the same names: its files are no longer tracked ones.
        try repo.run(["cp", "-r", repo.path + "/a", repo.path + "/elsewhere"])
        try repo.remove("a")
        try repo.link("a", to: "elsewhere")
        #expect(try expectAgreement(repo).contains(RepoPath("a/one.txt")))
    }

    @Test func aSubmoduleMovedToAnotherCommit_isFound_andItsDirtyFilesAreNot() throws {
        let repo = try repository()
        let sub = try repo.addSubmodule(at: "sub", files: ["s.txt": "s\n"])
        try repo.commitAll("submodule")
        try repo.write("sub/s.txt", "dirty\n")
        try expectAgreement(repo)
        try repo.git("-C", "sub", "commit", "-q", "-am", "moved")
        _ = sub
        try expectAgreement(repo)
    }

    @Test func againstAnOlderBase_theTreeToIndexStepFindsWhatTheBranchChanged() throws {
        let repo = try repository()
        try repo.write("b/three.txt", "committed on the branch\n")
        try repo.remove("a/deep")
        try repo.commitAll("branch")
        try repo.write("tool.sh", "edited in the working tree\n")
        let candidates = try expectAgreement(repo, base: "HEAD~1")
        #expect(candidates.contains(RepoPath("b/three.txt")))
        #expect(candidates.contains(RepoPath("tool.sh")))
    }

    @Test func aCleanTreeAgainstAnOlderBase_isAnsweredFromTheIndexAlone_renamesAndTypeChangesIncluded() throws {
        let repo = try repository()
        try repo.git("mv", "b/four.txt", "b/four-moved.txt")
        try repo.git("mv", "a/deep/two.txt", "two-moved.txt")
        try repo.write("two-moved.txt", String(repeating: "two\n", count: 19) + "changed\n")
        try repo.remove("tool.sh")
        try repo.link("tool.sh", to: "a/one.txt")
        try repo.run(["chmod", "+x", repo.path + "/b/three.txt"])
        try repo.commitAll("branch")
        let repository = try Repository(discoveringFrom: repo.path)
        let tree = try #require(ObjectID(hex: try repo.git("rev-parse", "HEAD~1^{tree}")))
        let found = try #require(try repository.workingTreeCandidates(tree: tree))
        #expect(found.matchesIndex)
        let changes = try #require(try repository.workingTreeDiff(tree: tree)).changes
        #expect(changes.contains { $0.kind == .renamed && $0.path == RepoPath("two-moved.txt") })
        #expect(changes.contains { $0.kind == .renamed && $0.path == RepoPath("b/four-moved.txt") })
        try expectAgreement(repo, base: "HEAD~1")
        // One file edited after: the working tree no longer matches the index, and the answer still agrees.
        try repo.write("a/one.txt", "edited\n")
        #expect(try #require(try repository.workingTreeCandidates(tree: tree)).matchesIndex == false)
        try expectAgreement(repo, base: "HEAD~1")
    }
}

extension String {
    /// Zeros in front up to `width` characters.
    fileprivate func leftPadded(_ width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
