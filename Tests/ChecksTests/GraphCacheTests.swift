import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// The graph cache: exact (cached and uncached runs agree), keyed by tree id, robust to bad files.
@Suite struct GraphCacheTests {
    /// `helpers_root` a submodule; `a` links a helper file, `b` a chain, `c` a linked dir, `d` a file
    /// through a linked dir, `e` into the submodule, and `lib` is a plain helper folder.
    func repository() throws -> (helpers: TemporaryRepository, repo: TemporaryRepository) {
        let repo = try TemporaryRepository()
        let helpers = try repo.addSubmodule(files: ["helpers/x.py": "x\n", "helpers/y.py": "y\n"])
        for dir in ["a", "b", "c", "d", "e"] { try repo.write("\(dir)/runnable_dir") }
        try repo.write("lib/x.py", "x\n")
        try repo.write("lib/tools/t.py", "t\n")
        try repo.link("lib/alias.py", to: "x.py")
        try repo.link("a/x.py", to: "../lib/x.py")
        try repo.link("b/x.py", to: "../lib/alias.py")
        try repo.link("c/tools", to: "../lib/tools")
        try repo.link("d/t.py", to: "../c/tools/t.py")
        try repo.link("e/y.py", to: "../helpers_root/helpers/y.py")
        try repo.link("e/broken.py", to: "../lib/missing.py")
        try repo.commitAll("init")
        return (helpers, repo)
    }

    /// The edits compared, each applied to a fresh repository.
    var edits: [(String, (TemporaryRepository, TemporaryRepository) throws -> Void)] {
        [
            ("rename a link target", { _, repo in try repo.git("mv", "lib/x.py", "lib/x2.py") }),
            ("add a link", { _, repo in try repo.link("a/t.py", to: "../lib/tools/t.py") }),
            ("remove a link", { _, repo in try repo.remove("b/x.py") }),
            (
                "retarget a chain",
                { _, repo in
                    try repo.remove("lib/alias.py")
                    try repo.link("lib/alias.py", to: "tools/t.py")
                }
            ),
            ("add a file in a linked dir", { _, repo in try repo.write("lib/tools/new.py", "n\n") }),
            ("remove a linked dir", { _, repo in try repo.git("rm", "-rq", "lib/tools") }),
            ("create a missing target", { _, repo in try repo.write("lib/missing.py", "m\n") }),
            (
                "replace a dir by a file",
                { _, repo in
                    try repo.git("rm", "-rq", "lib/tools")
                    try repo.write("lib/tools", "now a file\n")
                }
            ),
            (
                "move the submodule",
                { helpers, repo in
                    try helpers.write("helpers/y.py", "y2\n")
                    try helpers.commitAll("y2")
                    try repo.run(
                        ["git", "-c", "protocol.file.allow=always", "pull", "-q", "origin", "main"],
                        in: repo.path + "/helpers_root")
                }
            ),
        ]
    }

    func snapshot(_ a: Affected) -> [String] {
        a.targets.map { "\($0.target.id) \($0.status) " + $0.reasons.map(\.summary).joined(separator: ", ") }
    }

    func expectSameGraphs(_ cached: Affected, _ plain: Affected, _ label: String) {
        #expect(snapshot(cached) == snapshot(plain), "\(label)")
        #expect(cached.targets == plain.targets, "\(label)")
        #expect(cached.base.resolutions == plain.base.resolutions, "\(label): base resolutions")
        #expect(cached.head.resolutions == plain.head.resolutions, "\(label): head resolutions")
        #expect(cached.base.linkInputs == plain.base.linkInputs, "\(label): base link inputs")
        #expect(cached.head.linkInputs == plain.head.linkInputs, "\(label): head link inputs")
    }

    func cache(_ repository: Repository) -> GraphCache { GraphCache.of(repository, environment: [:])! }

