import Foundation
import TestSupport
import Testing

/// `preflight lock resolve`: real `git merge` conflicts on real uv and Poetry locks, resolved with the real
/// tools offline (`make deps` installs them into .build-tools/venv), and every failure restored exactly.
@Suite struct LockResolveCommandTests {
    /// The conflict as git shows it: the stages (`git ls-files -u`) and the working-tree file's bytes.
    func conflictState(_ repo: TemporaryRepository, _ path: String) throws -> String {
        let bytes = FileManager.default.contents(atPath: repo.path + "/" + path) ?? Data()
        return try repo.git("ls-files", "-u", "--", path) + "\n" + bytes.base64EncodedString()
    }

    func mergeConflicts(_ repo: TemporaryRepository, _ env: [String: String], branch: String = "a") throws {
        let merge = try Shell.run(["git", "merge", branch], in: repo.path, environment: env)
        try #require(merge.status != 0, "the merge was expected to stop on a conflict: \(merge.stdout)")
    }

    /// A `[[lockfile]]` pair whose lock the branches `a` and `main` changed apart (base, a, main), merged so
    /// that only the lock conflicts.
    func declaredLockConflict(config: String, manifest: String, lock: String, sides: [String]) throws
        -> TemporaryRepository
    {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", config)
        try repo.write(manifest, "a\n")
        try repo.commitDivergingEdits(of: lock, base: sides[0], branch: "a", onBranch: sides[1], onMain: sides[2])
        try mergeConflicts(repo, [:])
        return repo
    }

    func finishMerge(_ repo: TemporaryRepository, _ env: [String: String]) throws {
        let commit = try Shell.run(["git", "commit", "--no-edit"], in: repo.path, environment: env)
        #expect(commit.status == 0, "\(commit.stderr)\(commit.stdout)")
        #expect(try repo.git("rev-list", "--parents", "-n", "1", "HEAD").split(separator: " ").count == 3)
    }

    @Test func uv_aConflictedLockIsRegeneratedWithBothDependencies_andTheMergeCommits() throws {
        let repo = try TemporaryRepository()
        let env = try LockTools.environment(["uv"], repo: repo)
        try LockTools.divergedBranches("uv", repo: repo, env: env)
        try mergeConflicts(repo, env)
        #expect(try repo.git("ls-files", "-u").contains("uv.lock"))
        let r = try Preflight.run(["lock", "resolve"], in: repo.path, environment: env)
        #expect(r.status == 0, "\(r.stderr)\(r.stdout)")
        #expect(r.stdout.contains("uv.lock: took theirs, ran 'uv lock' in the repository root: resolved and staged"))
        #expect(try repo.git("ls-files", "-u").isEmpty)
        let lock = try repo.read("uv.lock")
        #expect(lock.contains("name = \"liba\"") && lock.contains("name = \"libb\""))
        #expect(!lock.contains("<<<<<<<"))
        let check = try Preflight.run(["lock", "check", "--staged"], in: repo.path, environment: env)
        #expect(check.status == 0, "\(check.stdout)")
        try finishMerge(repo, env)
        #expect(try repo.git("status", "--porcelain", "--untracked-files=no").isEmpty)
    }

