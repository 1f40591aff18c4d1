import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Model
@testable import Rules

/// `lockfile` on locks that are not what their name says: empty, binary, or malformed. Each is a finding
/// naming the file, so the other checks and the other pairs still report.
@Suite struct LockfileContentTests {
    static let sidecar = """
        {"version": 3, "generated_with_requirements": ["aiohttp~=3.9.4", "attrs>=23.1"], "resolve": "python-default"}

        """

    /// A Pants resolve whose metadata lives in the `.metadata` sidecar, so the lock itself is never read
    /// for its metadata.
    func pantsRepository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("pants.toml", "[python.resolves]\npython-default = \"python.lock\"\n")
        try repo.write("requirements.txt", "aiohttp~=3.9.4\nattrs>=23.1\n")
        try repo.write("python.lock", "{\"allow_builds\": true, \"locked_resolves\": []}\n")
        try repo.write("python.lock.metadata", LockfileContentTests.sidecar)
        try repo.commitAll("base")
        return repo
    }

    static let notText: [(name: String, bytes: [UInt8], says: String)] = [
        ("empty", [], "python.lock is empty"),
        ("nul", Array("{\"a\": 1}\n".utf8) + [0, 1, 2, 0] + Array("\n".utf8), "python.lock is not text"),
        ("latin-1", Array("{\"caf".utf8) + [0xE9] + Array("\": 1}\n".utf8), "python.lock is not text"),
    ]

    @Test(arguments: Mode.allCases) func aFreshPantsLockWithASidecar_passes(mode: Mode) throws {
        let repo = try pantsRepository()
        try repo.write("python.lock", "{\"allow_builds\": false, \"locked_resolves\": []}\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(LockfileCheck(), repo, mode).isEmpty)
    }

    @Test(arguments: Mode.allCases, [0, 1, 2])
    func anEmptyOrBinaryPantsLock_isAFindingEvenWithASidecar(mode: Mode, which: Int) throws {
        let sample = LockfileContentTests.notText[which]
        let repo = try pantsRepository()
        try repo.write(bytes: Array("python.lock".utf8), sample.bytes)
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(LockfileCheck(), repo, mode)
        #expect(found.count == 1, "\(sample.name): \(found.map(\.message))")
        #expect(found.first?.message.hasPrefix(sample.says) == true, "\(found.map(\.message))")
        #expect(found.first?.path == RepoPath("python.lock"))
        #expect(found.first?.severity == .error)
        #expect(found.first?.fix == "regenerate it: pants generate-lockfiles --resolve=python-default")
    }

    /// A runnable dir with a Poetry project and the `pip_list.txt` its image wrote.
    func pipListRepository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        let sample = LockfileCheckTests.fixtures + "/poetry-1.8-basic"
        try repo.write("a/runnable_dir")
        try repo.write(
            "a/devops/docker_build/pyproject.toml",
            try String(contentsOfFile: sample + "/pyproject.toml", encoding: .utf8))
        try repo.write(
            "a/devops/docker_build/poetry.lock", try String(contentsOfFile: sample + "/poetry.lock", encoding: .utf8))
        try repo.write("a/devops/docker_build/pip_list.txt", "Package Version\n------- -------\nunrelated 1.0\n")
        try repo.commitAll("base")
        return repo
    }

    @Test(arguments: Mode.allCases) func anEmptyOrBinaryPipList_isAFinding(mode: Mode) throws {
        for (bytes, says) in [
            ([UInt8](), "pip_list.txt is empty"), ([0x50, 0, 0xFF, 0x0A], "pip_list.txt is not text"),
        ] {
            let repo = try pipListRepository()
            try repo.write(bytes: Array("a/devops/docker_build/pip_list.txt".utf8), bytes)
            try repo.git("add", "-A")
            let found = try CheckTesting.findings(LockfileCheck(), repo, mode)
            #expect(found.map(\.path) == [RepoPath("a/devops/docker_build/pip_list.txt")])
            #expect(found.first?.message.hasPrefix(says) == true, "\(found.map(\.message))")
        }
    }

    @Test(arguments: Mode.allCases) func aPipListWithPinsOnly_passes(mode: Mode) throws {
        let repo = try pipListRepository()
        try repo.write("a/devops/docker_build/pip_list.txt", "unrelated==1.1\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(LockfileCheck(), repo, mode).isEmpty)
    }

    /// A uv project in `uv/` and an npm project in `web/`, both committed fresh.
    func twoProjects() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        let sample = LockfileCheckTests.fixtures + "/uv-basic"
        try repo.write("uv/pyproject.toml", try String(contentsOfFile: sample + "/pyproject.toml", encoding: .utf8))
        try repo.write("uv/uv.lock", try String(contentsOfFile: sample + "/uv.lock", encoding: .utf8))
        for file in ["package.json", "package-lock.json"] {
            let npm = LockfileCheckTests.root + "/Fixtures/npm/" + file
            try repo.write("web/" + file, try String(contentsOfFile: npm, encoding: .utf8))
        }
        try repo.commitAll("base")
        return repo
    }

    @Test(arguments: Mode.allCases, ["uv/uv.lock", "poetry"])
    func aMalformedUvOrPoetryLock_isAFindingWithItsLine_andTheOtherLocksStillReport(mode: Mode, lock: String)
        throws
    {
        let repo = try twoProjects()
        var path = lock
        if lock == "poetry" {
            path = "poetry/poetry.lock"
            let sample = LockfileCheckTests.fixtures + "/poetry-1.8-basic"
            try repo.write(
                "poetry/pyproject.toml", try String(contentsOfFile: sample + "/pyproject.toml", encoding: .utf8))
        }
        try repo.write(path, "version = 1\n\n[[package]]\nname = \"tiny\n")
        try repo.write("web/package-lock.json", "{\"name\": \"web\", \"lockfileVersion\": 3, \"packages\": {\"\": {")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(LockfileCheck(), repo, mode)
        let malformed = try #require(found.first { $0.path == RepoPath(path) }, "\(found.map(\.message))")
        #expect(malformed.line == 4)
        #expect(malformed.message.contains(": invalid toml: "), "\(malformed.message)")
        #expect(malformed.severity == .error)
        #expect(found.contains { $0.path == RepoPath("web/package-lock.json") }, "\(found.map(\.message))")
    }

    @Test(arguments: Mode.allCases) func aMalformedPyproject_isAFindingAtThePyproject(mode: Mode) throws {
        let repo = try twoProjects()
        try repo.write("uv/pyproject.toml", "[project\nname = \"x\"\n")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(LockfileCheck(), repo, mode)
        #expect(found.map(\.path) == [RepoPath("uv/pyproject.toml")], "\(found.map(\.message))")
        #expect(found.first?.line == 1)
    }
}
