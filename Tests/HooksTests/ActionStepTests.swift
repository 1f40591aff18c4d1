import Foundation
import TestSupport
import Testing
import Yams

/// The scripts of action.yml's steps, run with bash as the runner runs them: each step's `env:` given as the
/// runner would evaluate it, `GITHUB_OUTPUT` a file read back afterwards.
@Suite struct ActionStepTests {
    /// The `run:` script of the step with `id`.
    static func script(_ id: String) throws -> String {
        let text = try String(contentsOfFile: LockTools.packageRoot + "/action.yml", encoding: .utf8)
        let action = try #require(try Yams.load(yaml: text) as? [String: Any])
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        let step = try #require(steps.first { $0["id"] as? String == id }, "no step \(id)")
        return try #require(step["run"] as? String)
    }

    /// Runs step `id` in `repo` with `env`; returns its result and the outputs it wrote.
    static func run(_ id: String, in repo: TemporaryRepository, env: [String: String]) throws
        -> (result: Shell.Result, outputs: [String: String])
    {
        let outputFile = repo.path + "/.git/github-output-\(id)"
        try #require(FileManager.default.createFile(atPath: outputFile, contents: nil))
        let all = env.merging(["GITHUB_OUTPUT": outputFile, "GITHUB_ACTION_PATH": LockTools.packageRoot]) { a, _ in a }
        let result = try Shell.run(["bash", "-e", "-c", try script(id)], in: repo.path, environment: all)
        var outputs: [String: String] = [:]
        for line in try String(contentsOfFile: outputFile, encoding: .utf8).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            outputs[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return (result, outputs)
    }

    static let releaseInputs = [
        "ACTION_REPOSITORY": "", "ACTION_REF": "", "INPUT_VERSION": "", "INPUT_REPOSITORY": "",
        "RUNNER_TOOL_CACHE": "/opt/hostedtoolcache",
    ]

    @Test func releaseStep_takesTheVersionAndRepositoryFromTheTagTheActionIsUsedAt() throws {
        let repo = try TemporaryRepository()
        let byPath = try ActionStepTests.run(
            "release", in: repo,
            env: ActionStepTests.releaseInputs.merging(
                ["GITHUB_ACTION_PATH": "/home/runner/work/_actions/acme/preflight/v1.2.0"]) { $1 })
        #expect(byPath.result.status == 0, "\(byPath.result.stdout)\(byPath.result.stderr)")
        #expect(byPath.outputs["version"] == "1.2.0")
        #expect(byPath.outputs["repository"] == "acme/preflight")
        #expect(byPath.outputs["dir"] == "/opt/hostedtoolcache/preflight/1.2.0/" + (try repo.run(["uname", "-m"])))
        let byName = try ActionStepTests.run(
            "release", in: repo,
            env: ActionStepTests.releaseInputs.merging(
                ["ACTION_REPOSITORY": "team/preflight-fork", "ACTION_REF": "v2.0.1"]) { $1 })
        #expect(byName.outputs["version"] == "2.0.1" && byName.outputs["repository"] == "team/preflight-fork")
    }

    @Test func releaseStep_failsSayingSo_whenUsedAtABranchWithoutAVersionInput() throws {
        let repo = try TemporaryRepository()
        let r = try ActionStepTests.run(
            "release", in: repo,
            env: ActionStepTests.releaseInputs.merging(
                ["ACTION_REPOSITORY": "acme/preflight", "ACTION_REF": "main"]) { $1 })
        #expect(r.result.status == 2)
        let wanted = "::error title=preflight::set the action's version input: it is used at 'main'"
        #expect(r.result.stdout.contains(wanted), "\(r.result.stdout)")
        let given = try ActionStepTests.run(
            "release", in: repo,
            env: ActionStepTests.releaseInputs.merging(
                ["ACTION_REPOSITORY": "acme/preflight", "ACTION_REF": "main", "INPUT_VERSION": "v1.0.0"]) { $1 })
        #expect(given.outputs["version"] == "1.0.0")
    }

    /// The check step records preflight's status instead of failing, so SARIF is uploaded and the matrix written.
    @Test func checkStep_comparesWithThePushBeforeSha_andRecordsStatusSarifAndMatrix() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        let before = try repo.commitAll("base")
        try repo.link("a/broken", to: "nowhere")
        try repo.commitAll("broken link")
        let env = [
            "PREFLIGHT_BIN": Preflight.executable, "BASE": "", "PUSH_BEFORE": before, "CHECKS": "",
            "SKIP": "", "FORMAT": "text", "SARIF": "out.sarif", "JUNIT": "", "RUN_FAST": "false",
            "ON_MISSING_BASE": "deepen", "GITHUB_BASE_REF": "",
        ]
        let failing = try ActionStepTests.run("check", in: repo, env: env)
        #expect(failing.result.status == 0, "\(failing.result.stderr)")
        #expect(failing.result.stdout.contains("a/broken"), "\(failing.result.stdout)")
        #expect(failing.outputs["status"] == "1" && failing.outputs["sarif"] == "true")
        #expect(failing.outputs["base"] == before)
        #expect(failing.outputs["matrix"] == #"{"include":[{"target":"a","path":"a"}]}"#)
        let head = try repo.git("rev-parse", "HEAD")
        let clean = try ActionStepTests.run("check", in: repo, env: env.merging(["PUSH_BEFORE": head]) { $1 })
        #expect(clean.outputs["status"] == "0" && clean.outputs["base"] == head)
        #expect(clean.outputs["matrix"] == #"{"include":[]}"#)
    }
}
