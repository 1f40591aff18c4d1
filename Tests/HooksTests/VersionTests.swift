import Foundation
import TestSupport
import Testing

/// `preflight --version` names the version the SARIF report's driver carries.
@Suite struct VersionTests {
    @Test func versionFlag_printsTheVersion_thatSARIFReports() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("init")
        let version = try Preflight.run(["--version"], in: repo.path)
        #expect(version.status == 0)
        let printed = version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(printed.split(separator: ".").count == 3, "\(printed)")
        let sarif = try Preflight.run(["check", "--all", "--format", "sarif"], in: repo.path)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        let driver =
            (((document["runs"] as? [[String: Any]])?.first?["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver?["version"] as? String == printed)
    }
}
