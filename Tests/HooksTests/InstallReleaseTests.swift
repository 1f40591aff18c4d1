import Foundation
import TestSupport
import Testing

/// ci/install-preflight, the action's install step, against a release laid out as `make dist` makes it:
/// `vVERSION/preflight-VERSION-linux-ARCH.tar.gz` and `vVERSION/SHA256SUMS`, served from file:// URLs.
@Suite struct InstallReleaseTests {
    static let script = LockTools.packageRoot + "/ci/install-preflight"

    /// A release of the built preflight as `version` in `repo/releases`; returns the tarball's file name.
    @discardableResult
    static func release(_ version: String, in repo: TemporaryRepository) throws -> String {
        let arch = try repo.run(["uname", "-m"])
        let name = "preflight-\(version)-linux-\(arch)"
        let stage = "stage/\(name)"
        try repo.write(stage + "/README.md", "preflight\n")
        try repo.run(["mkdir", "-p", stage + "/bin", "releases/v\(version)"])
        try repo.run(["cp", Preflight.executable, stage + "/bin/preflight"])
        try repo.run(["tar", "-czf", "releases/v\(version)/\(name).tar.gz", "-C", "stage", name])
        try repo.run(["sh", "-c", "sha256sum \(name).tar.gz > SHA256SUMS"], in: repo.path + "/releases/v\(version)")
        return name + ".tar.gz"
    }

    /// What the built preflight says `--version` is.
    static func builtVersion(in repo: TemporaryRepository) throws -> String {
        try Preflight.run(["--version"], in: repo.path).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func install(_ version: String, in repo: TemporaryRepository) throws -> Shell.Result {
        try Shell.run(
            [script, version, repo.path + "/installed"], in: repo.path,
            environment: ["PREFLIGHT_RELEASES": "file://" + repo.path + "/releases"])
    }

    @Test func installsTheReleaseForThisMachine_whenItMatchesSHA256SUMS() throws {
        let repo = try TemporaryRepository()
        let version = try InstallReleaseTests.builtVersion(in: repo)
        try InstallReleaseTests.release(version, in: repo)
        let r = try InstallReleaseTests.install("v" + version, in: repo)
        #expect(r.status == 0, "\(r.stderr)")
        let installed = try Shell.run([repo.path + "/installed/bin/preflight", "--version"], in: repo.path)
        #expect(installed.stdout == version + "\n")
        #expect(FileManager.default.fileExists(atPath: repo.path + "/installed/README.md"))
    }

    @Test func refusesATarballThatDoesNotMatchSHA256SUMS_andInstallsNothing() throws {
        let repo = try TemporaryRepository()
        let version = try InstallReleaseTests.builtVersion(in: repo)
        let tarball = try InstallReleaseTests.release(version, in: repo)
        let sums = repo.path + "/releases/v\(version)/SHA256SUMS"
        let wrong = String(repeating: "0", count: 64) + "  " + tarball + "\n"
        try wrong.write(toFile: sums, atomically: true, encoding: .utf8)
        let r = try InstallReleaseTests.install(version, in: repo)
        #expect(r.status == 1)
        #expect(r.stderr.contains("does not match SHA256SUMS"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/installed/bin/preflight"))
    }

    @Test func refusesABinaryThatSaysAnotherVersion_andAMissingRelease() throws {
        let repo = try TemporaryRepository()
        try InstallReleaseTests.release("9.9.9", in: repo)
        let wrong = try InstallReleaseTests.install("9.9.9", in: repo)
        #expect(wrong.status == 1)
        #expect(wrong.stderr.contains("not 9.9.9"), "\(wrong.stderr)")
        let missing = try InstallReleaseTests.install("8.0.0", in: repo)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot download"), "\(missing.stderr)")
        let usage = try Shell.run([InstallReleaseTests.script, "1.0.0"], in: repo.path)
        #expect(usage.status == 2)
    }
}
