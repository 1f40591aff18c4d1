import Testing

@testable import Checks

private func finding(_ severity: Severity, _ message: String, check: String = "symlink",
                     path: RepoPath?, line: Int? = nil, target: String? = "a", fix: String? = nil) -> Finding {
    Finding(check: check, severity: severity, message: message, path: path, line: line, target: target, fix: fix)
}

private func report(_ findings: [Finding], checks: [String] = ["symlink", "conflict-marker"],
                    targets: [String] = ["a", "b"]) -> CheckReport {
    CheckReport(findings: findings, checks: checks, targets: targets, base: "base", head: "head")
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
}
