import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// The process pool: workers, exit statuses, timeouts that kill whole process groups, stop requests.
@Suite struct RunPoolTests {
    /// A scratch folder with `work/` (the jobs' directory) and `logs/`, removed afterwards.
    final class Scratch {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "preflight-pool-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path + "/work", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: path + "/logs", withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func job(_ id: String, _ argv: [String], timeout: Int = 60, passing: [Int32] = [0]) -> Job {
            Job(
                target: id, path: RepoPath(id), tier: .fast, directory: path + "/work", argv: argv,
                environment: ["PREFLIGHT_TARGET": id], timeout: timeout, log: path + "/logs/\(id).log",
                junit: path + "/logs/\(id).xml", passingStatuses: passing)
        }

        func sh(_ id: String, _ script: String, timeout: Int = 60, passing: [Int32] = [0]) -> Job {
            job(id, ["sh", "-c", script], timeout: timeout, passing: passing)
        }

        func read(_ relative: String) -> String {
            (try? String(contentsOfFile: path + "/" + relative, encoding: .utf8)) ?? ""
        }
    }

    func run(
        _ jobs: [Job], workers: Int = 2, keepGoing: Bool = true, grace: Double = 0.5,
        stop: StopRequest = StopRequest(), onEvent: (ProcessPool.Event) -> Void = { _ in }
    ) -> [JobResult] {
        ProcessPool(
            jobs: jobs, options: .init(workers: workers, keepGoing: keepGoing, grace: grace),
            environment: ProcessInfo.processInfo.environment
        ).run(stop: stop, onEvent: onEvent)
    }

    @Test func workers_boundHowManyJobsRunAtOnce() throws {
        let s = try Scratch()
        let jobs = (1...5).map { s.sh("j\($0)", "echo start >> ../events; sleep 0.3; echo end >> ../events") }
        let results = run(jobs, workers: 2)
        #expect(results.allSatisfy { $0.outcome == .passed(0) })
        var running = 0
        var most = 0
        for line in s.read("events").split(separator: "\n") {
            running += line == "start" ? 1 : -1
            most = max(most, running)
        }
        #expect(most == 2)
    }

    @Test func exitStatuses_becomeOutcomes() throws {
        let s = try Scratch()
        let results = run(
            [
                s.job("ok", ["true"]),
                s.sh("three", "exit 3"),
                s.sh("no-tests", "exit 5", passing: [0, 5]),
                s.sh("five", "exit 5"),
                s.sh("killed", "kill -9 $$"),
                s.job("missing", ["preflight-no-such-program-\(UUID().uuidString)"]),
            ], workers: 3)
        #expect(results.map(\.job.target) == ["ok", "three", "no-tests", "five", "killed", "missing"])
        #expect(results[0].outcome == .passed(0))
        #expect(results[1].outcome == .failed(3))
        #expect(results[2].outcome == .passed(5))
        #expect(results[2].line.hasPrefix("ok      no-tests  "))
        #expect(results[2].line.hasSuffix("(exit 5: no tests collected)"))
        #expect(results[3].outcome == .failed(5))
        #expect(results[4].outcome == .signaled(9))
        guard case .notStarted(let message) = results[5].outcome else {
            Issue.record("expected notStarted, got \(results[5].outcome)")
            return
        }
        #expect(message.contains("no such file or directory"))
        #expect(s.read("logs/missing.log").contains("preflight: cannot start preflight-no-such-program-"))
        #expect(results[1].line.hasPrefix("FAIL    three  "))
        #expect(results[1].line.hasSuffix("(exit 3)"))
    }

    @Test func firstFailure_startsNoNewJob_unlessKeepGoing() throws {
        let s = try Scratch()
        let jobs = [s.sh("a", "exit 1"), s.job("b", ["true"]), s.job("c", ["true"])]
        let stopped = run(jobs, workers: 1, keepGoing: false)
        #expect(stopped.map(\.outcome) == [.failed(1), .notRun, .notRun])
        let all = run(jobs, workers: 1, keepGoing: true)
        #expect(all.map(\.outcome) == [.failed(1), .passed(0), .passed(0)])
    }

    @Test func job_runsInItsDirectory_withItsEnvironment_stdinClosed_andOutputInItsLog() throws {
        let s = try Scratch()
        let results = run([s.sh("env", "pwd; echo \"target=$PREFLIGHT_TARGET\"; cat; echo to-stderr >&2")])
        #expect(results[0].outcome == .passed(0))
        let log = s.read("logs/env.log")
        #expect(log.hasPrefix("preflight: fast env in \(s.path)/work\n$ sh -c "))
        #expect(
            log.contains("\n\(URL(fileURLWithPath: s.path + "/work").resolvingSymlinksInPath().path)\n")
                || log.contains("\n\(s.path)/work\n"))
        #expect(log.contains("target=env\nto-stderr\n"))
        #expect(log.hasSuffix("preflight: ok after \(RunReport.format(results[0].duration))\n"))
    }

    @Test func timeout_stopsTheWholeProcessGroup_evenAChildThatIgnoresSIGTERM() throws {
        let s = try Scratch()
        // The second job ignores SIGTERM (and so does its child, which inherits that): SIGKILL after the grace.
        let jobs = [
            s.sh("hang", "sleep 60 & echo $! > ../hang.pids; echo $$ >> ../hang.pids; wait", timeout: 1),
            s.sh(
                "stubborn", "trap '' TERM; sleep 60 & echo $! > ../stubborn.pids; echo $$ >> ../stubborn.pids; wait",
                timeout: 1),
        ]
        let start = Date()
        let results = run(jobs, workers: 2, grace: 0.5)
        let elapsed = Date().timeIntervalSince(start)
        #expect(results.map(\.outcome) == [.timedOut, .timedOut])
        #expect(results.allSatisfy { $0.duration >= 1 })
        #expect(elapsed < 10, "stopped at the timeout plus the grace, not after the 60 s sleep")
        let pids = ProcessTable.pids(in: s.path + "/hang.pids").union(ProcessTable.pids(in: s.path + "/stubborn.pids"))
        #expect(pids.count == 4)
        #expect(ProcessTable.alive(groups: pids, pids: pids) == [])
        #expect(s.read("logs/hang.log").contains("preflight: timed out after 1s: stopping the job's process group"))
        #expect(results[0].line.hasSuffix("(timed out after 1s)"))
    }

    @Test func processesLeftBehindByAFinishedJob_areStopped() throws {
        let s = try Scratch()
        let results = run([s.sh("daemon", "sleep 60 & echo $! > ../daemon.pid; exit 0")])
        #expect(results[0].outcome == .passed(0))
        let pid = ProcessTable.pids(in: s.path + "/daemon.pid")
        #expect(pid.count == 1)
        #expect(ProcessTable.alive(pids: pid) == [])
        #expect(s.read("logs/daemon.log").contains("preflight: stopping processes the job left running"))
    }

    @Test func stopRequest_stopsEveryRunningJob_startsNoOther_andLeavesNoProcess() throws {
        let s = try Scratch()
        let jobs = (1...3).map { i in
            s.sh("j\(i)", "sleep 60 & echo $! >> ../pids; echo $$ >> ../pids; wait")
        }
        let stop = StopRequest()
        let pidFile = s.path + "/pids"
        DispatchQueue.global().async {
            ProcessTable.wait(seconds: 20) { ProcessTable.pids(in: pidFile).count >= 4 }
            stop.request(signal: SIGINT)
        }
        var stopping: [String] = []
        let results = run(jobs, workers: 2, stop: stop) { event in
            if case .stopping(let jobs) = event { stopping = jobs.map(\.target) }
        }
        #expect(stopping == ["j1", "j2"])
        #expect(results.map(\.outcome) == [.interrupted, .interrupted, .interruptedBeforeStart])
        #expect(stop.signal == SIGINT)
        let pids = ProcessTable.pids(in: pidFile)
        #expect(pids.count == 4)
        #expect(ProcessTable.alive(groups: pids, pids: pids) == [])
    }
}
