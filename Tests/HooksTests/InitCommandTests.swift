import Foundation
import TestSupport
import Testing

/// `preflight init`: a preflight.toml that fits the repository it runs in, never over an existing one.
@Suite struct InitCommandTests {
    /// The declared and runnable target ids `preflight targets --format json` lists once preflight.toml is staged.
    func targets(_ repo: TemporaryRepository) throws -> [String] {
        try repo.git("add", "preflight.toml")
        let r = try Preflight.run(["targets", "--format", "json"], in: repo.path)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let list = try #require(json["targets"] as? [[String: Any]])
        return list.compactMap { $0["id"] as? String }.filter { $0 != "//" }.sorted()
    }

    @Test func onAPantsRepository_theTargetsAreTheBuildDirs_andTheTagsStyleIsKept() throws {
        let repo = try TemporaryRepository()
        try repo.write("pants.toml", "[GLOBAL]\npants_version = \"2.23.0\"\n\n[source]\nroot_patterns = [\"/src\"]\n")
        try repo.write("BUILD", "")
        try repo.write("src/ai/backend/common/BUILD", "python_sources()\n")
        try repo.write("src/ai/backend/common/types.py", "x = 1\n")
        try repo.write("src/ai/backend/manager/BUILD", "python_sources()\n")
        try repo.write("tests/manager/BUILD.pants", "python_tests()\n")
        try repo.write("VERSION", "26.8.0")
        try repo.commitAll("release: 26.8.0")
        try repo.git("tag", "v26.8.0")
        let r = try Preflight.run(["init"], in: repo.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("$ preflight check --all"))
        let text = try repo.read("preflight.toml")
        #expect(text.contains("tag = \"v{version}\""), "\(text)")
        #expect(text.contains("annotated = false"))
        #expect(text.contains("scheme = \"pep440\""))
        #expect(try targets(repo) == ["src/ai/backend/common", "src/ai/backend/manager", "tests/manager"])
    }

    @Test func onACausifyRepository_theTargetsAreTheRunnableDirs() throws {
        let repo = try TemporaryRepository()
        try repo.write("helpers_root/helpers/hio.py", "x = 1\n")
        try repo.write("infra/runnable_dir")
        try repo.write("infra/changelog.txt", "# cmamp-infra-1.1.0\n- 2025-05-01\n- Add kubectl\n")
        try repo.write("research/runnable_dir")
        try repo.link("research/helpers", to: "../helpers_root/helpers")
        try repo.commitAll("start")
        let r = try Preflight.run(["init"], in: repo.path)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        let text = try repo.read("preflight.toml")
        #expect(text.contains("common-source = \"helpers_root\""), "\(text)")
        #expect(text.contains("2 found (infra, research)"))
        #expect(try targets(repo) == ["infra", "research"])
    }

    @Test func anExistingConfiguration_isNeverOverwritten() throws {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", "[workspace]\ndefault-branch = \"trunk\"\n")
        try repo.commitAll("configure")
        let r = try Preflight.run(["init"], in: repo.path)
        #expect(r.status == 2)
        #expect(r.stderr.contains("preflight.toml exists already"), "\(r.stderr)")
        #expect(try repo.read("preflight.toml") == "[workspace]\ndefault-branch = \"trunk\"\n")
    }

    @Test func dryRun_printsTheFile_andWritesNothing() throws {
        let repo = try TemporaryRepository()
        try repo.write("infra/runnable_dir")
        try repo.commitAll("start")
        let before = try repo.fingerprint()
        let r = try Preflight.run(["init", "--dry-run"], in: repo.path)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("[workspace]\ndefault-branch = \"main\""))
        #expect(r.stdout.contains("infra  runnable"), "\(r.stdout)")
        #expect(try repo.fingerprint() == before)
    }
}
