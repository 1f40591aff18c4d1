import Model

/// The outcome of running checks on one change: the findings and what was checked.
public struct CheckReport: Sendable {
    /// Findings in report order, each with its target.
    public let findings: [Finding]
    /// The ids of the checks that ran, in catalog order.
    public let checks: [String]
    /// The ids of the targets the change affects: what the checks covered.
    public let targets: [String]
    /// The two sides, as labels (`HEAD` commit id, `index`, `working-tree`).
    public let base: String
    public let head: String

    public init(findings: [Finding], checks: [String], targets: [String], base: String, head: String) {
        self.findings = findings
        self.checks = checks
        self.targets = targets
        self.base = base
        self.head = head
    }

    /// The number of findings of `severity`.
    public func count(_ severity: Severity) -> Int { findings.count { $0.severity == severity } }

    /// True when any finding is an error: the command exits 1.
    public var failed: Bool { findings.contains { $0.severity == .error } }
}

/// Runs checks on one change.
public enum CheckRun {
    /// What `checks` can start before they run (`Check.start`), by check id: called as soon as the change set
    /// is known, so the reads overlap the work that finds what the change affects.
    public static func start(_ checks: [any Check], _ changeSet: ChangeSet) -> [String: AnyObject] {
        var started: [String: AnyObject] = [:]
        for check in checks { started[check.id] = check.start(changeSet) }
        return started
    }

    /// Runs `checks`, after starting what they can start (unless started already); throws the first unreadable
    /// snapshot (exit 3).
    public static func run(_ checks: [any Check], in context: CheckContext) throws -> CheckReport {
        for check in checks where context.started[check.id] == nil {
            context.started[check.id] = check.start(context.changeSet)
        }
        // Checks whose reads run on other threads go last, so the reads have the others' time; the report's
        // order does not depend on this one.
        let waiting = checks.filter { context.started[$0.id] != nil }
        var findings: [Finding] = []
        for check in checks.filter({ context.started[$0.id] == nil }) + waiting {
            for var finding in try check.findings(in: context) {
                if finding.target == nil {
                    finding.target = finding.path.map(context.owner(of:)) ?? "//"
                }
                findings.append(finding)
            }
            Trace.mark("check \(check.id)")
        }
        // A lookup a check made in a listing read on demand may have failed: that is exit 3, not a finding less.
        try context.changeSet.ensureReadable()
        // So may a link graph whose cache file a check found damaged, when walking its links again failed.
        try context.affected.base.checkSound()
        try context.affected.head.checkSound()
        var seen = Set<Finding>()
        findings = findings.filter { seen.insert($0).inserted }.sorted(by: Finding.reportOrder)
        return CheckReport(
            findings: findings, checks: checks.map(\.id),
            targets: context.affected.targets.map(\.target.id),
            base: context.changeSet.base.label, head: context.changeSet.head.label)
    }
}
