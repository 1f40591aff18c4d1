import Foundation

/// `[hooks] pre-push-run`: after the checks pass, the configured tiers of the affected targets of every pushed
/// branch that is checked out here. Tests need files on disk, and a hook never checks anything out, so a
/// pushed branch at another commit than HEAD is named and left to CI.
struct PrePushRun {
    /// A pushed branch and the change it pushes.
    struct Branch {
        let update: PushUpdate
        let request: ChangeRequest
    }

    let session: RunSession

    /// Runs the tiers; 1 when a job failed, 128+N when signal N stopped them.
    func run(_ branches: [Branch]) throws -> Int32 {
        guard !branches.isEmpty else { return 0 }
        let repository = try Repository()
        let head = try repository.headCommit()
        var done = Set<String>()
        for branch in branches {
            guard let head, branch.update.localID == head else {
                try notCheckedOut(branch.update, repository: repository)
                continue
            }
            guard done.insert("\(branch.request.source)").inserted else { continue }
            let context = try ChangeContext.load(
                branch.request, in: repository, output: session.output,
                notes: false, warnings: false)
            for tier in context.affected.head.workspace.configuration.hooks.prePushRun {
                let status = try runTier(tier, context.affected, repository: repository, ref: branch.update.remoteRef)
                if status != 0 { return status }
            }
        }
        return 0
    }

    private func notCheckedOut(_ update: PushUpdate, repository: Repository) throws {
        let tiers = try ChangeSelection.configuration(at: update.localID, in: repository).hooks.prePushRun
        guard !tiers.isEmpty else { return }
        session.output.error(
            "preflight pre-push: \(update.remoteRef) is not checked out here; its "
                + "\(tiers.map(\.rawValue).joined(separator: ", ")) tests were not run (check it out and push, "
                + "or let CI run them)")
    }

    private func runTier(_ tier: Tier, _ affected: Affected, repository: Repository, ref: String) throws -> Int32 {
        let plan = try RunPlan.make(
            affected, tier: tier, reportDirectory: ReportFolders.new(repository, tier: tier),
            environment: session.environment)
        guard !plan.jobs.isEmpty else { return 0 }
        try ReportFolders.create(plan.reportDirectory)
        ReportFolders.prune(repository)
        let (report, stopSignal) = session.execute(
            plan, workers: ProcessInfo.processInfo.activeProcessorCount,
            keepGoing: true)
        session.record(report, repository: repository)
        if report.interrupted { return 128 + (stopSignal == 0 ? SIGINT : stopSignal) }
        guard !report.passed else { return 0 }
        let output = session.output
        output.write("\n" + report.table() + report.failedTails())
        let failed = report.results.filter { !$0.outcome.passed }.map(\.job.target)
        output.write(
            "preflight pre-push: \(tier) tests failed in \(failed.joined(separator: ", ")) for \(ref); "
                + "fix them, or skip once with --no-verify (again: preflight run \(tier))\n")
        return 1
    }
}
