import TestSupport
import Testing

/// `preflight release check` as a release job runs it.
@Suite struct ReleaseCommandTests {
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", "[release]\ntag = \"v{version}\"\n")
        try repo.write("VERSION", "1.2.0\n")
        try repo.commitAll("release: 1.2.0")
        return repo
    }

    @Test func aGoodTag_exitsZero_andALightweightOneExitsOne() throws {
        let repo = try repository()
        try repo.git("tag", "-a", "v1.2.0", "-m", "Release v1.2.0")
        let good = try Preflight.run(["release", "check", "v1.2.0"], in: repo.path)
        #expect(good.status == 0, "\(good.stdout)\(good.stderr)")
        // The summary names the command that ran, not `preflight check`.
        #expect(
            good.stdout.split(separator: "\n").last?.hasPrefix("preflight release check: ") == true, "\(good.stdout)")
        try repo.git("tag", "-d", "v1.2.0")
        try repo.git("tag", "v1.2.0")
        let bad = try Preflight.run(["release", "check"], in: repo.path)
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("tag v1.2.0: is a lightweight tag; release tags must be annotated"))
    }

    @Test func version_checksWhatTheCommitSays() throws {
        let repo = try repository()
        #expect(try Preflight.run(["release", "check", "--version", "1.2.0"], in: repo.path).status == 0)
        let r = try Preflight.run(["release", "check", "--version", "1.3.0", "--format", "json"], in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("\"message\": \"VERSION says '1.2.0', not 1.3.0\""))
    }

    @Test func anUnknownTag_exitsThree() throws {
        let repo = try repository()
        let r = try Preflight.run(["release", "check", "v9.9.9"], in: repo.path)
        #expect(r.status == 3)
        #expect(r.stderr.contains("unknown tag 'v9.9.9'"))
    }
}
