import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Model

/// The head's marker files derived from the base's cached ones and the change are the ones a scan of the
/// head finds, whether marker files were added, removed or left alone.
@Suite struct KnownMarkersTests {
    static func repo() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        for dir in ["a", "b", "c/d"] {
            try repo.write("\(dir)/runnable_dir")
            try repo.write("\(dir)/src/main.py", "import os\n")
        }
        _ = try repo.commitAll("base")
        return repo
    }

    /// The affected set of the staged change with a cold cache, then with a warm one, and without a cache.
    static func runs(_ repo: TemporaryRepository) throws -> [Affected] {
        let repository = try Repository(discoveringFrom: repo.path)
        let cache = GraphCache(directory: repo.path + "/.git/preflight/cache")
        return try [cache, cache, nil].map { cache in
            try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: cache)
        }
    }

    static func summary(_ affected: Affected) -> [String] {
        affected.targets.map { "\($0.target.id) \($0.status): " + $0.reasons.map(\.summary).joined(separator: ", ") }
    }

    @Test(arguments: ["edit", "add", "remove", "add and remove"])
    func theHeadsMarkerFiles_areTheScansAfterAChange(change: String) throws {
        let repo = try Self.repo()
        try repo.write("a/src/main.py", "import sys\n")
        if change.contains("add") { try repo.write("e/runnable_dir") }
        if change.contains("remove") { try repo.remove("c/d/runnable_dir") }
        _ = try repo.git("add", "-A")
        let runs = try Self.runs(repo)
        for affected in runs {
            let head = affected.head.workspace
            #expect(head.markerFiles == Workspace.markerFiles(in: head.snapshot.table, names: ["runnable_dir"]))
            #expect(head.hasTargetPaths(of: affected.base.workspace) == (change == "edit"))
            head.reuseRunnableDirs(of: affected.base.workspace)
            #expect(head.runnableDirs == Set(head.targets.filter { $0.kind == .runnable }.map(\.path)))
            #expect(Self.summary(affected) == Self.summary(runs[2]))
        }
        let ids = runs[1].targets.map { "\($0.target.id) \($0.status)" }
        switch change {
        case "edit": #expect(ids == ["a present"])
        case "add": #expect(ids == ["// present", "a present", "e added"])
        case "remove": #expect(ids.contains("c/d removed"))
        default: #expect(ids.contains("c/d removed") && ids.contains("e added"))
        }
    }

    @Test(arguments: ["edit", "add marker", "declare target"])
    func theBase_takesTheHeadsTargets_onlyWhenConfigurationAndMarkersMatch(change: String) throws {
        let repo = try Self.repo()
        try repo.write("a/src/main.py", "import sys\n")
        if change == "add marker" { try repo.write("e/runnable_dir") }
        if change == "declare target" { try repo.write("preflight.toml", "[[target]]\npath = \"lib\"\n") }
        _ = try repo.git("add", "-A")
        for affected in try Self.runs(repo) {
            let (base, head) = (affected.base.workspace, affected.head.workspace)
            let fresh = try Workspace(base.snapshot)
            #expect(base.targets.map(\.path) == fresh.targets.map(\.path))
            #expect(base.targets.map(\.kind) == fresh.targets.map(\.kind))
            let shared = base.targets.withUnsafeBufferPointer { b in
                head.targets.withUnsafeBufferPointer { h in b.baseAddress == h.baseAddress }
            }
            #expect(shared == (change == "edit"), "\(change)")
        }
    }

    @Test func noMarkerTouched_keepsTheBasesFiles_andAMarkerTouchedRedoesThem() {
        let base = [RepoPath("a/runnable_dir"), RepoPath("b/runnable_dir")]
        let edited = Workspace.markerFiles(
            base, changedAt: [RepoPath("a/src/x.py")], in: EntryTable([]), names: ["runnable_dir"])
        #expect(edited == base)
        let removed = Workspace.markerFiles(
            base, changedAt: [RepoPath("a/runnable_dir")], in: EntryTable([]), names: ["runnable_dir"])
        #expect(removed == [RepoPath("b/runnable_dir")])
    }
}
