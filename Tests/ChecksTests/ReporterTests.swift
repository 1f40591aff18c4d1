import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

#if canImport(FoundationXML)
    import FoundationXML
#endif

private func finding(
    _ severity: Severity, _ message: String, check: String = "symlink",
    path: RepoPath?, line: Int? = nil, target: String? = "a", fix: String? = nil
) -> Finding {
    Finding(check: check, severity: severity, message: message, path: path, line: line, target: target, fix: fix)
}

private func report(
    _ findings: [Finding], checks: [String] = ["symlink", "conflict-marker"],
    targets: [String] = ["a", "b"]
) -> CheckReport {
    CheckReport(findings: findings, checks: checks, targets: targets, base: "base", head: "head")
}

private func xml(_ text: String) throws -> XMLDocument { try XMLDocument(data: Data(text.utf8), options: []) }

private func attribute(_ node: XMLNode, _ name: String) -> String? {
    (node as? XMLElement)?.attribute(forName: name)?.stringValue
}

/// The SARIF 2.1.0 schema vendored under `Tests/Fixtures/sarif/` (its README names the source).
private let schemaPath = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/sarif/sarif-schema-2.1.0.json").path

/// Validates a SARIF log with `jsonschema`, using the draft the schema's `$schema` names.
/// Exits 0 when valid, 3 when not (printing each error), anything else when the validator itself failed.
private let validatorScript = """
    import json, sys
    import jsonschema
    schema = json.load(open(sys.argv[1], encoding="utf-8"))
    log = json.load(open(sys.argv[2], encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    print("validator:", cls.__name__, file=sys.stderr)
    errors = list(cls(schema, format_checker=jsonschema.FormatChecker()).iter_errors(log))
    for e in errors:
        print("/".join(map(str, e.absolute_path)) + ": " + e.message)
    sys.exit(3 if errors else 0)
    """

private func validateSARIF(_ text: String) throws -> Shell.Result {
    try #require(FileManager.default.fileExists(atPath: schemaPath), "the SARIF schema is missing: \(schemaPath)")
    let file = FileManager.default.temporaryDirectory
        .appendingPathComponent("preflight-\(UUID().uuidString).sarif").path
    try Data(text.utf8).write(to: URL(fileURLWithPath: file))
    defer { try? FileManager.default.removeItem(atPath: file) }
    return try Shell.run(["python3", "-c", validatorScript, schemaPath, file], in: NSTemporaryDirectory())
}

