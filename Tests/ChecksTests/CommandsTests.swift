import Foundation
import TestSupport
import Testing

@testable import Checks

/// What a command printed, captured in the test's process.
final class CapturedOutput: @unchecked Sendable {
    // Lock-protected strings, not handles: safe to append to from any thread.
    private let lock = NSLock()
    private var report = ""
    private var diagnostics = ""

    var output: CommandOutput {
        CommandOutput(
            report: { text in self.lock.withLock { self.report += text } },
            diagnostic: { line in self.lock.withLock { self.diagnostics += line } })
    }

    var stdout: String { lock.withLock { report } }
    var stderr: String { lock.withLock { diagnostics } }
}

/// The hooks' check policy, called without a process.
@Suite struct HookChecksTests {
    func item(tags: [String]? = nil) -> HookItem {
        HookItem(
            label: tags == nil ? nil : "refs/tags/v1 (new on origin)", request: ChangeRequest(source: .staged),
            tags: tags)
    }

    @Test func aPushedTag_isJudgedByTheReleaseTagCheckAlone() {
        #expect(HookChecks.ids(hook: .prePush, item: item(tags: ["v1"]), configuration: .default) == ["release-tag"])
    }

    @Test func aPushedBranch_getsTheIntegrityChecks_whatever_preCommitSays() {
        var configuration = Configuration.default
        configuration.hooks.preCommit = ["symlink"]
        #expect(HookChecks.ids(hook: .prePush, item: item(), configuration: configuration) == ["integrity"])
        #expect(HookChecks.ids(hook: .preCommit, item: item(), configuration: configuration) == ["symlink"])
        #expect(HookChecks.ids(hook: .preMergeCommit, item: item(), configuration: configuration) == ["symlink"])
    }

    @Test func select_leavesOutWhatPREFLIGHT_SKIPNames() throws {
        let all = try HookChecks.select(hook: .preCommit, item: item(), configuration: .default, environment: [:])
        let skipped = try HookChecks.select(
            hook: .preCommit, item: item(), configuration: .default,
            environment: ["PREFLIGHT_SKIP": "symlink"])
        #expect(all.map(\.id).contains("symlink"))
        #expect(!skipped.map(\.id).contains("symlink"))
        #expect(skipped.count == all.count - 1)
    }

    @Test func hookLines_nameTheRefThePlaceTheSeverityAndTheCheck() {
        let finding = Finding(
            check: "symlink", severity: .error, message: "link target does not exist: x",
            path: RepoPath("a/x.py"), line: 3)
        let report = CheckReport(findings: [finding], checks: ["symlink"], targets: ["a"], base: "", head: "index")
        #expect(
            HookChecks.lines(report, label: "refs/heads/f (since abc on origin)")
                == ["[refs/heads/f] a/x.py:3: error symlink: link target does not exist: x"])
        #expect(HookChecks.lines(report, label: nil) == ["a/x.py:3: error symlink: link target does not exist: x"])
    }
}

/// The shared prologue and the default change, called without a process.
@Suite struct ChangeSelectionTests {
    @Test func noSourceFlag_meansChangedSinceTheDefaultBranchOfHEADsConfig() throws {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", "[workspace]\ndefault-branch = \"trunk\"\n")
        try repo.commitAll("init")
        let request = try ChangeSelection().request(try Repository(discoveringFrom: repo.path))
        #expect(request.source == .changedSince("trunk", committedOnly: false))
        let named = try ChangeSelection(changedSince: "main").request(try Repository(discoveringFrom: repo.path))
        #expect(named.source == .changedSince("main", committedOnly: false))
    }

    @Test func aConfigAtHEADThatDoesNotParse_isAnError_notTheBranchMain() throws {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", "[workspace]\ndefault-branch = 3\n")
        try repo.commitAll("init")
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(throws: ConfigurationError.self) { try ChangeSelection().request(repository) }
    }

    @Test func anUnbornHEAD_hasTheDefaultConfiguration() throws {
        let repo = try TemporaryRepository()
        let configuration = try ChangeSelection.headConfiguration(try Repository(discoveringFrom: repo.path))
        #expect(configuration.workspace.defaultBranch == "main")
    }

    @Test func load_printsTheGraphsWarningsThroughTheOutput_unlessTold() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("preflight.toml", "[workspace]\nbogus = 1\n")
        try repo.commitAll("init")
        try repo.write("preflight.toml", "[workspace]\ndefault-branch = \"main\"\n")
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let captured = CapturedOutput()
        _ = try ChangeContext.load(ChangeRequest(source: .staged), in: repository, output: captured.output)
        #expect(captured.stderr.contains("preflight: warning: base configuration ignored"))
        let quiet = CapturedOutput()
        _ = try ChangeContext.load(
            ChangeRequest(source: .staged), in: repository, output: quiet.output,
            warnings: false)
        #expect(quiet.stderr.isEmpty)
    }
}

