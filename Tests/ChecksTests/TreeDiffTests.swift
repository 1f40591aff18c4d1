import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// The tree-to-tree diff that opens only differing subtrees, against libgit2's full diff and git's own.
@Suite struct TreeDiffTests {
    /// The tree of a revision, or nil for an empty revision string (the empty tree).
    func tree(_ repo: TemporaryRepository, _ rev: String) throws -> ObjectID? {
        if rev.isEmpty { return nil }
        let id: ObjectID = try #require(ObjectID(hex: try repo.git("rev-parse", rev + "^{tree}")))
        return id
    }

    /// Expects the new diff between two revisions to be exactly libgit2's full diff, and (without renames) to
    /// list what `git diff --raw --no-renames` lists; returns it.
    @discardableResult
    func expectSameAsLibgit2(
        _ repo: TemporaryRepository, _ a: String, _ b: String, git compareWithGit: Bool = true
    ) throws -> [Change] {
        let repository = try Repository(discoveringFrom: repo.path)
        let (ta, tb) = (try tree(repo, a), try tree(repo, b))
        let ours = try repository.diff(.trees(ta, tb))
        let full = try repository.libgit2Diff(.trees(ta, tb)).flatMap { $0 }
        #expect(ours == full, "\(a)..\(b)")
        if compareWithGit { try expectSameAsGit(repo, a, b, ours) }
        return ours
    }

    /// Expects the paths touched to be git's, and every change no rename touches to be git's line for it.
    /// (libgit2 may pair a type change's old file with an added file, which git never does.)
    func expectSameAsGit(_ repo: TemporaryRepository, _ a: String, _ b: String, _ changes: [Change]) throws {
        let git = try gitRaw(repo, a, b)
        let gitPaths = Set(git.map { String($0.split(separator: " ", maxSplits: 3)[3]) })
        #expect(Set(changes.flatMap(\.touchedPaths).map(\.description)) == gitPaths, "\(a)..\(b)")
        let renamed = Set(changes.filter { $0.kind == .renamed }.flatMap(\.touchedPaths))
        let plain = Self.raw(changes.filter { renamed.isDisjoint(with: $0.touchedPaths) })
        #expect(Set(plain).subtracting(git).isEmpty, "\(a)..\(b): \(Set(plain).subtracting(git))")
    }

    /// `git diff --raw --no-renames` as "status oldmode newmode path" lines.
    func gitRaw(_ repo: TemporaryRepository, _ a: String, _ b: String) throws -> [String] {
        let from = a.isEmpty ? try repo.git("hash-object", "-t", "tree", "/dev/null") : a
        let out = try repo.git("diff", "--raw", "--no-renames", "--no-abbrev", "-z", from, b)
        let fields = out.split(separator: "\0", omittingEmptySubsequences: true)
        return stride(from: 0, to: fields.count - 1, by: 2).map { i in
            let meta = fields[i].dropFirst().split(separator: " ")
            return "\(meta[4]) \(meta[0]) \(meta[1]) \(fields[i + 1])"
        }
    }

    /// Changes in `gitRaw`'s form, a rename as the deletion and the addition git lists without renames.
    static func raw(_ changes: [Change]) -> [String] {
        func mode(_ m: FileMode?) -> String {
            guard let m else { return "000000" }
            let octal = String(m.gitMode, radix: 8)
            return String(repeating: "0", count: 6 - octal.count) + octal
        }
        return changes.flatMap { c -> [String] in
            switch c.kind {
            case .added: ["A 000000 \(mode(c.newMode)) \(c.path)"]
            case .deleted: ["D \(mode(c.oldMode)) 000000 \(c.path)"]
            case .modified: ["M \(mode(c.oldMode)) \(mode(c.newMode)) \(c.path)"]
            case .typeChanged: ["T \(mode(c.oldMode)) \(mode(c.newMode)) \(c.path)"]
            case .renamed:
                ["D \(mode(c.oldMode)) 000000 \(c.basePath)", "A 000000 \(mode(c.newMode)) \(c.path)"]
            }
        }
    }

    static let text = (1...30).map { "line \($0) of a file long enough to be compared by similarity\n" }.joined()

