import Foundation
import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Rules

/// `news-fragment`: where towncrier is configured, a change adds a fragment of a known type.
@Suite struct NewsFragmentCheckTests {
    let check = NewsFragmentCheck()

    /// A Backend.AI-shaped repository (towncrier fragments in `changes/`), with `pyproject` in place of its
    /// own when given, and `config` as preflight.toml.
    func repository(_ pyproject: String? = nil, config: String = "") throws -> TemporaryRepository {
        let repo = try BackendAIRepository.make()
        if let pyproject { try repo.write("pyproject.toml", pyproject) }
        if !config.isEmpty { try repo.write("preflight.toml", config) }
        try repo.commitAll("configure")
        return repo
    }

    func messages(_ found: [Finding]) -> [String] { found.map { "\($0.path.map { "\($0)" } ?? "-"): \($0.message)" } }

    static let missing =
        "changes: this change adds no news fragment to changes/ (types: breaking, feature, fix)"

    // MARK: triggering

    @Test func aSourceChangeWithoutAFragment_isAFinding() throws {
        let repo = try repository()
        try repo.write("src/ai/backend/common/types.py", "x = 2\n")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, .range)
        #expect(messages(found) == [Self.missing])
        #expect(found.first?.fix?.contains("'towncrier create <id>.feature.md'") == true)
    }

    @Test(arguments: Mode.allCases) func aFragmentOfAnUnknownType_isAFinding(mode: Mode) throws {
        let repo = try repository()
        try repo.write("src/ai/backend/common/types.py", "x = 2\n")
        try repo.write("changes/1234.feat.md", "Add a thing\n")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        let wrong =
            "changes/1234.feat.md: news fragment '1234.feat.md' names no known type (breaking, feature, fix, deps)"
        // At pre-commit the missing fragment is not judged; the wrong name is.
        #expect(messages(found) == (mode == .staged ? [wrong] : [Self.missing, wrong]))
    }

    @Test func aFragmentOfAnUncheckedType_doesNotCount() throws {
        let repo = try repository()
        try repo.write("src/ai/backend/common/types.py", "x = 2\n")
        try repo.write("changes/1234.deps.md", "Bump aiohttp\n")
        try repo.git("add", "-A")
        #expect(messages(try CheckTesting.findings(check, repo, .range)) == [Self.missing])
    }

    // MARK: not triggering

    @Test(arguments: ["1234.feature.md", "1234.fix.1.md", "+orphan.breaking.md", "fix-1.2.3.feature"])
    func aFragmentOfAKnownType_isClean(name: String) throws {
        let repo = try repository()
        try repo.write("src/ai/backend/common/types.py", "x = 2\n")
        try repo.write("changes/\(name)", "Change a thing\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, .range).isEmpty)
    }

    @Test func aReleaseCommit_needsNoFragment() throws {
        let repo = try repository()
        try repo.write("VERSION", "26.8.1")
        try repo.git("add", "-A")
        try repo.git("commit", "-q", "-m", "release: 26.8.1")
        let found = try CheckTesting.findings(
            check, repo, ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false)))
        #expect(found.isEmpty)
    }

    @Test func aBranch_addsOneFragmentOnce() throws {
        let repo = try repository()
        try repo.git("checkout", "-q", "-b", "topic")
        try repo.write("changes/77.fix.md", "Fix a thing\n")
        try repo.write("src/ai/backend/common/types.py", "x = 2\n")
        try repo.commitAll("fix a thing")
        try repo.write("src/ai/backend/common/types.py", "x = 3\n")
        try repo.commitAll("review comments")
        let whole = ChangeRequest(source: .range("main", "HEAD", threeDot: true))
        #expect(try CheckTesting.findings(check, repo, whole).isEmpty)
        let lastCommit = ChangeRequest(source: .range("HEAD~1", "HEAD", threeDot: false))
        #expect(messages(try CheckTesting.findings(check, repo, lastCommit)) == [Self.missing])
    }

    @Test(arguments: Mode.allCases) func exemptPathsAndTheStagedIndex_needNoFragment(mode: Mode) throws {
        let repo = try repository(config: "[news]\nexempt = [\"docs/**\"]\n")
        try repo.write("docs/guide.md", "# Guide\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, mode).isEmpty)
        try repo.write("src/ai/backend/common/types.py", "x = 2\n")
        try repo.git("add", "-A")
        let found = try CheckTesting.findings(check, repo, mode)
        #expect(messages(found) == (mode == .staged ? [] : [Self.missing]))
    }

    @Test func withoutATowncrierConfiguration_nothingIsJudged() throws {
        let repo = try repository("[project]\nname = \"x\"\n")
        try repo.write("src/ai/backend/common/types.py", "x = 2\n")
        try repo.write("changes/1.nonsense", "x\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, .range).isEmpty)
    }

    @Test func towncrierToml_andThePackageDirectory_decideWhereFragmentsLive_andItsTemplateIsNoFragment() throws {
        let repo = try repository("[project]\nname = \"x\"\n")
        try repo.write(
            "towncrier.toml",
            "[tool.towncrier]\npackage = \"mypkg\"\npackage_dir = \"src\"\n"
                + "template = \"src/mypkg/newsfragments/template.jinja\"\n")
        try repo.commitAll("towncrier")
        try repo.write("src/mypkg/core.py", "x = 1\n")
        try repo.write("src/mypkg/newsfragments/12.bugfix", "Fix it\n")
        try repo.write("src/mypkg/newsfragments/README.rst", "Fragments go here\n")
        try repo.write("src/mypkg/newsfragments/template.jinja", "{{ name }}\n")
        try repo.git("add", "-A")
        #expect(try CheckTesting.findings(check, repo, .range).isEmpty)
        try repo.write("src/mypkg/core.py", "x = 2\n")
        try repo.git("add", "-A")
        #expect(
            messages(try CheckTesting.findings(check, repo, .range)) == [
                "src/mypkg/newsfragments: this change adds no news fragment to src/mypkg/newsfragments/ "
                    + "(types: feature, bugfix, doc, removal, misc)"
            ])
    }
}

