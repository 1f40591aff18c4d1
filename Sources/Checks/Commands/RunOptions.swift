import Foundation

/// `preflight run TIER`: the typed options, and the entry point that plans and runs the tier's jobs.
public struct RunOptions: Sendable {
    public var tier: Tier
    public var changes: ChangeSelection
    /// Jobs at once; nil: the number of cores.
    public var jobs: Int?
    public var shard: Shard?
    /// A durations file to balance the shard by.
    public var durations: String?
    /// Only these targets' jobs (`--target`).
    public var targets: [String]
    public var dryRun: Bool
    public var keepGoing: Bool
    /// Where to write one JUnit XML file for the run.
    public var junit: String?
    /// Where logs go; nil: a new folder under `.git/preflight/run/`.
    public var reportDir: String?
    /// With `dryRun`: the plan as text or JSON.
    public var format: ListingFormat
    /// The environment every job starts from.
    public var environment: [String: String]

    /// The options as parsed; `environment` is the process's.
    public init(
        tier: Tier, changes: ChangeSelection, jobs: Int? = nil, shard: Shard? = nil,
        durations: String? = nil, targets: [String] = [], dryRun: Bool = false, keepGoing: Bool = false,
        junit: String? = nil, reportDir: String? = nil, format: ListingFormat = .text,
        environment: [String: String]
    ) {
        self.tier = tier
        self.changes = changes
        self.jobs = jobs
        self.shard = shard
        self.durations = durations
        self.targets = targets
        self.dryRun = dryRun
        self.keepGoing = keepGoing
        self.junit = junit
        self.reportDir = reportDir
        self.format = format
        self.environment = environment
    }

    /// Plans the run and prints the plan (`dryRun`) or runs it; 1 when a job failed, 128+N on signal N.
    public func run(output: CommandOutput) throws -> Int32 {
        let context = try ChangeContext.load(changes, output: output)
        try requireKnownTargets(context.affected)
        let repository = context.repository
        let folder = reportDir.map(RunOptions.absolute) ?? ReportFolders.new(repository, tier: tier)
        let plan = narrowed(
            try RunPlan.make(
                context.affected, tier: tier, reportDirectory: folder,
                environment: environment), output: output)
        if dryRun {
            output.write(format == .json ? plan.json().rendered() + "\n" : plan.text(root: RunOptions.root(repository)))
            return 0
        }
        guard !plan.jobs.isEmpty else {
            output.write(nothingToRun(plan))
            return 0
        }
        try ReportFolders.create(plan.reportDirectory)
        if reportDir == nil { ReportFolders.prune(repository) }
        let session = RunSession(output: output, environment: environment)
        let (report, stopSignal) = session.execute(
            plan, workers: jobs ?? ProcessInfo.processInfo.activeProcessorCount,
            keepGoing: keepGoing)
        var status: Int32 = report.passed ? 0 : 1
        output.write("\n" + report.table() + report.failedTails())
        if let junit {
            do {
                try JUnitMerge.write(report, to: RunOptions.absolute(junit))
            } catch {
                output.error(error.description)
                status = max(status, 2)
            }
        }
        session.record(report, repository: repository)
        return report.interrupted ? 128 + (stopSignal == 0 ? SIGINT : stopSignal) : status
    }

    /// Every `--target` names a target of the base or the head (a removed one may still be asked about); a
    /// name that is neither is a typo, exit 2, not "nothing to run".
    private func requireKnownTargets(_ affected: Affected) throws(UsageError) {
        for name in targets {
            let id = Target.id(of: RepoPath(name.hasSuffix("/") ? String(name.dropLast()) : name))
            if affected.head.workspace.target(id: id) == nil && affected.base.workspace.target(id: id) == nil {
                throw UsageError("--target '\(name)' is no target of this repository (see 'preflight targets')")
            }
        }
    }

    /// The plan cut to `--target` and `--shard`, saying which named targets have no job.
    private func narrowed(_ planned: RunPlan, output: CommandOutput) -> RunPlan {
        var plan = planned
        if !targets.isEmpty {
            let selected = plan.only(targets: targets)
            plan = selected.plan
            for skip in selected.missing { output.error("note: \(skip.target): no \(tier) job: \(skip.reason)") }
        }
        if let shard {
            var recorded: [String: Double] = [:]
            if let durations {
                let read = Durations.read(RunOptions.absolute(durations))
                if let warning = read.warning { output.error("warning: \(warning)") }
                recorded = read.durations.tiers[tier] ?? [:]
            }
            plan = plan.cut(to: shard, durations: recorded)
        }
        return plan
    }

    private func nothingToRun(_ plan: RunPlan) -> String {
        if let shard = plan.shard {
            return "preflight run \(plan.tier): nothing to run in shard \(shard)\n"
        }
        if !targets.isEmpty {
            return "preflight run \(plan.tier): nothing to run for --target \(targets.joined(separator: ", "))\n"
        }
        var out = "preflight run \(plan.tier): nothing to run"
        out += plan.skipped.isEmpty ? ": no target is affected\n" : ": no affected target has the \(plan.tier) tier\n"
        for skip in plan.skipped { out += "  \(skip.target): \(skip.reason)\n" }
        return out
    }

    /// The working tree's top folder without a trailing slash (empty for a bare repository).
    static func root(_ repository: Repository) -> String {
        let workdir = repository.workdir ?? ""
        return workdir.hasSuffix("/") ? String(workdir.dropLast()) : workdir
    }

    static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : ProcessEnvironment.currentDirectory + "/" + path
    }
}
