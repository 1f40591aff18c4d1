import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Model

/// Runnable dirs kept packed and targets made on demand: every answer is the one a table of every target
/// gives, and a marker cache file that is damaged, out of order or of the old format is a miss and is
/// written again, never an answer.
@Suite struct PackedTargetsTests {
    /// Dirs whose marker files come in an order their dirs do not (`a/b-c/…` sorts before `a/b/…`), two
    /// marker names in one dir, a marker at the root, and declared targets at a runnable dir and elsewhere.
    static func repo() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        for file in ["a/b/runnable_dir", "a/b-c/runnable_dir", "a/b/x/runnable_dir", "d/runnable_dir", "d/BUILD"] {
            try repo.write(file)
        }
        try repo.write("runnable_dir")
        try repo.write("lib/x.py", "x = 1\n")
        try repo.write(
            "preflight.toml",
            """
            [workspace]
            markers = ["runnable_dir", "BUILD"]

            [[target]]
            path = "d"
            deps = ["lib"]
            inputs = ["shared/**"]

            [[target]]
            path = "lib"

            """)
        _ = try repo.commitAll("init")
        return repo
    }

    static func describe(_ t: Target) -> String {
        "\(t.id) \(t.kind) deps=\(t.deps.map(\.description)) inputs=\(t.inputs.map(\.pattern))"
    }

    @Test func targetsMadeOnDemand_areTheWholeTable() throws {
        let repo = try Self.repo()
        let changeSet = try ChangeSet.make(try Repository(discoveringFrom: repo.path), ChangeRequest(source: .all))
        let workspace = try Workspace(changeSet.head)
        #expect(
            workspace.targets.map(Self.describe) == [
                "// root deps=[] inputs=[]",
                "a/b runnable deps=[] inputs=[]",
                "a/b-c runnable deps=[] inputs=[]",
                "a/b/x runnable deps=[] inputs=[]",
                "d runnable deps=[\"lib\"] inputs=[\"shared/**\"]",
                "lib declared deps=[] inputs=[]",
            ])
        // Each lookup made on demand is the table's.
        let table = Dictionary(uniqueKeysWithValues: workspace.targets.map { ($0.path, $0) })
        for probe in ["", "a", "a/b", "a/b-c", "a/b/x", "a/b/x/y", "d", "lib", "e", "a/b-", "a/bx"] {
            #expect(workspace.target(at: RepoPath(probe)) == table[RepoPath(probe)], "\(probe)")
        }
        for file in ["a/b/f.py", "a/b-c/f.py", "a/b/x/y/f.py", "a/bx/f.py", "d/f.py", "lib/x.py", "top.txt", "e/f"] {
            let owner = RepoPath(file).ancestors.compactMap { table[$0] }.first
            #expect(workspace.owner(of: RepoPath(file)) == owner, "\(file)")
        }
        #expect(workspace.runnableDirs == Set(["a/b", "a/b-c", "a/b/x", "d"].map(RepoPath.init)))
    }

    @Test func aDirectorySet_searchedOrIndexed_answersAsASet() {
        let dirs = ["a/b", "a/b-c", "a/b/x", "d", "d/e/f", "z"].map(RepoPath.init)
        let set = DirectorySet(dirs.reversed() + dirs)
        #expect(set.paths == dirs)
        for probe in dirs + ["", "a", "a/b/", "a/b-", "a/b/x/y", "d/e", "zz", "y"].map(RepoPath.init) {
            #expect(set.contains(probe) == dirs.contains(probe), "searched: \(probe)")
            #expect(set.indexed().contains(probe) == dirs.contains(probe), "indexed: \(probe)")
        }
        let parents = DirectorySet.parents(
            of: PathList(["a/b-c/m", "a/b/m", "a/b/n", "a/b/x/m", "m", "z/m"].map(RepoPath.init)))
        #expect(parents.paths == ["a/b", "a/b-c", "a/b/x", "z"].map(RepoPath.init))
    }

    @Test func aMarkerFileWithDirsOutOfOrder_isAMiss() throws {
        let tree = try #require(ObjectID(hex: "4b825dc642cb6eb9a060e54bf8d69288fbc4904b"))
        let files = PathList(["a/b-c/m", "a/b/m"].map(RepoPath.init))
        let sound = Markers(files: files)
        let bytes = MarkerCache.encode(sound, tree: tree, names: ["m"])
        #expect(MarkerCache.decodeMarkers(MappedBytes(copying: bytes), tree: tree, names: ["m"]) == sound)
        let dirs = DirectorySet(sorted: PathList(["a/b-c", "a/b"].map(RepoPath.init)))
        let unordered = MarkerCache.encode(Markers(files: files, dirs: dirs), tree: tree, names: ["m"])
        #expect(MarkerCache.decodeMarkers(MappedBytes(copying: unordered), tree: tree, names: ["m"]) == nil)
    }

    /// A sound marker cache file of format 1: each path as (u32 length, bytes), summed with `WordDigest`.
    static func formatOne(_ paths: [RepoPath], tree: ObjectID, names: [String]) -> [UInt8] {
        var out = MarkerCache.magic
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        u32(1)
        out += tree.rawBytes
        withUnsafeBytes(of: MarkerCache.digest(names).littleEndian) { out.append(contentsOf: $0) }
        u32(paths.count)
        for path in paths {
            u32(path.bytes.count)
            out += path.bytes
        }
        let sum = out.withUnsafeBytes { WordDigest.of($0, seed: 0x2545_f491_4f6c_dd1d) }
        withUnsafeBytes(of: sum.littleEndian) { out.append(contentsOf: $0) }
        return out
    }

    @Test(arguments: ["damaged", "old format", "sound"])
    func aBadMarkerCacheFile_isAMiss_andIsWrittenAgain(file: String) throws {
        let repo = try Self.repo()
        try repo.write("a/b/y.py", "y = 1\n")
        _ = try repo.git("add", "-A")
        let repository = try Repository(discoveringFrom: repo.path)
        let cache = try #require(GraphCache.of(commonDir: repository.commonDir, environment: [:]))
        let markers = MarkerCache(directory: cache.directory)
        let base = try repository.treeID(ofCommit: try #require(try repository.headCommit()))
        let names = ["runnable_dir", "BUILD"]
        let request = ChangeRequest(source: .staged)
        let plain = try Affected(try ChangeSet.make(repository, request), graphCache: nil)
        _ = try Affected(try ChangeSet.make(repository, request), graphCache: cache)
        let written = try #require(GraphCache.contents(of: markers.file(for: base)))
        switch file {
        case "damaged":
            var bytes = written
            bytes[bytes.count / 2] ^= 0x40
            try Data(bytes).write(to: URL(fileURLWithPath: markers.file(for: base)))
        case "old format":
            let paths = plain.base.workspace.markerFiles
            let bytes = Self.formatOne(paths, tree: base, names: names)
            try Data(bytes).write(to: URL(fileURLWithPath: markers.file(for: base)))
        default: break
        }
        #expect((markers.load(base, names: names) != nil) == (file == "sound"))
        let warm = try Affected(try ChangeSet.make(repository, request), graphCache: cache)
        #expect(warm.targets == plain.targets)
        #expect(warm.head.workspace.targets == plain.head.workspace.targets)
        #expect(markers.load(base, names: names)?.files.paths == plain.base.workspace.markerFiles)
    }
}
