import ArgumentParser
import Checks
import Foundation

extension Preflight {
    /// `preflight demo`: builds a sample monorepo and runs the main job on it.
    struct DemoCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo",
            abstract: "Build a sample monorepo in DIR (default: a new temporary directory) and show what its feature branch affects."
        )

        @Argument(help: "Where to build the sample repository (must not exist yet).")
        var directory: String?

        func run() throws {
            let dir = directory ?? NSTemporaryDirectory() + "preflight-demo-\(ProcessInfo.processInfo.processIdentifier)"
            if FileManager.default.fileExists(atPath: dir) {
                throw ValidationError("\(dir) already exists: name a new directory")
            }
            do {
                try SampleMonorepo.create(in: dir)
                let repository = try Repository(discoveringFrom: dir)
                emit("sample monorepo: \(dir) (branch \(SampleMonorepo.featureBranch), based on main)\n\n")
                emit("$ preflight targets\n")
                let index = try IndexSnapshot(repository)
                emit(try TargetListing(try DependencyGraph(try Workspace(index), cache: LinkTextCache())).text())
                emit("\n$ preflight affected --changed-since main --explain\n")
                let changeSet = try ChangeSet.make(repository, ChangeRequest(source: .changedSince("main", committedOnly: false)))
                let affected = try Affected(changeSet)
                let report = AffectedReport(affected)
                emit(report.text())
                emit("\n" + report.explained())
                emit("\n$ preflight affected --why-not research/backtest\n")
                emit((WhyNot.explain("research/backtest", in: affected) ?? []).joined(separator: "\n") + "\n")
                emit("\n$ preflight affected --format github-matrix\n" + report.render(.githubMatrix))
                emit("\n$ preflight check --changed-since main\n")
                emit(FindingsReport(try CheckRun.run(CheckCatalog.all, in: CheckContext(affected))).render(.text))
                emit("\n$ preflight run fast --changed-since main --dry-run\n")
                let plan = try RunPlan.make(affected, tier: .fast,
                                            reportDirectory: RunCommand.newReportDirectory(repository, tier: .fast),
                                            environment: ProcessInfo.processInfo.environment)
                emit(plan.text(root: dir))
                emit("\ntry it yourself: cd \(dir) && preflight affected --explain\n"
                     + "  and break something: git mv helpers_root/pytest.ini helpers_root/pytest.cfg && preflight check --staged\n")
            } catch {
                throw fail(error)
            }
        }
    }
}
