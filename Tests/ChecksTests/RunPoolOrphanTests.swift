import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Model

/// Processes that leave their job's process group (`setsid`) are still the job's: stopped at its timeout, on a
/// stop request and when it ends (preflight is their subreaper), never while it runs.
@Suite struct RunPoolOrphanTests {
    typealias Scratch = RunPoolTests.Scratch

    func run(_ jobs: [Job], stop: StopRequest = StopRequest()) -> [JobResult] {
        ProcessPool(
            jobs: jobs, options: .init(workers: 2, keepGoing: true, grace: 0.5),
            environment: ProcessInfo.processInfo.environment
        ).run(stop: stop)
    }

    /// The pids written to `file`, none of which may be alive; kills any that are, so no test leaves one.
    func survivors(_ file: String, expecting count: Int) -> [Int32] {
        let pids = ProcessTable.pids(in: file)
        #expect(pids.count == count, "the job wrote its pids")
        let alive = ProcessTable.alive(pids: pids)
        for pid in alive { kill(pid, SIGKILL) }
        return alive
    }

    @Test func timeout_stopsAChildThatLeftTheJobsProcessGroup() throws {
        let s = try Scratch()
        let results = run([
            s.sh("hang", "setsid sleep 300 & echo $! >> ../pids; echo $$ >> ../pids; wait", timeout: 1)
        ])
        #expect(results.map(\.outcome) == [.timedOut])
        #expect(survivors(s.path + "/pids", expecting: 2) == [])
    }

    @Test func stopRequest_stopsAChildThatLeftTheJobsProcessGroup() throws {
        let s = try Scratch()
        let pidFile = s.path + "/pids"
        let stop = StopRequest()
        DispatchQueue.global().async {
            ProcessTable.wait(seconds: 20) { ProcessTable.pids(in: pidFile).count >= 2 }
            stop.request(signal: SIGINT)
        }
        let results = run([s.sh("wait", "setsid sleep 300 & echo $! >> ../pids; echo $$ >> ../pids; wait")], stop: stop)
        #expect(results.map(\.outcome) == [.interrupted])
        #expect(survivors(pidFile, expecting: 2) == [])
    }

    @Test func jobThatEnds_leavesNoDaemonBehind_evenOneOrphanedAtOnce() throws {
        let s = try Scratch()
        // The first leaves the group and outlives the job; the second is double-forked: its parent, a
        // subshell, ends at once, so only its PREFLIGHT_JOB says whose it is.
        let results = run([
            s.sh("daemon", "setsid sleep 300 & echo $! >> ../pids; (setsid sleep 300 & echo $! >> ../pids); exit 0")
        ])
        #expect(results.map(\.outcome) == [.passed(0)])
        #expect(survivors(s.path + "/pids", expecting: 2) == [])
    }

    @Test func daemonOfARunningJob_isLeftAloneUntilTheJobEnds() throws {
        let s = try Scratch()
        let script = """
            (setsid sleep 300 & echo $! > ../pid); sleep 1; kill -0 "$(cat ../pid)" && echo still-alive
            """
        let results = run([s.sh("server", script)])
        #expect(results.map(\.outcome) == [.passed(0)])
        #expect(s.read("logs/server.log").contains("\nstill-alive\n"))
        #expect(survivors(s.path + "/pid", expecting: 1) == [])
    }
}
