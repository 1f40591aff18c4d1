import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Git
@testable import Model
@testable import Report
@testable import Rules

/// Declared targets and deps: transitive propagation, cycles and unknown deps, declared inputs, why-not.
@Suite struct DependencyGraphTests {
    func affected(_ repo: TemporaryRepository, _ source: ChangeSource = .staged) throws -> Affected {
        let repository = try Repository(discoveringFrom: repo.path)
        return try Affected(try ChangeSet.make(repository, ChangeRequest(source: source)))
    }

    /// libs/base <- libs/common <- app (runnable) ; other (runnable) depends on nothing.
    func repository(_ config: String) throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("preflight.toml", config)
        try repo.write("libs/base/b.py", "b\n")
        try repo.write("libs/common/c.py", "c\n")
        try repo.write("app/runnable_dir")
        try repo.write("app/main.py", "app\n")
        try repo.write("other/runnable_dir")
        try repo.write("schemas/order.json", "{}\n")
        try repo.commitAll("init")
        return repo
    }

    static let chain = """
        [[target]]
        path = "libs/base"

        [[target]]
        path = "libs/common"
        deps = ["libs/base"]

        [[target]]
        path = "app"
        deps = ["libs/common"]
        inputs = ["schemas/*.json"]
        """

    @Test func aDeclaredDependency_propagatesTransitively() throws {
        let repo = try repository(Self.chain)
        try repo.write("libs/base/b.py", "b2\n")
        try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(a.targets.map(\.target.id) == ["app", "libs/base", "libs/common"])
        #expect(
            a.targets.first { $0.target.id == "libs/common" }?.reasons == [
                Reason(.dependency, path: RepoPath("libs/base"))
            ])
        #expect(
            a.targets.first { $0.target.id == "app" }?.reasons == [Reason(.dependency, path: RepoPath("libs/common"))])
        #expect(a.targets.first { $0.target.id == "libs/base" }?.target.kind == .declared)
        #expect(a.targets.first { $0.target.id == "app" }?.target.kind == .runnable)
    }

    @Test func aDeclaredInput_affectsItsTarget() throws {
        let repo = try repository(Self.chain)
        try repo.write("schemas/order.json", "{\"v\": 2}\n")
        try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(a.targets.map(\.target.id) == ["//", "app"])
        #expect(
            a.targets.last?.reasons == [Reason(.input, path: RepoPath("schemas/order.json"), pattern: "schemas/*.json")]
        )
    }

    @Test func whyNot_namesWhatTheTargetReads() throws {
        let repo = try repository(Self.chain)
        try repo.write("other/x.py", "x\n")
        try repo.git("add", "-A")
        let a = try affected(repo)
        let lines = try #require(WhyNot.explain("app", in: a))
        #expect(lines.first == "app (runnable) is not affected by the 1 changed path:")
        #expect(lines.contains("  dependencies: none affected: libs/common"))
        #expect(lines.contains("  declared inputs: none matched: schemas/*.json"))
        #expect(WhyNot.explain("nope", in: a) == nil)
    }

    @Test func aDependencyCycle_isAConfigurationErrorShowingTheCycle() throws {
        let repo = try repository(
            """
            [[target]]
            path = "libs/base"
            deps = ["app"]

            [[target]]
            path = "libs/common"
            deps = ["libs/base"]

            [[target]]
            path = "app"
            deps = ["libs/common"]
            """)
        #expect {
            _ = try affected(repo)
        } throws: { error in
            guard let e = error as? WorkspaceError, case .cycle(let ids) = e else { return false }
            return ids == ["app", "libs/common", "libs/base", "app"] && e.exitCode == 2
        }
    }

    @Test func aDependencyOnNoTarget_isAConfigurationError() throws {
        let repo = try repository(
            """
            [[target]]
            path = "libs/common"
            deps = ["libs/missing"]
            """)
        #expect {
            _ = try affected(repo)
        } throws: { error in
            "\(error)".contains("depends on 'libs/missing', which is not a target")
        }
    }

    @Test func aStagedConfigEdit_isWhatTheStagedModeReads() throws {
        let repo = try repository("")
        try repo.write("preflight.toml", Self.chain)
        try repo.write("libs/base/b.py", "b2\n")
        try repo.git("add", "-A")
        // The committed config declares nothing; the staged one declares the chain: the index rules.
        let a = try affected(repo)
        #expect(a.targets.map(\.target.id).contains("libs/common"))
    }

    @Test func imageName_comesFromRepoConfig() throws {
        let repo = try repository("")
        try repo.write(
            "app/repo_config.yaml", "repo_info:\n  repo_name: r\ndocker_info:\n  docker_image_name: app-image\n")
        try repo.commitAll("config")
        let workspace = try Workspace(try IndexSnapshot(try Repository(discoveringFrom: repo.path)))
        #expect(try workspace.imageName(of: try #require(workspace.target(id: "app"))) == "app-image")
        #expect(try workspace.imageName(of: try #require(workspace.target(id: "other"))) == nil)
    }
}
