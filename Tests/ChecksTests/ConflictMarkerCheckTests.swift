import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// `conflict-marker`: changed text files hold no merge-conflict markers; line numbers are exact.
@Suite struct ConflictMarkerCheckTests {
    let check = ConflictMarkerCheck()

    func lines(_ text: String) -> [Int] { ConflictMarkerCheck.markers(in: Array(text.utf8)).map(\.line) }

    // MARK: triggering

    @Test func aWholeConflict_reportsEveryMarkerLine() {
        let text = "a\n<<<<<<< HEAD\nours\n||||||| base\nold\n=======\ntheirs\n>>>>>>> feature\nz\n"
        #expect(lines(text) == [2, 4, 6, 8])
    }

    @Test func crlfFilesAndBareMarkers_count() {
        #expect(lines("x\r\n<<<<<<<\r\ny\r\n=======\r\nz\r\n>>>>>>>\r\n") == [2, 4, 6])
    }

    @Test func aLoneClosingMarker_counts() {
        #expect(lines("x\n>>>>>>> theirs\n") == [2])
    }

    @Test(arguments: Mode.allCases) func stagedContent_isJudgedWithExactLines(mode: Mode) throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("a/x.py", "one\n")
        try repo.commitAll("base")
        try repo.write("a/x.py", "one\ntwo\n<<<<<<< HEAD\nthree\n=======\nfour\n>>>>>>> other\n")
        try repo.git("add", "-A")
        try repo.write("a/x.py", "clean in the working tree\n")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(found.map(\.line) == [3, 5, 7])
        #expect(found.first?.message == "merge conflict marker '<<<<<<<'")
        #expect(found.allSatisfy { $0.path == RepoPath("a/x.py") && $0.target == "a" && $0.severity == .error })
    }

    // MARK: not triggering

    @Test func headingsAndLongerRuns_areNotConflicts() {
        #expect(lines("Title\n=======\n\nSub\n========\n|||||||| x\n") == [])
    }

    @Test func markersNotAtTheStartOfALine_areNotConflicts() {
        #expect(lines("  <<<<<<< HEAD\nx = '>>>>>>> y'\n<<<<<<<<\n") == [])
    }

    @Test func binaryFiles_areSkipped() {
        #expect(ConflictMarkerCheck.markers(in: [0, 1, 2] + Array("\n<<<<<<< HEAD\n".utf8)).isEmpty)
    }

    @Test(arguments: Mode.allCases) func unchangedFilesWithMarkers_areOutOfScope(mode: Mode) throws {
        let repo = try TemporaryRepository()
        try repo.write("old.txt", "<<<<<<< HEAD\n")
        try repo.commitAll("base")
        try repo.write("new.txt", "fine\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    @Test(arguments: Mode.allCases) func workingTreeConflicts_doNotFailAStagedCleanFile(mode: Mode) throws {
        let repo = try TemporaryRepository()
        try repo.write("x.txt", "one\n")
        try repo.commitAll("base")
        try repo.write("x.txt", "two\n")
        try repo.git("add", "-A")
        try repo.write("x.txt", "<<<<<<< HEAD\n")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
    }

    // MARK: many files, read on several threads

    @Test func manyFiles_readOnSeveralThreads_giveEveryFindingOnce_inOrder() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        for i in 0..<1_200 {
            let conflicted = i % 97 == 0
            try repo.write(
                "a/f\(i).txt", conflicted ? "x\n<<<<<<< ours\n\(i)\n=======\ny\n>>>>>>> theirs\n" : "clean \(i)\n")
        }
        try repo.write("a/same1.txt", "<<<<<<< shared blob\n")
        try repo.write("a/same2.txt", "<<<<<<< shared blob\n")
        try repo.commitAll("many")
        let found = try CheckTesting.findings(check, repo, ChangeRequest(source: .all))
        var expected: [String] = []
        for i in 0..<1_200 where i % 97 == 0 { expected += ["a/f\(i).txt:2", "a/f\(i).txt:4", "a/f\(i).txt:6"] }
        expected += ["a/same1.txt:1", "a/same2.txt:1"]
        #expect(found.map { "\($0.path!):\($0.line!)" }.sorted() == expected.sorted())
        #expect(Set(found).count == found.count)
    }

    @Test func aMissingBlobAmongMany_isAnErrorNamingItsPath() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        for i in 0..<1_200 { try repo.write("a/f\(i).txt", "clean \(i)\n") }
        try repo.commitAll("many")
        let blob = try repo.git("rev-parse", "HEAD:a/f600.txt").trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(atPath: "\(repo.path)/.git/objects/\(blob.prefix(2))/\(blob.dropFirst(2))")
        #expect {
            _ = try CheckTesting.findings(check, repo, ChangeRequest(source: .all))
        } throws: { error in
            "\(error)".contains("a/f600.txt")
        }
    }
}
