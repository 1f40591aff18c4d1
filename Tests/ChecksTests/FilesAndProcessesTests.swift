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
}
