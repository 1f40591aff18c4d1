import Foundation
import Synchronization
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model
@testable import Rules

/// Blobs read by helper threads that start at once and by the thread that collects them: every blob's bytes
/// in the entries' order, a missing object named by its entry, and nothing left running when nobody collects.
@Suite struct BlobScanTests {
    /// A repository with `count` files of distinct content committed, and the head's file entries in path order.
    func committed(_ count: Int) throws -> (TemporaryRepository, Repository, CommitSnapshot, [SnapshotEntry]) {
        let repo = try TemporaryRepository()
        for i in 0..<count { try repo.write("d\(i % 7)/f\(i).txt", "file \(i)\n" + String(repeating: "x", count: i)) }
        try repo.commitAll("files")
        let repository = try Repository(discoveringFrom: repo.path)
        let snapshot = try CommitSnapshot(repository, commit: try repository.headCommit())
        let entries = snapshot.table.entries.filter(\.mode.isFile)
        #expect(entries.count == count)
        return (repo, repository, snapshot, entries)
    }

    @Test func helpersAndTheCollectingThread_giveEveryBlobInOrder() throws {
        let (repo, repository, _, entries) = try committed(600)
        defer { withExtendedLifetime(repo) {} }
        let readers = Mutex<Set<UInt>>([])
        let scan = try #require(
            repository.startBlobScan(entries, workers: 2) { bytes in
                readers.withLock { _ = $0.insert(UInt(bitPattern: Int(bitPattern: pthread_self()))) }
                return bytes
            })
        usleep(200_000)
        let read = try scan.finish(in: repository)
        #expect(read == entries.map { try! repository.blob($0.id!) })
        // While this thread slept, a helper of its own read.
        let caller = UInt(bitPattern: Int(bitPattern: pthread_self()))
        #expect(!readers.withLock { $0.subtracting([caller]) }.isEmpty)
    }

    @Test func aMissingObject_isThrownNamingItsEntry() throws {
        let (repo, _, snapshot, entries) = try committed(600)
        defer { withExtendedLifetime(repo) {} }
        let missing = SnapshotEntry(
            path: RepoPath("d0/gone.txt"), mode: .regular, id: ObjectID(hex: String(repeating: "ab", count: 20)))
        var asked = entries
        asked.insert(missing, at: 300)
        let pending = snapshot.startMapBytes(asked) { $0.count }
        #expect {
            try pending.finish()
        } throws: { error in
            (error as? SnapshotError)?.path == RepoPath("d0/gone.txt")
        }
    }

    @Test func aScanNobodyCollects_stopsItsHelpers() throws {
        let (repo, repository, _, entries) = try committed(600)
        defer { withExtendedLifetime(repo) {} }
        let transformed = Atomic<Int>(0)
        var scan = repository.startBlobScan(entries, workers: 2) { bytes in
            usleep(1_000)
            transformed.wrappingAdd(1, ordering: .relaxed)
            return bytes.count
        }
        #expect(scan != nil)
        usleep(20_000)
        // Dropping the scan waits for the chunk a helper holds, and no helper takes another.
        scan = nil
        let atDrop = transformed.load(ordering: .relaxed)
        usleep(50_000)
        #expect(transformed.load(ordering: .relaxed) == atDrop)
        #expect(atDrop > 0 && atDrop < entries.count)
    }

    @Test func conflictMarkersInManyChangedFiles_areFoundThroughTheStartedScan() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        for i in 0..<600 { try repo.write("a/m\(i % 9)/f\(i).py", "x = \(i)\n") }
        try repo.commitAll("base")
        for i in 0..<600 { try repo.write("a/m\(i % 9)/f\(i).py", "x = \(i + 1)\n") }
        try repo.write("a/m1/f100.py", "one\n<<<<<<< HEAD\nours\n=======\ntheirs\n>>>>>>> other\n")
        try repo.write("a/m4/f400.py", "two\n>>>>>>> other\n")
        try repo.commitAll("change")
        let repository = try Repository(discoveringFrom: repo.path)
        let changeSet = try ChangeSet.make(repository, ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false)))
        let started = CheckRun.start(CheckCatalog.all, changeSet)
        #expect(started.keys.sorted() == [CheckID.conflictMarker.rawValue])
        let context = CheckContext(try Affected(changeSet), started: started)
        let report = try CheckRun.run(CheckCatalog.all, in: context)
        let markers = report.findings.filter { $0.check == CheckID.conflictMarker.rawValue }
        #expect(
            markers.map { "\($0.path!):\($0.line!)" } == [
                "a/m1/f100.py:2", "a/m1/f100.py:4", "a/m1/f100.py:6", "a/m4/f400.py:2",
            ])
        #expect(context.started.isEmpty)
        // The same findings when the check reads on its own.
        let alone = try ConflictMarkerCheck().findings(in: CheckContext(try Affected(changeSet)))
        #expect(alone.map(\.line) == markers.map(\.line))
        #expect(report.checks == CheckCatalog.all.map(\.id))
    }
}
