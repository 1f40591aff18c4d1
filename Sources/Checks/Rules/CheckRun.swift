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
    /// Runs `checks` in order; throws the first unreadable snapshot (exit 3).
    public static func run(_ checks: [any Check], in context: CheckContext) throws -> CheckReport {
        var findings: [Finding] = []
        for check in checks {
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
