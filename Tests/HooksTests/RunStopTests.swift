import Foundation
import TestSupport
import Testing

/// `preflight run` stopped from outside: a Ctrl-C reaches the processes that left their job's process group,
/// and a `kill -9` of preflight takes each job along (its parent-death signal and the guardian).
@Suite struct RunStopTests {
    /// `preflight run fast --all` started as a child of the test, its output in `out`; returns its pid.
    ///
    /// Not through Foundation's `Process`: its `waitUntilExit` also waits for every process that inherited
    /// the descriptor it watches, which a job that outlives preflight holds.
    func start(_ repo: TemporaryRepository, out: String) throws -> pid_t {
        let environment = ProcessInfo.processInfo.environment.merging(PytestMonorepo.environment) { $1 }
        let argv = [
            "/bin/sh", "-c", "cd \"$1\" && exec \"$2\" run fast --all -j 3 </dev/null >\"$3\" 2>&1", "sh", repo.path,
            Preflight.executable, out,
        ]
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in cArgv + cEnvironment { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, "/bin/sh", nil, nil, cArgv, cEnvironment)
        try #require(status == 0, "cannot start preflight: \(status)")
        return pid
    }

    /// Waits for the started preflight to end; its exit status, or 128+N when signal N ended it.
    func exitStatus(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "preflight-stop-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Kills what is left of `pids` and their groups, so a failing test leaves nothing running.
    func cleanUp(_ pids: Set<Int32>) {
        for pid in pids {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
    }

    /// Starts `preflight run fast --all` on jobs running `script` in a repository made for it, once each of the
    /// three jobs has written its two pids to `dir/pids`; returns preflight's pid.
    func startedRun(_ script: String, dir: String) throws -> pid_t {
        let repo = try PytestMonorepo.make(fastScript: script)
        let preflight = try start(repo, out: dir + "/out")
        let started = ProcessTable.wait(seconds: 30) { ProcessTable.pids(in: dir + "/pids").count == 6 }
        #expect(started, "\((try? String(contentsOfFile: dir + "/out", encoding: .utf8)) ?? "")")
        return preflight
    }

    @Test func ctrlC_stopsTheChildrenThatLeftTheirJobsGroup() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        defer { cleanUp(ProcessTable.pids(in: dir + "/pids")) }
        let preflight = try startedRun(
            "setsid sleep 300 & echo $! >> \(dir)/pids; echo $$ >> \(dir)/pids; wait", dir: dir)
        kill(preflight, SIGINT)
        #expect(exitStatus(preflight) == 130)
        let pids = ProcessTable.pids(in: dir + "/pids")
        #expect(pids.count == 6)
        #expect(ProcessTable.alive(groups: pids, pids: pids) == [])
    }

    @Test func kill9OfPreflight_takesEveryJobAndItsChildrenAlong() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        defer { cleanUp(ProcessTable.pids(in: dir + "/pids")) }
        let preflight = try startedRun("sleep 300 & echo $! >> \(dir)/pids; echo $$ >> \(dir)/pids; wait", dir: dir)
        let pids = ProcessTable.pids(in: dir + "/pids")
        #expect(ProcessTable.alive(pids: pids).count == 6, "the jobs run before preflight is killed")
        kill(preflight, SIGKILL)
        #expect(exitStatus(preflight) == 128 + SIGKILL)
        let gone = ProcessTable.wait(seconds: 10) { ProcessTable.alive(pids: pids).isEmpty }
        #expect(gone, "still running after kill -9 of preflight: \(ProcessTable.alive(pids: pids))")
    }

    @Test func killingTheGuardian_doesNotEndTheRun() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        defer { cleanUp(ProcessTable.pids(in: dir + "/pids")) }
        let preflight = try startedRun("sleep 2 & echo $! >> \(dir)/pids; echo $$ >> \(dir)/pids; wait", dir: dir)
        // The guardian: preflight's child that, unlike the jobs, stays in preflight's process group.
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(preflight)/task")) ?? []
        let children = tasks.map { task in
            (try? String(contentsOfFile: "/proc/\(preflight)/task/\(task)/children", encoding: .utf8)) ?? ""
        }
        let guardian = children.joined(separator: " ").split(separator: " ").compactMap { Int32($0) }
            .filter { getpgid($0) != $0 }
        #expect(guardian.count == 1, "\(children)")
        for pid in guardian { kill(pid, SIGKILL) }
        #expect(exitStatus(preflight) == 0, "killing the guardian does not end preflight")
    }
}
