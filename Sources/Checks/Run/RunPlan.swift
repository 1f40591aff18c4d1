/// What `preflight run TIER` will do: one job per affected target that has the tier, and why the other
/// affected targets have no job.
///
/// Built from an `Affected` set, its head workspace's configuration and the head snapshot; reads no
/// file outside the snapshot and starts nothing.
public struct RunPlan: Sendable {
    /// An affected target that gets no job, and why.
    public struct Skipped: Sendable, Hashable {
        public let target: String
        public let reason: String
    }

    /// The tier planned.
    public let tier: Tier
    /// The change's base (`PREFLIGHT_BASE`, `{base}`): a commit id or `empty-tree`.
    public let base: String
    /// The change's head: `working-tree` or HEAD's commit id.
    public let head: String
    /// The folder for logs and per-job JUnit files.
    public let reportDirectory: String
    /// The jobs, sorted by target id.
    public internal(set) var jobs: [Job]
    /// Affected targets without a job (the root `//` is never listed).
    public let skipped: [Skipped]
    /// The shard this plan was cut to (`K/N`), if any.
    public internal(set) var shard: Shard?

    /// Plans `tier` for `affected`. `reportDirectory` is absolute; `environment` is the one preflight runs
    /// in (for `PYTHONPATH`).
    ///
    /// Throws `headNotRunnable` unless the change's head is the working tree or HEAD, and
    /// `unfillable` when an argv needs `{image}` or `{version}` and the dir cannot say it.
    public static func make(
        _ affected: Affected, tier: Tier, reportDirectory: String,
        environment: [String: String] = [:]
    ) throws(RunPlanError) -> RunPlan {
        let changeSet = affected.changeSet
        let repository = changeSet.repository
        guard let workdir = repository.workdir else { throw .noWorkingTree }
        try requireRunnableHead(changeSet)
        let workspace = affected.head.workspace
        let configuration = workspace.configuration
        let root = workdir.hasSuffix("/") ? String(workdir.dropLast()) : workdir
        let report = reportDirectory.hasSuffix("/") ? String(reportDirectory.dropLast()) : reportDirectory
        var jobs: [Job] = []
        var skipped: [Skipped] = []
        var problems: [String] = []
        for affectedTarget in affected.targets where affectedTarget.target.kind != .root {
            let target = affectedTarget.target
            guard affectedTarget.status != .removed else {
                skipped.append(Skipped(target: target.id, reason: "removed by the change"))
                continue
            }
            let declaration = configuration.declaration(for: target.path)
            let settings = configuration.runnable.applying(declaration?.overrides ?? RunnableOverrides())
            let selection = TierSelection(workspace: workspace, changeSet: changeSet, settings: settings)
            let verdict = selection.verdict(tier, for: affectedTarget, declaration: declaration)
            guard let reasons = verdict.reasons else {
                skipped.append(Skipped(target: target.id, reason: verdict.skip ?? "no \(tier) tier"))
                continue
            }
            do {
                jobs.append(
                    try job(
                        target, tier: tier, settings: settings, reasons: reasons, workspace: workspace,
                        base: changeSet.base.label, root: root, report: report, environment: environment))
            } catch .unfillable(let messages) {
                problems += messages
            }
        }
        if !problems.isEmpty { throw .unfillable(problems) }
        return RunPlan(
            tier: tier, base: changeSet.base.label, head: changeSet.head.label,
            reportDirectory: report, jobs: jobs, skipped: skipped, shard: nil)
    }

    /// The job of one target that has the tier: its argv filled in, its directory, environment, log and JUnit file.
    ///
    /// Throws `unfillable` when the argv needs a value the target cannot say.
    private static func job(
        _ target: Target, tier: Tier, settings: RunnableSettings, reasons: [String], workspace: Workspace,
        base: String, root: String, report: String, environment: [String: String]
    ) throws(RunPlanError) -> Job {
        let name = Job.fileName(for: target.id)
        let directory = root + "/" + target.path.description
        let junit = report + "/" + name + ".junit.xml"
        var values = [
            "dir": target.path.description, "target": target.id, "tier": tier.rawValue,
            "base": base, "junit": junit,
        ]
        let argv = try settings.command(for: tier).map { argument throws(RunPlanError) in
            try ArgvTemplate.fill(argument) { name throws(RunPlanError) in
                if let value = values[name] { return value }
                let value = try lookUp(name, target: target, tier: tier, workspace: workspace)
                values[name] = value
                return value
            }
        }
        var pythonPath = directory
        if let inherited = environment["PYTHONPATH"], !inherited.isEmpty { pythonPath += ":" + inherited }
        let pytest = tier != .image && Job.runsPytest(argv)
        return Job(
            target: target.id, path: target.path, tier: tier, directory: directory, argv: argv,
            environment: [
                "PREFLIGHT_TARGET": target.id, "PREFLIGHT_TIER": tier.rawValue,
                "PREFLIGHT_BASE": base, "PYTHONPATH": pythonPath,
            ],
            timeout: settings.timeouts[tier], log: report + "/" + name + ".log", junit: junit,
            passingStatuses: pytest ? [0, 5] : [0], reasons: reasons)
    }

