import Foundation
import TestSupport
import Testing

/// Read-only commands change nothing in the repository but the graph cache (`.git/preflight/cache/`): the
/// index, HEAD, refs, every other file under `.git` and every working-tree file hash the same after.
@Suite struct ReadOnlyTests {
    @Test(arguments: [
        ["affected"], ["affected", "--staged"], ["affected", "--changed-since", "main", "--untracked"],
        ["affected", "--changed-since", "main", "--committed-only", "--explain"],
        ["affected", "--range", "main...HEAD"],
        ["affected", "--all", "--format", "json"], ["affected", "--files", "a/main.py"],
        ["affected", "--why-not", "a"],
        ["targets"], ["targets", "--format", "json"],
        ["check", "--staged"], ["check", "--changed-since", "main", "--untracked"],
        ["check", "--all", "--format", "json"], ["check", "--range", "main...HEAD", "--format", "sarif"],
        ["lock", "check", "--staged"], ["lock", "check", "--all"],
    ])
    func command_changesNothingButTheGraphCache(_ args: [String]) throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.write("a/main.py", "one\n")
        try repo.write("helpers_root/h.py", "h\n")
        try repo.link("a/h.py", to: "../helpers_root/h.py")
        try repo.commitAll("init")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("a/main.py", "one\ntwo\n")
        try repo.commitAll("edit")
        // A partially staged file, an unstaged edit and an untracked file: all must survive untouched.
        try repo.write("a/main.py", "one\ntwo\nstaged\n")
        try repo.git("add", "a/main.py")
        try repo.write("a/main.py", "one\ntwo\nstaged\nunstaged\n")
        try repo.write("helpers_root/h.py", "h edited\n")
        try repo.write("untracked.txt", "u\n")
        let before = try repo.fingerprint()
        let gitBefore = try gitDirectoryFingerprint(repo)
        let stash = try repo.git("stash", "list")
        let r = try Preflight.run(args, in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try repo.fingerprint() == before)
        #expect(try gitDirectoryFingerprint(repo) == gitBefore)
        #expect(try repo.git("stash", "list") == stash)
    }

    @Test func theGraphCache_isTheOneThingAffectedWrites_andTheFingerprintSeesOtherWrites() throws {
        let repo = try TemporaryRepository()
        try repo.write("a/runnable_dir")
        try repo.commitAll("init")
        let before = try gitDirectoryFingerprint(repo)
        #expect(try Preflight.run(["affected", "--all"], in: repo.path).status == 0)
        let cache = try repo.git("rev-parse", "--absolute-git-dir") + "/preflight/cache"
        #expect(!(try FileManager.default.contentsOfDirectory(atPath: cache)).isEmpty)
        #expect(try gitDirectoryFingerprint(repo) == before)
        try repo.git("tag", "v1")
        #expect(try gitDirectoryFingerprint(repo) != before)
    }

    /// Every file under the git directory (HEAD, the index, refs, objects, config, logs) with its bytes'
    /// hash, except the graph cache, which read-only commands may write.
    func gitDirectoryFingerprint(_ repo: TemporaryRepository) throws -> String {
        let gitDir = try repo.git("rev-parse", "--absolute-git-dir")
        let script = "find . -path ./preflight/cache -prune -o -type f -print0 | sort -z | xargs -0 -r sha1sum"
        return try repo.run(["sh", "-c", script], in: gitDir)
    }
}
