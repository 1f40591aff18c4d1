/// `preflight check` (and `lock check`): the typed options, and the entry point that runs the checks.
public struct CheckOptions: Sendable {
    public var changes: ChangeSelection
    /// `--only` ids (comma-separated values allowed, `integrity` names every integrity check).
    public var only: [String]
    public var skip: [String]
    /// Apply the automatic fixes to the working tree.
    public var fix: Bool
    public var format: CheckFormat
    /// More reports to write, each in its format.
    public var outputs: [ReportOutput]
    /// No summary line.
    public var quiet: Bool
    /// The process environment (`PREFLIGHT_SKIP`, `SKIP`, `NO_COLOR`).
    public var environment: [String: String]

    /// The options as parsed; `environment` is the process's.
    public init(
        changes: ChangeSelection, only: [String] = [], skip: [String] = [], fix: Bool = false,
        format: CheckFormat = .text, outputs: [ReportOutput] = [], quiet: Bool = false,
        environment: [String: String]
    ) {
        self.changes = changes
        self.only = only
        self.skip = skip
        self.fix = fix
        self.format = format
        self.outputs = outputs
        self.quiet = quiet
        self.environment = environment
    }

    /// Runs the selected checks on the change, writes the reports and prints one; 1 on an error finding.
    public func run(output: CommandOutput) throws -> Int32 {
        try run(in: Repository(), output: output)
    }

    /// The same in `repository`.
    public func run(in repository: Repository, output: CommandOutput) throws -> Int32 {
        // The checks' reads start once the change is known, before the configuration's skip list is: the reads
        // of a check it skips are dropped (their helpers stop). They hold the helper, so import inference does
        // not read the changed files ahead as well.
        var started: [String: AnyObject] = [:]
        let context = try ChangeContext.load(changes, in: repository, output: output) { changeSet in
            let candidates =
                (try? CheckCatalog.select(only: only, skip: skip, environment: environment, configured: [])) ?? []
            started = CheckRun.start(candidates, changeSet)
            return !started.isEmpty
        }
        let checks = try CheckCatalog.select(
            only: only, skip: skip, environment: environment,
            configured: context.affected.head.workspace.configuration.checks.skip)
        let selected = Set(checks.map(\.id))
        var report = try CheckRun.run(
            checks, in: CheckContext(context.affected, started: started.filter { selected.contains($0.key) }))
        if fix { report = CheckOptions.applyFixes(report, changeSet: context.changeSet, output: output) }
        for extra in outputs {
            try AtomicFile.write(Array(FindingsReport(report).render(extra.format).utf8), to: extra.path, mode: 0o644)
        }
        output.write(FindingsReport(report).render(format, color: output.color(environment), quiet: quiet))
        return report.failed ? 1 : 0
    }

    /// Applies the automatic fixes and says what each did. Fixed findings leave the report only when
    /// the working tree was the snapshot checked; otherwise what was checked still holds them.
    static func applyFixes(_ report: CheckReport, changeSet: ChangeSet, output: CommandOutput) -> CheckReport {
        let outcomes = Fixer.apply(report.findings, in: changeSet.repository)
        for outcome in outcomes { output.error((outcome.applied ? "fixed: " : "") + outcome.message) }
        guard changeSet.head is WorkingTreeSnapshot else { return report }
        let fixed = Set(outcomes.filter(\.applied).map(\.path))
        let remaining = report.findings.filter { f in !(f.autofix != nil && f.path.map(fixed.contains) == true) }
        return CheckReport(
            findings: remaining, checks: report.checks, targets: report.targets,
            base: report.base, head: report.head)
    }
}

/// `--output FORMAT=FILE`: one more report, in its own format, written to a file.
public struct ReportOutput: Sendable, Hashable {
    public let format: CheckFormat
    public let path: String

    /// Parses `FORMAT=FILE`; nil for an unknown format or an empty file name.
    public init?(parsing text: String) {
        let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let format = CheckFormat(rawValue: parts[0]), !parts[1].isEmpty else { return nil }
        self.format = format
        self.path = parts[1]
    }
}
