import Checks
import Foundation
import TestSupport
import Testing

/// Command-line path arguments become repository paths byte for byte.
@Suite struct PathArgumentTests {
    let workdir = Array("/repo".utf8)

    @Test func relativeArgument_isJoinedToTheCurrentDirectory_andDotsApplied() {
        let p = PathArgument.repoPath(Array("./b/../c/x.py".utf8), cwd: Array("/repo/a".utf8), workdir: workdir)
        #expect(p == RepoPath("a/c/x.py"))
    }

    @Test func invalidUTF8Bytes_surviveUnchanged() {
        let name: [UInt8] = Array("d/".utf8) + [0xff, 0xfe] + Array(".py".utf8)
        let p = PathArgument.repoPath(name, cwd: workdir, workdir: workdir)
        #expect(p.bytes == name)
    }

    @Test func absoluteArgumentInsideTheWorkTree_isMadeRelative_andTheRootIsTheRoot() {
        #expect(
            PathArgument.repoPath(Array("/repo/x/y".utf8), cwd: Array("/elsewhere".utf8), workdir: Array("/repo/".utf8))
                == RepoPath("x/y"))
        #expect(PathArgument.repoPath(Array(".".utf8), cwd: workdir, workdir: workdir) == .root)
    }

    @Test func argumentOutsideTheWorkTree_isKeptAsWritten() {
        let p = PathArgument.repoPath(Array("../other/x".utf8), cwd: workdir, workdir: workdir)
        #expect(p == RepoPath("../other/x"))
    }

    @Test func symlinkedWorkTree_matchesThroughTheResolvedParent() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/x.py", "x\n")
        let alias = repo.path + "-alias"
        try FileManager.default.createSymbolicLink(atPath: alias, withDestinationPath: repo.path)
        defer { try? FileManager.default.removeItem(atPath: alias) }
        // The user stands in the alias; libgit2 names the real work tree.
        let p = PathArgument.repoPath(
            Array("x.py".utf8), cwd: Array((alias + "/a").utf8), workdir: Array(repo.path.utf8))
        #expect(p == RepoPath("a/x.py"))
    }

    @Test func rawBytes_matchRepairedArgumentsInOrder() {
        let bad1: [UInt8] = [0x61, 0xff]
        let bad2: [UInt8] = [0x61, 0xfe]
        let argv = [Array("--files".utf8), bad1, bad2, Array("b".utf8)]
        let repaired = [String(decoding: bad1, as: UTF8.self), String(decoding: bad2, as: UTF8.self), "b"]
        #expect(repaired[0] == repaired[1])
        #expect(PathArgument.rawBytes(of: repaired, argv: argv) == [bad1, bad2, Array("b".utf8)])
    }
}
