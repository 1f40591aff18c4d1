import Foundation
import TestSupport
import Testing

/// preflight's own files under `.git/preflight/` and `GIT_INDEX_FILE` are read as untrusted: a FIFO or a link
/// planted there is a clear error (or a cache miss that is rebuilt), never a hang, never written through.
@Suite struct UntrustedFilesTests {
    /// What is planted: a FIFO, a link to a file outside the repository, or a link to nothing.
    enum Plant: String, CaseIterable { case fifo, link, danglingLink }

    /// Runs preflight with a kill-after, so a hang fails the test (exit 124) instead of blocking the suite.
    func preflight(_ args: [String], in dir: String, environment: [String: String] = [:]) throws -> Shell.Result {
        try Shell.run(["timeout", "-k", "10", "120", Preflight.executable] + args, in: dir, environment: environment)
    }

    /// Puts `plant` at `path`; for a link, returns the outside file it points to and its bytes.
    @discardableResult
    func plant(_ plant: Plant, at path: String) throws -> (target: String, bytes: String)? {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try? FileManager.default.removeItem(atPath: path)
        switch plant {
        case .fifo:
            #expect(mkfifo(path, 0o644) == 0)
            return nil
        case .link:
            let target = NSTemporaryDirectory() + "preflight-outside-\(UUID().uuidString)"
            try "outside\n".write(toFile: target, atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
            return (target, "outside\n")
        case .danglingLink:
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path + ".missing")
            return nil
        }
    }

    /// Expects the outside file a link pointed to still to hold what it held.
    func expectUntouched(_ planted: (target: String, bytes: String)?) throws {
        guard let planted else { return }
        defer { try? FileManager.default.removeItem(atPath: planted.target) }
        #expect(try String(contentsOfFile: planted.target, encoding: .utf8) == planted.bytes)
    }

    /// Runnable dirs importing each other and a link, so `affected` reads and writes all four cache files.
    func cachedRepository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        for dir in ["lib", "app", "web"] { try repo.write("\(dir)/runnable_dir") }
        try repo.write("lib/core.py", "X = 1\n")
        try repo.write("app/main.py", "from lib.core import X\n")
        try repo.write("web/test_web.py", "import app.main\n")
        try repo.link("link", to: "lib/core.py")
        _ = try repo.commitAll("init")
        try repo.write("lib/core.py", "X = 2\n")
        return repo
    }

    @Test(arguments: Plant.allCases, ["imports.bin", "imports-TREE.bin", "graph-TREE.bin", "markers-TREE.bin"])
    func aFIFOOrALinkAtACacheFile_isAMissThatIsRebuilt_neverAHang(_ kind: Plant, _ name: String) throws {
        let repo = try cachedRepository()
        let expected = try preflight(["affected"], in: repo.path, environment: ["PREFLIGHT_CACHE": "0"])
        let tree = try repo.git("rev-parse", "HEAD^{tree}")
        let file = repo.path + "/.git/preflight/cache/" + name.replacingOccurrences(of: "TREE", with: tree)
        let planted = try plant(kind, at: file)
        let r = try preflight(["affected"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == expected.stdout)
        try expectUntouched(planted)
        var info = stat()
        #expect(lstat(file, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG, "the cache file is rewritten")
    }

    /// A file preflight reads that must be regular, and the command that reads it.
    enum Record: String, CaseIterable {
        case pendingLocks = "preflight/lock-pending"
        case amend = "preflight/lock-amend"
        case indexFile = "other-index"

        /// The command that reads the file at `path`, and its environment.
        func command(_ path: String) -> ([String], [String: String]) {
            switch self {
            case .pendingLocks: (["hook", "pre-merge-commit"], [:])
            case .amend: (["hook", "post-merge", "0"], [:])
            case .indexFile: (["hook", "pre-commit"], ["GIT_INDEX_FILE": path])
            }
        }
    }

    @Test(arguments: Plant.allCases, Record.allCases)
    func aFIFOOrALinkAtARecordOrAsGitIndexFile_isAnErrorNamingIt(_ kind: Plant, _ record: Record) throws {
        let repo = try TemporaryRepository()
        try repo.write("a.txt", "a\n")
        _ = try repo.commitAll("init")
        let file = repo.path + "/.git/" + record.rawValue
        let planted = try plant(kind, at: file)
        let (args, environment) = record.command(file)
        let r = try preflight(args, in: repo.path, environment: environment)
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("cannot read \(file): "), "\(r.stderr)")
        try expectUntouched(planted)
    }

    @Test(arguments: [
        ["hook", "pre-commit"], ["affected", "--staged"], ["affected", "--changed-since", "HEAD"],
        ["affected", "--changed-since", "HEAD", "--untracked"], ["check", "--files", "a.txt"],
    ])
    func aFIFOAtTheRepositorysOwnIndex_isAnErrorNamingIt_neverAHang(_ args: [String]) throws {
        let repo = try TemporaryRepository()
        try repo.write("a.txt", "a\n")
        _ = try repo.commitAll("init")
        let index = repo.path + "/.git/index"
        try plant(.fifo, at: index)
        let r = try preflight(args, in: repo.path)
        #expect(r.status == 3, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("cannot read \(index): not a regular file (a fifo)"), "\(r.stderr)")
    }

    @Test func aLinkAtThePendingLockRecord_isNeverWrittenThroughByTheMergeDriver() throws {
        let repo = try TemporaryRepository()
        try repo.write("uv.lock", "version = 1\n")
        _ = try repo.commitAll("init")
        let planted = try plant(.link, at: repo.path + "/.git/preflight/lock-pending")
        try repo.write("theirs", "version = 1\n# theirs\n")
        let r = try preflight(
            ["lock", "merge-driver", "uv.lock", "uv.lock", "theirs", "uv.lock"], in: repo.path,
            environment: ["GIT_REFLOG_ACTION": "merge side"])
        #expect(r.status == 1, "git keeps the conflict: \(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("lock-pending: a symbolic link (not followed)"), "\(r.stderr)")
        try expectUntouched(planted)
    }

    @Test func aRegularGitIndexFile_isRead() throws {
        let repo = try TemporaryRepository()
        try repo.write("a.txt", "a\n")
        _ = try repo.commitAll("init")
        let file = repo.path + "/.git/other-index"
        try FileManager.default.copyItem(atPath: repo.path + "/.git/index", toPath: file)
        let r = try preflight(["hook", "pre-commit"], in: repo.path, environment: ["GIT_INDEX_FILE": file])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
    }
}
