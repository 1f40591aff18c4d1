import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Model

/// The graph cache read in place: its answers are the whole file's, and a bad file is never trusted.
@Suite struct GraphCacheInPlaceTests {
    /// Chains, links to dirs and through linked dirs, a dangling link, loops, a link to a dir not there yet.
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        for dir in ["a", "b", "c", "d", "e", "f", "g", "z"] { try repo.write("\(dir)/runnable_dir") }
        try repo.write("lib/x.txt", "x\n")
        try repo.write("lib/tools/t.txt", "t\n")
        try repo.write("lib/tools/deep/u.txt", "u\n")
        try repo.link("lib/alias.txt", to: "x.txt")
        try repo.link("a/x.txt", to: "../lib/x.txt")
        try repo.link("b/x.txt", to: "../lib/alias.txt")
        try repo.link("c/tools", to: "../lib/tools")
        try repo.link("d/t.txt", to: "../c/tools/t.txt")
        try repo.link("d/deep", to: "../c/tools/deep")
        try repo.link("e/broken.txt", to: "../lib/missing.txt")
        try repo.link("f/one", to: "two")
        try repo.link("f/two", to: "one")
        try repo.link("f/self", to: "self/x")
        try repo.link("g/gen", to: "../lib/gen")
        try repo.write("z/readme.txt", "r\n")
        _ = try repo.commitAll("init")
        return repo
    }

    /// The edits compared, each committed on a fresh repository.
    var edits: [(String, (TemporaryRepository) throws -> Void)] {
        [
            ("edit a file no link reads", { try $0.write("z/readme.txt", "r2\n") }),
            ("edit a file in a linked dir", { try $0.write("lib/tools/t.txt", "t2\n") }),
            ("add the dir a dangling link names", { try $0.write("lib/gen/new.txt", "n\n") }),
            ("remove a linked dir", { try $0.git("rm", "-rq", "lib/tools") }),
            ("add a file beside link targets", { try $0.write("lib/other.txt", "o\n") }),
            ("break a loop", { try $0.remove("f/two") }),
            ("create the dangling target", { try $0.write("lib/missing.txt", "m\n") }),
            (
                "retarget a chain",
                { repo in
                    try repo.remove("lib/alias.txt")
                    try repo.link("lib/alias.txt", to: "tools/t.txt")
                }
            ),
        ]
    }

    func key(_ inputs: [(input: LinkInput, at: RepoPath)]) -> [String] {
        inputs.map { "\($0.input.target) \($0.input.link) \($0.input.isDirectory) \($0.at)" }
    }

    /// Every path of the repository, every directory above one, and paths it does not have.
    func probes(_ snapshot: Snapshot) -> [RepoPath] {
        var paths = Set<RepoPath>()
        snapshot.table.forEachEntry(under: .root) { entry in
            paths.insert(entry.path)
            paths.formUnion(entry.path.ancestors.filter { !$0.isRoot })
            return true
        }
        for extra in ["lib/gen/new.txt", "lib/tools/none", "c/tools/t.txt", "nowhere", "f/self/x", "lib/x.txt/in"] {
            paths.insert(RepoPath(extra))
        }
        return paths.sorted()
    }

    /// HEAD of `repository()`: its snapshot and workspace, its graph walked whole, and that graph's cache file.
    func headAndFile() throws -> (
        snapshot: CommitSnapshot, workspace: Workspace, whole: DependencyGraph, file: MappedGraphFile
    ) {
        let repo = try repository()
        let repository = try Repository(discoveringFrom: repo.path)
        let snapshot = try CommitSnapshot(repository, commit: try repository.resolveCommit("HEAD"))
        let workspace = try Workspace(snapshot)
        let whole = try DependencyGraph(workspace, cache: LinkTextCache(), previous: nil, changedPaths: [])
        let tree = try repository.treeID(ofCommit: try repository.resolveCommit("HEAD"))
        let file = try #require(MappedGraphFile.reading(GraphCache.encode(whole.resolutions, tree: tree), tree: tree))
        return (snapshot, workspace, whole, file)
    }

    @Test func everyAnswerReadInPlace_isTheWholeFilesAnswer() throws {
        let (snapshot, workspace, whole, file) = try headAndFile()
        let links = LinkResolutions(file: file, snapshot: snapshot, texts: LinkTextCache())
        let inPlace = try DependencyGraph(workspace, cache: LinkTextCache(), links: links, changedPaths: [])
        #expect(whole.resolutions.values.contains { $0.outcome == .loop })
        for path in probes(snapshot) {
            #expect(key(inPlace.linkInputs(touchedBy: path)) == key(whole.linkInputs(touchedBy: path)), "\(path)")
            #expect(inPlace.resolution(of: path) == whole.resolutions[path], "\(path)")
            let inside = { (g: DependencyGraph) in g.linkInputs(inside: path).map { "\($0.path) \($0.input)" } }
            #expect(inside(inPlace) == inside(whole), "\(path)")
            let unstable = Set([path] + path.ancestors.filter { !$0.isRoot })
            let moved = whole.resolutions.values.contains { DependencyGraph.touches($0, unstable) }
            #expect(links.anyTouched(unstable, Array(unstable)) == moved, "\(path)")
        }
        #expect(links.isInPlace, "every answer above came from the file, none from decoding it whole")
        #expect(inPlace.resolutions == whole.resolutions)
    }

    @Test func answersAskedInAnyOrder_areTheWholeFilesAnswers() throws {
        let (snapshot, workspace, whole, file) = try headAndFile()
        let sorted = probes(snapshot)
        // Backwards, and deepest and shallowest in turn: each lookup leaves a different directory chain behind.
        let byDepth = sorted.sorted { ($0.ancestors.count, $0) < ($1.ancestors.count, $1) }
        let alternating = (0..<byDepth.count).map {
            $0 % 2 == 0 ? byDepth[byDepth.count - 1 - $0 / 2] : byDepth[$0 / 2]
        }
        for order in [sorted.reversed(), alternating] {
            let links = LinkResolutions(file: file, snapshot: snapshot, texts: LinkTextCache())
            let inPlace = try DependencyGraph(workspace, cache: LinkTextCache(), links: links, changedPaths: [])
            for path in order {
                #expect(key(inPlace.linkInputs(touchedBy: path)) == key(whole.linkInputs(touchedBy: path)), "\(path)")
            }
            #expect(links.isInPlace)
        }
    }

    /// The graphs of both sides of `edit`'s commit: from whole resolutions, and from the base's file in place.
    func sides(_ edit: (TemporaryRepository) throws -> Void, _ label: String) throws -> (
        whole: (base: DependencyGraph, head: DependencyGraph), inPlace: (base: DependencyGraph, head: DependencyGraph),
        probes: [RepoPath]
    ) {
        let repo = try repository()
        try edit(repo)
        _ = try repo.commitAll(label)
        let repository = try Repository(discoveringFrom: repo.path)
        let request = ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false))
        let changeSet = try ChangeSet.make(repository, request)
        let contentOnly = Set(
            changeSet.changes.filter { $0.kind == .modified && $0.oldMode == $0.newMode && $0.newMode == .regular }
                .map(\.path))
        let (base, head) = (try Workspace(changeSet.base), try Workspace(changeSet.head))
        let texts = LinkTextCache()
        let wholeBase = try DependencyGraph(base, cache: texts, previous: nil, changedPaths: [])
        let wholeHead = try DependencyGraph(
            head, cache: texts, previous: wholeBase.resolutions, changedPaths: changeSet.touchedPaths,
            contentOnly: contentOnly, previousGraph: wholeBase)
        let tree = try repository.treeID(ofCommit: try repository.resolveCommit("HEAD~1"))
        let bytes = GraphCache.encode(wholeBase.resolutions, tree: tree)
        let file = try #require(MappedGraphFile.reading(bytes, tree: tree))
        let links = LinkResolutions(file: file, snapshot: changeSet.base, texts: texts)
        let mappedBase = try DependencyGraph(base, cache: texts, links: links, changedPaths: [])
        let mappedHead = try DependencyGraph(
            head, cache: texts, links: mappedBase.links, changedPaths: changeSet.touchedPaths,
            contentOnly: contentOnly, previousGraph: mappedBase)
        let probes = Set(probes(changeSet.base)).union(probes(changeSet.head)).sorted()
        return ((wholeBase, wholeHead), (mappedBase, mappedHead), probes)
    }

    @Test func aHeadDerivedInPlace_answersAsOneDerivedFromWholeResolutions_forEveryEdit() throws {
        for (label, edit) in edits {
            let (whole, inPlace, probes) = try sides(edit, label)
            #expect(inPlace.head.links.isInPlace, "\(label): the head is read through the base's file")
            #expect(inPlace.head.walkedLinks == whole.head.walkedLinks, "\(label)")
            #expect(inPlace.head.sameLinksAsPrevious == whole.head.sameLinksAsPrevious, "\(label)")
            #expect(inPlace.head.links.count == whole.head.resolutions.count, "\(label)")
            for (mapped, plain, side) in [(inPlace.base, whole.base, "base"), (inPlace.head, whole.head, "head")] {
                for path in probes {
                    let what = "\(label), \(side), \(path)"
                    #expect(
                        key(mapped.linkInputs(touchedBy: path)) == key(plain.linkInputs(touchedBy: path)), "\(what)")
                    #expect(mapped.resolution(of: path) == plain.resolutions[path], "\(what)")
                    let inside = { (g: DependencyGraph) in g.linkInputs(inside: path).map { "\($0.path) \($0.input)" } }
                    #expect(inside(mapped) == inside(plain), "\(what)")
                }
                #expect(mapped.links.isInPlace, "\(label), \(side): answered in place")
            }
            // Decoded whole last: the head reads through the base's file, which this decodes.
            #expect(inPlace.base.resolutions == whole.base.resolutions, "\(label)")
            #expect(inPlace.head.resolutions == whole.head.resolutions, "\(label)")
            #expect(whole.head.walkedLinks > 0 || label.hasPrefix("edit"), "\(label): the edit moves links")
        }
    }

    @Test func warmRuns_readTheBaseInPlace_andAgreeWithUncachedRuns() throws {
        for (label, edit) in edits {
            let repo = try repository()
            try edit(repo)
            _ = try repo.commitAll(label)
            let repository = try Repository(discoveringFrom: repo.path)
            let cache = try #require(GraphCache.of(repository, environment: [:]))
            for source in [
                ChangeSource.range("HEAD~1", "HEAD", threeDot: false), .range("HEAD", "HEAD~1", threeDot: false),
            ] {
                let request = ChangeRequest(source: source)
                let plain = try Affected(try ChangeSet.make(repository, request), graphCache: nil)
                for run in ["cold", "warm"] {
                    let cached = try Affected(try ChangeSet.make(repository, request), graphCache: cache)
                    if run == "warm" && label == "edit a file no link reads" {
                        #expect(cached.base.links.isInPlace && cached.head.links.isInPlace, "\(label): read in place")
                        #expect(cached.head.sameLinksAsPrevious)
                    }
                    let what = "\(label), \(source), \(run)"
                    #expect(cached.targets == plain.targets, "\(what)")
                    #expect(cached.base.resolutions == plain.base.resolutions, "\(what): base")
                    #expect(cached.head.resolutions == plain.head.resolutions, "\(what): head")
                    #expect(cached.base.linkInputs == plain.base.linkInputs, "\(what): base inputs")
                    #expect(cached.head.linkInputs == plain.head.linkInputs, "\(what): head inputs")
                }
            }
        }
    }

    /// A committed edit, its uncached answer, and the cache warmed by one run.
    func warmed(_ label: String, adding: Bool = false) throws -> (
        TemporaryRepository, Repository, GraphCache, Affected, ObjectID
    ) {
        let repo = try repository()
        try repo.write(adding ? "lib/new.txt" : "lib/tools/t.txt", "t2\n")
        _ = try repo.commitAll(label)
        let repository = try Repository(discoveringFrom: repo.path)
        let cache = try #require(GraphCache.of(repository, environment: [:]))
        let request = ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false))
        let plain = try Affected(try ChangeSet.make(repository, request), graphCache: nil)
        _ = try Affected(try ChangeSet.make(repository, request), graphCache: cache)
        let base = try repository.treeID(ofCommit: try repository.resolveCommit("HEAD~1"))
        return (repo, repository, cache, plain, base)
    }

    /// A file edited (the damage found answering which links read it, after the cache is written) or added
    /// (found while the head's links are counted, before).
    @Test(arguments: [false, true])
    func aDamagedBlock_isFoundWhenRead_andTheLinksAreWalkedAgain(adding: Bool) throws {
        let (repo, repository, cache, plain, base) = try warmed("damaged", adding: adding)
        var bytes = try #require(FileManager.default.contents(atPath: cache.file(for: base)).map { [UInt8]($0) })
        #expect(GraphCache.decode(bytes, tree: base) != nil)
        // A byte in the path table: the header and the block checksums still agree, the block does not.
        bytes[GraphCache.headerSize + 2] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: cache.file(for: base)))
        #expect(cache.entry(base) != nil, "opens: the damage is in a block not read yet")
        #expect(cache.load(base) == nil, "read whole, the damage is found")
        try Data(bytes).write(to: URL(fileURLWithPath: cache.file(for: base)))
        let request = ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false))
        let again = try Affected(try ChangeSet.make(repository, request), graphCache: cache)
        #expect(again.base.recoveredFromDamage)
        #expect(again.targets == plain.targets)
        #expect(again.base.resolutions == plain.base.resolutions)
        #expect(again.head.resolutions == plain.head.resolutions)
        // Found before the cache is written, the file is rewritten at once; found later, it is removed.
        #expect(cache.load(base) == (adding ? plain.base.resolutions : nil))
        let next = try Affected(try ChangeSet.make(repository, request), graphCache: cache)
        #expect(!next.base.recoveredFromDamage && next.targets == plain.targets)
        #expect(cache.load(base) == plain.base.resolutions, "rewritten")
        withExtendedLifetime(repo) {}
    }

    @Test func aTruncatedForeignOrOtherTreesFile_isAMiss_andRewritten() throws {
        let (repo, repository, cache, plain, base) = try warmed("bad")
        let good = try #require(FileManager.default.contents(atPath: cache.file(for: base)))
        let other = try repository.treeID(ofCommit: try repository.resolveCommit("HEAD"))
        let foreign = GraphCache.encode(plain.head.resolutions, tree: other)
        for bad in [good.prefix(good.count - 8), good + Data([0]), Data(foreign), Data("PFGRAPH\0".utf8)] {
            try bad.write(to: URL(fileURLWithPath: cache.file(for: base)))
            #expect(cache.entry(base) == nil, "\(bad.count) bytes")
            let request = ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false))
            let again = try Affected(try ChangeSet.make(repository, request), graphCache: cache)
            #expect(again.targets == plain.targets)
            #expect(again.base.walkedLinks > 0, "a miss: the base walked")
            #expect(cache.load(base) == plain.base.resolutions, "rewritten")
        }
        withExtendedLifetime(repo) {}
    }

    /// `bytes` with the format version `version`, sealed again: a sound file in every other respect.
    func sealed(_ bytes: [UInt8], version: UInt32) -> [UInt8] {
        var bytes = bytes
        withUnsafeBytes(of: version.littleEndian) { bytes.replaceSubrange(8..<12, with: $0) }
        let sumsAt = 40 + 8 * GraphCache.Section.sums.rawValue
        let sums = bytes.withUnsafeBytes {
            Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: sumsAt, as: UInt32.self)))
        }
        let covered = Array(bytes[..<GraphCache.headerSize]) + bytes[sums..<(bytes.count - 8)]
        let trailer = covered.withUnsafeBytes { WordDigest.of($0, seed: GraphCache.trailerSeed) }
        withUnsafeBytes(of: trailer.littleEndian) { bytes.replaceSubrange((bytes.count - 8)..., with: $0) }
        return bytes
    }

    @Test func aFileOfTheOldFormatVersion_isAMiss() throws {
        let (repo, repository, cache, plain, base) = try warmed("old")
        let good = try #require(FileManager.default.contents(atPath: cache.file(for: base)).map { [UInt8]($0) })
        #expect(GraphCache.decode(sealed(good, version: GraphCache.formatVersion), tree: base) != nil)
        let old = sealed(good, version: 3)
        #expect(GraphCache.decode(old, tree: base) == nil)
        try Data(old).write(to: URL(fileURLWithPath: cache.file(for: base)))
        #expect(cache.entry(base) == nil)
        let request = ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false))
        let again = try Affected(try ChangeSet.make(repository, request), graphCache: cache)
        #expect(again.base.walkedLinks > 0)
        #expect(again.targets == plain.targets)
        #expect(cache.load(base) == plain.base.resolutions)
        withExtendedLifetime(repo) {}
    }
}
