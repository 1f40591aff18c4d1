import Checks
import Foundation
import TestSupport
import Testing
import Yams

@testable import Hooks

/// The shims in `hooks/` and the CI templates in `ci/`: what users copy must work as shipped.
@Suite struct CITemplateTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `hooks/` holds exactly what `preflight install` writes, with `make install`'s default path as fallback.
    /// `PREFLIGHT_REGENERATE=1 swift test --filter CITemplateTests` rewrites them.
    @Test func repositoryHooks_areTheInstalledScripts() throws {
        for hook in HookInstaller.known {
            let path = CITemplateTests.root + "/hooks/" + hook
            let wanted = HookInstaller.script(for: hook, binary: "/usr/local/bin/preflight")
            if ProcessInfo.processInfo.environment["PREFLIGHT_REGENERATE"] == "1" {
                _ = FileManager.default.createFile(
                    atPath: path, contents: Data(wanted.utf8), attributes: [.posixPermissions: 0o755])
            }
            let committed = try #require(FileManager.default.contents(atPath: path), "missing \(path)")
            #expect(String(decoding: committed, as: UTF8.self) == wanted, "\(hook) drifted from HookInstaller")
            #expect(FileManager.default.isExecutableFile(atPath: path))
            let syntax = try Shell.run(["sh", "-n", path], in: CITemplateTests.root)
            #expect(syntax.status == 0, "\(syntax.stderr)")
        }
    }

    /// Every `preflight ...` command line in the workflow template and the action parses with the real parser
    /// (the GitLab component's: GitLabComponentTests).
    @Test(arguments: ["ci/github/preflight.yml", "action.yml"])
    func templates_areYAML_andEveryPreflightCommandParses(template: String) throws {
        let text = try String(contentsOfFile: CITemplateTests.root + "/" + template, encoding: .utf8)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any], "\(template) is not a YAML mapping")
        var scripts: [String] = []
        func collect(_ value: Any) {
            if let map = value as? [String: Any] {
                for (key, item) in map {
                    if key == "run" || key == "script" || key == "before_script", let s = item as? String {
                        scripts.append(s)
                    }
                    if key == "script" || key == "before_script", let list = item as? [String] { scripts += list }
                    collect(item)
                }
            } else if let list = value as? [Any] {
                list.forEach(collect)
            }
        }
        collect(document)
        let commands = scripts.flatMap { $0.split(separator: "\n") }.map { $0.trimmingCharacters(in: .whitespaces) }
            .compactMap { line -> [String]? in
                guard let range = line.range(of: "preflight ", options: .anchored) ?? line.range(of: "$(preflight ")
                else { return nil }
                let rest = line[range.upperBound...].prefix { $0 != ")" && $0 != ">" }
                return CITemplateTests.words(String(rest))
            }
        #expect(!commands.isEmpty || template == "action.yml", "no preflight command found in \(template)")
        for argv in commands {
            #expect(throws: Never.self, "\(argv)") { _ = try Preflight.parseAsRoot(argv) }
        }
        #expect(text.contains(template == "action.yml" ? "ci/preflight-ci" : "uses: ./.preflight-action"))
    }

    @Test func ciEntryPoint_buildsAValidCheckCommand_andFindsTheBase() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("base")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.link("a/broken", to: "nowhere")
        try repo.commitAll("broken link")
        let script = CITemplateTests.root + "/ci/preflight-ci"
        let env = ["PREFLIGHT_BIN": Preflight.executable, "GITHUB_ACTIONS": "true", "GITHUB_BASE_REF": ""]
        let sarif = repo.path + "/out.sarif"
        let r = try Shell.run([script, "--base", "main", "--sarif", sarif], in: repo.path, environment: env)
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("::error file=a/broken"))
        #expect(FileManager.default.fileExists(atPath: sarif))
        let gitlab = try Shell.run(
            [script, "--format", "json"], in: repo.path,
            environment: [
                "PREFLIGHT_BIN": Preflight.executable,
                "CI_MERGE_REQUEST_DIFF_BASE_SHA": try repo.git("rev-parse", "main"),
            ])
        #expect(gitlab.status == 1)
        #expect(gitlab.stderr.contains("preflight-ci: base "))
        let bad = try Shell.run([script, "--bogus"], in: repo.path, environment: env)
        #expect(bad.status == 2)
        let outputs = repo.path + "/.git/github-output"
        let only = try Shell.run(
            [script, "--base", "main", "--only", "conflict-marker", "--github-output", outputs],
            in: repo.path, environment: env)
        #expect(only.status == 0, "the link is not what --only asked for: \(only.stdout)\(only.stderr)")
        let written = try String(contentsOfFile: outputs, encoding: .utf8)
        #expect(written.contains("base=\(try repo.git("rev-parse", "main"))\n"), "\(written)")
        #expect(written.contains("matrix={\"include\":[{\"target\":\"a\""), "\(written)")
    }

    /// Splits a shell command line into words (quotes removed; `${{ }}` and `$VAR` kept as placeholders).
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character? = nil
        var inWord = false
        for c in line {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
                inWord = true
            } else if c == " " {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(c)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