    @Test func poetry_aConflictedLockIsRegenerated_andTheLockfileCheckPasses() throws {
        let repo = try TemporaryRepository()
        let env = try LockTools.environment(["poetry"], repo: repo)
        try LockTools.divergedBranches("poetry", repo: repo, env: env)
        try mergeConflicts(repo, env)
        let r = try Preflight.run(["lock", "resolve"], in: repo.path, environment: env)
        #expect(r.status == 0, "\(r.stderr)\(r.stdout)")
        #expect(
            r.stdout.contains("poetry.lock: took theirs, ran 'poetry lock' in the repository root: resolved and staged")
        )
        let lock = try repo.read("poetry.lock")
        #expect(lock.contains("name = \"liba\"") && lock.contains("name = \"libb\""))
        let check = try Preflight.run(["lock", "check", "--staged"], in: repo.path, environment: env)
        #expect(check.status == 0, "\(check.stdout)")
        try finishMerge(repo, env)
    }

    @Test func aResultThatDoesNotVerify_isRestoredExactly() throws {
        let repo = try TemporaryRepository()
        let env = try LockTools.environment(["uv"], repo: repo)
        try LockTools.divergedBranches("uv", repo: repo, env: env)
        // `true` leaves their lock as it is: it lacks main's libb, so the lockfile rule says stale.
        try repo.write(
            "preflight.toml",
            "[[lockfile]]\nmanifest = \"pyproject.toml\"\nlock = \"uv.lock\"\nregenerate = [\"true\"]\n")
        try repo.commitAll("regenerate with true")
        try mergeConflicts(repo, env)
        let before = try conflictState(repo, "uv.lock")
        let r = try Preflight.run(["lock", "resolve"], in: repo.path, environment: env)
        #expect(r.status == 1)
        #expect(r.stdout.contains("the result does not verify: uv.lock is stale"), "\(r.stdout)")
        #expect(try conflictState(repo, "uv.lock") == before)
    }

    @Test func aFailingRegenerateCommand_leavesIndexAndWorkingTreeExactlyAsBefore_andNamesTheSavedCopies() throws {
        let repo = try declaredLockConflict(
            config: """
                [[lockfile]]
                manifest = "requirements.in"
                lock = "requirements.lock"
                regenerate = ["sh", "-c", "echo 'cannot reach the index' >&2; echo garbage > requirements.lock; exit 1"]

                """, manifest: "requirements.in", lock: "requirements.lock", sides: ["a==1\n", "a==2\n", "a==3\n"])
        let before = try conflictState(repo, "requirements.lock")
        let r = try Preflight.run(["lock", "resolve"], in: repo.path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("requirements.lock: took theirs, ran 'sh -c"))
        #expect(
            r.stdout.contains(
                "failed: the command failed: exit 1; restored the conflict as it was; saved copies in .git/preflight/lock-resolve/"
            ))
        #expect(r.stdout.contains("  | cannot reach the index"))
        #expect(try conflictState(repo, "requirements.lock") == before)
        // The saved copies are where the output says, byte for byte.
        let line = try #require(r.stdout.split(separator: "\n").first)
        let marker = try #require(line.range(of: "saved copies in "))
        let folder = String(line[marker.upperBound...])
        let saved = repo.path + "/" + folder
        #expect(folder.hasPrefix(".git/preflight/lock-resolve/"))
        #expect(try String(contentsOfFile: saved + "/requirements.lock.base", encoding: .utf8) == "a==1\n")
        #expect(try String(contentsOfFile: saved + "/requirements.lock.ours", encoding: .utf8) == "a==3\n")
        #expect(try String(contentsOfFile: saved + "/requirements.lock.theirs", encoding: .utf8) == "a==2\n")
        #expect(
            try String(contentsOfFile: saved + "/requirements.lock.working-tree", encoding: .utf8).contains("<<<<<<<"))
    }

    @Test func aMissingCommandOrATimeout_isRestoredToo() throws {
        for (argv, env, expected) in [
            ("[\"no-such-lock-tool\"]", [String: String](), "cannot start no-such-lock-tool"),
            ("[\"sleep\", \"30\"]", ["PREFLIGHT_LOCK_TIMEOUT": "1"], "timed out after 1s"),
        ] {
            let repo = try declaredLockConflict(
                config: "[[lockfile]]\nmanifest = \"m.in\"\nlock = \"m.lock\"\nregenerate = \(argv)\n",
                manifest: "m.in", lock: "m.lock", sides: ["1\n", "2\n", "3\n"])
            let before = try conflictState(repo, "m.lock")
            let r = try Preflight.run(["lock", "resolve"], in: repo.path, environment: env)
            #expect(r.status == 1)
            #expect(r.stdout.contains(expected), "\(r.stdout)")
            #expect(try conflictState(repo, "m.lock") == before)
        }
    }

    @Test func theDryRun_showsThePantsArgvWithTheResolveNameFromPantsToml_andChangesNothing() throws {
        let repo = try TemporaryRepository()
        try repo.write(
            "pants.toml", "[python]\nenable_resolves = true\n\n[python.resolves]\nbackend = \"locks/backend.lock\"\n")
        try repo.write("locks/backend-requirements.txt", "aiohttp~=3.9.5\n")
        try repo.commitDivergingEdits(
            of: "locks/backend.lock", base: "// lock\n", branch: "a", onBranch: "// a\n",
            onMain: "// main\n")
        try mergeConflicts(repo, [:])
        let before = try repo.fingerprint()
        let r = try Preflight.run(["lock", "resolve", "--dry-run"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(
            r.stdout
                == "locks/backend.lock: take theirs, run 'pants generate-lockfiles --resolve=backend' in the repository root\n"
        )
        #expect(try repo.fingerprint() == before)
        #expect(!FileManager.default.fileExists(atPath: repo.path + "/.git/preflight/lock-resolve"))
    }

    @Test func aRebaseTakesOurs_theirsOverrides_andAStillConflictedPyprojectIsRefused() throws {
        let repo = try TemporaryRepository()
        try repo.write("pyproject.toml", "[project]\nname = \"app\"\nversion = \"1\"\n")
        try repo.commitDivergingEdits(
            of: "uv.lock", base: "version = 1\n", branch: "topic",
            onBranch: "version = 1\n# topic\n", onMain: "version = 1\n# main\n")
        try repo.git("checkout", "-q", "topic")
        let rebase = try Shell.run(["git", "rebase", "main"], in: repo.path)
        try #require(rebase.status != 0)
        let plain = try Preflight.run(["lock", "resolve", "--dry-run"], in: repo.path)
        #expect(plain.stdout == "uv.lock: take ours, run 'uv lock' in the repository root\n")
        let theirs = try Preflight.run(["lock", "resolve", "--dry-run", "--theirs"], in: repo.path)
        #expect(theirs.stdout == "uv.lock: take theirs, run 'uv lock' in the repository root\n")
        try repo.git("rebase", "--abort")

        // A merge where pyproject.toml conflicts too: refused with the list, nothing touched.
        try repo.git("checkout", "-q", "main")
        try repo.write("pyproject.toml", "[project]\nname = \"app\"\nversion = \"2\"\n")
        try repo.commitAll("main bumps")
        try repo.git("checkout", "-q", "topic")
        try repo.write("pyproject.toml", "[project]\nname = \"app\"\nversion = \"3\"\n")
        try repo.commitAll("topic bumps")
        try mergeConflicts(repo, [:], branch: "main")
        let before = try repo.fingerprint()
        let refused = try Preflight.run(["lock", "resolve"], in: repo.path)
        #expect(refused.status == 1)
        #expect(
            refused.stdout.contains(
                "uv.lock: refused: its inputs are still conflicted: pyproject.toml (resolve them first)"))
        #expect(refused.stdout.contains("left alone (not lockfiles): pyproject.toml"))
        #expect(try repo.fingerprint() == before)
    }

    @Test func noMergeInProgress_saysSoAndExits0_andAPathThatIsNotConflictedExits2() throws {
        let repo = try TemporaryRepository()
        try repo.write("pyproject.toml", "[project]\nname = \"app\"\n")
        try repo.write("uv.lock", "version = 1\n")
        try repo.commitAll("base")
        let r = try Preflight.run(["lock", "resolve"], in: repo.path)
        #expect(r.status == 0)
        #expect(r.stdout == "no conflicted lockfiles\n")
        let named = try Preflight.run(["lock", "resolve", "uv.lock"], in: repo.path)
        #expect(named.status == 2)
        #expect(named.stderr.contains("uv.lock is not a conflicted lockfile"))
        let both = try Preflight.run(["lock", "resolve", "--ours", "--theirs"], in: repo.path)
        #expect(both.status == 2)
    }

    @Test func npm_aConflictedPackageLockIsRegeneratedOffline_withBothLocalPackages() throws {
        let repo = try TemporaryRepository()
        var env = try LockTools.environment(["npm"], repo: repo)
        env["npm_config_cache"] = repo.path + "/.cache/npm"
        for (key, value) in ["offline": "true", "audit": "false", "fund": "false", "update_notifier": "false"] {
            env["npm_config_" + key] = value
        }
        for lib in ["aaa", "bbb", "ccc", "mmm", "zzz"] {
            try repo.write("libs/\(lib)/package.json", "{\"name\": \"\(lib)\", \"version\": \"1.0.0\"}\n")
        }
        try repo.write(".gitignore", ".cache/\n")
        try repo.write(
            "package.json",
            """
            {
              "name": "app",
              "version": "1.0.0",
              "dependencies": {
                "aaa": "file:libs/aaa",
                "mmm": "file:libs/mmm",
                "zzz": "file:libs/zzz"
              }
            }

            """)
        let npm = ["npm", "install", "--package-lock-only", "--ignore-scripts"]
        try repo.run(npm, environment: env)
        try repo.commitAll("base")
        try repo.git("checkout", "-q", "-b", "a")
        try repo.write(
            "package.json",
            try repo.read("package.json").replacingOccurrences(
                of: "\"aaa\": \"file:libs/aaa\",\n",
                with: "\"aaa\": \"file:libs/aaa\",\n    \"bbb\": \"file:libs/bbb\",\n"))
        try repo.run(npm, environment: env)
        try repo.commitAll("add bbb")
        try repo.git("checkout", "-q", "main")
        try repo.write(
            "package.json",
            try repo.read("package.json").replacingOccurrences(
                of: "\"mmm\": \"file:libs/mmm\",\n",
                with: "\"mmm\": \"file:libs/mmm\",\n    \"ccc\": \"file:libs/ccc\",\n"))
        try repo.run(npm, environment: env)
        try repo.commitAll("add ccc")
        // package.json merges cleanly (a adds bbb after aaa, main adds ccc after mmm); in the lock, sorted by
        // path, both land between libs/aaa and libs/mmm.
        try mergeConflicts(repo, env)
        #expect(try repo.git("diff", "--name-only", "--diff-filter=U") == "package-lock.json")
        let r = try Preflight.run(["lock", "resolve"], in: repo.path, environment: env)
        #expect(r.status == 0, "\(r.stderr)\(r.stdout)")
        #expect(
            r.stdout.contains(
                "package-lock.json: took theirs, ran 'npm install --package-lock-only --ignore-scripts' in the repository root: resolved and staged"
            ))
        let lock = try repo.read("package-lock.json")
        #expect(lock.contains("\"libs/bbb\"") && lock.contains("\"libs/ccc\""))
        try finishMerge(repo, env)
    }
}
