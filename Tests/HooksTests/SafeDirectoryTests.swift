import Foundation
import TestSupport
import Testing

/// A checkout that belongs to another user, as in CI containers: preflight opens it exactly when git's
/// `safe.directory` trusts it (`*`, the exact path, `%(prefix)/PATH`), and otherwise refuses with git's fix.
/// The tests run as root on a repository owned by `nobody` (uid 65534), with a private global configuration.
@Suite(.enabled(if: getuid() == 0, "needs root to give the repository to another user"))
struct SafeDirectoryTests {
    /// A repository with one runnable dir, owned by uid 65534, and an empty home for the global configuration.
    func foreignRepository() throws -> (repo: TemporaryRepository, home: String) {
        let repo = try TemporaryRepository()
        try repo.write("app/runnable_dir")
        try repo.commitAll("init")
        let home = NSTemporaryDirectory() + "preflight-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        _ = try Shell.run(["chown", "-R", "65534:65534", repo.path], in: repo.path)
        return (repo, home)
    }

    /// git's and preflight's environment: only this home's configuration, no system one.
    func environment(_ home: String) -> [String: String] {
        ["HOME": home, "XDG_CONFIG_HOME": home + "/.config", "GIT_CONFIG_NOSYSTEM": "1"]
    }

    func trust(_ value: String, home: String) throws {
        _ = try Shell.run(
            ["git", "config", "--global", "--add", "safe.directory", value], in: home,
            environment: environment(home))
    }

    /// git's own verdict on the same repository and configuration.
    func gitAccepts(_ repo: TemporaryRepository, home: String) throws -> Bool {
        try Shell.run(["git", "status", "--short"], in: repo.path, environment: environment(home)).status == 0
    }

    @Test func untrustedRepository_isRefusedWithGitsHint() throws {
        let (repo, home) = try foreignRepository()
        #expect(try !gitAccepts(repo, home: home))
        let r = try Preflight.run(["targets"], in: repo.path, environment: environment(home))
        #expect(r.status == 3)
        #expect(r.stderr.contains("dubious ownership"), "\(r.stderr)")
        #expect(r.stderr.contains("git config --global --add safe.directory \(repo.path)"), "\(r.stderr)")
    }

    @Test func wildcard_trustsEveryRepository() throws {
        let (repo, home) = try foreignRepository()
        try trust("*", home: home)
        #expect(try gitAccepts(repo, home: home))
        let r = try Preflight.run(["targets"], in: repo.path, environment: environment(home))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("app"))
    }

    @Test func exactPath_trustsThatRepositoryOnly() throws {
        let (repo, home) = try foreignRepository()
        let (other, _) = try foreignRepository()
        try trust(repo.path, home: home)
        #expect(try Preflight.run(["targets"], in: repo.path, environment: environment(home)).status == 0)
        #expect(try Preflight.run(["targets"], in: other.path, environment: environment(home)).status == 3)
    }

    @Test func emptyValue_resetsTheValuesBeforeIt() throws {
        let (repo, home) = try foreignRepository()
        try trust("*", home: home)
        try trust("", home: home)
        #expect(try !gitAccepts(repo, home: home))
        #expect(try Preflight.run(["targets"], in: repo.path, environment: environment(home)).status == 3)
    }

    @Test func prefixForm_isAPathUnderGitsInstallationPrefix() throws {
        // git is installed under /usr here (/usr/bin/git), so %(prefix)/local/X is /usr/local/X: the repository
        // is made there (and removed with the test), as the form only names paths under the prefix.
        let git = try Shell.run(["sh", "-c", "readlink -f \"$(command -v git)\""], in: "/").stdout
        try #require(git.hasPrefix("/usr/bin/"), "git is not under /usr: \(git)")
        let name = "preflight-safe-\(UUID().uuidString)"
        _ = try Shell.run(["git", "init", "-q", "/usr/local/" + name], in: "/")
        let repo = try TemporaryRepository(adopting: "/usr/local/" + name)
        try repo.write("app/runnable_dir")
        try repo.commitAll("init")
        let (_, home) = try foreignRepository()
        _ = try Shell.run(["chown", "-R", "65534:65534", repo.path], in: "/")
        try trust("%(prefix)/local/" + name, home: home)
        #expect(try gitAccepts(repo, home: home))
        let r = try Preflight.run(["targets"], in: repo.path, environment: environment(home))
        #expect(r.status == 0, "\(r.stderr)")
        try trust("%(prefix)/local/other", home: home)
        try trust("", home: home)
        #expect(try Preflight.run(["targets"], in: repo.path, environment: environment(home)).status == 3)
    }
}
