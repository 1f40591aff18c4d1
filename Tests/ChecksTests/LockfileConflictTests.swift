import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Model
@testable import Rules

/// `lockfile` in the middle of a merge: a lock git left conflicted (stages 1–3 in the index, markers in the
/// working file) is reported as conflicted, never as deleted.
@Suite struct LockfileConflictTests {
    /// One lock format: its lock and the manifests written beside it.
    enum Sample: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case uv, poetry, pants
        var testDescription: String { rawValue }

        var lock: String {
            switch self {
            case .uv: return "svc/uv.lock"
            case .poetry: return "svc/poetry.lock"
            case .pants: return "python.lock"
            }
        }

        /// Writes the manifests and returns the lock's text.
        func writeManifests(_ repo: TemporaryRepository) throws -> String {
            switch self {
            case .uv:
                try repo.write("svc/pyproject.toml", try Sample.fixture("uv-basic/pyproject.toml"))
                return try Sample.fixture("uv-basic/uv.lock")
            case .poetry:
                try repo.write("svc/pyproject.toml", try Sample.fixture("poetry-1.8-basic/pyproject.toml"))
                return try Sample.fixture("poetry-1.8-basic/poetry.lock")
            case .pants:
                try repo.write("pants.toml", "[python.resolves]\npython-default = \"python.lock\"\n")
                try repo.write("requirements.txt", "aiohttp ~= 3.9.4\nattrs>=23.1\n")
                return LockfileCheckTests.pantsLock
            }
        }

        static func fixture(_ relative: String) throws -> String {
            try String(contentsOfFile: LockfileCheckTests.fixtures + "/" + relative, encoding: .utf8)
        }
    }

    /// A repository stopped in a merge whose only conflict is `sample`'s lock.
    func conflictedMerge(_ sample: Sample) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        let lock = try sample.writeManifests(repo)
        try repo.commitDivergingEdits(
            of: sample.lock, base: lock, branch: "feature", onBranch: lock + "\n# feature\n",
            onMain: lock + "\n# main\n")
        let merge = try Shell.run(["git", "merge", "-q", "--no-edit", "feature"], in: repo.path)
        try #require(merge.status == 1, "the merge should stop on the lock: \(merge.stdout)\(merge.stderr)")
        try #require(try repo.git("ls-files", "-u", sample.lock).split(separator: "\n").count == 3)
        return repo
    }

    @Test(arguments: Sample.allCases, [ChangeSource.staged, .changedSince("main", committedOnly: false)])
    func aLockConflictedInTheIndex_isReportedAsConflictedNotDeleted(sample: Sample, source: ChangeSource) throws {
        let repo = try conflictedMerge(sample)
        let found = try CheckTesting.findings(LockfileCheck(), repo, ChangeRequest(source: source))
        #expect(!found.contains { $0.message.contains("deleted") }, "\(found.map(\.message))")
        let conflict = try #require(found.first { $0.message.contains("unresolved merge conflict") })
        #expect(conflict.path == RepoPath(sample.lock))
        #expect(conflict.severity == .error)
        #expect(conflict.fix?.contains("preflight lock resolve") == true)
        #expect(conflict.fix?.contains("merge driver") == true)
    }

    @Test(arguments: Sample.allCases)
    func aLockDeletedOnOneSideOfTheMerge_isStillNotCalledDeleted(sample: Sample) throws {
        let repo = try TemporaryRepository()
        let lock = try sample.writeManifests(repo)
        try repo.write(sample.lock, lock)
        try repo.commitAll("base")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write(sample.lock, lock + "\n# feature\n")
        try repo.commitAll("feature")
        try repo.git("checkout", "-q", "main")
        try repo.git("rm", "-q", sample.lock)
        try repo.commitAll("main drops the lock")
        let merge = try Shell.run(["git", "merge", "-q", "--no-edit", "feature"], in: repo.path)
        try #require(merge.status == 1)
        let found = try CheckTesting.findings(LockfileCheck(), repo, ChangeRequest(source: .staged))
        #expect(found.map(\.message) == ["\(sample.lock) has unresolved merge conflicts"])
    }

    @Test func aResolvedMerge_hasNoConflictFinding() throws {
        let sample = Sample.uv
        let repo = try conflictedMerge(sample)
        try repo.git("checkout", "--theirs", "--", sample.lock)
        try repo.git("add", sample.lock)
        let found = try CheckTesting.findings(LockfileCheck(), repo, ChangeRequest(source: .staged))
        #expect(!found.contains { $0.message.contains("conflict") || $0.message.contains("deleted") })
    }
}