    @Test func cachedAndUncachedRuns_agree_forStagedChanges_coldAndWarm() throws {
        for (label, edit) in edits {
            let (helpers, repo) = try repository()
            try edit(helpers, repo)
            try repo.git("add", "-A")
            let repository = try Repository(discoveringFrom: repo.path)
            let request = ChangeRequest(source: .staged)
            let plain = try Affected(try ChangeSet.make(repository, request), graphCache: nil)
            let cold = try Affected(try ChangeSet.make(repository, request), graphCache: cache(repository))
            let warm = try Affected(try ChangeSet.make(repository, request), graphCache: cache(repository))
            #expect(!plain.targets.isEmpty, "\(label)")
            expectSameGraphs(cold, plain, "\(label), cold")
            expectSameGraphs(warm, plain, "\(label), warm")
            #expect(warm.base.walkedLinks == 0, "\(label): the warm run reads the base from the cache")
        }
    }

    @Test func cachedAndUncachedRuns_agree_forRanges_andTheWorkingTree() throws {
        for (label, edit) in edits {
            let (helpers, repo) = try repository()
            try edit(helpers, repo)
            try repo.commitAll(label)
            let repository = try Repository(discoveringFrom: repo.path)
            for source in [
                ChangeSource.range("HEAD~1", "HEAD", threeDot: false), .range("HEAD", "HEAD~1", threeDot: false),
                .all,
            ] {
                let request = ChangeRequest(source: source)
                let plain = try Affected(try ChangeSet.make(repository, request), graphCache: nil)
                for run in ["cold", "warm"] {
                    let cached = try Affected(try ChangeSet.make(repository, request), graphCache: cache(repository))
                    expectSameGraphs(cached, plain, "\(label), \(source), \(run)")
                }
            }
            // Only the head cached: the head is read first and the base re-walks what the change moved.
            let graphs = cache(repository)
            let baseCommit = try repository.resolveCommit("HEAD~1")
            try FileManager.default.removeItem(atPath: graphs.file(for: try repository.treeID(ofCommit: baseCommit)))
            let range = ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false))
            let plainRange = try Affected(try ChangeSet.make(repository, range), graphCache: nil)
            let headFirst = try Affected(try ChangeSet.make(repository, range), graphCache: graphs)
            expectSameGraphs(headFirst, plainRange, "\(label), head cached only")
            #expect(headFirst.head.walkedLinks == 0, "\(label)")
            // The working tree: the edit undone but not staged, compared with the cached base.
            try repo.git("checkout", "-q", "HEAD~1", "--", ".")
            try repo.git("reset", "-q")
            let request = ChangeRequest(source: .changedSince("HEAD", committedOnly: false))
            let plain = try Affected(try ChangeSet.make(repository, request), graphCache: nil)
            let cached = try Affected(try ChangeSet.make(repository, request), graphCache: cache(repository))
            expectSameGraphs(cached, plain, "\(label), working tree")
        }
    }

    @Test func aCleanWorkingTree_isCachedUnderTheTreeItHolds_andAnEditedOneIsNot() throws {
        for (label, edit) in edits {
            let (helpers, repo) = try repository()
            try edit(helpers, repo)
            try repo.commitAll(label)
            let repository = try Repository(discoveringFrom: repo.path)
            let request = ChangeRequest(source: .changedSince("HEAD~1", committedOnly: false))
            let headTree = try repository.treeID(ofCommit: try #require(try repository.headCommit()))
            let changeSet = try ChangeSet.make(repository, request)
            #expect(changeSet.history.indexTree(of: changeSet.head) == headTree, "\(label)")
            let plain = try Affected(try ChangeSet.make(repository, request), graphCache: nil)
            let cold = try Affected(changeSet, graphCache: cache(repository))
            expectSameGraphs(cold, plain, "\(label), cold")
            #expect(cache(repository).entry(headTree) != nil, "\(label): the head's graph is cached under its tree")
            let warm = try Affected(try ChangeSet.make(repository, request), graphCache: cache(repository))
            expectSameGraphs(warm, plain, "\(label), warm")
            // An edit the index does not hold: the working tree is no tree, and nothing is cached for it.
            try repo.write("a/runnable_dir", "edited\n")
            let edited = try ChangeSet.make(repository, request)
            #expect(edited.history.indexTree(of: edited.head) == nil, "\(label)")
        }
    }

    @Test func editingOnlyTheBytesOfLinkTargets_walksNoLinkAgain_andResolvesAsAFreshWalk() throws {
        let (_, repo) = try repository()
        // The files the links lead to, through a chain, a linked dir and a link into a linked dir: bytes only.
        try repo.write("lib/x.py", "x edited\n")
        try repo.write("lib/tools/t.py", "t edited\n")
        for source in [ChangeSource.staged, .changedSince("HEAD", committedOnly: false)] {
            if source == .staged { try repo.git("add", "-A") } else { try repo.git("reset", "-q") }
            let repository = try Repository(discoveringFrom: repo.path)
            let request = ChangeRequest(source: source)
            _ = try Affected(try ChangeSet.make(repository, request), graphCache: cache(repository))
            let warm = try Affected(try ChangeSet.make(repository, request), graphCache: cache(repository))
            #expect(warm.head.walkedLinks == 0, "\(source): no link walked again for a bytes-only edit")
            for (graph, label) in [(warm.base, "base"), (warm.head, "head")] {
                let fresh = try DependencyGraph(
                    graph.workspace, cache: LinkTextCache(), previous: nil, changedPaths: [])
                #expect(graph.resolutions == fresh.resolutions, "\(source): \(label) as a fresh walk resolves it")
            }
            // Bytes-only or not, the edit reaches the dirs whose links lead there.
            let viaLinks = Set(warm.targets.filter { $0.reasons.contains { $0.kind == .linkTarget } }.map(\.target.id))
            #expect(viaLinks.isSuperset(of: ["a", "b", "c", "d"]), "\(source): \(viaLinks.sorted())")
        }
    }

    @Test func aStagedRun_cachesTheTreeItCommits_soTheNextCommitsRunHitsItsBase() throws {
        let (_, repo) = try repository()
        try repo.write("a/main.py", "m\n")
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let index = try #require(IndexFile.read(repository.indexPath))
        let tree = try #require(index.treeID())
        #expect(tree.hex == (try repo.git("write-tree")).trimmingCharacters(in: .whitespacesAndNewlines))
        _ = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: cache(repository))
        #expect(cache(repository).load(tree) != nil)

        // No link moved: the index's tree is an alias of HEAD's.
        let headTree = try repository.treeID(ofCommit: try #require(try repository.headCommit()))
        let alias = try #require(FileManager.default.contents(atPath: cache(repository).file(for: tree)))
        #expect(GraphCache.decodeAlias(Array(alias), tree: tree) == headTree)
        #expect(cache(repository).entry(tree)?.fullTree == headTree)

        try repo.git("commit", "-qm", "x2")
        try repo.write("a/new.py", "n\n")
        try repo.git("add", "-A")
        let plain = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: nil)
        let next = try Affected(
            try ChangeSet.make(repository, ChangeRequest(source: .staged)),
            graphCache: cache(repository))
        expectSameGraphs(next, plain, "through an alias")
        #expect(next.base.walkedLinks == 0)
        #expect(next.head.walkedLinks == 0)

        // The aliased file gone: the alias is a miss, the base is walked again and the result the same.
        try FileManager.default.removeItem(atPath: cache(repository).file(for: headTree))
        #expect(cache(repository).load(tree) == nil)
        try repo.remove("a/x.py")
        try repo.git("add", "-A")
        let plainAgain = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: nil)
        let again = try Affected(
            try ChangeSet.make(repository, ChangeRequest(source: .staged)),
            graphCache: cache(repository))
        expectSameGraphs(again, plainAgain, "alias of a removed file")
        #expect(again.base.walkedLinks > 0)
        #expect(cache(repository).entry(tree)?.fullTree == tree, "the alias replaced by the whole graph")
    }

    @Test func aBadAlias_isIgnored() throws {
        let tree = try #require(ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbc4904b"))
        let other = try #require(ObjectID(hex: String(repeating: "1", count: 40)))
        let bytes = GraphCache.encodeAlias(tree, of: other)
        #expect(GraphCache.decodeAlias(bytes, tree: tree) == other)
        #expect(GraphCache.decodeAlias(bytes, tree: other) == nil)
        #expect(GraphCache.decodeAlias(GraphCache.encodeAlias(tree, of: tree), tree: tree) == nil)
        #expect(GraphCache.decode(bytes, tree: tree) == nil)
        for length in 0..<bytes.count { #expect(GraphCache.decodeAlias(Array(bytes[..<length]), tree: tree) == nil) }
        for i in bytes.indices {
            var flipped = bytes
            flipped[i] ^= 0x01
            #expect(GraphCache.decodeAlias(flipped, tree: tree) == nil)
        }
    }

    @Test func theIndexTreeID_isWhatGitWriteTreeWrites_withAndWithoutACacheTree() throws {
        let (_, repo) = try repository()
        try repo.write("lib/x.py", "x2\n")
        try repo.write("lib/tools/deep/new.py", "n\n")
        try repo.write("a.b", "file before a/ in a tree\n")
        try repo.write("run.sh", "#!/bin/sh\n")
        try repo.git("update-index", "--add", "--chmod=+x", "run.sh")
        try repo.remove("b/x.py")
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let partial = try #require(IndexFile.read(repository.indexPath))
        // No cache-tree at all: every tree is hashed.
        let listing = try repo.git("ls-files", "-s")
        try repo.remove(".git/index")
        try repo.run(["sh", "-c", "printf '%s\\n' \"$0\" | git update-index --index-info", listing], in: repo.path)
        let bare = try #require(IndexFile.read(repository.indexPath))
        #expect(bare.cacheTree.isEmpty)
        #expect(IndexListing(bare).materialize() == IndexListing(partial).materialize())
        let expected = try repo.git("write-tree").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(partial.treeID()?.hex == expected)
        #expect(bare.treeID()?.hex == expected)
        #expect(bare.treeID(budget: 10) == nil, "over budget")
    }

    @Test func theFormat_roundTrips_everyOutcome() throws {
        let p = RepoPath.init(_:)
        let resolutions: [RepoPath: LinkResolution] = [
            p("a/f"): LinkResolution(link: p("a/f"), hops: [p("lib/f")], target: p("lib/f"), outcome: .file),
            p("a/d"): LinkResolution(link: p("a/d"), hops: [p("lib/d")], target: p("lib/d"), outcome: .directory),
            p("a/s"): LinkResolution(link: p("a/s"), hops: [p("h/x")], target: p("h/x"), outcome: .submodule(p("h"))),
            p("a/g"): LinkResolution(
                link: p("a/g"), hops: [p("a/x"), p("lib/g")], target: p("lib/g"), outcome: .dangling),
            p("a/e"): LinkResolution(link: p("a/e"), hops: [], target: nil, outcome: .escapes),
            p("a/b"): LinkResolution(link: p("a/b"), hops: [], target: nil, outcome: .absolute),
            p("a/l"): LinkResolution(link: p("a/l"), hops: [p("a/l"), p("a/m")], target: nil, outcome: .loop),
            RepoPath(bytes: [0x61, 0x2f, 0xff]): LinkResolution(
                link: RepoPath(bytes: [0x61, 0x2f, 0xff]),
                hops: [p(".git/config")], target: p(".git/config"),
                outcome: .gitDirectory),
        ]
        let tree = try #require(ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbc4904b"))
        let bytes = GraphCache.encode(resolutions, tree: tree)
        #expect(GraphCache.decode(bytes, tree: tree) == resolutions)
        #expect(GraphCache.decode(bytes, tree: .zero) == nil)
        #expect(GraphCache.decode([], tree: tree) == nil)
        for length in 0..<bytes.count {
            #expect(GraphCache.decode(Array(bytes[..<length]), tree: tree) == nil)
        }
        for i in stride(from: 0, to: bytes.count, by: 7) {
            var flipped = bytes
            flipped[i] ^= 0x10
            #expect(GraphCache.decode(flipped, tree: tree) == nil)
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            let garbage = (0..<Int.random(in: 0..<400, using: &generator)).map { _ in UInt8.random(in: 0...255) }
            #expect(GraphCache.decode(GraphCache.magic + garbage, tree: tree) == nil)
        }
    }

    @Test func aTruncatedOrForeignFile_isIgnored_andRewritten() throws {
        let (_, repo) = try repository()
        try repo.write("lib/x.py", "x2\n")
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let request = ChangeRequest(source: .staged)
        let plain = try Affected(try ChangeSet.make(repository, request), graphCache: nil)
        let graphs = cache(repository)
        let headTree = try repository.treeID(ofCommit: try #require(try repository.headCommit()))
        _ = try Affected(try ChangeSet.make(repository, request), graphCache: graphs)
        let good = try #require(FileManager.default.contents(atPath: graphs.file(for: headTree)))
        for bad in [good.prefix(good.count / 2), Data("not a graph\n".utf8), Data(), good.prefix(good.count - 1)] {
            try bad.write(to: URL(fileURLWithPath: graphs.file(for: headTree)))
            let again = try Affected(try ChangeSet.make(repository, request), graphCache: graphs)
            expectSameGraphs(again, plain, "bad file of \(bad.count) bytes")
            #expect(graphs.load(headTree) != nil, "rewritten")
        }
    }

    @Test func anUnwritableCache_isIgnored() throws {
        let (_, repo) = try repository()
        try repo.write("lib/x.py", "x2\n")
        try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        // A file where the folder should be: no folder can be made, whoever runs the test.
        try repo.write(".git/preflight", "in the way\n")
        let graphs = cache(repository)
        let plain = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: nil)
        let cached = try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: graphs)
        expectSameGraphs(cached, plain, "unwritable")
        #expect(!graphs.store(plain.base.resolutions, tree: .zero))
    }

    @Test func atMostMaxFiles_areKept_theOldestRemoved() throws {
        let repo = try TemporaryRepository()
        let graphs = GraphCache(directory: repo.path + "/.git/preflight/cache")
        var trees: [ObjectID] = []
        for i in 0..<(GraphCache.maxFiles + 3) {
            let tree = try #require(ObjectID(hex: String(repeating: "0", count: 38) + String(format: "%02x", i + 1)))
            trees.append(tree)
            #expect(graphs.store([:], tree: tree))
            // Distinct modification times, oldest first.
            var times = [timespec(tv_sec: 1_000_000 + i, tv_nsec: 0), timespec(tv_sec: 1_000_000 + i, tv_nsec: 0)]
            utimensat(AT_FDCWD, graphs.file(for: tree), &times, 0)
        }
        let kept = try FileManager.default.contentsOfDirectory(atPath: graphs.directory).filter {
            $0.hasPrefix("graph-")
        }
        #expect(kept.count == GraphCache.maxFiles)
        #expect(graphs.load(trees.last!) != nil)
        #expect(!graphs.has(trees[0]))

        // A temporary file a killed run left: removed once it is a minute old, not before.
        let stale = graphs.directory + "/.graph-\(trees[0].hex).4242.tmp"
        let fresh = graphs.directory + "/.graph-\(trees[1].hex).4343.tmp"
        for path in [stale, fresh] { #expect(FileManager.default.createFile(atPath: path, contents: Data([1]))) }
        var old = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, stale, &old, 0)
        #expect(graphs.store([:], tree: trees[0]))
        #expect(!FileManager.default.fileExists(atPath: stale))
        #expect(FileManager.default.fileExists(atPath: fresh))
    }

    @Test func preflightCache0_turnsTheCacheOff() throws {
        let repo = try TemporaryRepository()
        let repository = try Repository(discoveringFrom: repo.path)
        #expect(GraphCache.of(repository, environment: ["PREFLIGHT_CACHE": "0"]) == nil)
        let graphs = try #require(GraphCache.of(repository, environment: [:]))
        #expect(graphs.directory.hasSuffix("preflight/cache"))
        #expect(graphs.directory.hasPrefix(repository.commonDir))
    }
}
