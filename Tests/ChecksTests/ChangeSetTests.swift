import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// Change sets from each source, on real repositories.
@Suite struct ChangeSetTests {
    func changeSet(_ repo: TemporaryRepository, _ source: ChangeSource, untracked: Bool = false) throws -> ChangeSet {
        let repository = try Repository(discoveringFrom: repo.path)
        return try ChangeSet.make(repository, ChangeRequest(source: source, untracked: untracked))
    }

    @Test func partiallyStagedFile_isJudgedByItsStagedContent_andTheWorkingTreeIsUntouched() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/f.txt", "one\n")
        try repo.commitAll("init")
        try repo.write("a/f.txt", "one\nstaged\n")
        try repo.git("add", "a/f.txt")
        try repo.write("a/f.txt", "one\nstaged\nunstaged\n")
        let before = try repo.fingerprint()

        let cs = try changeSet(repo, .staged)
        #expect(cs.changes.map(\.path) == [RepoPath("a/f.txt")])
        let staged = try #require(try cs.head.bytes(at: RepoPath("a/f.txt")))
        #expect(String(decoding: staged, as: UTF8.self) == "one\nstaged\n")
        #expect(cs.head.label == "index")
        #expect(try repo.fingerprint() == before)
    }

    @Test func changedSince_readsTheWorkingTree_andCommittedOnlyStopsAtHead() throws {
        let repo = try TemporaryRepository()
        try repo.write("x.txt", "1\n")
        try repo.commitAll("init")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("committed.txt", "c\n")
        try repo.commitAll("feature work")
        try repo.write("x.txt", "dirty\n")

        let all = try changeSet(repo, .changedSince("main", committedOnly: false))
        #expect(Set(all.changes.map(\.path)) == [RepoPath("committed.txt"), RepoPath("x.txt")])
        #expect(String(decoding: try #require(try all.head.bytes(at: RepoPath("x.txt"))), as: UTF8.self) == "dirty\n")

        let committed = try changeSet(repo, .changedSince("main", committedOnly: true))
        #expect(committed.changes.map(\.path) == [RepoPath("committed.txt")])
    }

    @Test func touchedPaths_areEachPathOnce_inTheChangesOrder() {
        func change(_ path: String, from old: String? = nil) -> Change {
            Change(
                path: RepoPath(path), oldPath: old.map { RepoPath($0) }, kind: old == nil ? .modified : .renamed,
                oldMode: .regular, newMode: .regular)
        }
        let touched = { (changes: [Change]) in ChangeSet.touchedPaths(changes).map(\.description) }
        // A diff's own order: the paths as they are.
        #expect(touched([change("a/x"), change("a/y"), change("b")]) == ["a/x", "a/y", "b"])
        // A rename touches its old path first; a path met twice is kept once, where first met.
        #expect(touched([change("a"), change("d", from: "b")]) == ["a", "b", "d"])
        #expect(touched([change("a/x"), change("c", from: "a/x"), change("b")]) == ["a/x", "c", "b"])
        #expect(touched([change("b"), change("a"), change("b")]) == ["b", "a"])
        #expect(touched([change("a", from: "a")]) == ["a"])
        #expect(touched([]) == [])
    }

    @Test func renamedFile_keepsItsOldPath() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/long.txt", String(repeating: "same content line\n", count: 20))
        try repo.commitAll("init")
        try repo.run(["mkdir", "-p", "b"])
        try repo.git("mv", "a/long.txt", "b/moved.txt")
        let cs = try changeSet(repo, .staged)
        let change = try #require(cs.changes.first)
        #expect(cs.changes.count == 1)
        #expect(change.kind == .renamed)
        #expect(change.oldPath == RepoPath("a/long.txt"))
        #expect(change.path == RepoPath("b/moved.txt"))
    }

    @Test func fileBecomingALink_isATypeChange() throws {
        let repo = try TemporaryRepository()
        try repo.write("target.txt", "t\n")
        try repo.write("thing", "t\n")
        try repo.commitAll("init")
        try repo.link("thing", to: "target.txt")
        try repo.git("add", "-A")
        let cs = try changeSet(repo, .staged)
        let change = try #require(cs.changes.first)
        #expect(change.kind == .typeChanged)
        #expect(change.oldMode == .regular)
        #expect(change.newMode == .symlink)
    }

    @Test func renameDetection_neverPairsALinkWithAFile() throws {
        let repo = try TemporaryRepository()
        try repo.write("data.txt", "../x\n")
        try repo.link("old-link", to: "../x")
        try repo.commitAll("init")
        // The link's text equals the file's bytes: a naive rename detector pairs them.
        try repo.remove("old-link")
        try repo.write("new-file", "../x")
        try repo.git("add", "-A")
        let cs = try changeSet(repo, .staged)
        #expect(!cs.changes.contains { $0.kind == .renamed })
        #expect(
            cs.changes.contains { $0.kind == .deleted && $0.path == RepoPath("old-link") && $0.oldMode == .symlink })
        #expect(cs.changes.contains { $0.kind == .added && $0.path == RepoPath("new-file") && $0.newMode == .regular })
    }

    @Test func ranges_twoDotsFromA_threeDotsFromTheMergeBase() throws {
        let repo = try TemporaryRepository()
        try repo.write("base.txt", "b\n")
        try repo.commitAll("init")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("feature.txt", "f\n")
        try repo.commitAll("feature")
        try repo.git("checkout", "-q", "main")
        try repo.write("main.txt", "m\n")
        try repo.commitAll("main moves on")

        let two = try changeSet(repo, .range("main", "feature", threeDot: false))
        #expect(Set(two.changes.map(\.path)) == [RepoPath("feature.txt"), RepoPath("main.txt")])
        let three = try changeSet(repo, .range("main", "feature", threeDot: true))
        #expect(three.changes.map(\.path) == [RepoPath("feature.txt")])
    }

    @Test func all_comparesTheEmptyTreeWithHead() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.txt")
        try repo.write("d/b.txt")
        try repo.commitAll("init")
        let cs = try changeSet(repo, .all)
        #expect(cs.changes.map(\.path) == [RepoPath("a.txt"), RepoPath("d/b.txt")])
        #expect(cs.changes.allSatisfy { $0.kind == .added })
        #expect(cs.base.label == "empty-tree")
    }

    @Test func files_takesExactlyTheGivenPaths() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.txt", "a\n")
        try repo.write("b.txt", "b\n")
        try repo.commitAll("init")
        try repo.write("b.txt", "changed\n")
        let cs = try changeSet(repo, .files([RepoPath("a.txt")]))
        #expect(cs.changes.map(\.path) == [RepoPath("a.txt")])
    }

    @Test func untracked_isCountedOnlyWhenAsked() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.txt", "a\n")
        try repo.commitAll("init")
        try repo.write("new.txt", "n\n")
        try repo.write(".gitignore", "ignored.txt\n")
        try repo.git("add", ".gitignore")
        try repo.write("ignored.txt", "i\n")
        let without = try changeSet(repo, .changedSince("main", committedOnly: false))
        #expect(without.changes.map(\.path) == [RepoPath(".gitignore")])
        let with = try changeSet(repo, .changedSince("main", committedOnly: false), untracked: true)
        #expect(Set(with.changes.map(\.path)) == [RepoPath(".gitignore"), RepoPath("new.txt")])
        #expect(with.head.table.entry(at: RepoPath("new.txt")) != nil)
    }

    @Test func firstCommitOnAnUnbornBranch_stagedComparesWithTheEmptyTree() throws {
        let repo = try TemporaryRepository()
        try repo.write("first.txt", "1\n")
        try repo.git("add", "first.txt")
        let cs = try changeSet(repo, .staged)
        #expect(cs.base.label == "empty-tree")
        #expect(cs.changes.map(\.path) == [RepoPath("first.txt")])
        #expect(cs.changes.first?.kind == .added)
    }

    @Test func detachedHead_works() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.txt", "1\n")
        try repo.commitAll("one")
        try repo.write("a.txt", "2\n")
        let second = try repo.commitAll("two")
        try repo.git("checkout", "-q", "--detach", second)
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(repository.isHeadDetached)
        let cs = try ChangeSet.make(repository, ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false)))
        #expect(cs.changes.map(\.path) == [RepoPath("a.txt")])
    }

    @Test func oddPaths_spacesUnicodeNewlinesAndNonUTF8Bytes_keepTheirExactBytes() throws {
        let repo = try TemporaryRepository()
        try repo.write("seed.txt")
        try repo.commitAll("init")
        let names: [[UInt8]] = [
            Array("dir with space/file name.txt".utf8),
            Array("ünïcødé/日本.txt".utf8),
            Array("new\nline.txt".utf8),
            [0x62, 0x61, 0x64, 0xff, 0xfe, 0x2e, 0x74, 0x78, 0x74],  // "bad\xff\xfe.txt"
        ]
        for name in names { try repo.write(bytes: name, Array("x\n".utf8)) }
        try repo.git("add", "-A")
        let cs = try changeSet(repo, .staged)
        #expect(Set(cs.changes.map(\.path.bytes)) == Set(names))
        let bad = RepoPath(bytes: names[3])
        #expect(bad.description == "bad\\xff\\xfe.txt")
        #expect(!bad.isPlainText)
        #expect(try cs.head.bytes(at: bad) == Array("x\n".utf8))
    }

    @Test func unknownRef_isAnErrorNamingTheRef() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.txt")
        try repo.commitAll("init")
        #expect {
            _ = try changeSet(repo, .changedSince("no-such-branch", committedOnly: false))
        } throws: { error in
            "\(error)".contains("no-such-branch")
        }
    }

    @Test func anUnexpectedFailure_isNotReportedAsAMissingBase() {
        struct Unexpected: Error, CustomStringConvertible { var description: String { "the disk is on fire" } }
        let error = ChangeSet.failure(Unexpected())
        guard case .unreadable = error else {
            Issue.record("expected .unreadable, got \(error)")
            return
        }
        #expect(error.description == "cannot compute the change: the disk is on fire")
        let missing = ChangeSetError.missingBase("base commit 'x' is not in this repository", hint: "fetch it")
        guard case .missingBase = ChangeSet.failure(missing) else {
            Issue.record("a missing base must stay a missing base")
            return
        }
    }
}
