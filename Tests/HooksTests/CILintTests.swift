import Foundation
import TestSupport
import Testing
import Yams

/// action.yml and the CI templates, judged by the real linters (pinned by `make deps`): actionlint (with
/// shellcheck), check-jsonschema's vendored GitHub and GitLab schemas, and zizmor.
@Suite struct CILintTests {
    static let root = LockTools.packageRoot
    static let workflows = ["ci/github/preflight.yml"]
    /// Proxies nowhere: a linter that reached for the network would fail instead of passing quietly.
    static let offline = ["HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": ""]

    static func tool(_ name: String) throws -> String { try LockTools.directory(of: name) + "/" + name }

    /// A repository laid out as a user's: the template as a workflow, the action where the template checks it out.
    static func userRepository(workflow: String) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write(".github/workflows/preflight.yml", workflow)
        let action = try String(contentsOfFile: root + "/action.yml", encoding: .utf8)
        try repo.write(".preflight-action/action.yml", action)
        return repo
    }

    static func run(_ argv: [String], in dir: String) throws -> Shell.Result {
        let path = try LockTools.directory(of: "shellcheck") + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "")
        return try Shell.run(argv, in: dir, environment: offline.merging(["PATH": path]) { $1 })
    }

    /// actionlint checks the template's `with:` and `outputs` against the action's metadata, and its scripts.
    @Test func actionlint_acceptsTheTemplate_andRejectsAnInputTheActionLacks() throws {
        let template = try String(
            contentsOfFile: CILintTests.root + "/" + CILintTests.workflows[0],
            encoding: .utf8)
        let repo = try CILintTests.userRepository(workflow: template)
        let good = try CILintTests.run([try CILintTests.tool("actionlint"), "-no-color"], in: repo.path)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        let wrong = template.replacingOccurrences(
            of: "junit: preflight-junit.xml",
            with: "junit-file: preflight-junit.xml")
        try repo.write(".github/workflows/preflight.yml", wrong)
        let bad = try CILintTests.run([try CILintTests.tool("actionlint"), "-no-color"], in: repo.path)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("input \"junit-file\" is not defined in action"), "\(bad.stdout)")
    }

    /// The action's scripts take every expression through `env:`, so shellcheck reads them as plain bash.
    @Test func shellcheck_acceptsEveryScriptOfTheAction_andTheScriptsItRuns() throws {
        let action = try #require(
            try Yams.load(
                yaml: String(
                    contentsOfFile: CILintTests.root + "/action.yml",
                    encoding: .utf8)) as? [String: Any])
        let steps = try #require((action["runs"] as? [String: Any])?["steps"] as? [[String: Any]])
        let scripts = steps.compactMap { $0["run"] as? String }
        #expect(scripts.count >= 4)
        let repo = try TemporaryRepository()
        var files: [String] = []
        for (i, script) in scripts.enumerated() {
            #expect(!script.contains("${{"), "an expression inside a run script: \(script)")
            try repo.write("step\(i).sh", "#!/usr/bin/env bash\nset -euo pipefail\n" + script)
            files.append("step\(i).sh")
        }
        for file in ["ci/preflight-ci", "ci/install-preflight", "hooks/pre-commit-push"] {
            files.append(CILintTests.root + "/" + file)
        }
        let result = try CILintTests.run([try CILintTests.tool("shellcheck")] + files, in: repo.path)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        try repo.write("bad.sh", "#!/bin/sh\nrm -rf $1/\n")
        #expect(try CILintTests.run([try CILintTests.tool("shellcheck"), "bad.sh"], in: repo.path).status == 1)
    }

    @Test func checkJsonschema_validatesEachFileWithItsVendoredSchema_offline() throws {
        let validate = { (schema: String, file: String) throws -> Shell.Result in
            try CILintTests.run(
                [try CILintTests.tool("check-jsonschema"), "--builtin-schema", schema, file],
                in: CILintTests.root)
        }
        for workflow in CILintTests.workflows {
            let r = try validate("vendor.github-workflows", workflow)
            #expect(r.status == 0, "\(workflow): \(r.stdout)\(r.stderr)")
        }
        let action = try validate("vendor.github-actions", "action.yml")
        #expect(action.status == 0, "\(action.stdout)\(action.stderr)")
        let gitlab = try validate("vendor.gitlab-ci", "ci/gitlab/preflight.yml")
        #expect(gitlab.status == 0, "\(gitlab.stdout)\(gitlab.stderr)")
        // A component is two YAML documents (its spec, then its jobs): each is validated on its own.
        let repo = try TemporaryRepository()
        for (i, document) in try GitLabComponent.documents().enumerated() {
            try repo.write("document\(i).yml", document)
            let r = try validate("vendor.gitlab-ci", repo.path + "/document\(i).yml")
            #expect(r.status == 0, "document \(i): \(r.stdout)\(r.stderr)")
        }
        try repo.write("noruns.yml", "name: x\ndescription: y\n")
        #expect(try validate("vendor.github-actions", repo.path + "/noruns.yml").status == 1)
    }

    @Test func zizmor_findsNothingOfHighSeverity_whereAnUnpinnedActionIsOne() throws {
        let zizmor = try CILintTests.tool("zizmor")
        let ours = try CILintTests.run(
            [zizmor, "--offline", "--no-progress", "--min-severity", "high", "action.yml"]
                + CILintTests.workflows, in: CILintTests.root)
        #expect(ours.status == 0, "\(ours.stdout)\(ours.stderr)")
        let repo = try TemporaryRepository()
        try repo.write(
            "unpinned.yml",
            """
            on: [push]
            permissions: {}
            jobs:
              a:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v4
                    with: {persist-credentials: false}

            """)
        let unpinned = try CILintTests.run(
            [
                zizmor, "--offline", "--no-progress", "--min-severity", "high",
                "unpinned.yml",
            ], in: repo.path)
        #expect(unpinned.status != 0)
        #expect(unpinned.stdout.contains("unpinned-uses"), "\(unpinned.stdout)")
    }
}