private func object(_ value: Any?) throws -> [String: Any] { try #require(value as? [String: Any]) }
private func array(_ value: Any?) throws -> [[String: Any]] { try #require(value as? [[String: Any]]) }

/// A report with an error, a warning and a note, a finding without a path, one without a line, one of a
/// check outside `checks`, and a path with a space and a byte that is not UTF-8.
private let mixedReport = report([
    finding(
        .error, "conflict marker: <<<<<<< ", check: "conflict-marker", path: RepoPath("a/x.py"), line: 12,
        fix: "resolve the conflict"),
    finding(.warning, "link is absolute: /etc/hosts", path: RepoPath("b/link"), target: "b"),
    finding(.note, "link points into a submodule", path: RepoPath(bytes: Array("a b/".utf8) + [0x66, 0xFF]), line: 3),
    finding(.error, "poetry.lock is stale", check: "lockfile", path: nil, target: "//"),
])

@Suite struct ReporterTests {
    // MARK: github

    @Test func githubError_isOneCommandWithFileLineTitleAndTheFixInTheMessage() {
        let out = GitHubReporter.render(
            report([
                finding(
                    .error, "link target does not exist: VERSION", path: RepoPath("a/x.py"), line: 3,
                    fix: "restore VERSION")
            ]))
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(
            lines[0] == "::error file=a/x.py,line=3,title=preflight symlink::"
                + "link target does not exist: VERSION (fix: restore VERSION)")
        #expect(lines[1] == "preflight check: 1 error, 0 warnings (2 checks on 2 affected targets)")
        #expect(lines[2] == "")
    }

    @Test func githubMessage_escapesPercentAndLineBreaksButNotColons() {
        let out = GitHubReporter.render(
            report([
                finding(.error, "100% broken: one\r\ntwo\nthree", path: RepoPath("a/x"), fix: "50%")
            ]))
        #expect(
            out.hasPrefix(
                "::error file=a/x,title=preflight symlink::100%25 broken: one%0D%0Atwo%0Athree (fix: 50%25)\n"))
    }

    @Test func githubFileProperty_escapesCommaColonPercentAndNewline() {
        let out = GitHubReporter.render(
            report([
                finding(.warning, "m", path: RepoPath("a,b:c%d\ne.txt"), line: 7)
            ]))
        #expect(out.hasPrefix("::warning file=a%2Cb%3Ac%25d%0Ae.txt,line=7,title=preflight symlink::m\n"))
    }

    @Test func githubNote_isANotice_andAPathlessFindingHasNoFileOrLine() {
        let out = GitHubReporter.render(
            report([
                finding(.note, "nothing to link", path: nil),
                finding(.warning, "odd", path: RepoPath("b/y"), target: "b"),
            ]))
        let lines = out.split(separator: "\n").map(String.init)
        #expect(
            lines == [
                "::notice title=preflight symlink::nothing to link",
                "::warning file=b/y,title=preflight symlink::odd",
                "preflight check: 0 errors, 1 warning, 1 note (2 checks on 2 affected targets)",
            ])
    }

    @Test func githubSummary_isAPlainLineEvenWithNoFindings() {
        let empty = report([])
        #expect(GitHubReporter.render(empty) == FindingsReport(empty).summary + "\n")
        #expect(!GitHubReporter.render(empty).hasPrefix("::"))
    }

    // MARK: junit

    @Test func junit_hasOneTestCasePerCheckAndTarget_andCountsOnlyErrorsAsFailures() throws {
        let r = report([
            finding(.error, "first", path: RepoPath("a/x"), line: 1, fix: "relink"),
            finding(.error, "second", path: RepoPath("a/y")),
            finding(.warning, "absolute", path: RepoPath("b/z"), target: "b"),
            finding(.note, "a note", check: "conflict-marker", path: RepoPath("a/n")),
            finding(.error, "outside", check: "conflict-marker", path: RepoPath("c/q"), line: 9, target: "c"),
        ])
        let doc = try xml(JUnitReporter.render(r))
        let root = try #require(doc.rootElement())
        #expect(root.name == "testsuites")
        #expect(attribute(root, "name") == "preflight")
        #expect(attribute(root, "tests") == "6")
        #expect(attribute(root, "failures") == "2")

        let suites = try doc.nodes(forXPath: "/testsuites/testsuite")
        #expect(suites.map { attribute($0, "name") } == ["symlink", "conflict-marker"])
        #expect(suites.map { attribute($0, "tests") } == ["3", "3"])
        #expect(suites.map { attribute($0, "failures") } == ["1", "1"])

        let cases = try doc.nodes(forXPath: "//testcase")
        let names = cases.map { "\(attribute($0, "classname") ?? "")/\(attribute($0, "name") ?? "")" }
        #expect(
            names == [
                "preflight.symlink/a", "preflight.symlink/b", "preflight.symlink/c",
                "preflight.conflict-marker/a", "preflight.conflict-marker/b", "preflight.conflict-marker/c",
            ])

        let failures = try doc.nodes(forXPath: "//testcase/failure")
        #expect(failures.count == 2)
        #expect(attribute(failures[0], "type") == "symlink")
        #expect(attribute(failures[0], "message") == "2 errors; the first: first")
        #expect(failures[0].stringValue == "a/x:1: first (fix: relink)\na/y: second")
        #expect(attribute(try #require(failures[1].parent), "name") == "c")
        #expect(failures[1].stringValue == "c/q:9: outside")

        let out = try doc.nodes(forXPath: "//testcase/system-out")
        #expect(out.map(\.stringValue) == ["warning: b/z: absolute", "note: a/n: a note"])
        #expect(try doc.nodes(forXPath: "//testcase[@name='b']/failure").isEmpty)
    }

    @Test func junit_escapesMarkupAndDropsCharactersXMLForbids() throws {
        let message = "a <b> & \"c\" 'd' \u{1}\u{1B}[31mred\u{7F}\u{FFFE}\ttab"
        let r = report(
            [finding(.error, message, path: RepoPath("x&y/<z>\u{1}"), target: "t\"&'<>")],
            checks: ["symlink"], targets: [])
        let text = JUnitReporter.render(r)
        #expect(!text.unicodeScalars.contains { $0.value == 0x1 || $0.value == 0x1B || $0.value == 0xFFFE })
        let doc = try xml(text)
        let failure = try #require(try doc.nodes(forXPath: "//failure").first)
        #expect(attribute(failure, "message") == "a <b> & \"c\" 'd' [31mred\u{7F}\ttab")
        #expect(failure.stringValue == "x&y/<z>\\x01: a <b> & \"c\" 'd' [31mred\u{7F}\ttab")
        let testcase = try #require(failure.parent)
        #expect(attribute(testcase, "name") == "t\"&'<>")
    }

    @Test func junit_withNoTargets_hasOneRootTestCasePerCheck() throws {
        let doc = try xml(JUnitReporter.render(report([], checks: ["symlink", "conflict-marker"], targets: [])))
        #expect(attribute(try #require(doc.rootElement()), "tests") == "2")
        #expect(attribute(try #require(doc.rootElement()), "failures") == "0")
        let cases = try doc.nodes(forXPath: "//testcase")
        #expect(cases.map { attribute($0, "name") } == ["//", "//"])
        #expect(try doc.nodes(forXPath: "//failure").isEmpty)
    }

    @Test func junit_beginsWithTheXMLDeclaration() {
        #expect(JUnitReporter.render(report([])).hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "))
    }

    // MARK: sarif

    @Test func sarif_isValidAgainstThePublishedSchema() throws {
        for r in [mixedReport, report([])] {
            let result = try validateSARIF(SARIFReporter.render(r))
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("validator: Draft4Validator"))
        }
    }

    @Test(arguments: [
        ("\"level\": \"warning\"", "\"level\": \"fatal\""),
        ("\"startLine\": 12", "\"startLine\": 0"),
        ("\"version\": \"2.1.0\"", "\"version\": \"2.0.0\""),
        ("\"text\": \"poetry.lock is stale\"", "\"txt\": \"poetry.lock is stale\""),
    ])
    func sarifValidator_rejectsABrokenLog(original: String, broken: String) throws {
        let text = SARIFReporter.render(mixedReport)
        try #require(text.contains(original))
        let result = try validateSARIF(text.replacingOccurrences(of: original, with: broken))
        #expect(result.status == 3, "\(result.stdout)\(result.stderr)")
    }

    @Test func sarif_hasRulesLevelsLocationsAndFingerprints() throws {
        let text = SARIFReporter.render(mixedReport)
        let log = try object(JSONSerialization.jsonObject(with: Data(text.utf8)))
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        let run = try #require(try array(log["runs"]).first)
        let driver = try object(try object(run["tool"])["driver"])
        #expect(driver["name"] as? String == "preflight")
        let rules = try array(driver["rules"])
        #expect(rules.map { $0["id"] as? String } == ["symlink", "conflict-marker", "lockfile"])
        #expect(try object(rules[0]["shortDescription"])["text"] as? String == SymlinkCheck().summary)

        let results = try array(run["results"])
        #expect(results.count == 4)
        for result in results {
            let index = try #require(result["ruleIndex"] as? Int)
            #expect(rules[index]["id"] as? String == result["ruleId"] as? String)
        }
        #expect(results.map { $0["level"] as? String } == ["error", "warning", "note", "error"])
        #expect(
            try object(results[0]["message"])["text"] as? String
                == "conflict marker: <<<<<<<  (fix: resolve the conflict)")

        func physical(_ result: [String: Any]) throws -> [String: Any] {
            try object(try #require(try array(result["locations"]).first)["physicalLocation"])
        }
        let first = try physical(results[0])
        #expect(try object(first["artifactLocation"])["uri"] as? String == "a/x.py")
        #expect(try object(first["artifactLocation"])["uriBaseId"] as? String == "%SRCROOT%")
        #expect(try object(first["region"])["startLine"] as? Int == 12)
        #expect(try physical(results[1])["region"] == nil)
        let encoded = try physical(results[2])
        #expect(try object(encoded["artifactLocation"])["uri"] as? String == "a%20b/f%FF")
        #expect(try object(encoded["region"])["startLine"] as? Int == 3)
        #expect(results[3]["locations"] == nil)
        #expect(try object(results[3]["properties"])["target"] as? String == "//")
        #expect(try object(results[1]["properties"])["target"] as? String == "b")

        let prints = try results.map { try object($0["partialFingerprints"])["preflight/v1"] as? String }
        #expect(Set(prints).count == 4)
        #expect(SARIFReporter.render(mixedReport) == text)
    }

    @Test func sarifURI_percentEncodesEveryByteOutsideTheUnreservedSet() {
        #expect(SARIFReporter.uri(RepoPath("Az09-._~/a b%#?:@!é")) == "Az09-._~/a%20b%25%23%3F%3A%40%21%C3%A9")
        #expect(SARIFReporter.uri(RepoPath(bytes: [0x66, 0xFF, 0x0A])) == "f%FF%0A")
    }

    @Test func sarifFingerprint_dependsOnCheckPathLineAndMessageOnly() {
        let fingerprint = SARIFReporter.fingerprint
        let a = fingerprint(finding(.error, "m", path: RepoPath("p"), line: 1))
        #expect(a == fingerprint(finding(.warning, "m", path: RepoPath("p"), line: 1, target: "b", fix: "f")))
        #expect(a != fingerprint(finding(.error, "m", path: RepoPath("p"), line: 9)))
        #expect(a != fingerprint(finding(.error, "n", path: RepoPath("p"))))
        #expect(a != fingerprint(finding(.error, "m", path: RepoPath("q"))))
        #expect(a != fingerprint(finding(.error, "m", path: nil)))
        #expect(a != fingerprint(finding(.error, "m", check: "lockfile", path: RepoPath("p"))))
        #expect(a.count == 16 && a.allSatisfy(\.isHexDigit))
    }
}
