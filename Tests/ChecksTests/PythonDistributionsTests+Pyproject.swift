import Testing

@testable import Checks
@testable import Formats
@testable import Model

/// pyproject.toml: only its dependency tables name distributions.
extension PythonDistributionsTests {
    static let pyproject = """
        [project]
        name = "backend"
        version = "1.0.0"
        description = "the service"
        dependencies = ["aiohttp~=3.9", "SQLAlchemy[asyncio]>=2.0"]

        [project.optional-dependencies]
        redis = ["redis>=5"]

        [project.scripts]
        backend = "backend.cli:main"

        [dependency-groups]
        lint = ["ruff==0.6.0"]
        test = ["pytest>=8", {include-group = "lint"}]

        [tool.poetry.dependencies]
        python = "^3.11"
        PyYAML = "^6.0"
        boto3 = {version = "^1.35", extras = ["crt"]}

        [tool.poetry.group.docs.dependencies]
        sphinx = "^7"

        [tool.poetry.dev-dependencies]
        mypy = "^1.11"

        [tool.ruff]
        line-length = 100
        """

    @Test(arguments: [
        ("\"aiohttp~=3.9\"", "\"aiohttp~=3.10\"", "aiohttp"),
        ("SQLAlchemy[asyncio]>=2.0", "SQLAlchemy[asyncio]>=2.0.30", "sqlalchemy"),
        ("redis>=5", "redis>=5.1", "redis"),
        ("ruff==0.6.0", "ruff==0.6.1", "ruff"),
        ("PyYAML = \"^6.0\"", "PyYAML = \"^6.0.2\"", "pyyaml"),
        ("extras = [\"crt\"]", "extras = []", "boto3"),
        ("sphinx = \"^7\"", "sphinx = \"^8\"", "sphinx"),
        ("mypy = \"^1.11\"", "mypy = \"^1.12\"", "mypy"),
    ])
    func pyproject_aDependencyEdit_namesThatDistribution(old: String, new: String, name: String) {
        let head = Self.pyproject.replacingOccurrences(old, new)
        #expect(head != Self.pyproject)
        #expect(change(.pyproject, Self.pyproject, head) == .distributions([name]))
    }

    @Test func pyproject_anIncludedGroupEdit_namesItsDistribution() {
        let head = Self.pyproject.replacingOccurrences("{include-group = \"lint\"}", "\"hypothesis\"")
        #expect(change(.pyproject, Self.pyproject, head) == .distributions(["ruff", "hypothesis"]))
    }

    @Test func pyproject_editsOutsideTheDependencyTables_changeNothing() {
        let head = Self.pyproject
            .replacingOccurrences("version = \"1.0.0\"", "version = \"1.1.0\"")
            .replacingOccurrences("the service", "the backend service")
            .replacingOccurrences("backend.cli:main", "backend.cli:run")
            .replacingOccurrences("line-length = 100", "line-length = 120")
            .replacingOccurrences("python = \"^3.11\"", "python = \"^3.12\"")
            .replacingOccurrences(
                "[\"aiohttp~=3.9\", \"SQLAlchemy[asyncio]>=2.0\"]",
                "[\n  \"sqlalchemy[asyncio] >= 2.0\",  # db\n  \"aiohttp ~= 3.9\",\n]")
        #expect(change(.pyproject, Self.pyproject, head) == .distributions([]))
    }

    @Test func pyproject_thatDoesNotParse_isUnknown() {
        guard case .unknown(let why) = change(.pyproject, Self.pyproject, "[project\ndependencies = [") else {
            Issue.record("expected unknown")
            return
        }
        #expect(why.contains("pyproject.toml on the head side cannot be read"))
        guard case .unknown = change(.pyproject, "[project]\ndependencies = \"aiohttp\"\n", Self.pyproject) else {
            Issue.record("expected unknown for dependencies that are not an array")
            return
        }
    }

    @Test func pyproject_added_namesEveryDependency() {
        let all: Set<String> = [
            "aiohttp", "sqlalchemy", "redis", "ruff", "pytest", "pyyaml", "boto3", "sphinx", "mypy",
        ]
        #expect(change(.pyproject, nil, Self.pyproject) == .distributions(all))
    }
}
