import Foundation
import TestSupport
import Testing

/// `-C DIR` before the subcommand, as git has it.
@Suite struct GlobalOptionsTests {
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("app/runnable_dir")
        try repo.commitAll("init")
        return repo
    }

    @Test func dashC_runsAsIfStartedInDir_andComposesLikeGit() throws {
        let repo = try repository()
        let parent = (repo.path as NSString).deletingLastPathComponent
        let name = (repo.path as NSString).lastPathComponent
        let here = try Preflight.run(["targets"], in: repo.path)
        let viaC = try Preflight.run(["-C", repo.path, "targets"], in: "/")
        #expect(viaC.status == 0, "\(viaC.stderr)")
        #expect(viaC.stdout == here.stdout)
        // Each -C is relative to the one before; an empty one changes nothing.
        let composed = try Preflight.run(["-C", parent, "-C", "", "-C", name, "-C", "app", "targets"], in: "/")
        #expect(composed.status == 0, "\(composed.stderr)")
        #expect(composed.stdout == here.stdout)
    }

    @Test func dashC_toAMissingDirectory_isExit2NamingIt() throws {
        let r = try Preflight.run(["-C", "/no/such/dir", "targets"], in: "/")
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot change to '/no/such/dir'"), "\(r.stderr)")
        let bare = try Preflight.run(["-C"], in: "/")
        #expect(bare.status == 2)
    }

    /// A repository whose targets are `BUILD` dirs, and a configuration saying so outside it.
    func buildRepository() throws -> (repo: TemporaryRepository, config: String) {
        let repo = try TemporaryRepository()
        try repo.write("svc/BUILD")
        try repo.write("svc/main.py", "x = 1\n")
        try repo.write("lib/BUILD")
        try repo.commitAll("init")
        let config = NSTemporaryDirectory() + "preflight-config-\(UUID().uuidString).toml"
        try "[workspace]\nmarkers = [\"BUILD\"]\n".write(toFile: config, atomically: true, encoding: .utf8)
        return (repo, config)
    }

    @Test func config_isReadInsteadOfTheRepositorys_fromTheFlagOrTheVariable() throws {
        let (repo, config) = try buildRepository()
        defer { try? FileManager.default.removeItem(atPath: config) }
        #expect(try !Preflight.run(["targets"], in: repo.path).stdout.contains("svc"))
        let flag = try Preflight.run(["--config", config, "targets"], in: repo.path)
        #expect(flag.status == 0, "\(flag.stderr)")
        #expect(flag.stdout.contains("svc") && flag.stdout.contains("lib"), "\(flag.stdout)")
        let variable = try Preflight.run(["targets"], in: repo.path, environment: ["PREFLIGHT_CONFIG": config])
        #expect(variable.stdout == flag.stdout)
        // Relative to where -C led.
        let parent = (config as NSString).deletingLastPathComponent
        let relative = try Preflight.run(
            [
                "-C", parent, "--config=" + (config as NSString).lastPathComponent,
                "-C", repo.path, "targets",
            ], in: "/")
        #expect(relative.stdout == flag.stdout, "\(relative.stderr)")
    }

    @Test func config_rulesBothSidesOfAChange_evenWhenTheRepositorysOwnIsBroken() throws {
        let (repo, config) = try buildRepository()
        defer { try? FileManager.default.removeItem(atPath: config) }
        try repo.write("preflight.toml", "[workspace\n")
        try repo.commitAll("a preflight.toml that does not parse")
        try repo.write("svc/main.py", "x = 2\n")
        try repo.commitAll("svc edited")
        let without = try Preflight.run(["affected", "--range", "HEAD~1..HEAD"], in: repo.path)
        #expect(without.status == 2, "the repository's broken preflight.toml must be exit 2: \(without.stdout)")
        let with = try Preflight.run(
            ["--config", config, "affected", "--range", "HEAD~1..HEAD", "--format", "json"],
            in: repo.path)
        #expect(with.status == 0, "\(with.stderr)")
        #expect(with.stdout.contains("\"id\": \"svc\""), "\(with.stdout)")
        #expect(!with.stdout.contains("\"id\": \"lib\""), "\(with.stdout)")
    }

    @Test func config_thatCannotBeUsed_isExit2NamingTheFile() throws {
        let (repo, config) = try buildRepository()
        defer { try? FileManager.default.removeItem(atPath: config) }
        let missing = try Preflight.run(["--config", "/no/such.toml", "targets"], in: repo.path)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/no/such.toml"), "\(missing.stderr)")
        try "[workspace]\nmarkerz = []\n".write(toFile: config, atomically: true, encoding: .utf8)
        let bad = try Preflight.run(["--config", config, "targets"], in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("\(config):2:"), "\(bad.stderr)")
    }
}