/// How a command's end maps to DESIGN's exit statuses, and what a run prints as its jobs end.
@Suite struct CommandEndTests {
    @Test func usageAndConfigurationErrorsAre2_repositoryErrorsAre3() {
        #expect(ExitStatus.code(for: UsageError("unknown target 'x'")) == 2)
        #expect(ExitStatus.code(for: PushInputError(line: 1, text: "x")) == 2)
        #expect(ExitStatus.code(for: FileWriteError(path: "x", reason: "no such file or directory")) == 2)
        #expect(ExitStatus.code(for: RunPlanError.noWorkingTree) == 3)
        #expect(ExitStatus.code(for: LockFileError(message: "cannot write x")) == 3)
        #expect(ExitStatus.code(for: CocoaError(.fileReadUnknown)) == 3)
    }

    @Test func progressOffATerminal_printsOneLinePerFinishedJob_andFailuresStandOut() {
        let captured = CapturedOutput()
        let progress = RunProgress(total: 2, output: captured.output)
        let job = Job(
            target: "a", path: RepoPath("a"), tier: .fast, directory: "/", argv: ["true"], timeout: 5,
            log: "/dev/null", junit: "/dev/null")
        progress.handle(.started(job))
        progress.handle(.finished(JobResult(job: job, outcome: .failed(1), duration: 0.4)))
        progress.finish()
        #expect(captured.stdout == "FAIL    a  0.4s (exit 1)\n")
        #expect(captured.stderr.isEmpty)
    }
}

/// The commands' entry points, called in the test's process on real repositories.
@Suite struct CommandEntryPointTests {
    /// `a` links to `helpers_root/tool.py`; `b` is a runnable dir of its own.
    func repository() throws -> (TemporaryRepository, Repository) {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("b/runnable_dir")
        try repo.write("helpers_root/tool.py", "tool\n")
        try repo.link("a/tool.py", to: "../helpers_root/tool.py")
        try repo.commitAll("base")
        return (repo, try Repository(discoveringFrom: repo.path))
    }

    @Test func affected_printsTheReportThroughTheOutput() throws {
        let (repo, repository) = try repository()
        try repo.write("b/x.py", "x\n")
        try repo.git("add", "-A")
        let captured = CapturedOutput()
        let options = AffectedOptions(changes: ChangeSelection(staged: true), format: .githubMatrix)
        #expect(try options.run(in: repository, output: captured.output) == 0)
        #expect(captured.stdout == "{\"include\":[{\"target\":\"b\",\"path\":\"b\"}]}\n")
    }

    @Test func affected_whyNotAnUnknownTarget_isAUsageError() throws {
        let (repo, repository) = try repository()
        let options = AffectedOptions(changes: ChangeSelection(staged: true), whyNot: "nope")
        #expect(throws: UsageError.self) { try options.run(in: repository, output: CapturedOutput().output) }
        withExtendedLifetime(repo) {}  // the folder is removed when `repo` goes
    }

    @Test func check_isStatus1OnAnErrorFinding_and0WithoutOne() throws {
        let (repo, repository) = try repository()
        let options = CheckOptions(changes: ChangeSelection(staged: true), quiet: true, environment: [:])
        let clean = CapturedOutput()
        #expect(try options.run(in: repository, output: clean.output) == 0)
        try repo.git("rm", "-q", "helpers_root/tool.py")
        let broken = CapturedOutput()
        #expect(try options.run(in: repository, output: broken.output) == 1)
        #expect(broken.stdout.contains("link target was deleted by this change: helpers_root/tool.py"))
    }

    @Test func hookRun_printsOneLinePerFinding_andTheSummary() throws {
        let (repo, repository) = try repository()
        try repo.git("rm", "-q", "helpers_root/tool.py")
        let captured = CapturedOutput()
        let item = HookItem(label: nil, request: ChangeRequest(source: .staged), tags: nil)
        let status = try HookRun.check(
            [item], in: repository, hook: .preCommit, verbose: false, environment: [:],
            output: captured.output)
        #expect(status == 1)
        let lines = captured.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("a/tool.py: error symlink: link target was deleted") == true)
        #expect(lines.last?.hasPrefix("preflight pre-commit: 1 error, 0 warnings; fix them") == true)
    }
}
