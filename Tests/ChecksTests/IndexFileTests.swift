import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// The direct index reader and the cache-tree staged diff agree with libgit2 on every kind of change.
@Suite struct IndexFileTests {
    /// A repository with nested directories, a link, an executable and a few files.
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("a/one.txt", "one\n")
        try repo.write("a/deep/two.txt", String(repeating: "two\n", count: 30))
        try repo.write("b/three.txt", "three\n")
        try repo.write("c/gone/four.txt", "four\n")
        try repo.write("tool.sh", "#!/bin/sh\n")
        try repo.write("file-then-dir", "f\n")
        try repo.link("a/link", to: "one.txt")
        try repo.commitAll("init")
        return repo
    }

    /// With `renamesByLibgit2`, libgit2 pairs renames over the changed paths only: its full diff's exact list.
    func compare(_ repo: TemporaryRepository, renamesByLibgit2: Bool = false) throws {
        let repository = try Repository(discoveringFrom: repo.path)
        let file = try #require(IndexFile.read(repository.indexPath))
        let libgit2 = try repository.index()
        #expect(IndexListing(file).materialize() == libgit2.entries)
        let headTree = try repository.headCommit().map { id throws(GitError) in try repository.treeID(ofCommit: id) }
        let slow = try repository.diff(.treeToIndex(headTree))
        let fast = try repository.stagedChanges(headTree: headTree, index: file)
        let answer = try #require(fast)
        #expect(renamesByLibgit2 ? answer == slow : Set(answer) == Set(slow))
    }

    @Test func modifiedAddedAndModeChanges_matchLibgit2() throws {
        let repo = try repository()
        try repo.write("a/deep/two.txt", "changed\n")
        try repo.write("new/dir/five.txt", "five\n")
        try repo.run(["chmod", "+x", repo.path + "/b/three.txt"])
        try repo.git("add", "-A")
        try compare(repo)
    }

    @Test func deletedFilesAndDirectories_matchLibgit2() throws {
        let repo = try repository()
        try repo.remove("c")
        try repo.remove("tool.sh")
        try repo.git("add", "-A")
        try compare(repo)
    }

    @Test func addedAndDeletedFilesTogether_leaveRenameDetectionToLibgit2() throws {
        let repo = try repository()
        try repo.write("new/dir/five.txt", "five\n")
        try repo.remove("c")
        try repo.git("add", "-A")
        try compare(repo, renamesByLibgit2: true)
    }

    @Test func fileBecomingALink_andALinkBecomingAFile_matchLibgit2() throws {
        let repo = try repository()
        try repo.link("b/three.txt", to: "../a/one.txt")
        try repo.write("a/link", "one.txt")
        try repo.git("add", "-A")
        try compare(repo)
    }

    @Test func fileBecomingADirectory_andBack_matchLibgit2ThroughItsDiff() throws {
        let repo = try repository()
        try repo.remove("file-then-dir")
        try repo.write("file-then-dir/inner.txt", "inner\n")
        try repo.remove("c")
        try repo.write("c", "now a file\n")
        try repo.git("add", "-A")
        try compare(repo, renamesByLibgit2: true)
    }

    @Test func exactRename_isPairedWithoutLibgit2() throws {
        let repo = try repository()
        try repo.run(["mkdir", "-p", "moved"])
        try repo.git("mv", "a/deep/two.txt", "moved/two.txt")
        try compare(repo)
    }

    @Test func aMovedLink_isADeletionAndAnAddition_asLibgit2SaysAndRangesSay() throws {
        let repo = try repository()
        try repo.link("a/link.txt", to: "deep/two.txt")
        try repo.commitAll("a link")
        try repo.git("mv", "a/link.txt", "a/moved-link.txt")
        try compare(repo)
        let repository = try Repository(discoveringFrom: repo.path)
        let headTree = try repository.treeID(ofCommit: try #require(try repository.headCommit()))
        let file = try #require(IndexFile.read(repository.indexPath))
        let kinds = try #require(try repository.stagedChanges(headTree: headTree, index: file)).map(\.kind)
        #expect(kinds.sorted { "\($0)" < "\($1)" } == [.added, .deleted])
    }

    @Test func renameWithEdits_fallsBackToLibgit2SimilarityDetection() throws {
        let repo = try repository()
        try repo.run(["mkdir", "-p", "moved"])
        try repo.git("mv", "a/deep/two.txt", "moved/two.txt")
        try repo.write("moved/two.txt", String(repeating: "two\n", count: 29) + "edited\n")
        try repo.git("add", "-A")
        try compare(repo, renamesByLibgit2: true)
    }

    @Test func indexVersion4_andAnIndexWithoutCacheTree_areReadExactly() throws {
        let repo = try repository()
        try repo.git("update-index", "--index-version", "4")
        try repo.write("a/one.txt", "one v4\n")
        try repo.git("add", "-A")
        try compare(repo)
        // read-tree leaves no cache-tree at all: every directory is compared entry by entry.
        try repo.git("read-tree", "HEAD")
        try repo.write("b/three.txt", "three again\n")
        try repo.git("add", "b/three.txt")
        try compare(repo)
    }

    @Test func unbornHead_andNonUTF8Paths_matchLibgit2() throws {
        let repo = try TemporaryRepository()
        try repo.write(bytes: [0x78, 0xff, 0x2e, 0x79], Array("bytes\n".utf8))  // "x\xff.y"
        try repo.write("plain.txt", "p\n")
        try repo.git("add", "-A")
        try compare(repo)
    }

    @Test func aTruncatedIndex_isNotReadDirectly() throws {
        let repo = try repository()
        let repository = try Repository(discoveringFrom: repo.path)
        let bytes = try #require(FileManager.default.contents(atPath: repository.indexPath))
        let truncated = Array(bytes.prefix(bytes.count / 2))
        #expect(truncated.withUnsafeBytes { IndexFile.parse($0) } == nil)
        #expect([UInt8](repeating: 0, count: 40).withUnsafeBytes { IndexFile.parse($0) } == nil)
    }
}

