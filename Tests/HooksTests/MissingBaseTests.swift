import Foundation
import TestSupport
import Testing

/// Shallow clones: exit 3 by default, everything with `--on-missing-base all`, the exact answer with `deepen`.
@Suite struct MissingBaseTests {
    /// An origin with history on main and a feature branch, and a `--depth 1` clone of it on feature.
    func shallowClone() throws -> (origin: TemporaryRepository, clone: TemporaryRepository) {
        let origin = try TemporaryRepository()
        for dir in ["a", "b", "c"] {
            try origin.write("\(dir)/runnable_dir")
            try origin.write("\(dir)/main.py", "\(dir)\n")
        }
        try origin.commitAll("init")
        for i in 1...3 {
            try origin.write("c/history\(i).py", "\(i)\n")
            try origin.commitAll("main \(i)")
        }
        try origin.git("checkout", "-q", "-b", "feature")
        try origin.write("a/main.py", "changed on feature\n")
        try origin.commitAll("feature 1")
        try origin.write("a/more.py", "more\n")
        try origin.commitAll("feature 2")
        let clonePath = origin.path + "-clone"
        try origin.run([
            "git", "clone", "-q", "--depth", "1", "--no-single-branch", "-b", "feature",
            "file://" + origin.path, clonePath,
        ])
        let clone = try TemporaryRepository(adopting: clonePath)
        return (origin, clone)
    }

    @Test func shallowClone_isExit3ByDefault_namingTheRefAndTheFix() throws {
        let (_, clone) = try shallowClone()
        #expect(try clone.git("rev-parse", "--is-shallow-repository") == "true")
        let r = try Preflight.run(["affected", "--changed-since", "main"], in: clone.path)
        #expect(r.status == 3)
        #expect(r.stderr.contains("'main'"))
        #expect(r.stderr.contains("shallow"))
        #expect(r.stderr.contains("--on-missing-base"))
    }

    @Test func shallowClone_withPolicyAll_marksEveryTargetAffected() throws {
        let (_, clone) = try shallowClone()
        let r = try Preflight.run(
            ["affected", "--changed-since", "main", "--on-missing-base", "all", "--format", "json"],
            in: clone.path)
        #expect(r.status == 0, "\(r.stderr)")
        let j = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let targets = try #require(j["targets"] as? [[String: Any]])
        #expect(targets.compactMap { $0["id"] as? String } == ["//", "a", "b", "c"])
        for t in targets {
            #expect((t["reasons"] as? [[String: Any]])?.compactMap { $0["kind"] as? String } == ["missing-base"])
        }
    }

    @Test func shallowClone_withDeepen_givesTheExactAnswer() throws {
        let (origin, clone) = try shallowClone()
        let expected = try Preflight.run(["affected", "--changed-since", "main", "--format", "json"], in: origin.path)
        let r = try Preflight.run(
            [
                "affected", "--changed-since", "main", "--on-missing-base", "deepen",
                "--format", "json",
            ], in: clone.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("git fetch"))
        // Same targets and reasons as the full repository; only the base label (a sha) must agree too.
        #expect(r.stdout == expected.stdout)
    }

    @Test func singleBranchShallowClone_withDeepen_fetchesTheMissingBranch() throws {
        let (origin, _) = try shallowClone()
        let path = origin.path + "-single"
        try origin.run(["git", "clone", "-q", "--depth", "1", "-b", "feature", "file://" + origin.path, path])
        let clone = try TemporaryRepository(adopting: path)
        let plain = try Preflight.run(["affected", "--changed-since", "main"], in: clone.path)
        #expect(plain.status == 3)
        let r = try Preflight.run(
            ["affected", "--changed-since", "main", "--on-missing-base", "deepen", "--format", "json"],
            in: clone.path)
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try Preflight.run(["affected", "--changed-since", "main", "--format", "json"], in: origin.path)
        #expect(r.stdout == expected.stdout)
    }
}
