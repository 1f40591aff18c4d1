import TestSupport
import Testing

@testable import Checks
@testable import Formats
@testable import Model

/// Third-party requirements: a pin or a locked version change affects the importers of that distribution.
@Suite struct RequirementAffectedTests {
    func affected(_ repo: TemporaryRepository) throws -> Affected {
        let repository = try Repository(discoveringFrom: repo.path)
        return try Affected(try ChangeSet.make(repository, ChangeRequest(source: .staged)), graphCache: nil)
    }

    func ids(_ a: Affected) -> Set<String> { Set(a.targets.map(\.target.id)) }

    /// A Pants repository with one resolve; `web` imports requests, `cloud` boto3, `cfg` yaml, `plain` os only.
    func repository(config: String = "") throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write(
            "pants.toml",
            """
            [source]
            root_patterns = ["/"]
            [python.resolves]
            python-default = "3rdparty/python.lock"
            """)
        try repo.write("preflight.toml", "[workspace]\nmarkers = [\"BUILD\"]\n" + config)
        try repo.write("3rdparty/python.lock", PythonDistributionsTests.pantsLock(urllib3: "2.2.3"))
        try repo.write("3rdparty/requirements.txt", "requests==2.32.3\nPyYAML==6.0.2\nboto3==1.35.0\n")
        let files = [
            "web/client.py": "import requests\n", "cloud/s3.py": "def f():\n    import boto3.session\n",
            "cfg/load.py": "from yaml import safe_load\n", "plain/x.py": "import os\n",
        ]
        for (path, text) in files {
            try repo.write(path, text)
            try repo.write(RepoPath(path).parent.appending("BUILD").description, "python_sources()\n")
        }
        _ = try repo.commitAll("init")
        return repo
    }

    @Test func aRequirementPinChange_affectsOnlyThatDistributionsImporters() throws {
        let repo = try repository()
        try repo.write("3rdparty/requirements.txt", "requests==2.32.3\nPyYAML==6.0.3\nboto3==1.35.0\n")
        _ = try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(ids(a) == ["//", "cfg"])
        #expect(
            a.targets.last?.reasons.map(\.summary)
                == ["requirement 3rdparty/requirements.txt via cfg/load.py (pyyaml)"])
    }

    @Test func aCommentInTheRequirements_affectsNoImporter() throws {
        let repo = try repository()
        try repo.write("3rdparty/requirements.txt", "# pins\nrequests==2.32.3\nPyYAML==6.0.2\nboto3==1.35.0\n")
        _ = try repo.git("add", "-A")
        #expect(ids(try affected(repo)) == ["//"])
    }

    @Test func aLockedTransitiveBump_reachesTheImportersOfThePackagesThatDependOnIt() throws {
        let repo = try repository()
        try repo.write("3rdparty/python.lock", PythonDistributionsTests.pantsLock(urllib3: "2.2.4"))
        _ = try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(ids(a) == ["//", "cloud", "web"])
        let web = a.targets.first { $0.target.id == "web" }?.reasons.map(\.summary)
        #expect(web == ["requirement 3rdparty/python.lock via web/client.py (requests)"])
    }

    @Test func anUnreadableLock_affectsEveryPythonTargetItServes() throws {
        let repo = try repository()
        try repo.write("3rdparty/python.lock", "{ not json")
        _ = try repo.git("add", "-A")
        let a = try affected(repo)
        #expect(ids(a) == ["//", "cfg", "cloud", "plain", "web"])
        let plain = try #require(a.targets.first { $0.target.id == "plain" }?.reasons.first)
        #expect(plain.kind == .requirement)
        #expect(plain.via == nil)
    }

    @Test func aDistributionMappedToNoModule_affectsEveryPythonTargetItServes() throws {
        let repo = try repository(config: "[python.module-mapping]\npyyaml = []\n")
        try repo.write("3rdparty/requirements.txt", "requests==2.32.3\nPyYAML==6.0.3\nboto3==1.35.0\n")
        _ = try repo.git("add", "-A")
        #expect(ids(try affected(repo)) == ["//", "cfg", "cloud", "plain", "web"])
    }

    @Test func outsidePants_aRequirementsFileServesItsOwnDirectoryOnly() throws {
        let repo = try TemporaryRepository()
        for dir in ["a", "b"] {
            try repo.write("\(dir)/runnable_dir")
            try repo.write("\(dir)/requirements.txt", "requests==2.32.3\n")
            try repo.write("\(dir)/main.py", "import requests\n")
        }
        _ = try repo.commitAll("init")
        try repo.write("a/requirements.txt", "requests==2.32.4\n")
        _ = try repo.git("add", "-A")
        #expect(ids(try affected(repo)) == ["a"])
    }
}
