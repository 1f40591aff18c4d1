import Foundation
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

/// `--junit FILE`: each job's own JUnit merged, or one test case per job.
@Suite struct RunJUnitTests {
    final class Scratch {
        let path = NSTemporaryDirectory() + "preflight-junit-\(UUID().uuidString)"
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func job(_ id: String) -> Job {
            Job(
                target: id, path: RepoPath(id), tier: .fast, directory: "/r/\(id)", argv: ["pytest"], timeout: 300,
                log: path + "/\(Job.fileName(for: id)).log", junit: path + "/\(Job.fileName(for: id)).junit.xml")
        }

        func write(_ file: String, _ text: String) throws {
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
    }

    /// What pytest 9 writes with `--junitxml` (one suite named "pytest").
    static func pytestXML(_ module: String, failing: Bool) -> String {
        """
        <?xml version="1.0" encoding="utf-8"?><testsuites name="pytest tests"><testsuite name="pytest" errors="0" \
        failures="\(failing ? 1 : 0)" skipped="0" tests="2" time="0.031" timestamp="2026-01-02T03:04:05.000000+00:00" \
        hostname="vm"><testcase classname="test.\(module)" name="test_ok" time="0.001" /><testcase \
        classname="test.\(module)" name="test_bad" time="0.001">\(failing ? "<failure message=\"assert 1 == 2\">E  assert 1 == 2</failure>" : "")</testcase></testsuite></testsuites>
        """
    }

    func parse(_ xml: String) -> Bool {
        XMLParser(data: Data(xml.utf8)).parse()
    }

    @Test func jobsJUnit_isMergedAndRenamedToTheTarget_andAJobWithoutOneIsOneTestCase() throws {
        let s = try Scratch()
        let a = s.job("a")
        let b = s.job("libs/b")
        let c = s.job("c")
        let d = s.job("d")
        try s.write(a.junit, RunJUnitTests.pytestXML("test_a", failing: false))
        try s.write(b.junit, RunJUnitTests.pytestXML("test_b", failing: true))
        try s.write(c.log, "line 1\nboom <&> \u{1}\n")
        let report = RunReport(
            tier: .fast,
            results: [
                JobResult(job: a, outcome: .passed(0), duration: 1.5),
                JobResult(job: b, outcome: .failed(1), duration: 2),
                JobResult(job: c, outcome: .failed(2), duration: 0.25),
                JobResult(job: d, outcome: .notRun, duration: 0),
            ], duration: 3.75, workers: 2, reportDirectory: s.path)
        let xml = JUnitMerge.render(report)
        #expect(parse(xml))
        #expect(
            xml.hasPrefix(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"preflight run fast\" "
                    + "tests=\"6\" failures=\"2\" errors=\"0\" skipped=\"1\" time=\"3.750\">\n"))
        #expect(xml.contains("<testsuite name=\"a\" errors=\"0\" failures=\"0\""))
        #expect(xml.contains("<testsuite name=\"libs/b\" errors=\"0\" failures=\"1\""))
        #expect(xml.contains("<testcase classname=\"test.test_b\" name=\"test_bad\""))
        #expect(!xml.contains("name=\"pytest\""))
        #expect(
            xml.contains(
                "<testsuite name=\"c\" tests=\"1\" failures=\"1\" errors=\"0\" skipped=\"0\" time=\"0.250\">"
                    + "<testcase classname=\"preflight.run.fast\" name=\"c\" time=\"0.250\">"
                    + "<failure message=\"exit 2\" type=\"FAIL\">line 1\nboom &lt;&amp;&gt; </failure></testcase></testsuite>"
            ))
        #expect(xml.contains("<testsuite name=\"d\" tests=\"1\" failures=\"0\" errors=\"0\" skipped=\"1\""))
        #expect(xml.contains("<skipped message=\"not run: an earlier job failed (--keep-going runs the rest)\"/>"))
    }

    @Test func failedJobWhoseJUnitShowsNoFailure_getsATestCaseSayingSo() throws {
        let s = try Scratch()
        let a = s.job("a")
        try s.write(a.junit, RunJUnitTests.pytestXML("test_a", failing: false))
        try s.write(a.log, "conftest teardown crashed\n")
        let timedOut = s.job("t")
        try s.write(timedOut.junit, RunJUnitTests.pytestXML("test_t", failing: false))  // a stale file is not trusted
        let report = RunReport(
            tier: .slow,
            results: [
                JobResult(job: a, outcome: .failed(3), duration: 1),
                JobResult(job: timedOut, outcome: .timedOut, duration: 300),
            ], duration: 301, workers: 1, reportDirectory: s.path)
        let xml = JUnitMerge.render(report)
        #expect(parse(xml))
        let suites = JUnitMerge.suites(in: xml)
        #expect(suites.map(\.name) == ["a", "a", "t"])
        #expect(suites[1].xml.contains("<failure message=\"exit 3\" type=\"FAIL\">conftest teardown crashed</failure>"))
        #expect(suites[2].xml.contains("<failure message=\"timed out after 300s\" type=\"TIMEOUT\">"))
    }

    @Test func suites_areFoundWithNestingSelfClosingAndAttributesInAnyQuotes() {
        let xml =
            "<testsuites><testsuite name='outer' tests=\"3\"><testsuite name=\"inner\" tests=\"1\"></testsuite>"
            + "</testsuite><testsuite tests='0'/><testsuitesX/></testsuites>"
        let suites = JUnitMerge.suites(in: xml)
        #expect(suites.map(\.name) == ["outer", ""])
        #expect(suites.map(\.tests) == [3, 0])
        #expect(suites[1].renamed("x <y>").xml == "<testsuite name=\"x &lt;y&gt;\" tests='0'/>")
        #expect(suites[0].renamed("z").xml.hasPrefix("<testsuite name=\"z\" tests=\"3\">"))
    }
}
