import Rules

/// Renders a check report as JUnit XML, as GitLab and Jenkins read it.
///
/// One `<testsuite>` per check and in it one `<testcase>` per target: the check × target grid, where
/// the targets are the affected ones plus any target a finding names (`//` when there are none). Errors
/// fail their test case with one `<failure>` listing every error; warnings and notes go to
/// `<system-out>` and do not fail it.
public enum JUnitReporter {
    public static func render(_ report: CheckReport) -> String {
        let checks = unique(report.checks + report.findings.map(\.check))
        var targets = unique(report.targets + report.findings.map(owner))
        if targets.isEmpty { targets = ["//"] }

        var byCase: [String: [String: [Finding]]] = [:]
        for finding in report.findings {
            byCase[finding.check, default: [:]][owner(finding), default: []].append(finding)
        }

        var suites = ""
        var failures = 0
        for check in checks {
            var cases = ""
            var suiteFailures = 0
            for target in targets {
                let findings = byCase[check]?[target] ?? []
                let errors = findings.filter { $0.severity == .error }
                let others = findings.filter { $0.severity != .error }
                let open =
                    "    <testcase classname=\"\(attribute("preflight." + check))\" "
                    + "name=\"\(attribute(target))\""
                if errors.isEmpty && others.isEmpty {
                    cases += open + "/>\n"
                    continue
                }
                cases += open + ">\n"
                if let first = errors.first {
                    suiteFailures += 1
                    let message =
                        errors.count == 1
                        ? first.message : "\(errors.count) errors; the first: \(first.message)"
                    cases += "      <failure message=\"\(attribute(message))\" type=\"\(attribute(check))\">"
                    cases += text(errors.map(line).joined(separator: "\n")) + "</failure>\n"
                }
                if !others.isEmpty {
                    let lines = others.map { "\($0.severity.rawValue): " + line($0) }
                    cases += "      <system-out>" + text(lines.joined(separator: "\n")) + "</system-out>\n"
                }
                cases += "    </testcase>\n"
            }
            failures += suiteFailures
            suites +=
                "  <testsuite name=\"\(attribute(check))\" tests=\"\(targets.count)\" "
                + "failures=\"\(suiteFailures)\" errors=\"0\" skipped=\"0\">\n" + cases + "  </testsuite>\n"
        }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"preflight\" tests=\"\(checks.count * targets.count)\" failures=\"\(failures)\" "
            + "errors=\"0\">\n" + suites + "</testsuites>\n"
    }

    /// The target a finding counts against: its own, or the root's when the run left it unset.
    private static func owner(_ finding: Finding) -> String { finding.target ?? "//" }

    /// `PATH:LINE: MESSAGE (fix: HINT)`; `(repository)` stands for a finding without a path.
    static func line(_ finding: Finding) -> String {
        var out = finding.path.map { $0.isRoot ? "(repository)" : $0.description } ?? "(repository)"
        if let line = finding.line { out += ":\(line)" }
        out += ": " + finding.message
        if let fix = finding.fix { out += " (fix: \(fix))" }
        return out
    }

    private static func unique(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// Character data: `&`, `<`, `>`, `"`, `'` escaped, CR kept as a reference so parsers do not fold it into LF,
    /// and characters XML 1.0 forbids dropped.
    package static func text(_ s: String) -> String { escape(s, attribute: false) }

    /// An attribute value: as `text`, and tab, LF and CR as references so they survive
    /// attribute-value normalisation.
    package static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    private static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if isAllowedInXML(c) { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// XML 1.0's `Char`: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
    private static func isAllowedInXML(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
