import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Model
@testable import Rules

/// `symlink` on long chains: a chain the kernel follows is no finding, a chain longer than its limit is
/// "too many links", and only a walk that comes back to a path it has seen is a loop.
@Suite struct SymlinkChainTests {
    /// A repository whose `c/l1 -> l2 -> ... -> l<count>` chain ends at the file `c/file`.
    func chain(of count: Int) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("c/file", "end\n")
        try repo.commitAll("base")
        for i in 1...count { try repo.link("c/l\(i)", to: i == count ? "file" : "l\(i + 1)") }
        try repo.git("add", "-A")
        return repo
    }

    /// What the kernel says when opening `relative` in `repo`: 0, or the errno.
    func kernelOpen(_ repo: TemporaryRepository, _ relative: String) -> Int32 {
        let fd = open(repo.path + "/" + relative, O_RDONLY)
        if fd < 0 { return errno }
        close(fd)
        return 0
    }

    @Test(arguments: Mode.allCases) func aChainOfFortyLinksEndingInAFile_isNoFinding(mode: Mode) throws {
        let repo = try chain(of: LinkResolver.maxHops)
        #expect(kernelOpen(repo, "c/l1") == 0)
        #expect(try CheckTesting.findings(SymlinkCheck(), repo, mode).isEmpty)
    }

    @Test(arguments: Mode.allCases) func aChainOfFortyOneLinks_isTooManyLinksNotALoop(mode: Mode) throws {
        let repo = try chain(of: LinkResolver.maxHops + 1)
        #expect(kernelOpen(repo, "c/l1") == ELOOP)
        let found = try CheckTesting.findings(SymlinkCheck(), repo, mode)
        let first = try #require(found.first { $0.path == RepoPath("c/l1") })
        #expect(first.message.hasPrefix("link chain longer than 40 links: c/l1 -> c/l2 -> "), "\(first.message)")
        #expect(!found.contains { $0.message.contains("loop") })
        // Only the head of the chain is too long: from c/l2 on it is 40 links.
        #expect(found.map(\.path) == [RepoPath("c/l1")])
    }

    @Test(arguments: Mode.allCases) func aLongChainEndingInACycle_isALoopAndNamesTheRing(mode: Mode) throws {
        let repo = try TemporaryRepository()
        try repo.commitAll("base")
        for i in 1...5 { try repo.link("c/l\(i)", to: "l\(i + 1)") }
        try repo.link("c/l6", to: "l4")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(SymlinkCheck(), repo, mode)
        let first = try #require(found.first { $0.path == RepoPath("c/l1") })
        #expect(first.message == "link loop: c/l1 -> c/l2 -> c/l3 -> c/l4 -> c/l5 -> c/l6 -> c/l4")
        #expect(found.count == 6)
        #expect(found.allSatisfy { $0.message.hasPrefix("link loop: ") })
    }

    @Test(arguments: Mode.allCases) func aLinkThroughItselfThatNeverRepeats_isTooManyLinks(mode: Mode) throws {
        let repo = try TemporaryRepository()
        try repo.commitAll("base")
        try repo.link("d/grow", to: "grow/x")
        try repo.git("add", "-A")
        #expect(kernelOpen(repo, "d/grow") == ELOOP)
        let found = try CheckTesting.findings(SymlinkCheck(), repo, mode)
        #expect(found.count == 1)
        #expect(found.first?.message.hasPrefix("link chain longer than 40 links: d/grow -> d/grow -> ") == true)
    }
}
