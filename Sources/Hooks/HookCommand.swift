import ArgumentParser
import Checks
import Foundation

extension Preflight {
    /// `preflight hook NAME`: what the installed git hooks call.
    struct HookCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hook",
            abstract: "What git's hooks call: pre-commit judges the index, pre-push every pushed ref's commits.",
            subcommands: [PreCommit.self, PrePush.self, PreMergeCommit.self, PostMerge.self]
        )
    }
}

extension Preflight.HookCommand {
    /// `hook pre-commit`: the configured checks (`[hooks] pre-commit`, default the integrity checks) on the index.
    struct PreCommit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pre-commit", abstract: "Check what the next commit holds.")

        @Flag(help: "Print each finding's fix and the full report.")
        var verbose = false

        func run() throws {
            try Preflight.HookCommand.checkIndex(hook: "pre-commit", verbose: verbose)
        }
    }

    /// What `hook pre-commit` and `hook pre-merge-commit` do: the configured checks on the index git names.
    static func checkIndex(hook: String, verbose: Bool) throws {
        if ProcessEnvironment.value("PREFLIGHT") == "0" { return }
        try Preflight.regeneratePendingLocks(hook: hook)
        try HookRun.check([(label: nil, request: ChangeRequest(source: .staged), tags: nil)], hook: hook, verbose: verbose)
    }

    /// `hook pre-merge-commit`: the same checks on the merge's index.
    struct PreMergeCommit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pre-merge-commit", abstract: "Check what a merge commit will hold.")

        @Flag(help: "Print each finding's fix and the full report.")
        var verbose = false

        func run() throws {
            try Preflight.HookCommand.checkIndex(hook: "pre-merge-commit", verbose: verbose)
        }
    }

    /// `hook post-merge [SQUASH]`: puts the lockfiles pre-merge-commit regenerated into the merge commit.
    struct PostMerge: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "post-merge", abstract: "Finish a merge's regenerated lockfiles.")

        @Argument(help: "1 for a squash merge (git passes it).")
        var squash: String = "0"

        func run() throws {
            if ProcessEnvironment.value("PREFLIGHT") == "0" { return }
            try Preflight.amendMergeWithRegeneratedLocks()
        }
    }

    /// `hook pre-push REMOTE URL`: every stdin line, each ref's commits; tags get `release-tag`.
    struct PrePush: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "pre-push", abstract: "Check every ref being pushed.")

        @Argument(help: "The remote's name (git passes it).")
        var remote: String

        @Argument(help: "The remote's URL (git passes it).")
        var url: String = ""

        @Flag(help: "Print each finding's fix and the full report.")
        var verbose = false

        func run() throws {
            if ProcessEnvironment.value("PREFLIGHT") == "0" { return }
            let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            var runs: [HookRun.Item] = []
            var branches: [(update: PushUpdate, request: ChangeRequest)] = []
            do {
                let repository = try Repository()
                let defaultBranch = (try? HookRun.headConfiguration(repository))?.workspace.defaultBranch ?? "main"
                for update in try PushUpdate.parse(input) where !update.isDeletion {
                    let (request, note) = update.request(repository, remote: remote, defaultBranch: defaultBranch)
                    let tag = update.isTag ? [String(update.remoteRef.dropFirst("refs/tags/".count))] : nil
                    runs.append((label: "\(update.remoteRef) (\(note))", request: request, tags: tag))
                    if !update.isTag { branches.append((update, request)) }
                }
            } catch let error as PushInputError {
                printError(error.description)
                throw ExitCode(2)
            } catch {
                throw fail(error)
            }
            try HookRun.check(runs, hook: "pre-push", verbose: verbose)
            try PrePushRun.run(branches)
        }
    }
}

/// Runs the hook's checks over one or more changes and prints short output.
enum HookRun {
    /// What a hook keeps alive until it exits instead of releasing it (still reachable, so no leak checker
    /// reports it). Only the hook's single thread touches it.
    nonisolated(unsafe) static var keptUntilExit: [AnyObject] = []

    typealias Item = (label: String?, request: ChangeRequest, tags: [String]?)

    /// HEAD's configuration, for settings a hook needs before any change set exists.
    static func headConfiguration(_ repository: Repository) throws -> Configuration {
        guard let head = try repository.headCommit() else { return .default }
        return try Workspace(try CommitSnapshot(repository, commit: head)).configuration
    }

