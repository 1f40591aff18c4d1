import Foundation
import TestSupport
import Testing

/// `preflight run` end to end: the built binary on repositories with real pytest suites (pytest 9), real
/// process groups, and a real SIGINT.
@Suite struct RunCommandTests {
    let env = PytestMonorepo.environment

    func run(_ args: [String], _ repo: TemporaryRepository, environment: [String: String] = [:]) throws -> Shell.Result
    {
        try Preflight.run(args, in: repo.path, environment: env.merging(environment) { $1 })
    }

    func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "" }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func scratch() throws -> String {
        let dir = NSTemporaryDirectory() + "preflight-run-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func changeInOneDir_runsThatDirsFastTestsOnly() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("a/a_lib.py", "VALUE = 2\n")
        let junit = repo.path + "/.git/run.xml"
        let r = try run(["run", "fast", "--junit", junit], repo)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\nok      a  "))
        #expect(!r.stdout.contains(" b  ") && !r.stdout.contains(" c  "))
        #expect(r.stdout.contains("preflight run fast: 1 passed in "))
        let xml = read(junit)
        #expect(xml.contains("<testsuite name=\"a\""))
        #expect(xml.contains("name=\"test_a_fast\""))
        #expect(!xml.contains("test_a_slow") && !xml.contains("test_a_superslow") && !xml.contains("test_b"))
    }

    @Test func helperChange_runsEveryDirLinkingIt_withTheDirOnPYTHONPATH() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("helpers_root/x.py", "X = 1  # edited\n")
        let junit = repo.path + "/.git/run.xml"
        let r = try run(["run", "fast", "-j", "2", "--junit", junit], repo)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\nok      b  ") && r.stdout.contains("\nok      c  "))
        #expect(!r.stdout.contains(" a  "))
        // test_b and test_c do `from x import X` through their dir's link: PYTHONPATH holds the dir.
        #expect(read(junit).contains("name=\"test_b_fast\"") && read(junit).contains("name=\"test_c_fast\""))
    }

    /// `--target` runs one entry of the plan, as a CI matrix job does; a name without a job says why.
    @Test func target_runsOnlyThatTargetsJob_andANameWithoutAJobSaysWhy() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("helpers_root/x.py", "X = 1  # edited\n")
        let r = try run(["run", "fast", "--target", "c"], repo)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\nok      c  "))
        #expect(!r.stdout.contains(" b  "), "b is affected too, but was not asked for")
        let none = try run(["run", "fast", "--target", "a/", "--target", "docs"], repo)
        #expect(none.status == 0, "\(none.stdout)\(none.stderr)")
        #expect(none.stderr.contains("note: a: no fast job: not affected by this change"))
        #expect(none.stdout.contains("nothing to run for --target a/, docs"))
    }

    @Test func slowTier_selectsOnlyTheSlowTests() throws {
        let repo = try PytestMonorepo.make()
        let junit = repo.path + "/.git/run.xml"
        let r = try run(["run", "slow", "--all", "--junit", junit], repo)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let xml = read(junit)
        let names = xml.components(separatedBy: "<testcase ").dropFirst().compactMap { tag in
            tag.range(of: #" name="[^"]+""#, options: .regularExpression).map {
                String(tag[$0].dropFirst(7).dropLast())
            }
        }
        #expect(names.sorted() == ["test_a_slow", "test_b_slow", "test_c_slow"])
        #expect(r.stdout.contains("no python tests") == false)
    }

    @Test func failingTest_failsTheRunWithExit1_namingTheDir_andShowingItsLogOnce() throws {
        let repo = try PytestMonorepo.make()
        try repo.write(
            "b/test/test_b.py",
            PytestMonorepo.testModule("b", importsHelper: true)
                + "\ndef test_broken():\n    assert 1 == 2\n")
        let r = try run(["run", "fast"], repo)
        #expect(r.status == 1)
        #expect(r.stdout.contains("\nFAIL    b  "))
        #expect(r.stdout.contains("(exit 1)"))
        #expect(r.stdout.contains("\nb       FAIL "))
        #expect(r.stdout.contains("preflight run fast: 1 failed in "))
        let tails = r.stdout.components(separatedBy: "\n--- b: FAIL (exit 1); the last 40 lines of ").count - 1
        #expect(tails == 1)
        #expect(r.stdout.contains("FAILED test/test_b.py::test_broken - assert 1 == 2"))
    }

    @Test func hangingJob_isKilledAtItsTimeout_withItsChildren() throws {
        let repo = try PytestMonorepo.make()
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try repo.write(
            "preflight.toml",
            """
            [[target]]
            path = "a"
            fast = ["sh", "-c", "sleep 60 & echo $! > \(dir)/pids; echo $$ >> \(dir)/pids; wait"]
            timeout = 1
            """)
        try repo.commitAll("a hangs")
        try repo.write("a/a_lib.py", "VALUE = 2\n")
        let start = Date()
        let r = try run(["run", "fast", "--files", "a/a_lib.py"], repo)
        #expect(Date().timeIntervalSince(start) < 20)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("\nTIMEOUT a  "))
        #expect(r.stdout.contains("(timed out after 1s)"))
        let pids = ProcessTable.pids(in: dir + "/pids")
        #expect(pids.count == 2)
        #expect(ProcessTable.alive(groups: pids, pids: pids) == [])
    }

    @Test func ctrlC_stopsEveryJob_exits130_andLeavesNoProcessBehind() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let repo = try PytestMonorepo.make(
            fastScript: "sleep 60 & echo $! >> \(dir)/pids; echo $$ >> \(dir)/pids; wait")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Preflight.executable)
        process.arguments = ["run", "fast", "--all", "-j", "3"]
        process.currentDirectoryURL = URL(fileURLWithPath: repo.path)
        process.environment = ProcessInfo.processInfo.environment.merging(env) { $1 }
        _ = FileManager.default.createFile(atPath: dir + "/out", contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/out"))
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let started = ProcessTable.wait(seconds: 30) { ProcessTable.pids(in: dir + "/pids").count == 6 }
        #expect(started, "\(read(dir + "/out"))")
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        try output.close()
        let out = read(dir + "/out")
        #expect(process.terminationStatus == 130, "\(out)")
        #expect(out.contains("interrupt: stopping 3 running jobs"))
        #expect(out.contains("interrupted: stopped a, b, c and every process they started"))
        #expect(out.contains("\na       STOPPED"))
        let pids = ProcessTable.pids(in: dir + "/pids")
        #expect(pids.count == 6)
        #expect(ProcessTable.alive(groups: pids, pids: pids) == [])
    }

    /// No Docker engine runs here: a stand-in `docker` first on PATH records its working directory and
    /// arguments, so the test checks exactly what preflight would run.
    @Test func imageTier_runsOnlyForDirsWhoseImageInputsChanged_withTheExactArgv() throws {
        let repo = try PytestMonorepo.make()
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/bin", withIntermediateDirectories: true)
        try "#!/bin/sh\n{ pwd; for a in \"$@\"; do echo \"[$a]\"; done; } > \"\(dir)/$PREFLIGHT_TARGET.args\"\n"
            .write(toFile: dir + "/bin/docker", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir + "/bin/docker")
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.12\n")
        try repo.write("c/test/test_c.py", "def test_c():\n    pass\n")
        let path = dir + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let r = try run(["run", "image"], repo, environment: ["PATH": path])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let root = URL(fileURLWithPath: repo.path).resolvingSymlinksInPath().path
        #expect(
            read(dir + "/a.args")
                == "\(root)/a\n[build]\n[-f]\n[devops/docker_build/dev.Dockerfile]\n[-t]\n[a-img:1.2.0]\n[.]\n")
        #expect(!FileManager.default.fileExists(atPath: dir + "/b.args"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/c.args"))
    }

    @Test func shardsOfOnePlan_areDisjointAndCoverIt() throws {
        let repo = try PytestMonorepo.make()
        func targets(_ extra: [String]) throws -> [String] {
            let r = try run(["run", "fast", "--all", "--dry-run", "--format", "json"] + extra, repo)
            #expect(r.status == 0, "\(r.stderr)")
            return (try json(r.stdout)["jobs"] as? [[String: Any]] ?? []).compactMap { $0["target"] as? String }
        }
        let whole = try targets([])
        #expect(whole == ["a", "b", "c"])
        let durations = repo.path + "/.git/durations.json"
        try "{\"schema\": 1, \"tiers\": {\"fast\": {\"a\": 9000, \"b\": 100}}}".write(
            toFile: durations, atomically: true, encoding: .utf8)
        for extra in [[], ["--durations", durations]] {
            let shards = try (1...3).map { try targets(["--shard", "\($0)/3"] + extra) }
            #expect(shards.flatMap { $0 }.sorted() == whole)
            #expect(shards.allSatisfy { $0.count == 1 })
        }
    }

    @Test func dryRun_printsEachJobsWhyCwdArgvAndTimeout_andRunsNothing() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("a/a_lib.py", "VALUE = 2\n")
        let r = try run(["run", "fast", "--dry-run"], repo)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout.contains(
                "\na\n  why      changed-file a/a_lib.py\n  cwd      a\n"
                    + "  argv     python3 -m pytest -m 'not slow and not superslow' --junitxml="))
        #expect(r.stdout.contains("  timeout  300s\n"))
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/preflight/run"))
    }

    @Test func usageProblems_areExit2_andNothingToRunIsExit0() throws {
        let repo = try PytestMonorepo.make()
        let nothing = try run(["run", "fast"], repo)
        #expect(nothing.status == 0)
        #expect(nothing.stdout == "preflight run fast: nothing to run: no target is affected\n")

        try repo.write("docs/index.md", "# more\n")
        let noTier = try run(["run", "fast"], repo)
        #expect(noTier.status == 0)
        #expect(noTier.stdout.contains("no affected target has the fast tier\n  docs: no python tests"))

        let staged = try run(["run", "fast", "--staged"], repo)
        #expect(staged.status == 2)
        #expect(staged.stderr.contains("not the index (--staged)"))
        #expect(try run(["run", "quick"], repo).status == 2)
        #expect(try run(["run", "fast", "--format", "json"], repo).status == 2)
        #expect(try run(["run", "fast", "-j", "0"], repo).status == 2)

        try repo.write("preflight.toml", "[runnable]\nfast = [\"pytest\", \"--root={root}\"]\n")
        try repo.commitAll("a bad placeholder")
        let placeholder = try run(["run", "fast"], repo)
        #expect(placeholder.status == 2)
        #expect(
            placeholder.stderr.contains("preflight.toml:2: 'runnable.fast' item 1 has an unknown placeholder {root}"))
    }

    @Test func durations_areRecordedForSharding_andACorruptCacheIsAWarning() throws {
        let repo = try PytestMonorepo.make()
        try repo.write("a/a_lib.py", "VALUE = 2\n")
        let cache = repo.path + "/.git/preflight/cache/durations.json"
        try FileManager.default.createDirectory(
            atPath: repo.path + "/.git/preflight/cache", withIntermediateDirectories: true)
        try "{broken".write(toFile: cache, atomically: true, encoding: .utf8)
        let r = try run(["run", "fast"], repo)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("durations.json is not a durations file (schema 1): ignored"))
        let recorded = try json(read(cache))
        #expect(((recorded["tiers"] as? [String: Any])?["fast"] as? [String: Any])?["a"] is Int)
    }
}
