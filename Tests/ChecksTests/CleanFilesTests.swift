import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model
@testable import Rules

/// Staged blobs read from the working tree: only where the index's stat data (racy rule included) and the
/// file's hash prove the file holds the blob; every other file is read from the object database, and the
/// bytes a check sees are the blob's either way.
@Suite struct CleanFilesTests {
    static let conflicted = "one\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\n"

    /// A repository with `a/x.py` staged as `content`, its file's mtime set in the past before `git add`, so
    /// the index (written now) records it clean and not racy.
    func staged(_ content: String, configure: [[String]] = []) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        for setting in configure { try repo.git(arguments: setting) }
        try repo.write("a/runnable_dir")
        try repo.write("a/x.py", "base\n")
        try repo.commitAll("base")
        try repo.write("a/x.py", content)
        try repo.run(["touch", "-d", "2020-01-01T00:00:00", repo.path + "/a/x.py"])
        try repo.git("add", "a/x.py")
        return repo
    }

    /// The staged entry of `a/x.py`, its file as the clean-file reader reads it, and its blob.
    func read(_ repo: TemporaryRepository) throws -> (fromFile: [UInt8]?, blob: [UInt8], mapped: [UInt8]) {
        let repository = try Repository(discoveringFrom: repo.path)
        let snapshot = try IndexSnapshot(repository)
        let entry = try #require(snapshot.table.entry(at: RepoPath("a/x.py")))
        let file = try #require(snapshot.file)
        let fromFile = repository.mapCleanFiles([entry], index: file) { $0 }
        let mapped = try snapshot.mapBytes([entry]) { $0 }
        return (try #require(fromFile.first), try repository.blob(try #require(entry.id)), try #require(mapped.first))
    }

    @Test func aCleanStagedFile_isReadFromTheWorkingTree_withTheBlobsBytesAndFindings() throws {
        let repo = try staged(Self.conflicted)
        let read = try read(repo)
        #expect(read.fromFile == read.blob)
        #expect(read.mapped == read.blob)
        let found = try CheckTesting.findings(ConflictMarkerCheck(), repo, .staged)
        #expect(found.map(\.line) == [2, 4, 6])
    }

    @Test func aFileEditedAfterStaging_isReadFromTheObjectDatabase() throws {
        let repo = try staged(Self.conflicted)
        try repo.write("a/x.py", "clean in the working tree\n")
        let read = try read(repo)
        #expect(read.fromFile == nil)
        #expect(read.mapped == read.blob)
        #expect(try CheckTesting.findings(ConflictMarkerCheck(), repo, .staged).map(\.line) == [2, 4, 6])
    }

    @Test func aRacilyCleanFile_isNotTrusted_evenWithTheSameBytes() throws {
        let repo = try staged(Self.conflicted)
        #expect(try read(repo).fromFile != nil)
        // The index written in the instant the file was last changed: its stat data cannot tell a later edit.
        try repo.run(["touch", "-m", "-d", "2020-01-01T00:00:00", repo.path + "/.git/index"])
        let read = try read(repo)
        #expect(read.fromFile == nil)
        #expect(read.mapped == read.blob)
    }

    @Test func aFileCheckedOutThroughAFilter_isReadFromTheObjectDatabase() throws {
        // `core.autocrlf` stores LF: the CRLF file the index records as clean does not hold the blob's bytes.
        let repo = try staged("a\r\nb\r\n", configure: [["config", "core.autocrlf", "true"]])
        let read = try read(repo)
        #expect(read.blob == Array("a\nb\n".utf8))
        #expect(read.fromFile == nil)
        #expect(read.mapped == read.blob)
    }

    @Test func aFileReplacedByALink_isReadFromTheObjectDatabase() throws {
        let repo = try staged(Self.conflicted)
        try repo.write("a/target.py", Self.conflicted)
        try repo.remove("a/x.py")
        try repo.link("a/x.py", to: "target.py")
        let read = try read(repo)
        #expect(read.fromFile == nil)
        #expect(read.mapped == read.blob)
    }

    @Test(arguments: [2, 5] as [UInt64])
    func theHeadsImportGraph_fromCleanFiles_answersAsAFullBuild(seed: UInt64) throws {
        let (repo, edited) = try RandomPythonRepo.make(seed: seed)
        // Stat data recorded long after the files last changed: every edited file is clean, none racy.
        for path in edited { try repo.run(["touch", "-d", "2020-01-01T00:00:00", repo.path + "/" + path]) }
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let snapshot = try IndexSnapshot(repository)
        let changed = edited.compactMap { snapshot.table.entry(at: RepoPath($0)) }
        let fromFiles = repository.mapCleanFiles(changed, index: try #require(snapshot.file)) { $0 }
        #expect(fromFiles.allSatisfy { $0 != nil })
        let affected = try ImportGraphViewTests.affected(repo)
        let head = try ImportGraphViewTests.full(affected.head)
        let paths = ImportGraphViewTests.paths(try ImportGraphViewTests.full(affected.base))
        let derived = try #require(affected.imports?.head)
        #expect(ImportGraphViewTests.answers(derived, paths: paths) == ImportGraphViewTests.answers(head, paths: paths))
    }
}

extension Repository {
    /// `transform` of the bytes of each entry the working tree provably holds (`CleanFiles`), nil for the
    /// others, which the object database must answer: what `BlobScan` takes from the working tree.
    /// `index`: the index whose stat data picks the files to read.
    func mapCleanFiles<T>(_ entries: [SnapshotEntry], index: IndexFile, _ transform: ([UInt8]) -> T) -> [T?] {
        guard let clean = cleanFiles(index: index) else { return Array(repeating: nil, count: entries.count) }
        let top = clean.openRoot()
        guard top >= 0 else { return Array(repeating: nil, count: entries.count) }
        defer { close(top) }
        return entries.map { clean.bytes(of: $0, top: top).map(transform) }
    }
}
