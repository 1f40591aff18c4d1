import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// A split index (`git update-index --split-index`) and a sparse index (`sdir`) are read as git reads them:
/// the listing is what `git ls-files -s` lists, and every command answers as in the same repository without.
@Suite struct IndexFileSplitTests {
    /// The composed index against `git ls-files -s` (which expands a sparse index), stage 0.
    static func expectAgreement(_ repo: TemporaryRepository) throws {
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(IndexFile.read(repository.indexPath) == nil, "the in-place reader alone does not apply")
        let file = try #require(try repository.indexFile())
        let read = (0..<file.count).map {
            IndexFileGitTests.Listed(
                mode: file.mode($0).gitMode, id: file.id($0).hex, stage: 0, path: file.path($0).bytes)
        }
        #expect(read == (try IndexFileGitTests.lsFiles(repo)).filter { $0.stage == 0 })
    }

    @Test func aSplitIndex_withReplacedDeletedAndAddedEntries_listsWhatGitLsFilesLists() throws {
        let repo = try IndexFileGitTests.repository()
        try repo.git("config", "splitIndex.maxPercentChange", "100")
        try repo.git("update-index", "--split-index")
        try Self.expectAgreement(repo)
        try repo.write("a/one.txt", "one, edited\n")
        try repo.write("b/new.txt", "new\n")
        try repo.write("zz/last.txt", "last\n")
        try repo.git("add", "a/one.txt", "b/new.txt", "zz/last.txt")
        try repo.git("rm", "-q", "--cached", "c/d/e.txt")
        let shared = try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git")
        #expect(shared.contains { $0.hasPrefix("sharedindex.") })
        try Self.expectAgreement(repo)
        // Version 4 (prefix-compressed paths, replacements without one): a new version writes one plain index,
        // split again.
        try repo.git("update-index", "--index-version", "4")
        try repo.git("update-index", "--split-index")
        try repo.write("b/three.txt", "three, edited\n")
        try repo.write("a0", "zero, edited\n")
        try repo.git("add", "b/three.txt", "a0")
        try Self.expectAgreement(repo)
    }

    @Test func aSplitIndexWhoseSharedIndexIsMissing_isAnErrorNamingIt_notAnEmptyIndex() throws {
        let repo = try IndexFileGitTests.repository()
        try repo.git("update-index", "--split-index")
        for name in try FileManager.default.contentsOfDirectory(atPath: repo.path + "/.git")
        where name.hasPrefix("sharedindex.") {
            try FileManager.default.removeItem(atPath: repo.path + "/.git/" + name)
        }
        let repository = try Repository(discoveringFrom: repo.path)
        #expect {
            _ = try repository.indexFile()
        } throws: { error in
            "\(error)".contains("sharedindex.") && "\(error)".contains("is missing")
        }
        let r = try Preflight.run(["affected", "--staged"], in: repo.path)
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("is missing"), "\(r.stderr)")
    }

    @Test func aSparseIndex_isExpandedToWhatGitLsFilesLists() throws {
        let repo = try IndexFileGitTests.repository()
        try repo.git("sparse-checkout", "set", "--cone", "--sparse-index", "b")
        let sparse = try repo.git("ls-files", "-s", "--sparse")
        #expect(sparse.contains("040000 "), "git wrote sparse directory entries:\n\(sparse)")
        try Self.expectAgreement(repo)
        try repo.write("b/new.txt", "new\n")
        try repo.git("add", "b/new.txt")
        try Self.expectAgreement(repo)
    }

    /// Hundreds of entries, most deleted in one run: the bitmaps hold run-length words, not literal ones only.
    @Test func aSplitIndexWithLongRunsOfDeletedAndReplacedEntries_listsWhatGitLsFilesLists() throws {
        let repo = try TemporaryRepository()
        for n in 0..<400 { try repo.write("d/f\(1000 + n).txt", "\(n)\n") }
        try repo.commitAll("many")
        try repo.git("config", "splitIndex.maxPercentChange", "100")
        try repo.git("update-index", "--split-index")
        try repo.git(arguments: ["rm", "-q", "--cached"] + (0..<300).map { "d/f\(1000 + $0).txt" })
        for n in 320..<400 { try repo.write("d/f\(1000 + n).txt", "\(n), edited\n") }
        try repo.git("add", "d")
        try repo.git("rm", "-q", "--cached", "-r", "d")
        try repo.git(arguments: ["add"] + (300..<400).map { "d/f\(1000 + $0).txt" })
        try Self.expectAgreement(repo)
    }

    @Test func aConflictInASplitIndex_isAnsweredAsWithAPlainIndex() throws {
        let repo = try IndexFileGitTests.repository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("runnable")
        try repo.commitDivergingEdits(
            of: "a/one.txt", base: "one\n", branch: "other", onBranch: "other side\n", onMain: "main side\n")
        try repo.git("config", "core.splitIndex", "true")
        try repo.git("update-index", "--split-index")
        #expect(throws: (any Error).self) { try repo.git("merge", "-q", "other") }
        let split = try Preflight.run(["affected", "--staged"], in: repo.path)
        try repo.git("config", "core.splitIndex", "false")
        try repo.git("update-index", "--no-split-index")
        let plain = try Preflight.run(["affected", "--staged"], in: repo.path)
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout.contains("a/one.txt"), "\(plain.stdout)")
        #expect(split.status == plain.status, "\(split.stderr)")
        #expect(split.stdout == plain.stdout)
    }

    @Test func aSplitIndexesConflicts_areRead_butWritingItIsRefusedNamingTheFix() throws {
        let repo = try IndexFileGitTests.repository()
        try repo.commitDivergingEdits(
            of: "a/one.txt", base: "one\n", branch: "other", onBranch: "other side\n", onMain: "main side\n")
        try repo.git("config", "core.splitIndex", "true")
        try repo.git("update-index", "--split-index")
        #expect(throws: (any Error).self) { try repo.git("merge", "-q", "other") }
        let before = try repo.git("ls-files", "-s")
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(try repository.conflicts().map(\.path) == [RepoPath("a/one.txt")])
        try repo.write("a/one.txt", "resolved\n")
        #expect {
            try repository.stage([RepoPath("a/one.txt")])
        } throws: { error in
            "\(error)".contains("split or sparse index") && "\(error)".contains("git update-index --no-split-index")
        }
        #expect(try repo.git("ls-files", "-s") == before, "the index is left as it was")
    }
}
