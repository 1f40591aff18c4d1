import Foundation
import TestSupport
import Testing

/// A file preflight cannot write is named with the system's reason, never with Foundation's raw
/// `NSCocoaErrorDomain error 512`.
@Suite struct FileErrorTextTests {
    @Test func aReportFolderUnderAFile_isExit2NamingTheFolderAndTheReason() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("a/a_lib.py", "VALUE = 2\n")
        try repo.write("not-a-dir", "a file\n")
        let folder = repo.path + "/not-a-dir/reports"
        let r = try Preflight.run(
            ["run", "fast", "--report-dir", folder], in: repo.path, environment: PytestMonorepo.environment)
        #expect(r.status == 2)
        #expect(r.stderr == "preflight: cannot create the report folder \(folder): not a directory\n")
        #expect(!r.stderr.contains("NSCocoaErrorDomain"))
    }

    @Test func aReportFolderThatCanBeMade_runs() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("a/a_lib.py", "VALUE = 2\n")
        let folder = repo.path + "/.git/reports"
        let r = try Preflight.run(
            ["run", "fast", "--report-dir", folder], in: repo.path, environment: PytestMonorepo.environment)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: folder))
    }
}
