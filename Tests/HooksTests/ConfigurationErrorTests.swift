import TestSupport
import Testing

/// A bad `preflight.toml` is exit 2 naming the file, the line and the key; a bad base config only warns.
@Suite struct ConfigurationErrorTests {
    func repository(config: String) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("preflight.toml", config)
        try repo.commitAll("init")
        return repo
    }

    @Test func unknownKey_isExit2WithFileLineAndKey() throws {
        let repo = try repository(config: "[workspace]\ndefault-branch = \"main\"\nmarker = [\"x\"]\n")
        let r = try Preflight.run(["affected", "--staged"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("preflight.toml:3:"))
        #expect(r.stderr.contains("workspace.marker"))
    }

    @Test func wrongType_isExit2WithFileLineAndKey() throws {
        let repo = try repository(config: "[workspace]\n\nmarkers = 3\n")
        let r = try Preflight.run(["targets"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("preflight.toml:3:"))
        #expect(r.stderr.contains("workspace.markers"))
    }

    @Test func badTOML_isExit2WithTheLine() throws {
        let repo = try repository(config: "[workspace]\ndefault-branch = \n")
        let r = try Preflight.run(["affected", "--staged"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("preflight.toml:2"))
    }

    @Test func aBrokenConfigAtHEAD_isExit2_notTheDefaultBranchMain() throws {
        let repo = try repository(config: "[workspace]\ndefault-branch = 3\n")
        try repo.write("preflight.toml", "[workspace]\ndefault-branch = \"main\"\n")
        let r = try Preflight.run(["affected"], in: repo.path)
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stderr.contains("preflight.toml:2:"))
        #expect(r.stderr.contains("workspace.default-branch"))
        let named = try Preflight.run(["affected", "--changed-since", "main"], in: repo.path)
        #expect(named.status == 0, "\(named.stderr)")
    }

    @Test func aBrokenConfigAtHEAD_failsThePrePushHook_evenForAnotherBranch() throws {
        let repo = try repository(config: "[workspace]\ndefault-branch = \"main\"\n")
        let pushed = try repo.git("rev-parse", "HEAD")
        try repo.git("checkout", "-q", "-b", "broken")
        try repo.write("preflight.toml", "[workspace]\ndefault-branch = 3\n")
        try repo.commitAll("break the configuration")
        let input = "refs/heads/main \(pushed) refs/heads/main \(String(repeating: "0", count: 40))\n"
        let r = try Preflight.run(["hook", "pre-push", "origin"], in: repo.path, input: input)
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stderr.contains("preflight.toml:2:"))
    }

    @Test func aBaseConfigThatNoLongerParses_isAWarning_andTheHeadConfigRules() throws {
        let repo = try repository(config: "[workspace]\nbogus = 1\n")
        try repo.write("preflight.toml", "[workspace]\ndefault-branch = \"main\"\n")
        try repo.git("add", "-A")
        let r = try Preflight.run(["affected", "--staged"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning: base configuration ignored"))
    }

    @Test func dependencyCycle_isExit2ShowingTheCycle() throws {
        let repo = try repository(
            config: """
                [[target]]
                path = "a"
                deps = ["b"]

                [[target]]
                path = "b"
                deps = ["a"]
                """)
        let r = try Preflight.run(["affected", "--staged"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("dependency cycle: a -> b -> a"))
    }
}
