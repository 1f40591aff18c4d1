import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// `LockResolvePlan`: which conflicted files are lockfiles, the side each takes, the command, the refusals.
/// The conflicts are made by real `git merge` / `git rebase`; no lock tool runs here.
@Suite struct LockResolvePlanTests {
    /// `main` and `topic` both change `files` (path → (main's text, topic's text)) from a common base.
    func diverged(_ files: [String: (String, String)], base: [String: String] = [:]) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        for (path, text) in base { try repo.write(path, text) }
        for path in files.keys where base[path] == nil { try repo.write(path, "base\n") }
        try repo.commitAll("base")
        try repo.git("checkout", "-q", "-b", "topic")
        for (path, texts) in files { try repo.write(path, texts.1) }
        try repo.commitAll("topic")
        try repo.git("checkout", "-q", "main")
        for (path, texts) in files { try repo.write(path, texts.0) }
        try repo.commitAll("main")
        return repo
    }

    func merge(_ repo: TemporaryRepository) throws {
        let result = try Shell.run(["git", "merge", "topic"], in: repo.path)
        try #require(result.status != 0, "the merge was expected to conflict")
    }

    @Test func aMergeTakesTheirs_andUvLockIsRegeneratedWithUvLockInItsDirectory() throws {
        let repo = try diverged(
            ["svc/uv.lock": ("main\n", "topic\n"), "notes.txt": ("m\n", "t\n")],
            base: ["svc/pyproject.toml": "[project]\nname = \"svc\"\n"])
        try merge(repo)
        let plan = try LockResolvePlan.make(try Repository(discoveringFrom: repo.path))
        #expect(plan.state == .merge)
        let item = try #require(plan.items.first)
        #expect(plan.items.count == 1)
        #expect(item.pair.lock == RepoPath("svc/uv.lock"))
        #expect(item.side == .theirs)
        #expect(item.argv == ["uv", "lock"])
        #expect(item.directory == RepoPath("svc"))
        #expect(plan.others == [RepoPath("notes.txt")])
    }

    @Test func aRebaseTakesOurs_theUpstreamSide() throws {
        let repo = try diverged(
            ["uv.lock": ("main\n", "topic\n")], base: ["pyproject.toml": "[project]\nname = \"a\"\n"])
        try repo.git("checkout", "-q", "topic")
        let result = try Shell.run(["git", "rebase", "main"], in: repo.path)
        try #require(result.status != 0)
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(repository.state == .rebase)
        #expect(try LockResolvePlan.make(repository).items.first?.side == .ours)
        #expect(try LockResolvePlan.make(repository, side: .theirs).items.first?.side == .theirs)
    }

    @Test func aStillConflictedManifest_isRefusedWithItsName() throws {
        let repo = try diverged([
            "pyproject.toml": ("[project]\nname = \"m\"\n", "[project]\nname = \"t\"\n"),
            "poetry.lock": ("main\n", "topic\n"),
        ])
        try merge(repo)
        let plan = try LockResolvePlan.make(try Repository(discoveringFrom: repo.path))
        #expect(plan.items.isEmpty)
        let refusal = try #require(plan.refused.first)
        #expect(refusal.lock == RepoPath("poetry.lock"))
        #expect(refusal.reason.contains("pyproject.toml"))
        #expect(plan.others == [RepoPath("pyproject.toml")])
    }

    @Test func aPantsResolve_takesItsNameFromPantsToml_andItsConflictedSidecarGoesWithIt() throws {
        let pants = "[python.resolves]\npython-default = \"3rdparty/python/default.lock\"\n"
        let repo = try diverged(
            [
                "3rdparty/python/default.lock": ("main\n", "topic\n"),
                "3rdparty/python/default.lock.metadata": ("{\"m\": 1}\n", "{\"t\": 1}\n"),
            ],
            base: [
                "pants.toml": pants, "3rdparty/python/requirements.txt": "aiohttp~=3.9.5\n",
                "3rdparty/python/BUILD": "python_requirements()\n",
            ])
        try merge(repo)
        let plan = try LockResolvePlan.make(try Repository(discoveringFrom: repo.path))
        let item = try #require(plan.items.first)
        #expect(item.argv == ["pants", "generate-lockfiles", "--resolve=python-default"])
        #expect(item.directory == .root)
        #expect(
            Set(item.conflicts.map(\.path)) == [
                RepoPath("3rdparty/python/default.lock"),
                RepoPath("3rdparty/python/default.lock.metadata"),
            ])
        #expect(plan.others.isEmpty)
    }

    @Test func aConflictedBuildFileOfAPantsResolve_isRefused() throws {
        let pants = "[python.resolves]\npython-default = \"3rdparty/python/default.lock\"\n"
        let repo = try diverged(
            [
                "3rdparty/python/default.lock": ("main\n", "topic\n"),
                "3rdparty/python/BUILD": ("python_requirements(name=\"m\")\n", "python_requirements(name=\"t\")\n"),
            ],
            base: ["pants.toml": pants, "3rdparty/python/requirements.txt": "aiohttp~=3.9.5\n"])
        try merge(repo)
        let plan = try LockResolvePlan.make(try Repository(discoveringFrom: repo.path))
        #expect(plan.items.isEmpty)
        #expect(plan.refused.first?.reason.contains("3rdparty/python/BUILD") == true)
    }

    @Test func aDeclaredRegenerate_overridesTheEcosystemCommand_andPipListNamesWhatToRun() throws {
        let config =
            "[[lockfile]]\nmanifest = \"requirements.in\"\nlock = \"requirements.lock\"\nregenerate = [\"pip-compile\", \"requirements.in\"]\n"
        let repo = try diverged(
            [
                "requirements.lock": ("main\n", "topic\n"),
                "devops/docker_build/pip_list.txt": ("a==1\n", "a==2\n"),
            ],
            base: [
                "preflight.toml": config, "requirements.in": "a\n",
                "devops/docker_build/pyproject.toml": "[tool.poetry]\nname = \"x\"\n",
                "devops/docker_build/poetry.lock": "# lock\n",
            ])
        try merge(repo)
        let plan = try LockResolvePlan.make(try Repository(discoveringFrom: repo.path))
        let declared = try #require(plan.items.first { $0.pair.lock == RepoPath("requirements.lock") })
        #expect(declared.argv == ["pip-compile", "requirements.in"])
        let pins = try #require(plan.items.first { $0.pair.lock == RepoPath("devops/docker_build/pip_list.txt") })
        #expect(pins.argv == nil)
        #expect(pins.manual?.contains("rebuild the image") == true)
    }

    @Test func noMergeInProgress_isAnEmptyPlan_andANamedPathThatIsNotConflictedIsAUsageError() throws {
        let repo = try TemporaryRepository()
        try repo.write("uv.lock", "x\n")
        try repo.write("pyproject.toml", "[project]\nname = \"a\"\n")
        try repo.commitAll("base")
        let repository = try Repository(discoveringFrom: repo.path)
        let plan = try LockResolvePlan.make(repository)
        #expect(plan.items.isEmpty && plan.refused.isEmpty && plan.others.isEmpty)
        #expect(throws: LockResolveError.self) { try LockResolvePlan.make(repository, only: [RepoPath("uv.lock")]) }
    }

    @Test func conflictEntries_areReadWithAllThreeStages() throws {
        let repo = try diverged(
            ["uv.lock": ("main\n", "topic\n")], base: ["pyproject.toml": "[project]\nname = \"a\"\n"])
        try merge(repo)
        let conflicts = try Repository(discoveringFrom: repo.path).conflicts()
        let listed = try repo.git("ls-files", "-u").split(separator: "\n").map {
            $0.split(separator: " ")[1].prefix(40)
        }
        #expect(conflicts.count == 1)
        let entry = try #require(conflicts.first)
        #expect(
            [entry.ancestor?.id?.hex, entry.ours?.id?.hex, entry.theirs?.id?.hex].compactMap { $0 }.map {
                Substring($0)
            }
                == listed.map { Substring($0) })
    }

    @Test func npmCargoAndSwiftPM_getTheirEcosystemsArgv() throws {
        let repo = try diverged(
            [
                "web/package-lock.json": ("{\"m\": 1}\n", "{\"t\": 1}\n"),
                "rs/Cargo.lock": ("# main\n", "# topic\n"),
                "swift/Package.resolved": ("{\"m\": 1}\n", "{\"t\": 1}\n"),
            ],
            base: [
                "web/package.json": "{}\n", "rs/Cargo.toml": "[package]\nname = \"rs\"\n",
                "swift/Package.swift": "// swift-tools-version: 5.9\n",
            ])
        try merge(repo)
        let plan = try LockResolvePlan.make(try Repository(discoveringFrom: repo.path))
        let argv = Dictionary(uniqueKeysWithValues: plan.items.map { ($0.pair.lock.description, $0.argv ?? []) })
        #expect(
            argv == [
                "web/package-lock.json": ["npm", "install", "--package-lock-only", "--ignore-scripts"],
                "rs/Cargo.lock": ["cargo", "update", "--workspace"],
                "swift/Package.resolved": ["swift", "package", "resolve"],
            ])
        #expect(Set(plan.items.map(\.directory)) == [RepoPath("web"), RepoPath("rs"), RepoPath("swift")])
    }
}