    /// Only the jobs of shard `shard`, split as `Shard.split` does with `durations` (seconds by target).
    public func cut(to shard: Shard, durations: [String: Double] = [:]) -> RunPlan {
        var plan = self
        plan.jobs = shard.jobs(of: jobs, durations: durations)
        plan.shard = shard
        return plan
    }

    /// Only the jobs of the targets named (ids or paths, as `affected` prints them), e.g. one CI matrix entry.
    /// A name with no job here is returned with why: skipped (the plan's reason) or not affected at all.
    public func only(targets names: [String]) -> (plan: RunPlan, missing: [Skipped]) {
        let wanted = Set(names.map { Target.id(of: RepoPath($0.hasSuffix("/") ? String($0.dropLast()) : $0)) })
        var plan = self
        plan.jobs = jobs.filter { wanted.contains($0.target) }
        let planned = Set(plan.jobs.map(\.target))
        let missing = wanted.subtracting(planned).sorted().map { name in
            skipped.first { $0.target == name } ?? Skipped(target: name, reason: "not affected by this change")
        }
        return (plan, missing)
    }

    /// `run` executes the working tree: its head must be the working tree or HEAD's commit.
    private static func requireRunnableHead(_ changeSet: ChangeSet) throws(RunPlanError) {
        if changeSet.head is WorkingTreeSnapshot { return }
        if let commit = changeSet.head as? CommitSnapshot {
            let head: ObjectID?
            do {
                head = try changeSet.repository.headCommit()
            } catch {
                throw .unreadableHead(error)
            }
            if commit.commit != nil, commit.commit == head { return }
        }
        throw .headNotRunnable(changeSet.head.label)
    }

    /// `{image}` and `{version}` for a target, from its `repo_config.yaml` and its head changelog.
    private static func lookUp(_ name: String, target: Target, tier: Tier, workspace: Workspace)
        throws(RunPlanError) -> String
    {
        let dir = target.path
        switch name {
        case "image":
            let image: String?
            do {
                image = try workspace.imageName(of: target)
            } catch {
                throw .unfillable(["\(error)"])
            }
            guard let image, !image.isEmpty else {
                throw .unfillable([
                    "\(dir.appending("repo_config.yaml")): no docker_info.docker_image_name, which {image} in "
                        + "the \(tier) command needs; set it, or give [[target]] path = \"\(dir)\" its own \(tier) command"
                ])
            }
            return image
        case "version":
            let path = dir.appending("changelog.txt")
            let bytes: [UInt8]?
            do {
                bytes = try workspace.snapshot.bytes(at: path)
            } catch {
                throw .unfillable(["\(error)"])
            }
            guard let bytes, let top = Changelog(bytes).top else {
                throw .unfillable([
                    "\(path): \(bytes == nil ? "missing" : "no entry"): {version} in the \(tier) command is its top "
                        + "entry's version (# <image>-<X.Y.Z>); add one, or give [[target]] path = \"\(dir)\" its own \(tier) command"
                ])
            }
            return top.version.description
        default:
            throw .unfillable([
                "preflight.toml: unknown placeholder {\(name)} in the \(tier) command of \(target.id) "
                    + "(known: \(ArgvTemplate.known.map { "{\($0)}" }.joined(separator: ", ")))"
            ])
        }
    }
}

/// A run cannot be planned: the head is not runnable, a value a command needs is missing (exit 2), or
/// there is no working tree or HEAD cannot be read (exit 3).
public enum RunPlanError: Error, CustomStringConvertible, Sendable {
    case headNotRunnable(String)
    case noWorkingTree
    case unreadableHead(GitError)
    case unfillable([String])

    public var description: String {
        switch self {
        case .headNotRunnable(let head):
            "run executes the working tree, so the change's head must be the working tree or HEAD, "
                + "not \(head == "index" ? "the index (--staged)" : head); use --changed-since, --files, --all, "
                + "or a --range ending at HEAD"
        case .noWorkingTree: "run needs a working tree; this repository is bare"
        case .unreadableHead(let error): "cannot read HEAD to see whether the change ends there: \(error)"
        case .unfillable(let messages): messages.joined(separator: "\n")
        }
    }

    /// 2 for usage and configuration, 3 when the repository cannot answer.
    public var exitCode: Int32 {
        switch self {
        case .noWorkingTree, .unreadableHead: 3
        case .headNotRunnable, .unfillable: 2
        }
    }
}
