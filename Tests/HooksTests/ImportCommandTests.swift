import Foundation
import TestSupport
import Testing

/// Import inference from the command line: `--dependents`, `--explain`, `deps`, `dependents`, the cache.
@Suite struct ImportCommandTests {
    /// `lib` (a runnable dir) with `core.py`; `app` imports it; `app`'s test imports `app`.
    func repository() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        for dir in ["lib", "app", "web"] { try repo.write("\(dir)/runnable_dir") }
        try repo.write("lib/core.py", "X = 1\n")
        try repo.write("app/main.py", "from lib.core import X\n")
        try repo.write("web/test_web.py", "import app.main\n")
        _ = try repo.commitAll("init")
        try repo.write("lib/core.py", "X = 2\n")
        return repo
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test func dependentsFlag_choosesHowFarImportsReach() throws {
        let repo = try repository()
        let transitive = try Preflight.run(["affected"], in: repo.path)
        #expect(transitive.status == 0, "\(transitive.stderr)")
        #expect(transitive.stdout.hasPrefix("3 of 4 targets affected"))
        let direct = try Preflight.run(["affected", "--dependents", "direct"], in: repo.path)
        #expect(direct.stdout.hasPrefix("2 of 4 targets affected"))
        let none = try Preflight.run(["affected", "--dependents", "none"], in: repo.path)
        #expect(none.stdout.hasPrefix("1 of 4 targets affected"))
        let bad = try Preflight.run(["affected", "--dependents", "some"], in: repo.path)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("some"))
    }

    @Test func explain_showsTheImportChain_andWhyNotNamesTheImportsChecked() throws {
        let repo = try repository()
        let r = try Preflight.run(["affected", "--explain"], in: repo.path)
        #expect(
            lines(r.stdout).contains(
                "  web/test_web.py imports app.main (app/main.py) imports lib.core (changed) -> web"))
        let whyNot = try Preflight.run(["affected", "--dependents", "direct", "--why-not", "web"], in: repo.path)
        #expect(
            lines(whyNot.stdout).contains(
                "  imports: 1 checked, none reaches a changed file directly: "
                    + "web/test_web.py imports app.main (app/main.py)"))
    }

    @Test func depsAndDependents_printPaths_andAnUnknownPathIsExit2() throws {
        let repo = try repository()
        #expect(try Preflight.run(["deps", "web/test_web.py"], in: repo.path).stdout == "app/main.py\n")
        #expect(
            try Preflight.run(["deps", "test_web.py", "--transitive"], in: repo.path + "/web").stdout
                == "app/main.py\nlib/core.py\n")
        #expect(try Preflight.run(["dependents", "lib"], in: repo.path).stdout == "app/main.py\n")
        #expect(
            try Preflight.run(["dependents", "lib", "--transitive"], in: repo.path).stdout
                == "app/main.py\nweb/test_web.py\n")
        let missing = try Preflight.run(["dependents", "nope.py"], in: repo.path)
        #expect(missing.status == 2)
        #expect(missing.stderr == "preflight: no file or directory 'nope.py' in the index\n")
    }

    @Test func targetsJSON_listsInferredDeps() throws {
        let repo = try repository()
        let r = try Preflight.run(["targets", "--format", "json"], in: repo.path)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let targets = try #require(json["targets"] as? [[String: Any]])
        let byID = Dictionary(uniqueKeysWithValues: targets.map { ($0["id"] as? String ?? "", $0) })
        #expect(byID["app"]?["inferred_deps"] as? [String] == ["lib"])
        #expect(byID["web"]?["inferred_deps"] as? [String] == ["app"])
        #expect(byID["lib"]?["inferred_deps"] as? [String] == [])
    }

    @Test func theCache_isWrittenThenHit_andPreflightCache0BypassesIt() throws {
        let repo = try repository()
        let file = repo.path + "/.git/preflight/cache/imports.bin"
        let off = try Preflight.run(["affected"], in: repo.path, environment: ["PREFLIGHT_CACHE": "0"])
        #expect(off.status == 0)
        #expect(!FileManager.default.fileExists(atPath: file))
        let first = try Preflight.run(["affected"], in: repo.path, environment: ["PREFLIGHT_TRACE": "1"])
        #expect(first.stderr.contains("import cache miss (no file)"))
        #expect(first.stderr.contains("import cache write"))
        #expect(first.stderr.contains("import graph cache write"))
        // The base (main's tree) is read back whole. The working tree only edits lib/core.py: its graph is the
        // base's with that file scanned and resolved again, so the per-blob cache is not read.
        let second = try Preflight.run(["affected"], in: repo.path, environment: ["PREFLIGHT_TRACE": "1"])
        #expect(second.stderr.contains("import graph cache hit"))
        #expect(second.stderr.contains("import graph from the base's (1 changed file resolved again)"))
        #expect(!second.stderr.contains("import cache"))
        #expect(second.stdout == first.stdout)
        // Without the graph files, the base is built whole again from the blobs' cached import lists.
        let folder = repo.path + "/.git/preflight/cache"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder)
        where name.hasPrefix("imports-") {
            try FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        let third = try Preflight.run(["affected"], in: repo.path, environment: ["PREFLIGHT_TRACE": "1"])
        #expect(third.stderr.contains("import cache hit (3 blobs)"))
        #expect(third.stdout == first.stdout)
    }

    @Test func thePreCommitHook_buildsNoImportGraph() throws {
        let repo = try repository()
        _ = try repo.git("add", "-A")
        let r = try Preflight.run(["hook", "pre-commit"], in: repo.path, environment: ["PREFLIGHT_TRACE": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("affected ("))
        #expect(!r.stderr.contains("import"))
    }
}
