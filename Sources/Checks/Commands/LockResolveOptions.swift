/// `preflight lock resolve`: the typed options, and the entry point that regenerates conflicted lockfiles.
public struct LockResolveOptions: Sendable {
    /// The side to take; nil: the upstream side (theirs in a merge, ours in a rebase).
    public var side: ConflictSide?
    public var dryRun: Bool
    /// Only these conflicted lockfiles, as given on the command line.
    public var paths: [String]
    public var environment: [String: String]

    /// The options as parsed; `environment` is the process's.
    public init(
        side: ConflictSide? = nil, dryRun: Bool = false, paths: [String] = [],
        environment: [String: String]
    ) {
        self.side = side
        self.dryRun = dryRun
        self.paths = paths
        self.environment = environment
    }

    /// Plans and resolves (or prints the plan); 1 when a lockfile was refused or failed.
    public func run(output: CommandOutput) throws -> Int32 {
        let repository = try Repository()
        let only = PathArgument.repoPaths(forArguments: paths, workdir: repository.workdir)
        let plan = try LockResolvePlan.make(repository, side: side, only: only)
        var (lines, failed) = try resolve(plan, repository)
        for refusal in plan.refused { lines.append("\(refusal.lock): refused: \(refusal.reason)") }
        if !plan.others.isEmpty {
            lines.append("left alone (not lockfiles): " + plan.others.map(\.description).joined(separator: ", "))
        }
        output.write(lines.map { $0 + "\n" }.joined())
        return failed || !plan.refused.isEmpty ? 1 : 0
    }

    private func resolve(_ plan: LockResolvePlan, _ repository: Repository) throws -> ([String], Bool) {
        if plan.items.isEmpty && plan.refused.isEmpty {
            // Pending lockfiles with nothing conflicted (a merge committed with --no-verify): regenerated now.
            if !dryRun, plan.others.isEmpty,
                let report = try PendingLocks.regenerate(repository, environment: environment)
            {
                return (report.lines + report.details.map { "  | " + $0 }, report.failed)
            }
            return (["no conflicted lockfiles"], false)
        }
        if dryRun { return LockResolveOptions.planLines(plan) }
        let report = try LockResolver.run(plan, repository, environment: environment)
        return (report.lines.flatMap { [$0.text] + $0.details.map { "  | " + $0 } }, report.failed)
    }

    /// The plan as `--dry-run` prints it: per lockfile the side and the command, or why none can run.
    static func planLines(_ plan: LockResolvePlan) -> ([String], Bool) {
        var lines: [String] = []
        var failed = false
        for item in plan.items {
            let place = item.directory.isRoot ? "the repository root" : item.directory.description
            if let argv = item.argv {
                let command = Job.commandLine(argv)
                lines.append("\(item.pair.lock): take \(item.side.rawValue), run '\(command)' in \(place)")
            } else {
                let manual = item.manual ?? "regenerate it"
                lines.append("\(item.pair.lock): no command can rebuild it here; run: \(manual)")
                failed = true
            }
        }
        return (lines, failed)
    }
}

/// `preflight lock merge-driver %O %A %B %P`: the `merge.preflight-lock` driver git runs.
public struct LockMergeDriverOptions: Sendable {
    /// `%A`: our version, where the result goes.
    public var current: String
    /// `%B`: their version.
    public var other: String
    /// `%P`: the path in the repository.
    public var path: String
    /// git's `GIT_REFLOG_ACTION`.
    public var reflogAction: String?

    /// The arguments git passes.
    public init(current: String, other: String, path: String, reflogAction: String?) {
        self.current = current
        self.other = other
        self.path = path
        self.reflogAction = reflogAction
    }

    /// Takes the upstream side in a merge; elsewhere leaves the conflict (1). A file it cannot read or
    /// write is 1 too: git then keeps the conflict.
    public func run(output: CommandOutput) throws -> Int32 {
        let repository = try Repository()
        let outcome: LockMergeDriver.Outcome
        do {
            outcome = try LockMergeDriver.run(
                current: current, theirs: other, path: RepoPath(path),
                repository: repository, reflogAction: reflogAction)
        } catch let error as LockFileError {
            output.error(error.description)
            return 1
        }
        switch outcome {
        case .tookTheirs:
            output.error(
                "took the upstream side (theirs) of \(path); it is regenerated before the merge commit "
                    + "(or run 'preflight lock resolve')")
            return 0
        case .notALockfile:
            output.error(
                "left the conflict in \(path): it is not a lockfile preflight knows (a conventional lockfile "
                    + "name, or a lock preflight.toml or pants.toml names); remove its merge=preflight-lock "
                    + "line from .gitattributes and resolve it by hand")
            return 1
        case .leftConflict(let operation):
            output.error(
                "left the conflict in \(path) (\(operation): no commit hook runs to regenerate it); "
                    + "run 'preflight lock resolve', then continue")
            return 1
        }
    }
}
