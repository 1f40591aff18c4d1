import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// A commit's tree read on demand, and the runnable dirs and links taken from the caches instead of a scan:
/// every answer is the whole listing's, and a tree that cannot be read is an error, never an answer.
@Suite struct ListingOnDemandTests {
    /// Names that sort differently as files and as directories (`a.b` before `a/`, `a-b`), a link, a
    /// submodule, an executable and a path that is not UTF-8.
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        _ = try repo.addSubmodule(files: ["helpers/x.py": "x\n"])
        for path in ["a.b", "a-b", "a/x.py", "a/b/c/d.py", "a/b.c", "z/y/x/w.py", "top.txt"] {
            try repo.write(path, path + "\n")
        }
        try repo.write(bytes: Array("odd/caf".utf8) + [0xe9, 0x2e, 0x70, 0x79], Array("odd\n".utf8))
        try repo.link("a/link.py", to: "b/c/d.py")
        try repo.write("run.sh", "#!/bin/sh\n")
        try repo.git("update-index", "--add", "--chmod=+x", "run.sh")
        try repo.commitAll("init")
        return repo
    }

    @Test func everyLookup_answersAsTheWholeListing() throws {
        let repo = try repository()
        let repository = try Repository(discoveringFrom: repo.path)
        let head = try #require(try repository.headCommit())
        let whole = try CommitSnapshot(repository, commit: head).table
        let lazy = try CommitSnapshot(onDemand: repository, commit: head).table
        #expect(whole.count == Int(try repo.git("ls-files").split(separator: "\n").count))
        var directories: Set<RepoPath> = [.root]
        for entry in whole.entries {
            #expect(lazy.entry(at: entry.path) == entry, "\(entry.path)")
            directories.formUnion(entry.path.ancestors)
            #expect(lazy.entry(at: entry.path.appending("nothing")) == nil)
        }
        for dir in directories {
            #expect(lazy.entries(under: dir) == whole.entries(under: dir), "\(dir)")
            #expect(lazy.isDirectory(dir))
            if !dir.isRoot { #expect(lazy.entry(at: dir) == nil, "a directory is no entry: \(dir)") }
        }
        for absent in ["a.", "a/b/c/e.py", "helpers_root/helpers/x.py", "top.txt/x", "zz"] {
            #expect(lazy.entry(at: RepoPath(absent)) == nil, "\(absent)")
            #expect(!lazy.isDirectory(RepoPath(absent)), "\(absent)")
        }
        #expect(lazy.entry(at: RepoPath("helpers_root"))?.mode == .gitlink)
        #expect(lazy.entries == whole.entries)
        #expect(lazy.count == whole.count)
    }

    @Test func isDirectory_onAHeadDerivedFromTheBase_answersAsTheHeadsWholeListing() throws {
        let repo = try repository()
        try repo.git("rm", "-q", "z/y/x/w.py")  // z's only file: z is no directory in the head
        try repo.write("new/dir/f.py", "f\n")  // directories the base has not
        try repo.write("a/b/c/e.py", "e\n")
        _ = try repo.commitAll("edit")
        let repository = try Repository(discoveringFrom: repo.path)
        let request = ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false))
        let derived = try ChangeSet.make(repository, request).head.table
        let whole = try CommitSnapshot(repository, commit: try repository.headCommit()).table
        for dir in ["z", "z/y", "z/y/x", "new", "new/dir", "a", "a/b", "a/b/c", "odd", "top.txt", "helpers_root", "no"]
        {
            #expect(derived.isDirectory(RepoPath(dir)) == whole.isDirectory(RepoPath(dir)), "\(dir)")
        }
        #expect(!derived.isDirectory(RepoPath("z")) && derived.isDirectory(RepoPath("new/dir")))
    }

    @Test func aTreeThatCannotBeRead_isAnError_notAShorterListing() throws {
        let repo = try repository()
        try repo.write("a/runnable_dir")
        try repo.write("lib/deep/x.py", "x\n")
        try repo.commitAll("dirs")
        try repo.write("a/main.py", "m\n")
        try repo.commitAll("edit")
        // `lib/deep` is the same tree on both sides: the diff never reads it, a whole listing does.
        let tree = try repo.git("rev-parse", "HEAD:lib/deep").trimmingCharacters(in: .whitespacesAndNewlines)
        try FileManager.default.removeItem(
            atPath: "\(repo.path)/.git/objects/\(tree.prefix(2))/\(tree.dropFirst(2))")
        // Without an index, whose cache-tree would list `lib/deep` from its own entries (a right answer).
        try FileManager.default.removeItem(atPath: "\(repo.path)/.git/index")
        let repository = try Repository(discoveringFrom: repo.path)
        let head = try #require(try repository.headCommit())
        let lazy = try CommitSnapshot(onDemand: repository, commit: head)
        #expect(lazy.table.entry(at: RepoPath("a/main.py")) != nil, "trees that can be read still answer")
        #expect(lazy.listingFailure == nil)
        // The runnable dirs found by a scan of the whole listing, which needs `lib/deep`.
        _ = Workspace.markerFiles(in: lazy.table, names: ["runnable_dir"])
        let failure = try #require(lazy.listingFailure)
        #expect(failure.description.contains("cannot be read"))
        #expect(ExitStatus.code(for: failure) == 3)
        #expect(throws: GitError.self) { try CommitSnapshot(repository, commit: head) }
        // The whole command: whichever read meets the missing tree first, it ends in exit 3, never an answer.
        let request = ChangeRequest(source: .changedSince("HEAD~1", committedOnly: true))
        var status: Int32?
        do {
            _ = try ChangeContext.load(
                request, in: repository, output: CommandOutput(report: { _ in }, diagnostic: { _ in }))
        } catch {
            status = ExitStatus.code(for: error)
        }
        #expect(status == 3)
    }

    /// A repository with no link and two runnable dirs; the edits add, move and remove markers and links.
    var edits: [(String, (TemporaryRepository) throws -> Void)] {
        [
            ("add a runnable dir", { try $0.write("c/runnable_dir") }),
            ("remove a runnable dir", { try $0.remove("b/runnable_dir") }),
            (
                "a marker becomes a link",
                { repo in
                    try repo.remove("b/runnable_dir")
                    try repo.link("b/runnable_dir", to: "../a/runnable_dir")
                }
            ),
            ("add the first link", { try $0.link("a/lib.py", to: "../lib/x.py") }),
            ("a marker in a subdirectory", { try $0.write("a/sub/runnable_dir") }),
            ("edit a file", { try $0.write("lib/x.py", "x2\n") }),
        ]
    }

    func summary(_ a: Affected) -> [String] {
        a.targets.map { "\($0.target.id) \($0.status) " + $0.reasons.map(\.summary).joined(separator: ", ") }
            + a.head.workspace.targets.map(\.id) + a.base.workspace.targets.map(\.id)
            + a.head.resolutions.keys.sorted().map(\.description)
    }

    @Test func warmRuns_takeMarkersAndLinksFromTheCaches_andAgreeWithAScan() throws {
        for (label, edit) in edits {
            let repo = try TemporaryRepository()
            try repo.write("a/runnable_dir")
            try repo.write("b/runnable_dir")
            try repo.write("lib/x.py", "x\n")
            try repo.commitAll("init")
            try edit(repo)
            try repo.git("add", "-A")
            let repository = try Repository(discoveringFrom: repo.path)
            let cache = try #require(GraphCache.of(commonDir: repository.commonDir, environment: [:]))
            let markers = MarkerCache(directory: cache.directory)
            let staged = ChangeRequest(source: .staged)
            let plain = try Affected(try ChangeSet.make(repository, staged), graphCache: nil)
            #expect(!plain.targets.isEmpty, "\(label)")
            for run in ["cold", "warm"] {
                let cached = try Affected(try ChangeSet.make(repository, staged), graphCache: cache)
                #expect(summary(cached) == summary(plain), "\(label), staged, \(run)")
            }
            let base = try repository.treeID(ofCommit: try #require(try repository.headCommit()))
            #expect(markers.load(base, names: ["runnable_dir"]) != nil, "\(label): the base's markers are cached")

            try repo.commitAll(label)
            for source in [
                ChangeSource.range("HEAD~1", "HEAD", threeDot: false), .range("HEAD", "HEAD~1", threeDot: false),
            ] {
                let request = ChangeRequest(source: source)
                let plainRange = try Affected(try ChangeSet.make(repository, request), graphCache: nil)
                for run in ["cold", "warm"] {
                    let cached = try Affected(try ChangeSet.make(repository, request), graphCache: cache)
                    #expect(summary(cached) == summary(plainRange), "\(label), \(source), \(run)")
                }
            }
        }
    }

    @Test func aWarmRun_readsTheBasesMarkersFromTheCache_andDerivesTheHeads() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("init")
        try repo.write("b/runnable_dir")
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let cache = try #require(GraphCache.of(commonDir: repository.commonDir, environment: [:]))
        let base = try repository.treeID(ofCommit: try #require(try repository.headCommit()))
        // A valid file saying something the tree does not: only a run that reads it can report `planted`.
        MarkerCache(directory: cache.directory).store(
            [RepoPath("a/runnable_dir"), RepoPath("planted/runnable_dir")], tree: base, names: ["runnable_dir"])
        let affected = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: cache)
        #expect(affected.base.workspace.targets.map(\.id) == ["//", "a", "planted"])
        #expect(affected.head.workspace.targets.map(\.id) == ["//", "a", "b", "planted"])
        let plain = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: nil)
        #expect(plain.head.workspace.targets.map(\.id) == ["//", "a", "b"])
    }

    @Test func linkInputsFoundByAScan_areTheIndexs_inTheIndexsOrder() throws {
        let repo = try TemporaryRepository()
        for dir in ["a", "b", "c"] { try repo.write("\(dir)/runnable_dir") }
        try repo.write("lib/x.py", "x\n")
        try repo.write("lib/tools/deep/t.py", "t\n")
        try repo.link("lib/alias.py", to: "x.py")
        try repo.link("a/x.py", to: "../lib/x.py")
        try repo.link("b/x.py", to: "../lib/alias.py")
        try repo.link("c/tools", to: "../lib/tools")
        try repo.link("a/tools", to: "../lib/tools")
        try repo.link("b/deep", to: "../lib/tools/deep")
        try repo.link("c/broken.py", to: "../lib/missing.py")
        try repo.commitAll("init")
        let repository = try Repository(discoveringFrom: repo.path)
        let changeSet = try ChangeSet.make(repository, ChangeRequest(source: .all))
        let workspace = try Workspace(changeSet.head)
        let graph = try DependencyGraph(workspace, cache: LinkTextCache())
        let probes = [
            "lib/x.py", "lib/alias.py", "lib/tools", "lib/tools/deep/t.py", "lib/tools/deep/new.py", "lib/missing.py",
            "lib", "a/x.py", "c/tools", "elsewhere/x.py",
        ]
        let key = { (found: [(input: LinkInput, at: RepoPath)]) in found.map { "\($0.input) at \($0.at)" } }
        let scanned = probes.map { key(graph.scanInputs(touchedBy: RepoPath($0))) }
        #expect(scanned.contains { $0.count > 1 }, "some probe meets several links")
        // The same lookups once the index is built (the first lookup past the scan limit builds it).
        _ = graph.linkInputs
        let indexed = probes.map { key(graph.linkInputs(touchedBy: RepoPath($0))) }
        #expect(scanned == indexed)
    }

    @Test func aMarkerCacheFile_isExact_andABadOneIsAMiss() throws {
        let tree = try #require(ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbc4904b"))
        let other = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
        let paths = [RepoPath("a/runnable_dir"), RepoPath("b/c/BUILD")]
        let bytes = MarkerCache.encode(paths, tree: tree, names: ["runnable_dir", "BUILD"])
        #expect(MarkerCache.decode(bytes, tree: tree, names: ["BUILD", "runnable_dir"]) == paths)
        #expect(MarkerCache.decode(bytes, tree: other, names: ["BUILD", "runnable_dir"]) == nil)
        #expect(MarkerCache.decode(bytes, tree: tree, names: ["BUILD"]) == nil)
        for length in 0..<bytes.count {
            #expect(MarkerCache.decode(Array(bytes[..<length]), tree: tree, names: ["runnable_dir", "BUILD"]) == nil)
        }
        for i in bytes.indices {
            var flipped = bytes
            flipped[i] ^= 0x01
            #expect(MarkerCache.decode(flipped, tree: tree, names: ["runnable_dir", "BUILD"]) == nil)
        }
    }
}
