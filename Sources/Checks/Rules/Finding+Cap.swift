import Model

extension Finding {
    /// How many findings one file gets before the rest are summed up in one.
    public static let perFileLimit = 50

    /// One file's findings, at most `limit` of them in report order, then — when there are more — one
    /// finding that says how many more and from which line, as severe as the worst of them: a file broken
    /// on every line is not reported line by line.
    public static func capped(_ findings: [Finding], limit: Int = perFileLimit) -> [Finding] {
        guard findings.count > limit else { return findings }
        let sorted = findings.sorted(by: reportOrder)
        let hidden = sorted[limit...]
        let first = hidden[hidden.startIndex]
        let name = first.path.map { String(decoding: $0.name, as: UTF8.self) } ?? "this file"
        let from = first.line.map { " from line \($0)" } ?? ""
        return Array(sorted[..<limit]) + [
            Finding(
                check: first.check, severity: hidden.map(\.severity).min() ?? first.severity,
                message: "and \(hidden.count) more problems in \(name)\(from)", path: first.path,
                line: first.line, target: first.target, fix: "fix the problems above, then check again")
        ]
    }
}
