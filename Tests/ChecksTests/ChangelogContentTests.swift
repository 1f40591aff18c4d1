import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Model
@testable import Rules

/// `changelog` on files that are not a changelog's text: binary, not UTF-8, with a byte order mark, or
/// broken on every line. Each says so once instead of once per line.
@Suite struct ChangelogContentTests {
    let base = ChangelogCheckTests()

    @Test(arguments: Mode.allCases) func aBinaryChangelog_isOneFindingNamingTheFile(mode: Mode) throws {
        let repo = try base.repository()
        var bytes: [UInt8] = []
        for i in 0..<5000 { bytes += [0x7F, 0x45, 0x4C, 0x46, UInt8(i % 256), 0, 0x0A] }
        try repo.write(bytes: Array("a/changelog.txt".utf8), bytes)
        try repo.git("add", "-A")
        let found = try base.findings(repo, mode)
        #expect(found.count == 1, "\(found.count) findings")
        #expect(found.first?.message.hasPrefix("changelog.txt is not text: ") == true, "\(found.map(\.message))")
        #expect(found.first?.path == RepoPath("a/changelog.txt"))
        #expect(found.first?.line == 1)
        #expect(found.first?.severity == .error)
    }

    @Test(arguments: Mode.allCases) func aLatin1Changelog_isOneFindingWithTheLineOfTheFirstBadByte(mode: Mode) throws {
        let repo = try base.repository()
        let text = Array("# cmamp-a-1.2.0\n- 2026-11-01\n- caf".utf8) + [0xE9] + Array("\n- th".utf8) + [0xE9, 0x0A]
        try repo.write(bytes: Array("a/changelog.txt".utf8), text + Array(try repo.read("a/changelog.txt").utf8))
        try repo.git("add", "-A")
        let found = try base.findings(repo, mode)
        #expect(found.count == 1, "\(found.map(\.message))")
        #expect(found.first?.message.contains("utf-8") == true)
        #expect(found.first?.line == 3)
    }

    @Test(arguments: Mode.allCases) func aByteOrderMark_isNamedInAWarning_andTheFirstHeaderStillParses(mode: Mode)
        throws
    {
        let repo = try base.repository()
        let old = try repo.read("a/changelog.txt")
        try repo.write(bytes: Array("a/changelog.txt".utf8), [0xEF, 0xBB, 0xBF] + Array(old.utf8))
        try repo.write("a/devops/docker_build/dev.Dockerfile", "FROM python:3.13\n")
        try repo.git("add", "-A")
        let found = try base.findings(repo, mode)
        // The release input changed and the top entry (read through the mark) is still 1.1.0.
        #expect(
            base.summary(found) == [
                "1 error: a/devops/docker_build/dev.Dockerfile changed (a release input) but the top entry is still "
                    + "1.1.0, as at the change's base",
                "1 warning: changelog.txt starts with a utf-8 byte order mark",
            ])
        #expect(found.last?.fix == "save it as utf-8 without a byte order mark")
    }

    @Test(arguments: Mode.allCases) func aChangelogWithoutAByteOrderMark_hasNoSuchWarning(mode: Mode) throws {
        let repo = try base.repository()
        try repo.write("a/changelog.txt", "# cmamp-a-1.2.0\n- 2026-11-01\n- x\n\n" + (try repo.read("a/changelog.txt")))
        try repo.git("add", "-A")
        #expect(try base.findings(repo, mode).isEmpty)
    }

    @Test(arguments: Mode.allCases) func manyBrokenLines_areCappedWithOneMoreFinding(mode: Mode) throws {
        let repo = try base.repository()
        let broken = (1...200).map { "not a changelog line \($0)\n" }.joined()
        try repo.write("a/changelog.txt", "# cmamp-a-1.2.0\n- 2026-11-01\n- x\n" + broken)
        try repo.git("add", "-A")
        let found = try base.findings(repo, mode)
        #expect(found.count == 51)
        #expect(found.last?.message == "and 150 more problems in changelog.txt from line 54")
        #expect(found.last?.line == 54)
        #expect(found.dropLast().map(\.line) == (4...53).map { Int?($0) })
        #expect(found.last?.severity == .error)
    }
}
