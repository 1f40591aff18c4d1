import Foundation
import TestSupport
import Testing

@testable import Checks

/// The one process runner's stop mechanism, the one atomic write and the one log reader.
@Suite struct FilesAndProcessesTests {
    let folder: String

    init() throws {
        folder = NSTemporaryDirectory() + "preflight-files-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test func aProcessPastItsDeadline_isStoppedWithSIGTERM_andSaysItTimedOut() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = try JobProcess.spawn(
            ["sleep", "30"], in: folder, environment: ["PATH": "/usr/bin:/bin"],
            output: .log(folder + "/log"))
        var supervised = SupervisedProcess(process, start: .now, timeout: 0, grace: .seconds(5))
        #expect(supervised.poll(at: .now) == .timedOut)
        var state = supervised.poll(at: .now)
        while state == .running {
            usleep(10_000)
            state = supervised.poll(at: .now)
        }
        #expect(state == .exited(.signaled(SIGTERM)))
        #expect(supervised.timedOut)
    }

    @Test func aProcessWithinItsDeadline_runsToItsOwnEnd() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let process = try JobProcess.spawn(
            ["sh", "-c", "echo hi; exit 3"], in: folder,
            environment: ["PATH": "/usr/bin:/bin"], output: .log(folder + "/log"))
        #expect(process.wait() == .exited(3))
        #expect(JobLog.tail(of: folder + "/log", lines: 5) == ["hi"])
    }

    @Test func atomicWrite_writesTheBytesAndModeExactly_andLeavesNoTemporaryFile() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try AtomicFile.write(Array("old".utf8), to: folder + "/f", mode: 0o644)
        try AtomicFile.write(Array("new\n".utf8), to: folder + "/f", mode: 0o755)
        #expect(try String(contentsOfFile: folder + "/f", encoding: .utf8) == "new\n")
        let mode = try FileManager.default.attributesOfItem(atPath: folder + "/f")[.posixPermissions] as? Int
        #expect(mode == 0o755)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["f"])
    }

    @Test func atomicWrite_intoAMissingFolder_isAnErrorNamingThePath() {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: FileWriteError.self) { try AtomicFile.write([1], to: folder + "/missing/f", mode: 0o644) }
    }

    @Test func aLogThatCannotBeRead_isSaidSo_notShownEmpty() {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(JobLog.tail(of: folder + "/none", lines: 3) == nil)
        #expect(RunReport.tail(of: folder + "/none", lines: 3) == "(cannot read \(folder)/none)")
        JobLog.append(folder + "/log", "a\nb\nc\n")
        #expect(RunReport.tail(of: folder + "/log", lines: 2) == "b\nc")
    }

    /// A FIFO at `path` held open for writing with `text` in it, so a reader that blocked would get bytes (and
    /// fail the test) instead of hanging the suite; close the returned descriptor.
    func fifo(at path: String, holding text: String) throws -> Int32 {
        #expect(mkfifo(path, 0o644) == 0)
        let fd = open(path, O_RDWR | O_NONBLOCK)
        try #require(fd >= 0)
        _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        return fd
    }

    /// A link at `path` to a file outside the folder holding "outside".
    func link(at path: String) throws -> String {
        let target = NSTemporaryDirectory() + "preflight-outside-\(UUID().uuidString)"
        try "outside".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
        return target
    }

    @Test func theRegularFileReader_refusesAFIFOALinkAndAFolderByName_andReadsAFile() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = try fifo(at: folder + "/fifo", holding: "bytes")
        defer { close(writer) }
        let target = try link(at: folder + "/link")
        defer { try? FileManager.default.removeItem(atPath: target) }
        #expect(throws: FileReadError(path: folder + "/fifo", reason: "not a regular file (a fifo)")) {
            try RegularFile.read(folder + "/fifo")
        }
        #expect(throws: FileReadError(path: folder + "/link", reason: "a symbolic link (not followed)")) {
            try RegularFile.read(folder + "/link")
        }
        #expect(throws: FileReadError(path: folder, reason: "not a regular file (a directory)")) {
            try RegularFile.read(folder)
        }
        #expect(try RegularFile.read(folder + "/none") == nil)
        try AtomicFile.write(Array("data".utf8), to: folder + "/f", mode: 0o644)
        #expect(try RegularFile.read(folder + "/f") == Array("data".utf8))
        #expect(throws: FileReadError.self) { try RegularFile.read(folder + "/f", limit: 3) }
    }

    @Test func aJobLogThatIsALink_isNeitherWrittenThroughNorRead_norGivenToAJob() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = try link(at: folder + "/log")
        defer { try? FileManager.default.removeItem(atPath: target) }
        JobLog.append(folder + "/log", "text\n")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "outside")
        #expect(JobLog.tail(of: folder + "/log", lines: 3) == nil)
        #expect(throws: JobSpawnError.self) {
            try JobProcess.spawn(
                ["sh", "-c", "echo job"], in: folder, environment: ["PATH": "/usr/bin:/bin"],
                output: .log(folder + "/log"))
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "outside")
    }

    @Test func aDurationsFileThatIsALink_isIgnoredWithAWarning_andReplacedNotWrittenThrough() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/durations.json"
        let target = try link(at: file)
        defer { try? FileManager.default.removeItem(atPath: target) }
        let read = Durations.read(file)
        #expect(read.durations == Durations())
        #expect(read.warning != nil)
        try read.durations.recording(["a": 1], tier: .fast).write(to: file)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "outside")
        #expect(Durations.read(file).durations.tiers[.fast] == ["a": 1])
    }
}