extension IndexFileTests {
    @Test func treeListingThroughTheCacheTree_equalsTheFullTreeWalk() throws {
        let repo = try repository()
        let base = try repo.git("rev-parse", "HEAD^{tree}")
        try repo.write("a/deep/two.txt", "changed since the base\n")
        try repo.write("z/new.txt", "new\n")
        try repo.commitAll("move on")
        let repository = try Repository(discoveringFrom: repo.path)
        let index = try #require(IndexFile.read(repository.indexPath))
        let tree = try #require(ObjectID(hex: base))
        #expect(try repository.treeEntries(tree, index: index) == repository.treeEntries(tree))
        // The index's cache-tree matches the new HEAD: the listing of HEAD comes wholly from the index.
        let head = try repository.treeID(ofCommit: try #require(try repository.headCommit()))
        #expect(index.cacheTreeID([]) == head)
        #expect(try repository.treeEntries(head, index: index) == repository.treeEntries(head))
    }

    /// After a commit every cache-tree node is valid: the parsed ids are exactly the commit's trees.
    @Test func theCacheTree_holdsEveryDirectorysTreeID_afterACommit() throws {
        let repo = try repository()
        try repo.write("a/deep/er/three.txt", "3\n")
        try repo.write("a.b/x", "x\n")
        try repo.commitAll("more")
        let repository = try Repository(discoveringFrom: repo.path)
        let index = try #require(IndexFile.read(repository.indexPath))
        var expected: [RepoPath: ObjectID] = [
            .root: try #require(
                ObjectID(
                    hex: try repo.git("rev-parse", "HEAD^{tree}")
                        .trimmingCharacters(in: .whitespacesAndNewlines)))
        ]
        for line in try repo.git("ls-tree", "-r", "-d", "HEAD").split(separator: "\n") {
            let fields = line.split(separator: "\t", maxSplits: 1)
            let id = try #require(ObjectID(hex: String(fields[0].split(separator: " ")[2])))
            expected[RepoPath(String(fields[1]))] = id
        }
        #expect(expected.count > 5)
        #expect(index.validCacheTrees() == expected)
    }
}
