import Foundation

/// `--junit FILE`: one JUnit XML file for a whole run.
///
/// Each job's own JUnit file (the `{junit}` path, e.g. pytest's `--junitxml`), when the tool wrote one,
/// gives its `<testsuite>` elements, renamed to the target id; otherwise — or when the job failed but its
/// file shows no failure (a crash, a timeout) — the job is one test case of suite `TARGET` with classname
/// `preflight.run.TIER`, failed with the tail of its log, or skipped when it did not run.
public enum JUnitMerge {
    /// The merged XML for `report`.
    public static func render(_ report: RunReport, tailLines: Int = 40) -> String {
        var suites: [Suite] = []
        for result in report.results {
            let own = result.outcome == .timedOut || result.outcome == .interrupted ? [] : readSuites(result.job.junit)
            let renamed = own.map {
                $0.renamed(own.count == 1 ? result.job.target : "\(result.job.target): \($0.name)")
            }
            suites += renamed
            let shownFailure = renamed.contains { $0.failures + $0.errors > 0 }
            if renamed.isEmpty || (!result.outcome.passed && !shownFailure) {
                suites.append(fallback(result, tier: report.tier, tailLines: tailLines))
            }
        }
        let tests = suites.reduce(0) { $0 + $1.tests }
        let failures = suites.reduce(0) { $0 + $1.failures }
        let errors = suites.reduce(0) { $0 + $1.errors }
        let skipped = suites.reduce(0) { $0 + $1.skipped }
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<testsuites name=\"preflight run \(report.tier)\" tests=\"\(tests)\" failures=\"\(failures)\" "
            + "errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"\(String(format: "%.3f", report.duration))\">\n"
            + suites.map { "  " + $0.xml + "\n" }.joined() + "</testsuites>\n"
    }

    /// Writes the merged XML to `path` atomically.
    public static func write(_ report: RunReport, to path: String) throws(FileWriteError) {
        try AtomicFile.write(Array(render(report).utf8), to: path, mode: 0o644)
    }

    /// One `<testsuite>` element, its text kept as the tool wrote it.
    struct Suite {
        var xml: String
        var name: String
        var tests: Int
        var failures: Int
        var errors: Int
        var skipped: Int

        /// The element with its `name` attribute set to `newName`.
        func renamed(_ newName: String) -> Suite {
            var copy = self
            copy.name = newName
            copy.xml = JUnitMerge.settingName(newName, in: xml)
            return copy
        }
    }

    /// The `<testsuite>` elements of the file at `path`; empty when it is missing, not a regular file (a link,
    /// a FIFO), unreadable or holds none: the job is then shown by its outcome and log.
    static func readSuites(_ path: String) -> [Suite] {
        guard let data = try? RegularFile.read(path) else { return [] }
        return suites(in: String(decoding: data, as: UTF8.self))
    }

    /// The top-level `<testsuite>` elements of `xml` (nested suites stay inside their parent).
    static func suites(in xml: String) -> [Suite] {
        let text = Array(xml.utf8)
        var result: [Suite] = []
        var i = 0
        while let start = find(text, "<testsuite", from: i) {
            let after = start + 10
            guard after < text.count, isSpaceOrEnd(text[after]) else {
                i = after
                continue
            }
            guard let tagEnd = text[after...].firstIndex(of: UInt8(ascii: ">")) else { break }
            let startTag = String(decoding: text[start...tagEnd], as: UTF8.self)
            var end = tagEnd + 1
            if text[tagEnd - 1] != UInt8(ascii: "/") {
                var depth = 1
                var j = tagEnd + 1
                while depth > 0 {
                    let open = find(text, "<testsuite", from: j).flatMap { p in
                        p + 10 < text.count && isSpaceOrEnd(text[p + 10]) ? p : nil
                    }
                    guard let close = find(text, "</testsuite>", from: j) else { return result }
                    if let open, open < close {
                        depth += 1
                        j = open + 10
                    } else {
                        depth -= 1
                        j = close + 12
                    }
                }
                end = j
            }
            let attributes = parseAttributes(startTag)
            let int = { (key: String) in Int(attributes[key] ?? "") ?? 0 }
            result.append(
                Suite(
                    xml: String(decoding: text[start..<end], as: UTF8.self), name: attributes["name"] ?? "",
                    tests: int("tests"), failures: int("failures"), errors: int("errors"), skipped: int("skipped")))
            i = end
        }
        return result
    }

    /// A suite with one test case standing for the whole job.
    static func fallback(_ result: JobResult, tier: Tier, tailLines: Int) -> Suite {
        let job = result.job
        let time = String(format: "%.3f", result.duration)
        var body = ""
        var failures = 0
        var skipped = 0
        let detail = result.outcome.detail(timeout: job.timeout)
        switch result.outcome {
        case .passed:
            break
        case .notRun, .interruptedBeforeStart, .interrupted:
            skipped = 1
            body = "<skipped message=\"\(JUnitReporter.attribute(result.outcome.label + ": " + detail))\"/>"
        default:
            failures = 1
            let tail = RunReport.tail(of: job.log, lines: tailLines)
            body =
                "<failure message=\"\(JUnitReporter.attribute(detail))\" type=\"\(JUnitReporter.attribute(result.outcome.label))\">"
                + JUnitReporter.text(tail) + "</failure>"
        }
        let open =
            "<testsuite name=\"\(JUnitReporter.attribute(job.target))\" tests=\"1\" failures=\"\(failures)\" "
            + "errors=\"0\" skipped=\"\(skipped)\" time=\"\(time)\">"
            + "<testcase classname=\"\(JUnitReporter.attribute("preflight.run." + tier.rawValue))\" "
            + "name=\"\(JUnitReporter.attribute(job.target))\" time=\"\(time)\""
        let xml = open + (body.isEmpty ? "/>" : ">" + body + "</testcase>") + "</testsuite>"
        return Suite(xml: xml, name: job.target, tests: 1, failures: failures, errors: 0, skipped: skipped)
    }

    /// `element` (starting with its start tag) with the start tag's `name` attribute set to `name`.
    static func settingName(_ name: String, in element: String) -> String {
        guard let tagEnd = element.firstIndex(of: ">") else { return element }
        let tag = element[..<tagEnd]
        let value = JUnitReporter.attribute(name)
        if let range = tag.range(of: #"\sname\s*=\s*("[^"]*"|'[^']*')"#, options: .regularExpression) {
            return element.replacingCharacters(in: range, with: " name=\"\(value)\"")
        }
        let insertAt = element.index(element.startIndex, offsetBy: 10)
        return element[..<insertAt] + " name=\"\(value)\"" + element[insertAt...]
    }

    /// The attributes of a start tag, entity references left as written.
    static func parseAttributes(_ tag: String) -> [String: String] {
        var result: [String: String] = [:]
        let pattern = #"([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*("([^"]*)"|'([^']*)')"#
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return result }
        let ns = tag as NSString
        for match in regex.matches(in: tag, range: NSRange(location: 0, length: ns.length)) {
            let key = ns.substring(with: match.range(at: 1))
            let valueRange = match.range(at: 3).location != NSNotFound ? match.range(at: 3) : match.range(at: 4)
            result[key] = ns.substring(with: valueRange)
        }
        return result
    }

    private static func isSpaceOrEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
            || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    private static func find(_ text: [UInt8], _ needle: String, from start: Int) -> Int? {
        let n = Array(needle.utf8)
        guard start <= text.count - n.count else { return nil }
        var i = start
        while i <= text.count - n.count {
            if text[i] == n[0] && text[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }
}
