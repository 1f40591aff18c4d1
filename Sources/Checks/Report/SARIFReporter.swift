import Model
import Rules

/// Renders a check report as SARIF 2.1.0, ready for GitHub code scanning's upload.
///
/// One run: a rule per check (those that ran, and any a finding names), a result per finding with its
/// level, message (and fix hint), location relative to `%SRCROOT%` (the repository root), the target as a
/// property, and a fingerprint that stays the same while the check, path, line and message do.
public enum SARIFReporter {
    /// The version the driver reports.
    static let toolVersion = ToolVersion.current

    public static func render(_ report: CheckReport) -> String {
        var checks: [String] = []
        var index: [String: Int] = [:]
        for id in report.checks + report.findings.map(\.check) where index[id] == nil {
            index[id] = checks.count
            checks.append(id)
        }
        let rules: [JSON] = checks.map { id in
            .object([
                ("id", .string(id)), ("name", .string(id)),
                ("shortDescription", .object([("text", .string(CheckCatalog.check(id: id)?.summary ?? id))])),
                ("defaultConfiguration", .object([("level", .string("error"))])),
            ])
        }
        let results = report.findings.map { result($0, ruleIndex: index[$0.check]!) }
        var run: [(String, JSON)] = [
            (
                "tool",
                .object([
                    (
                        "driver",
                        .object([
                            ("name", .string("preflight")),
                            ("informationUri", .string("https://github.com/preflight-dev/preflight")),
                            ("version", .string(toolVersion)),
                            ("rules", .array(rules)),
                        ])
                    )
                ])
            ),
            ("results", .array(results)),
        ]
        if report.findings.contains(where: { location($0) != nil }) {
            // Where the repository was is not known here: the base id is described, its uri left out.
            run.append(
                (
                    "originalUriBaseIds",
                    .object([
                        ("%SRCROOT%", .object([("description", .object([("text", .string("the repository root"))]))]))
                    ])
                ))
        }
        let log: JSON = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object(run)])),
        ])
        return log.rendered() + "\n"
    }

    private static func result(_ finding: Finding, ruleIndex: Int) -> JSON {
        var text = finding.message
        if let fix = finding.fix { text += " (fix: \(fix))" }
        var fields: [(String, JSON)] = [
            ("ruleId", .string(finding.check)), ("ruleIndex", .int(ruleIndex)),
            ("level", .string(finding.severity.rawValue)),
            ("message", .object([("text", .string(text))])),
        ]
        if let location = location(finding) { fields.append(("locations", .array([location]))) }
        fields.append(("partialFingerprints", .object([("preflight/v1", .string(fingerprint(finding)))])))
        fields.append(("properties", .object([("target", .string(finding.target ?? "//"))])))
        return .object(fields)
    }

    /// The finding's file (and line) relative to `%SRCROOT%`; nil for a finding about no path.
    private static func location(_ finding: Finding) -> JSON? {
        guard let path = finding.path, !path.isRoot else { return nil }
        var physical: [(String, JSON)] = [
            ("artifactLocation", .object([("uri", .string(uri(path))), ("uriBaseId", .string("%SRCROOT%"))]))
        ]
        if let line = finding.line, line >= 1 {
            physical.append(("region", .object([("startLine", .int(line))])))
        }
        return .object([("physicalLocation", .object(physical))])
    }

    /// A relative URI reference for `path`: every byte but RFC 3986's unreserved ones and `/`
    /// percent-encoded, so spaces, `%`, `#`, `?` and bytes that are not UTF-8 all survive.
    static func uri(_ path: RepoPath) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in path.bytes {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.append(b)
            default:
                out += [UInt8(ascii: "%"), digits[Int(b >> 4)], digits[Int(b & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// 64-bit FNV-1a of check, path bytes, line and message (each followed by a NUL), as 16 hex digits:
    /// the same on every machine and run, unlike `Hasher`. The line keeps two equal findings in one file
    /// (two conflict markers) from folding into one alert.
    static func fingerprint(_ finding: Finding) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for b in bytes {
                hash ^= UInt64(b)
                hash &*= 0x0000_0100_0000_01B3
            }
            hash ^= 0
            hash &*= 0x0000_0100_0000_01B3
        }
        mix(finding.check.utf8)
        mix(finding.path?.bytes ?? [])
        mix(String(finding.line ?? 0).utf8)
        mix(finding.message.utf8)
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
