import Testing

@testable import Model

/// Paths compared and placed as bytes, without building their directories.
@Suite struct RepoPathTests {
    let samples = ["", "a", "a/b", "a/b/c", "a/bc", "a/b.c", "ab", "a-b/c", "b", "a/b/c/d", "\u{e9}/x"]

    @Test func equality_isByteEquality() {
        for x in samples {
            for y in samples {
                #expect((RepoPath(trusted: Array(x.utf8)) == RepoPath(trusted: Array(y.utf8))) == (x == y), "\(x) \(y)")
            }
        }
        #expect(RepoPath(bytes: [0xff, 0x2f, 0x61]) == RepoPath(bytes: [0xff, 0x2f, 0x61]))
        #expect(RepoPath(bytes: [0xff, 0x2f, 0x61]) != RepoPath(bytes: [0xfe, 0x2f, 0x61]))
    }

    @Test func isBelow_andIsDirectlyIn_agreeWithTheAncestors() {
        for x in samples {
            let path = RepoPath(trusted: Array(x.utf8))
            for y in samples {
                let dir = RepoPath(trusted: Array(y.utf8))
                #expect(path.isBelow(dir) == (path.ancestors.contains(dir) && path != dir), "\(x) below \(y)")
                #expect(path.isDirectlyIn(dir) == (!path.isRoot && path.parent == dir), "\(x) in \(y)")
            }
        }
    }
}