    @Test func modifyAddDeleteModeAndLinkChanges_matchLibgit2AndGit() throws {
        let repo = try TemporaryRepository()
        try repo.write("src/a.txt", "a\n")
        try repo.write("src/deep/er/still/b.txt", "b\n")
        try repo.write("tool.sh", "echo\n")
        try repo.write("gone.txt", "gone\n")
        try repo.write("becomes-link.txt", "text\n")
        try repo.link("link", to: "src/a.txt")
        try repo.link("link-becomes-file", to: "src/a.txt")
        try repo.write("untouched/x.txt", "x\n")
        try repo.commitAll("one")
        try repo.write("src/a.txt", "a changed\n")
        try repo.write("src/deep/er/still/c.txt", "c\n")
        try repo.run(["chmod", "+x", "tool.sh"])
        try repo.remove("gone.txt")
        try repo.link("becomes-link.txt", to: "tool.sh")
        try repo.link("link", to: "tool.sh")
        try repo.write("link-becomes-file", "now a file\n")
        try repo.commitAll("two")

        let changes = try expectSameAsLibgit2(repo, "HEAD~1", "HEAD")
        let kinds = Dictionary(uniqueKeysWithValues: changes.map { ($0.path.description, $0.kind) })
        #expect(
            kinds == [
                "src/a.txt": .modified, "src/deep/er/still/c.txt": .added, "tool.sh": .modified,
                "gone.txt": .deleted, "becomes-link.txt": .typeChanged, "link": .modified,
                "link-becomes-file": .typeChanged,
            ])
        #expect(try expectSameAsLibgit2(repo, "HEAD", "HEAD").isEmpty)
    }

    @Test func exactAndSimilarRenames_arePairedAsLibgit2PairsThem() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/moved.txt", Self.text)
        try repo.write("a/edited.txt", Self.text + "tail\n")
        try repo.write("a/stays.txt", "stays\n")
        try repo.commitAll("one")
        try repo.run(["mkdir", "b"])
        try repo.git("mv", "a/moved.txt", "b/moved.txt")
        try repo.git("mv", "a/edited.txt", "b/edited.txt")
        try repo.write("b/edited.txt", Self.text + "another tail\n")
        try repo.commitAll("two")

        let changes = try expectSameAsLibgit2(repo, "HEAD~1", "HEAD")
        #expect(changes.map(\.kind) == [.renamed, .renamed])
        #expect(changes.map(\.basePath) == [RepoPath("a/edited.txt"), RepoPath("a/moved.txt")])
    }

    @Test func sameContentAtSeveralPaths_moved_matchesLibgit2() throws {
        let repo = try TemporaryRepository()
        for name in ["one", "two", "three"] { try repo.write("old/\(name).txt", Self.text) }
        try repo.write("single.txt", "single\n")
        try repo.commitAll("one")
        try repo.git("mv", "old", "new")
        try repo.write("copy.txt", "single\n")
        try repo.commitAll("two")
        let changes = try expectSameAsLibgit2(repo, "HEAD~1", "HEAD")
        #expect(changes.filter { $0.kind == .renamed }.count == 3)
    }

    @Test func aLinkMovedOrAFileMovedOntoALink_isNeverPaired() throws {
        let repo = try TemporaryRepository()
        try repo.link("l1", to: "target")
        try repo.write("file.txt", Self.text)
        try repo.commitAll("one")
        try repo.git("mv", "l1", "l2")
        try repo.link("file.txt", to: "elsewhere")
        try repo.write("moved.txt", Self.text)
        try repo.commitAll("two")
        // file.txt changed type and its content moved: libgit2 pairs the type change's old side.
        let changes = try expectSameAsLibgit2(repo, "HEAD~1", "HEAD")
        #expect(changes.contains { $0.path == RepoPath("l2") && $0.kind == .added })
    }

    @Test func directoryAndFileSwappingAtOneName_isADeletionPlusAdditions() throws {
        let repo = try TemporaryRepository()
        try repo.write("swap", "was a file\n")
        try repo.write("dir/inner/x.txt", "x\n")
        try repo.write("dir-a", "sorts between\n")
        try repo.commitAll("one")
        try repo.remove("swap")
        try repo.write("swap/now/deep.txt", "deep\n")
        try repo.remove("dir")
        try repo.write("dir", "now a file\n")
        try repo.write("dir-a", "changed\n")
        try repo.commitAll("two")
        let changes = try expectSameAsLibgit2(repo, "HEAD~1", "HEAD")
        #expect(
            changes.map { "\($0.kind) \($0.path)" } == [
                "added dir", "modified dir-a", "deleted dir/inner/x.txt", "deleted swap", "added swap/now/deep.txt",
            ])
        try expectSameAsLibgit2(repo, "HEAD", "HEAD~1")
    }

    @Test func submoduleGitlinks_addedBumpedAndRemoved_matchLibgit2AndGit() throws {
        let repo = try TemporaryRepository()
        try repo.write("f.txt", "f\n")
        try repo.commitAll("one")
        let first = try repo.git("rev-parse", "HEAD")
        try repo.run(["mkdir", "-p", "sub", "dir/sub2"])
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(first),sub")
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(first),dir/sub2")
        try repo.git("commit", "-q", "-m", "add gitlinks")
        try repo.git("update-index", "--cacheinfo", "160000,\(try repo.git("rev-parse", "HEAD")),sub")
        try repo.git("commit", "-q", "-m", "bump")
        try repo.git("rm", "-q", "--cached", "dir/sub2")
        try repo.git("commit", "-q", "-m", "remove")
        let added = try expectSameAsLibgit2(repo, "HEAD~3", "HEAD~2")
        #expect(added.map(\.newMode) == [.gitlink, .gitlink])
        #expect(try expectSameAsLibgit2(repo, "HEAD~2", "HEAD~1").map(\.kind) == [.modified])
        #expect(try expectSameAsLibgit2(repo, "HEAD~1", "HEAD").map(\.kind) == [.deleted])
    }

    @Test func aDirectoryReplacedByAGitlinkOrAFile_matchesLibgit2AndGit() throws {
        let repo = try TemporaryRepository()
        try repo.write("vendor/x.txt", "x\n")
        try repo.write("gitlink-then-file", "placeholder\n")
        try repo.commitAll("one")
        let first = try repo.git("rev-parse", "HEAD")
        try repo.git("rm", "-q", "-r", "--cached", "vendor", "gitlink-then-file")
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(first),vendor")
        try repo.git("update-index", "--add", "--cacheinfo", "160000,\(first),gitlink-then-file")
        try repo.git("commit", "-q", "-m", "gitlinks")
        try repo.git("rm", "-q", "--cached", "gitlink-then-file")
        try repo.git(
            "update-index", "--add", "--cacheinfo",
            "100644,\(try repo.git("rev-parse", "HEAD~1:vendor/x.txt")),gitlink-then-file")
        try repo.git("commit", "-q", "-m", "file again")
        let changes = try expectSameAsLibgit2(repo, "HEAD~2", "HEAD~1")
        #expect(
            changes.map { "\($0.kind) \($0.path)" } == [
                "typeChanged gitlink-then-file", "added vendor", "deleted vendor/x.txt",
            ])
        try expectSameAsLibgit2(repo, "HEAD~1", "HEAD")
        try expectSameAsLibgit2(repo, "HEAD~2", "HEAD")
    }

    @Test func emptyTreeOnEitherSide_listsEveryPath() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/b/c/d/e.txt", "e\n")
        try repo.write("top.txt", "t\n")
        try repo.commitAll("one")
        #expect(try expectSameAsLibgit2(repo, "", "HEAD").map(\.kind) == [.added, .added])
        let repository = try Repository(discoveringFrom: repo.path)
        let head = try tree(repo, "HEAD")
        let deleted = try repository.diff(.trees(head, nil))
        #expect(deleted == (try repository.libgit2Diff(.trees(head, nil)).flatMap { $0 }))
        #expect(deleted.map(\.kind) == [.deleted, .deleted])
        #expect(try repository.diff(.trees(nil, nil)).isEmpty)
    }

    @Test func pathsThatAreNotUTF8_keepTheirBytes() throws {
        let repo = try TemporaryRepository()
        let odd: [UInt8] = Array("dir/caf".utf8) + [0xE9, 0xFF] + Array(".txt".utf8)
        try repo.write(bytes: odd, Array("x\n".utf8))
        try repo.write("dir/plain.txt", "p\n")
        try repo.commitAll("one")
        try repo.write(bytes: odd, Array("y\n".utf8))
        try repo.commitAll("two")
        let changes = try expectSameAsLibgit2(repo, "HEAD~1", "HEAD", git: false)
        #expect(changes.map(\.path.bytes) == [odd])
    }

    @Test func aMissingTreeObject_isAnError_notAnEmptyDiff() throws {
        let repo = try TemporaryRepository()
        try repo.write("kept/a.txt", "a\n")
        try repo.commitAll("one")
        try repo.write("kept/a.txt", "b\n")
        try repo.commitAll("two")
        let subtree = try repo.git("rev-parse", "HEAD:kept")
        let object = ".git/objects/" + subtree.prefix(2) + "/" + subtree.dropFirst(2)
        try repo.remove(object)
        let repository = try Repository(discoveringFrom: repo.path)
        let (a, b) = (try tree(repo, "HEAD~1"), try tree(repo, "HEAD"))
        #expect(throws: GitError.self) { try repository.diff(.trees(a, b)) }
        #expect(throws: GitError.self) { try repository.diff(.trees(nil, b)) }
    }

    @Test func anUnreadableSubtreeTheChangeDoesNotReach_isNeverRead() throws {
        let repo = try TemporaryRepository()
        try repo.write("big/deep/untouched.txt", "u\n")
        try repo.write("a/renamed.txt", Self.text)
        try repo.commitAll("one")
        try repo.run(["mkdir", "b"])
        try repo.git("mv", "a/renamed.txt", "b/renamed.txt")
        try repo.write("b/renamed.txt", Self.text + "edited\n")
        try repo.commitAll("two")
        let subtree = try repo.git("rev-parse", "HEAD:big/deep")
        try repo.remove(".git/objects/" + subtree.prefix(2) + "/" + subtree.dropFirst(2))
        let repository = try Repository(discoveringFrom: repo.path)
        let (a, b) = (try tree(repo, "HEAD~1"), try tree(repo, "HEAD"))
        // libgit2's full diff opens every subtree; the similarity pass over the changed paths does not.
        #expect(throws: GitError.self) { try repository.libgit2Diff(.trees(a, b)) }
        let changes = try repository.diff(.trees(a, b))
        #expect(changes.map(\.kind) == [.renamed])
    }

    @Test func aRenameLimitBelowTheSources_isHonouredAsLibgit2HonoursIt() throws {
        let repo = try TemporaryRepository()
        for i in 0..<4 { try repo.write("old/\(i).txt", "content \(i)\n" + Self.text) }
        try repo.commitAll("one")
        try repo.git("mv", "old", "new")
        try repo.commitAll("two")
        try repo.git("config", "diff.renameLimit", "1")
        try expectSameAsLibgit2(repo, "HEAD~1", "HEAD")
        try repo.git("config", "diff.renameLimit", "0")
        let changes = try expectSameAsLibgit2(repo, "HEAD~1", "HEAD")
        #expect(changes.allSatisfy { $0.kind == .renamed })
    }

    @Test func stagedSimilarRename_isFoundOverTheChangedPathsOnly() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/f.txt", Self.text)
        try repo.write("a/keep.txt", "k\n")
        try repo.commitAll("one")
        try repo.run(["mkdir", "b"])
        try repo.git("mv", "a/f.txt", "b/g.txt")
        try repo.write("b/g.txt", Self.text + "edit\n")
        try repo.write("a/keep.txt", "k2\n")
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let staged = try ChangeSet.make(repository, ChangeRequest(source: .staged)).changes
        let full = try repository.libgit2Diff(.treeToIndex(try tree(repo, "HEAD"))).flatMap { $0 }
        #expect(staged == full)
        #expect(staged.map(\.kind) == [.modified, .renamed])
    }
}
