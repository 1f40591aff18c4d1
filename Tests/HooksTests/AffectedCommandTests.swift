import Foundation
import TestSupport
import Testing

/// `preflight affected` and `preflight targets` run as a user or CI runs them.
@Suite struct AffectedCommandTests {
    /// Runnable dirs `a` and `b`; `b` links a helper file.
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("helpers_root/x.py", "x\n")
        try repo.write("a/runnable_dir")
        try repo.write("a/main.py", "a\n")
        try repo.write("b/runnable_dir")
        try repo.link("b/x.py", to: "../helpers_root/x.py")
        try repo.commitAll("init")
        try repo.git("checkout", "-q", "-b", "feature")
        try repo.write("helpers_root/x.py", "x2\n")
        try repo.commitAll("edit helper")
        return repo
    }

    func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func targetIDs(_ json: [String: Any]) -> [String] {
        (json["targets"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func defaultMode_isChangedSinceTheDefaultBranch_andJSONFollowsTheSchema() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--format", "json"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        #expect(j["schema"] as? Int == 1)
        #expect(j["head"] as? String == "working-tree")
        #expect(targetIDs(j) == ["//", "b"])
        let b = try #require((j["targets"] as? [[String: Any]])?.last)
        #expect(b["path"] as? String == "b")
        #expect(b["kind"] as? String == "runnable")
        let reason = try #require((b["reasons"] as? [[String: Any]])?.first)
        #expect(reason["kind"] as? String == "link-target")
        #expect(reason["path"] as? String == "helpers_root/x.py")
        #expect(reason["via"] as? String == "b/x.py")
    }

    @Test func aReportThatCannotBeWritten_exits3_notSuccess() throws {
        let repo = try repository()
        let script = "\"$0\" affected --range main...feature > \"$1\""
        let full = try Shell.run(["sh", "-c", script, Preflight.executable, "/dev/full"], in: repo.path)
        #expect(full.status == 3)
        #expect(full.stderr.contains("preflight: cannot write to stdout: No space left on device"), "\(full.stderr)")
        let null = try Shell.run(["sh", "-c", script, Preflight.executable, "/dev/null"], in: repo.path)
        #expect(null.status == 0, "\(null.stderr)")
    }

    @Test func githubMatrix_skipsTheRoot_andIsEmptyWhenNothingIsAffected() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--format", "github-matrix"], in: repo.path)
        #expect(r.stdout == "{\"include\":[{\"target\":\"b\",\"path\":\"b\"}]}\n")
        let none = try Preflight.run(["affected", "--staged", "--format", "github-matrix"], in: repo.path)
        #expect(none.stdout == "{\"include\":[]}\n")
    }

    @Test func explain_printsTheChainFromFileToTarget() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--explain"], in: repo.path)
        #expect(r.stdout.contains("b (runnable)\n  helpers_root/x.py -> link b/x.py -> b\n"))
    }

    @Test func whyNot_explainsAnUnaffectedTarget_andAnUnknownTargetIsExit2() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--why-not", "a"], in: repo.path)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("a (runnable) is not affected by the 1 changed path:"))
        #expect(r.stdout.contains("own files: none of the changed paths is among its a/**"))
        let unknown = try Preflight.run(["affected", "--why-not", "zzz"], in: repo.path)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown target 'zzz'"))
    }

    @Test func textColumns_neverRunTogether_evenForTheWidestKind() throws {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", "[[target]]\npath = \"lib\"\n")
        try repo.write("lib/x.py", "x\n")
        try repo.write("a/runnable_dir")
        try repo.commitAll("base")
        try repo.remove("preflight.toml")
        try repo.remove("a/runnable_dir")
        try repo.git("add", "-A")
        let r = try Preflight.run(["affected", "--staged"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst().map(String.init)
        for kind in ["declared removed", "runnable removed"] {
            let row = try #require(rows.first { $0.contains(kind) }, "\(r.stdout)")
            let after = row[row.range(of: kind)!.upperBound...]
            #expect(after.hasPrefix("  ") && after.dropFirst(2).first != " ", "\(row)")
        }
    }

    @Test func dotFormat_drawsChangedPathsIntoTargets() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--format", "dot"], in: repo.path)
        #expect(r.stdout.hasPrefix("digraph affected {"))
        #expect(r.stdout.contains("\"helpers_root/x.py\" -> \"b\" [label=\"via b/x.py\"];"))
    }

    @Test func fromASubdirectory_andFromALinkedWorktree_theAnswerIsTheSame() throws {
        let repo = try repository()
        let top = try Preflight.run(["affected", "--format", "json"], in: repo.path)
        let sub = try Preflight.run(["affected", "--format", "json"], in: repo.path + "/a")
        #expect(sub.status == 0, "\(sub.stderr)")
        #expect(sub.stdout == top.stdout)

        let worktree = repo.path + "-wt"
        try repo.git("worktree", "add", "-q", worktree, "-b", "wt-branch", "feature")
        defer { try? FileManager.default.removeItem(atPath: worktree) }
        let wt = try Preflight.run(["affected", "--format", "json"], in: worktree)
        #expect(wt.status == 0, "\(wt.stderr)")
        #expect(wt.stdout == top.stdout)
    }

    @Test func outsideARepository_isExit3() throws {
        let dir = NSTemporaryDirectory() + "preflight-norepo-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Preflight.run(
            ["affected"], in: dir, environment: ["GIT_CEILING_DIRECTORIES": NSTemporaryDirectory()])
        #expect(r.status == 3)
        #expect(r.stderr.contains("not a git repository"))
    }

    @Test func conflictingChangeFlags_areExit2() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--staged", "--all"], in: repo.path)
        #expect(r.status == 2)
        let bad = try Preflight.run(["affected", "--range", "nodots"], in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("A..B or A...B"))
    }

    @Test func unknownBaseRef_isExit3NamingTheRefAndTheFix() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--changed-since", "develop"], in: repo.path)
        #expect(r.status == 3)
        #expect(r.stderr.contains("'develop'"))
        #expect(r.stderr.contains("--on-missing-base"))
    }

    @Test func gitIndexFileFromTheEnvironment_isTheIndexJudged() throws {
        let repo = try repository()
        // `git commit -a` hands hooks a temporary index through GIT_INDEX_FILE.
        let gitDir = try repo.git("rev-parse", "--absolute-git-dir")
        try repo.write("a/main.py", "changed\n")
        try repo.run(["cp", gitDir + "/index", gitDir + "/other-index"])
        try repo.git("add", "a/main.py", environment: ["GIT_INDEX_FILE": gitDir + "/other-index"])
        let plain = try Preflight.run(["affected", "--staged", "--format", "json"], in: repo.path)
        #expect(targetIDs(try json(plain.stdout)) == [])
        let other = try Preflight.run(
            ["affected", "--staged", "--format", "json"], in: repo.path,
            environment: ["GIT_INDEX_FILE": gitDir + "/other-index"])
        #expect(targetIDs(try json(other.stdout)) == ["a"])
    }

    /// `CommandLine.arguments` repairs invalid UTF-8; `--files` must still name the file git stores.
    @Test func filesArgument_withInvalidUTF8Bytes_namesThatFile_fromASubdirectory() throws {
        let repo = try repository()
        let name: [UInt8] = Array("a/".utf8) + [0xff] + Array(".py".utf8)
        try repo.write(bytes: name, Array("v1\n".utf8))
        try repo.commitAll("odd name")
        try repo.write(bytes: name, Array("v2\n".utf8))
        // The shell passes the raw byte through; Foundation's Process could not.
        let script = #"cd a && exec "$0" affected --files "$(printf '\377.py')" --format json"#
        let r = try Shell.run(["/bin/sh", "-c", script, Preflight.executable], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        let j = try json(r.stdout)
        #expect(targetIDs(j) == ["a"])
        let reason = try #require(((j["targets"] as? [[String: Any]])?.first?["reasons"] as? [[String: Any]])?.first)
        #expect(reason["path_b64"] as? String == Data(name).base64EncodedString())
    }

    @Test func targets_listsEveryTargetWithItsLinks() throws {
        let repo = try repository()
        let r = try Preflight.run(["targets", "--format", "json"], in: repo.path)
        let j = try json(r.stdout)
        #expect(targetIDs(j) == ["//", "a", "b"])
        let b = try #require((j["targets"] as? [[String: Any]])?.last)
        let link = try #require((b["links"] as? [[String: Any]])?.first)
        #expect(link["link"] as? String == "b/x.py")
        #expect(link["target"] as? String == "helpers_root/x.py")
        #expect(link["resolves"] as? Bool == true)
        #expect(b["image"] is NSNull)
    }

    @Test func targets_showsTheImageNameFromRepoConfig_andAMalformedOneIsExit2() throws {
        let repo = try repository()
        try repo.write("a/repo_config.yaml", "docker_info:\n  docker_image_name: a-image\n")
        try repo.git("add", "-A")
        let r = try Preflight.run(["targets"], in: repo.path)
        #expect(r.stdout.contains("a  runnable  image: a-image\n"))
        try repo.write("a/repo_config.yaml", "docker_info:\n  docker_image_name: [x\n")
        try repo.git("add", "-A")
        let bad = try Preflight.run(["targets"], in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("a/repo_config.yaml:"))
    }
}
