import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// The cache-tree as git writes and invalidates it, and damaged index files refused rather than misread.
@Suite struct IndexFileCacheTreeTests {
    /// The repository's index file, as bytes.
    func indexBytes(_ repo: TemporaryRepository) throws -> [UInt8] {
        let repository = try Repository(discoveringFrom: repo.path)
        return Array(try #require(FileManager.default.contents(atPath: repository.indexPath)))
    }

    @Test func validCacheTreeNodes_areTheTreesGitWriteTreeWrites_andEditedDirectoriesAreInvalid() throws {
        let repo = try IndexFileGitTests.repository()
        try repo.write("a/deep/two.txt", "edited\n")
        try repo.git("add", "a/deep/two.txt")
        let repository = try Repository(discoveringFrom: repo.path)
        let file = try #require(IndexFile.read(repository.indexPath))
        // git invalidates the edited path's directories only.
        for dir in ["", "a", "a/deep"] { #expect(file.cacheTreeID(Array(dir.utf8)) == nil, "\(dir)") }
        // Written into a copy of the index, so the one read above stays as it is.
        let copy = repo.path + "/.git/index-copy"
        try repo.run(["cp", repository.indexPath, copy])
        let written = try repo.git("write-tree", environment: ["GIT_INDEX_FILE": copy])
        let valid = file.validCacheTrees()
        #expect(valid.count >= 3)
        for (dir, id) in valid {
            guard let name = dir.utf8String else { continue }
            let expected = try repo.git("rev-parse", "\(written):\(name)")
            #expect(id.hex == expected, "\(dir)")
            #expect(file.cacheTreeID(dir.bytes) == id)
        }
        #expect(file.cacheTreeID(Array("b".utf8)) != nil)
        #expect(file.cacheTreeID(Array("no/such".utf8)) == nil)
        #expect(file.treeID()?.hex == written)
    }

    @Test func aTreeIDStartedOnAnotherThread_isTheOneWriteTreeWrites_andTheOneComputedInPlace() throws {
        let repo = try IndexFileGitTests.repository()
        try repo.write("a/deep/two.txt", "edited again\n")
        try repo.git("add", "a/deep/two.txt")
        let repository = try Repository(discoveringFrom: repo.path)
        let early = try #require(IndexFile.read(repository.indexPath))
        let inPlace = try #require(IndexFile.read(repository.indexPath))
        early.startTreeID()
        early.startTreeID()  // a second start does nothing
        let copy = repo.path + "/.git/index-copy"
        try repo.run(["cp", repository.indexPath, copy])
        let written = try repo.git("write-tree", environment: ["GIT_INDEX_FILE": copy])
        #expect(early.treeID()?.hex == written)
        #expect(early.treeID() == inPlace.treeID())
        #expect(early.treeID(budget: 10) == nil, "another budget is computed, not taken from the early one")
    }

    @Test func aTruncatedIndex_isNilOrListsEveryEntry_neverAWrongAnswer() throws {
        let repo = try IndexFileGitTests.repository()
        let bytes = try indexBytes(repo)
        let whole = try #require(bytes.withUnsafeBytes { IndexFile.parse($0) })
        let entries = IndexListing(whole).materialize()
        var refused = 0
        for length in stride(from: 0, to: bytes.count, by: 3) {
            guard let file = bytes.prefix(length).withUnsafeBytes({ IndexFile.parse($0) })
            else {
                refused += 1
                continue
            }
            #expect(IndexListing(file).materialize() == entries, "truncated at \(length)")
        }
        #expect(refused > 0)
    }

    @Test func garbledEntries_areRefused() throws {
        let repo = try IndexFileGitTests.repository()
        let bytes = try indexBytes(repo)
        #expect(bytes.withUnsafeBytes { IndexFile.parse($0) } != nil)
        func refused(_ edit: (inout [UInt8]) -> Void) -> Bool {
            var copy = bytes
            edit(&copy)
            return copy.withUnsafeBytes { IndexFile.parse($0) } == nil
        }
        // The first entry's name length no longer matches its path.
        #expect(refused { $0[12 + 61] &+= 1 })
        // A version this reader does not know.
        #expect(refused { $0[7] = 5 })
        // Two entries out of order: the first path's first byte raised above every other.
        #expect(refused { $0[12 + 62] = 0x7e })
        // More entries claimed than the file holds.
        #expect(refused { $0[11] &+= 1 })
        // An extension git requires readers to understand ("TREE" renamed to lowercase "tREE").
        #expect(
            refused { copy in
                if let t = Self.find(Array("TREE".utf8), in: copy) { copy[t] = UInt8(ascii: "t") }
            })
    }

    @Test func aReservedExtendedFlag_isRefused() throws {
        let repo = try IndexFileGitTests.repository()
        try repo.git("update-index", "--index-version", "3")
        try repo.git("update-index", "--skip-worktree", "a.b")
        var bytes = try indexBytes(repo)
        #expect(bytes.withUnsafeBytes { IndexFile.parse($0) } != nil)
        // The entry "a.b" comes first; its extended flags follow its 62-byte record.
        let entry = 12
        #expect(bytes[entry + 60] & 0x40 != 0)
        bytes[entry + 62] |= 0x80
        #expect(bytes.withUnsafeBytes { IndexFile.parse($0) } == nil)
    }

    /// A path with an empty component (`/cs`), which git never writes, gives no tree id: found by `make fuzz`
    /// (Tests/Fuzz/index), where the walk recursed into the same directory until the stack ran out.
    @Test func aPathWithAnEmptyComponent_hasNoTreeID() throws {
        let repo = try TemporaryRepository()
        try repo.write("xcs", "x\n")
        try repo.write("y/z", "z\n")
        try repo.git("add", "-A")
        var bytes = try indexBytes(repo)
        let written = try repo.git("write-tree").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(bytes.withUnsafeBytes { IndexFile.parse($0) }?.treeID()?.hex == written)
        // The first entry's path "xcs" becomes "/cs": the same length, still first in git's order.
        bytes[12 + 62] = UInt8(ascii: "/")
        let garbled = try #require(bytes.withUnsafeBytes { IndexFile.parse($0) })
        #expect(garbled.treeID() == nil)
    }

    /// A path 100,000 directories deep, which `git update-index` takes, gives no tree id: the walk, one call per
    /// directory, exhausted the stack (`affected --staged` and the pre-commit hook died with SIGSEGV).
    @Test func aPathTooDeepForATree_hasNoTreeID() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/b", "b\n")
        try repo.git("add", "-A")
        let indexed = try indexBytes(repo)
        #expect(indexed.withUnsafeBytes { IndexFile.parse($0) }?.treeID() != nil)
        let blob = try repo.run(["git", "hash-object", "-w", "--stdin"], input: "x\n")
        let deep = Array(repeating: "a", count: 100_000).joined(separator: "/")
        let line = "100644 \(blob)\t\(deep)\n"
        try repo.run(["git", "update-index", "--index-info"], input: line)
        let index = try #require(try indexBytes(repo).withUnsafeBytes { IndexFile.parse($0) })
        #expect(index.count == 2)
        #expect(index.treeID() == nil)
    }

    /// The offset of the last occurrence of `needle`.
    static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        return (0...(haystack.count - needle.count)).last { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
