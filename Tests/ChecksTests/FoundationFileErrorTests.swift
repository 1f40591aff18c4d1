import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Model

/// Foundation's file errors read as the system's reason and the file, lowercase.
@Suite struct FoundationFileErrorTests {
    /// A scratch directory holding a regular file `file`, so `file/anything` cannot be made.
    func directoryWithAFile() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("file", "x\n")
        return repo
    }

    @Test func aWriteUnderAFile_isNotADirectory_withThePath() throws {
        let repo = try directoryWithAFile()
        let path = repo.path + "/file/new"
        let error = try #require(throws: (any Error).self) { try Data([1]).write(to: URL(fileURLWithPath: path)) }
        #expect("\(error.localizedDescription)".contains("NSCocoaErrorDomain error 512"))
        #expect(FoundationFileError.reason(error) == "not a directory")
        #expect(FoundationFileError.message(for: error) == "cannot use \(path): not a directory")
    }

    @Test func aMissingFile_isNoSuchFileOrDirectory() throws {
        let path = try directoryWithAFile().path + "/missing"
        let error = try #require(throws: (any Error).self) { try String(contentsOfFile: path, encoding: .utf8) }
        #expect(FoundationFileError.message(for: error) == "cannot use \(path): no such file or directory")
    }

    @Test func preflightsOwnErrors_keepTheirDescription() {
        let error = UsageError("--shard takes K/N")
        #expect(FoundationFileError.reason(error) == nil)
        #expect(FoundationFileError.message(for: error) == "--shard takes K/N")
    }

    @Test func aReportFolderUnderAFile_namesTheFolderAndTheReason() throws {
        let repo = try directoryWithAFile()
        let folder = repo.path + "/file/reports"
        let error = try #require(throws: UsageError.self) { try ReportFolders.create(folder) }
        #expect(error.description == "cannot create the report folder \(folder): not a directory")
    }
}
