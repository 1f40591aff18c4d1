import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// The diff reads entries in place only while a tree is in git's order; a tree written out of order (git never
/// writes one, `git hash-object --literally` can) is read sorted. libgit2's own diff is no oracle there: it walks
/// such a tree as if it were sorted and reports a file both added and deleted.
extension TreeDiffTests {
    /// A tree object of `entries` (name, mode, object id) in exactly the order given.
    func literalTree(_ repo: TemporaryRepository, _ entries: [(String, String, String)]) throws -> ObjectID {
        var bytes: [UInt8] = []
        for (name, mode, hex) in entries {
            bytes += Array("\(mode) \(name)".utf8) + [0]
            let id = try #require(ObjectID(hex: hex))
            bytes += id.rawBytes
        }
        try repo.write(bytes: Array("tree.bin".utf8), bytes)
        defer { try? repo.remove("tree.bin") }
        return try #require(ObjectID(hex: try repo.git("hash-object", "-t", "tree", "-w", "--literally", "tree.bin")))
    }

    func blob(_ repo: TemporaryRepository, _ text: String) throws -> String {
        try repo.run(["git", "hash-object", "-w", "--stdin"], input: text)
    }

    @Test func treesOutOfGitsOrder_areComparedSorted() throws {
        let repo = try TemporaryRepository()
        let (a1, a2) = (try blob(repo, "a1\n"), try blob(repo, "a2\n"))
        let (b, c) = (try blob(repo, "b\n"), try blob(repo, "c\n"))
        let unsorted = try literalTree(repo, [("b.txt", "100644", b), ("a.txt", "100644", a1), ("a", "100644", c)])
        let sorted = try literalTree(repo, [("a", "100644", c), ("a.txt", "100644", a2), ("b.txt", "100644", b)])
        let subUnsorted = try literalTree(repo, [("z", "100644", c), ("d", "40000", unsorted.hex)])
        let subSorted = try literalTree(repo, [("d", "40000", sorted.hex), ("z", "100755", c)])
        let repository = try Repository(discoveringFrom: repo.path)
        for (x, y, a, b) in [(unsorted, sorted, a1, a2), (sorted, unsorted, a2, a1)] {
            let changes = try repository.diff(.trees(x, y))
            #expect(changes.map(\.path.description) == ["a.txt"], "\(changes)")
            #expect(changes.map(\.kind) == [.modified])
            #expect(changes.map { $0.oldID?.hex } == [a] && changes.map { $0.newID?.hex } == [b])
        }
        let nested = try repository.diff(.trees(subUnsorted, subSorted))
        #expect(nested.map(\.path.description) == ["d/a.txt", "z"], "\(nested)")
        #expect(nested.map(\.kind) == [.modified, .modified])
        #expect(try repository.diff(.trees(unsorted, unsorted)).isEmpty)
    }
}