    /// Checks every item; one line per finding (with the ref, for pushes), one summary line; exit 1 on errors.
    static func check(_ items: [Item], hook: String, verbose: Bool) throws {
        var lines: [String] = []
        var errors = 0, warnings = 0
        var failedRefs: [String] = []
        do {
            let repository = try Repository()
            for item in items {
                let changeSet = try ChangeSet.make(repository, item.request)
                // Checks read no dependents: the hook does not pay for import inference.
                let affected = try Affected(changeSet, dependents: .none)
                // Kept until the process exits, which comes right after: releasing the listings (every path of
                // the index, HEAD and the graphs, entry by entry) cost 1 ms of a 13,500-file commit (perf).
                HookRun.keptUntilExit.append(affected)
                affected.warnings.forEach { printError("warning: \($0)") }
                let configuration = affected.head.workspace.configuration
                let only: [String]
                if item.tags != nil {
                    only = ["release-tag"]
                } else {
                    only = hook == "pre-push" ? ["integrity"] : configuration.hooks.preCommit
                }
                let checks = try CheckCatalog.select(only: only, skip: [], environment: ProcessInfo.processInfo.environment,
                                                     configured: configuration.checks.skip)
                let context = CheckContext(affected)
                context.releaseTags = item.tags
                let report = try CheckRun.run(checks, in: context)
                if verbose {
                    if let label = item.label { lines.append("\(label):") }
                    lines.append(FindingsReport(report).render(.text, quiet: true))
                } else {
                    for f in report.findings {
                        let place = (f.path?.description ?? "") + (f.line.map { ":\($0)" } ?? "")
                        let ref = item.label.map { "[\($0.split(separator: " ").first ?? "")] " } ?? ""
                        lines.append("\(ref)\(place.isEmpty ? "" : place + ": ")\(f.severity.rawValue) \(f.check): \(f.message)")
                    }
                }
                errors += report.count(.error)
                warnings += report.count(.warning)
                if report.failed, let label = item.label { failedRefs.append(String(label.split(separator: " ").first ?? "")) }
            }
        } catch {
            throw fail(error)
        }
        if !lines.isEmpty { emit(lines.joined(separator: "\n") + (lines.last?.hasSuffix("\n") == true ? "" : "\n")) }
        if errors > 0 {
            let refs = failedRefs.isEmpty ? "" : " in \(failedRefs.joined(separator: ", "))"
            emit("preflight \(hook): \(errors) error\(errors == 1 ? "" : "s")\(refs), \(warnings) warning\(warnings == 1 ? "" : "s"); "
                 + "fix them, or skip once with --no-verify (details: preflight check \(hook == "pre-push" ? "--range A..B" : "--staged"))\n")
            throw ExitCode(1)
        }
        if warnings > 0 { emit("preflight \(hook): \(warnings) warning\(warnings == 1 ? "" : "s")\n") }
    }
}

/// `[hooks] pre-push-run`: after the checks pass, the configured tiers of the affected targets of every pushed
/// branch that is checked out here. Tests need files on disk, and a hook never checks anything out, so a
/// pushed branch at another commit than HEAD is named and left to CI.
enum PrePushRun {
    static func run(_ branches: [(update: PushUpdate, request: ChangeRequest)]) throws {
        guard !branches.isEmpty else { return }
        do {
            let repository = try Repository()
            let head = try repository.headCommit()
            var done = Set<String>()
            for (update, request) in branches {
                guard let head, update.localID == head else {
                    let tiers = try tiersConfigured(repository, at: update.localID)
                    if !tiers.isEmpty {
                        printError("preflight pre-push: \(update.remoteRef) is not checked out here; its "
                            + "\(tiers.map(\.rawValue).joined(separator: ", ")) tests were not run (check it out and push, or let CI run them)")
                    }
                    continue
                }
                guard done.insert("\(request.source)").inserted else { continue }
                let changeSet = try ChangeSet.make(repository, request)
                let affected = try Affected(changeSet)
                for tier in affected.head.workspace.configuration.hooks.prePushRun {
                    try runTier(tier, affected, repository: repository, ref: update.remoteRef)
                }
            }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            throw fail(error)
        }
    }

    /// The tiers `[hooks] pre-push-run` names in the configuration at `commit`.
    private static func tiersConfigured(_ repository: Repository, at commit: ObjectID) throws -> [Tier] {
        try Workspace(try CommitSnapshot(repository, commit: commit)).configuration.hooks.prePushRun
    }

    private static func runTier(_ tier: Tier, _ affected: Affected, repository: Repository, ref: String) throws {
        let environment = ProcessInfo.processInfo.environment
        let plan = try RunPlan.make(affected, tier: tier,
                                    reportDirectory: Preflight.RunCommand.newReportDirectory(repository, tier: tier),
                                    environment: environment)
        guard !plan.jobs.isEmpty else { return }
        try FileManager.default.createDirectory(atPath: plan.reportDirectory, withIntermediateDirectories: true)
        Preflight.RunCommand.pruneReports(repository)
        let (report, stopSignal) = Preflight.RunCommand.execute(
            plan, workers: ProcessInfo.processInfo.activeProcessorCount, keepGoing: true, environment: environment)
        Preflight.RunCommand.record(report, tier: tier, repository: repository)
        if report.interrupted { throw ExitCode(128 + (stopSignal == 0 ? SIGINT : stopSignal)) }
        guard !report.passed else { return }
        emit("\n" + report.table())
        let tails = report.failedTails()
        if !tails.isEmpty { emit(tails) }
        let failed = report.results.filter { !$0.outcome.passed }.map(\.job.target)
        emit("preflight pre-push: \(tier) tests failed in \(failed.joined(separator: ", ")) for \(ref); "
             + "fix them, or skip once with --no-verify (again: preflight run \(tier))\n")
        throw ExitCode(1)
    }
}
