import Foundation
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@testable import Checks

private func finding(_ severity: Severity, _ message: String, check: String = "symlink",
                     path: RepoPath?, line: Int? = nil, target: String? = "a", fix: String? = nil) -> Finding {
    Finding(check: check, severity: severity, message: message, path: path, line: line, target: target, fix: fix)
}

private func report(_ findings: [Finding], checks: [String] = ["symlink", "conflict-marker"],
                    targets: [String] = ["a", "b"]) -> CheckReport {
    CheckReport(findings: findings, checks: checks, targets: targets, base: "base", head: "head")
}

private func xml(_ text: String) throws -> XMLDocument { try XMLDocument(data: Data(text.utf8), options: []) }

private func attribute(_ node: XMLNode, _ name: String) -> String? {
    (node as? XMLElement)?.attribute(forName: name)?.stringValue
}

@Suite struct ReporterTests {
    // MARK: github

    @Test func githubError_isOneCommandWithFileLineTitleAndTheFixInTheMessage() {
        let out = GitHubReporter.render(report([
            finding(.error, "link target does not exist: VERSION", path: RepoPath("a/x.py"), line: 3,
                    fix: "restore VERSION")
        ]))
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[0] == "::error file=a/x.py,line=3,title=preflight symlink::"
                + "link target does not exist: VERSION (fix: restore VERSION)")
        #expect(lines[1] == "preflight check: 1 error, 0 warnings (2 checks on 2 affected targets)")
        #expect(lines[2] == "")
    }

    @Test func githubMessage_escapesPercentAndLineBreaksButNotColons() {
        let out = GitHubReporter.render(report([
            finding(.error, "100% broken: one\r\ntwo\nthree", path: RepoPath("a/x"), fix: "50%")
        ]))
        #expect(out.hasPrefix(
            "::error file=a/x,title=preflight symlink::100%25 broken: one%0D%0Atwo%0Athree (fix: 50%25)\n"))
    }

    @Test func githubFileProperty_escapesCommaColonPercentAndNewline() {
        let out = GitHubReporter.render(report([
            finding(.warning, "m", path: RepoPath("a,b:c%d\ne.txt"), line: 7)
        ]))
        #expect(out.hasPrefix("::warning file=a%2Cb%3Ac%25d%0Ae.txt,line=7,title=preflight symlink::m\n"))
    }

    @Test func githubNote_isANotice_andAPathlessFindingHasNoFileOrLine() {
        let out = GitHubReporter.render(report([
            finding(.note, "nothing to link", path: nil),
            finding(.warning, "odd", path: RepoPath("b/y"), target: "b"),
        ]))
        let lines = out.split(separator: "\n").map(String.init)
        #expect(lines == [
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
        #expect(names == [
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
        let r = report([finding(.error, message, path: RepoPath("x&y/<z>\u{1}"), target: "t\"&'<>")],
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
}
