import Foundation
import TestSupport
import Testing

/// `preflight demo DIR`, what `make demo` runs: the sample monorepo and the main commands on it.
@Suite struct DemoCommandTests {
    @Test func demo_showsEveryStep_andPlansTheFastTestsWithoutRunningThem() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent(
            "preflight-demo-test-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let dir = parent + "/demo"
        let r = try Preflight.run(["demo", dir], in: parent)
        #expect(r.status == 0, "\(r.stderr)")
        for step in [
            "$ preflight targets", "$ preflight affected --changed-since main --explain",
            "$ preflight affected --why-not research/backtest", "$ preflight affected --format github-matrix",
            "$ preflight check --changed-since main", "$ preflight run fast --changed-since main --dry-run",
        ] {
            #expect(r.stdout.contains(step), "missing step: \(step)")
        }
        // The plan names a dir affected only through a link, with the reason, and runs nothing.
        #expect(r.stdout.contains("link-target helpers_root/helpers/hio.py via optimizer/helpers"))
        #expect(r.stdout.contains("no job: libs/common"))
        // An import chain: the dashboard's charts import the changed util module.
        #expect(
            r.stdout.contains(
                "  apps/dashboard/src/charts.py imports libs.common.util (changed) -> apps/dashboard\n"))
        #expect(
            !FileManager.default.fileExists(atPath: dir + "/.git/preflight/run"), "the dry run wrote a report folder")
        // The closing hint works as printed, though preflight is not on PATH (as after `make demo`).
        let hint = try #require(r.stdout.split(separator: "\n").first { $0.hasPrefix("try it yourself: ") })
        let command = String(hint.dropFirst("try it yourself: ".count))
        let tried = try Shell.run(["sh", "-c", command], in: "/", environment: ["PATH": "/usr/bin:/bin"])
        #expect(tried.status == 0, "\(command): \(tried.stderr)")
        #expect(tried.stdout.contains("optimizer"), "\(tried.stdout)")
        // `demo` refuses a directory that exists.
        #expect(try Preflight.run(["demo", dir], in: parent).status == 2)
    }
}
