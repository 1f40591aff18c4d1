import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Git
@testable import Model

/// The diff parses tree objects itself: the modes it reports are libgit2's, and a tree that does not parse is an
/// error, never a change list.
extension TreeDiffTests {
    /// A tree object of exactly `bytes`, written as git would store any bytes given as a tree.
    func rawTree(_ repo: TemporaryRepository, _ bytes: [UInt8]) throws -> ObjectID {
        try repo.write(bytes: Array("tree.bin".utf8), bytes)
        defer { try? repo.remove("tree.bin") }
        return try #require(ObjectID(hex: try repo.git("hash-object", "-t", "tree", "-w", "--literally", "tree.bin")))
    }

    @Test func storedModes_areReportedAsLibgit2NormalisesThem() throws {
        let repo = try TemporaryRepository()
        let (x, y) = (try blob(repo, "x\n"), try blob(repo, "y\n"))
        // Old gits wrote 100664 for a group-writable file; libgit2 reports 100644, and an exec bit wins.
        let old = try literalTree(repo, [("a", "100664", x), ("b", "100644", x), ("c", "120755", x)])
        let new = try literalTree(repo, [("a", "100644", y), ("b", "100664", x), ("c", "120755", y)])
        let changes = try Repository(discoveringFrom: repo.path).diff(.trees(old, new))
        #expect(changes.map(\.path.description) == ["a", "c"], "\(changes)")
        #expect(changes.map(\.oldMode) == [.regular, .executable])
        #expect(changes.map(\.newMode) == [.regular, .executable])
    }

    @Test(arguments: [
        ("100644a\0", "missing space after filemode"), ("x100644 a\0", "can't parse filemode"),
        ("100644", "missing space after filemode"), ("100644 a", "object is corrupted"),
        ("100644 \0", "can't parse filename"), ("100644 a\0short", "can't parse OID"),
        ("200000 a\0", "can't parse filemode"),
    ])
    func aTreeThatDoesNotParse_isAnError_namingWhatFailed(bytes: String, failure: String) throws {
        let repo = try TemporaryRepository()
        let id = try blob(repo, "x\n")
        let good = try literalTree(repo, [("a", "100644", id)])
        var raw = Array(bytes.utf8)
        // A whole id after a name that ends, so only what the case names is wrong.
        if raw.last == 0 { raw += try #require(ObjectID(hex: id)).rawBytes }
        let bad = try rawTree(repo, raw)
        let repository = try Repository(discoveringFrom: repo.path)
        #expect {
            _ = try repository.diff(.trees(good, bad))
        } throws: { error in
            "\(error)".contains("failed to parse tree: \(failure)")
        }
        // libgit2's own parser says the same of the same bytes.
        #expect {
            _ = try repository.treeChildren(bad)
        } throws: { error in
            "\(error)".contains("failed to parse tree: \(failure)")
        }
    }
}
