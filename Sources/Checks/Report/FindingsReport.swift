import Model
import Rules

/// The formats `preflight check` writes.
public enum CheckFormat: String, Sendable, CaseIterable {
    case text, json, github, junit, sarif
}

/// Renders a check report in every format CI systems read.
public struct FindingsReport {
    public let report: CheckReport
    /// The command the summary line names (`preflight check`, `preflight release check`).
    public let command: String

    /// A report whose summary line names `command`.
    public init(_ report: CheckReport, command: String = "preflight check") {
        self.report = report
        self.command = command
    }

    /// The report in `format`. `color` (text only) adds ANSI colours; `quiet` (text only) drops the summary.
    public func render(_ format: CheckFormat, color: Bool = false, quiet: Bool = false) -> String {
        switch format {
        case .text: text(color: color, quiet: quiet)
        case .json: json.rendered() + "\n"
        case .github: GitHubReporter.render(report)
        case .junit: JUnitReporter.render(report)
        case .sarif: SARIFReporter.render(report)
        }
    }

    /// Findings grouped by file, each with its severity, check, line and fix; then one summary line.
    func text(color: Bool, quiet: Bool) -> String {
        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        var out = ""
        var current: RepoPath?? = .none
        for finding in report.findings {
            if current != .some(finding.path) {
                current = .some(finding.path)
                if !out.isEmpty { out += "\n" }
                let where_ = finding.path?.description ?? "(repository)"
                out += paint(where_, "1") + "  [\(finding.target ?? "//")]\n"
            }
            let severity: String
            switch finding.severity {
            case .error: severity = paint("error  ", "31")
            case .warning: severity = paint("warning", "33")
            case .note: severity = paint("note   ", "36")
            }
            let line = finding.line.map { "line \($0): " } ?? ""
            out += "  \(severity) \(finding.check): \(line)\(finding.message)\n"
            if let fix = finding.fix { out += "          " + paint("fix: \(fix)", "2") + "\n" }
        }
        if quiet { return out }
        if !out.isEmpty { out += "\n" }
        return out + summary + "\n"
    }

    /// One line: counts, checks and targets.
    public var summary: String {
        let e = report.count(.error)
        let w = report.count(.warning)
        let n = report.count(.note)
        let scope =
            "\(report.checks.count) check\(report.checks.count == 1 ? "" : "s") on "
            + "\(report.targets.count) affected target\(report.targets.count == 1 ? "" : "s")"
        if report.findings.isEmpty { return "\(command): no findings (\(scope))" }
        var parts = ["\(e) error\(e == 1 ? "" : "s")", "\(w) warning\(w == 1 ? "" : "s")"]
        if n > 0 { parts.append("\(n) note\(n == 1 ? "" : "s")") }
        return "\(command): \(parts.joined(separator: ", ")) (\(scope))"
    }

    /// `{"schema": 1, "base", "head", "checks", "targets", "findings": [...], "summary"}`.
    public var json: JSON {
        let findings: [JSON] = report.findings.map { f in
            var fields: [(String, JSON)] = [
                ("check", .string(f.check)), ("severity", .string(f.severity.rawValue)),
                ("message", .string(f.message)),
            ]
            fields += JSON.pathFields("path", f.path)
            fields += [
                ("line", f.line.map(JSON.int) ?? .null), ("target", f.target.map(JSON.string) ?? .null),
                ("fix", f.fix.map(JSON.string) ?? .null), ("autofix", .bool(f.autofix != nil)),
            ]
            return .object(fields)
        }
        return .object([
            ("schema", .int(1)), ("base", .string(report.base)), ("head", .string(report.head)),
            ("checks", .array(report.checks.map(JSON.string))),
            ("targets", .array(report.targets.map(JSON.string))),
            ("findings", .array(findings)),
            (
                "summary",
                .object([
                    ("errors", .int(report.count(.error))), ("warnings", .int(report.count(.warning))),
                    ("notes", .int(report.count(.note))),
                ])
            ),
        ])
    }
}
