import Rules

/// Renders a check report as GitHub Actions workflow commands: one annotation per finding.
///
/// `::error file=PATH,line=N,title=preflight CHECK::MESSAGE (fix: HINT)`, with `::warning` and `::notice`
/// for warnings and notes, then one plain summary line. An annotation shows only its message, so the fix
/// hint goes into it.
public enum GitHubReporter {
    public static func render(_ report: CheckReport) -> String {
        var out = ""
        for finding in report.findings {
            out += command(for: finding) + "\n"
        }
        return out + FindingsReport(report).summary + "\n"
    }

    /// One workflow command for `finding`.
    static func command(for finding: Finding) -> String {
        let name: String
        switch finding.severity {
        case .error: name = "error"
        case .warning: name = "warning"
        case .note: name = "notice"
        }
        var properties: [String] = []
        if let path = finding.path, !path.isRoot {
            // The runner matches `file` against the checkout, so the exact text is wanted; bytes that are
            // not UTF-8 cannot be said in a workflow command at all and are shown escaped.
            properties.append("file=" + escapeProperty(path.utf8String ?? path.description))
        }
        if let line = finding.line { properties.append("line=\(line)") }
        properties.append("title=" + escapeProperty("preflight \(finding.check)"))
        var message = finding.message
        if let fix = finding.fix { message += " (fix: \(fix))" }
        return "::\(name) \(properties.joined(separator: ","))::\(escapeData(message))"
    }

    /// A command's message: `%`, CR and LF percent-encoded, as the runner decodes them.
    static func escapeData(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "%": out += "%25"
            case "\r": out += "%0D"
            case "\n": out += "%0A"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// A property value: as `escapeData`, and `:` and `,` too, which would end the value.
    static func escapeProperty(_ s: String) -> String {
        var out = ""
        for c in escapeData(s).unicodeScalars {
            switch c {
            case ":": out += "%3A"
            case ",": out += "%2C"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
