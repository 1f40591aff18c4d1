import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// `release-tag`: name, annotation, message, stated version, release commit, order and branch.
@Suite struct ReleaseTagCheckTests {
    let config = "[release]\ntag = \"v{version}\"\n"

    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", config)
        try repo.write("VERSION", "24.03.0\n")
        try repo.commitAll("release: 24.03.0")
        try repo.git("tag", "-a", "v24.03.0", "-m", "Release v24.03.0")
        return repo
    }

    /// Commits a release of `version` on the current branch.
    func release(_ repo: TemporaryRepository, _ version: String, subject: String? = nil) throws {
        try repo.write("VERSION", version + "\n")
        try repo.commitAll(subject ?? "release: \(version)")
    }

    func judge(_ repo: TemporaryRepository, _ tag: String) throws -> [String] {
        let repository = try Repository(discoveringFrom: repo.path)
        let configuration = try Configuration.parse(Array(config.utf8), file: "preflight.toml")
        return try ReleaseTagCheck().judge(tag, configuration: configuration, history: GitHistory(repository))
            .map { "\($0.severity): \($0.message)" }
    }

    // MARK: not triggering

    @Test func aProperRelease_passes_evenWithAPullRequestSuffixAndASignatureBlock() throws {
        let repo = try repository()
        try release(repo, "24.09.0", subject: "release: 24.09.0 (#812)")
        try repo.git(
            "tag", "-a", "v24.09.0", "-m",
            "Release v24.09.0\n\n-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----")
        #expect(try judge(repo, "v24.09.0") == [])
    }

    @Test func aPrerelease_usesThePrereleaseMessage() throws {
        let repo = try repository()
        try release(repo, "26.8.0rc1")
        try repo.git("tag", "-a", "v26.8.0rc1", "-m", "Pre-release v26.8.0rc1")
        #expect(try judge(repo, "v26.8.0rc1") == [])
    }

    /// The acceptance case DESIGN names: a backport on a `24.03` branch after `24.09.0` passes.
    @Test func aBackportOnAReleaseBranch_isOnlyComparedWithTagsItCanReach() throws {
        let repo = try repository()
        try release(repo, "24.09.0")
        try repo.git("tag", "-a", "v24.09.0", "-m", "Release v24.09.0")
        try repo.git("checkout", "-q", "-b", "24.03", "v24.03.0")
        try release(repo, "24.03.1")
        try repo.git("tag", "-a", "v24.03.1", "-m", "Release v24.03.1")
        #expect(try judge(repo, "v24.03.1") == [])
    }

    // MARK: triggering

    @Test func aLightweightTag_isAnError() throws {
        let repo = try repository()
        try release(repo, "24.09.0")
        try repo.git("tag", "v24.09.0")
        #expect(
            try judge(repo, "v24.09.0") == ["error: tag v24.09.0: is a lightweight tag; release tags must be annotated"]
        )
    }

    @Test func aTagOnTheCommitAfterTheReleaseCommit_isAnError_namingTheReleaseCommit() throws {
        let repo = try repository()
        try release(repo, "24.09.0")
        let releaseCommit = try repo.git("rev-parse", "--short=12", "HEAD")
        try repo.write("notes.md", "after\n")
        try repo.commitAll("docs: notes")
        try repo.git("tag", "-a", "v24.09.0", "-m", "Release v24.09.0")
        let repository = try Repository(discoveringFrom: repo.path)
        let configuration = try Configuration.parse(Array(config.utf8), file: "preflight.toml")
        let found = try ReleaseTagCheck().judge(
            "v24.09.0", configuration: configuration,
            history: GitHistory(repository))
        #expect(found.count == 1)
        #expect(found.first?.message.contains("('docs: notes'), not at a 'release: 24.09.0' commit") == true)
        #expect(found.first?.fix?.contains("the release commit is \(releaseCommit)") == true)
    }

    @Test func aWrongMessage_aWrongName_andAWrongVersionFile_areErrors() throws {
        let repo = try repository()
        try release(repo, "24.09.0")
        try repo.git("tag", "-a", "v24.10.0", "-m", "Release 24.10.0")
        try repo.git("tag", "-a", "release-24.09.0", "-m", "Release v24.09.0")
        #expect(
            try judge(repo, "v24.10.0") == [
                "error: tag v24.10.0: message is 'Release 24.10.0', expected 'Release v24.10.0'",
                "error: tag v24.10.0: VERSION says '24.09.0', not 24.10.0 in the tagged commit",
                "error: tag v24.10.0: points at \(try repo.git("rev-parse", "--short=12", "HEAD")) ('release: 24.09.0'), not at a 'release: 24.10.0' commit",
            ])
        #expect(
            try judge(repo, "release-24.09.0") == [
                "error: tag release-24.09.0: name does not match [release] tag 'v{version}'"
            ])
    }

    @Test func aVersionNotHigherThanAReachableRelease_isAnError() throws {
        let repo = try repository()
        try release(repo, "24.02.0")
        try repo.git("tag", "-a", "v24.02.0", "-m", "Release v24.02.0")
        #expect(
            try judge(repo, "v24.02.0") == [
                "error: tag v24.02.0: 24.2.0 is not higher than 24.3.0 (tag v24.03.0), which is reachable from it"
            ])
    }

    @Test func aCommitOnNoReleaseBranch_isAnError() throws {
        let repo = try repository()
        try repo.git("checkout", "-q", "-b", "feature/x")
        try release(repo, "24.09.0")
        try repo.git("tag", "-a", "v24.09.0", "-m", "Release v24.09.0")
        let found = try judge(repo, "v24.09.0")
        #expect(found.count == 1)
        #expect(found.first?.hasSuffix("is on no release branch (main, ^\\d+\\.\\d+$)") == true)
    }

    @Test func releaseTagsAtTheHeadOfARange_areJudgedByCheck() throws {
        let repo = try repository()
        try release(repo, "24.09.0")
        try repo.git("tag", "v24.09.0")
        let found = try CheckTesting.findings(
            ReleaseTagCheck(), repo, ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false)))
        #expect(found.map(\.message) == ["tag v24.09.0: is a lightweight tag; release tags must be annotated"])
    }
}