/// The check agrees with the real `towncrier check --compare-with main` (towncrier from `make deps`).
@Suite struct NewsFragmentTowncrierTests {
    /// A branch adding `files` to a Backend.AI-shaped repository, and whether towncrier should pass it.
    static let cases: [(files: [String], passes: Bool)] = [
        (["src/ai/backend/common/types.py"], false),
        (["src/ai/backend/common/types.py", "changes/9.feature.md"], true),
        (["src/ai/backend/common/types.py", "changes/9.feat.md"], false),
        (["src/ai/backend/common/types.py", "changes/+tidy.fix.md"], true),
        (["src/ai/backend/common/types.py", "changes/9.deps.md"], false),
        (["src/ai/backend/common/types.py", "CHANGELOG.md"], true),
    ]

    @Test(arguments: cases) func theCheck_agreesWithTowncrierCheck(files: [String], passes: Bool) throws {
        let repo = try BackendAIRepository.make()
        try repo.git("checkout", "-q", "-b", "topic")
        for file in files { try repo.write(file, "changed\n") }
        try repo.commitAll("topic")
        let towncrier = try LockTools.directory(of: "towncrier") + "/towncrier"
        let real = try Shell.run([towncrier, "check", "--compare-with", "main"], in: repo.path)
        let found = try CheckTesting.findings(
            NewsFragmentCheck(), repo, ChangeRequest(source: .range("main", "HEAD", threeDot: true)))
        #expect((real.status == 0) == passes, "towncrier: \(real.stdout)\(real.stderr)")
        #expect(found.isEmpty == passes, "preflight: \(found.map(\.message))")
    }
}
