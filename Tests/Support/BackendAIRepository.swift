/// A repository shaped like Backend.AI's release layout: towncrier fragments in `changes/`, `CHANGELOG.md`,
/// a `VERSION` without a trailing newline, annotated release tags.
public enum BackendAIRepository {
    /// Its `pyproject.toml`: `[tool.towncrier]` with Backend.AI's kind of types (one that `check` skips).
    public static let pyproject = """
        [project]
        name = "backend.ai"

        [tool.towncrier]
        package = "ai.backend"
        name = "Backend.AI"
        filename = "CHANGELOG.md"
        directory = "changes/"

        [[tool.towncrier.type]]
        directory = "breaking"
        name = "Breaking Changes"

        [[tool.towncrier.type]]
        directory = "feature"
        name = "Features"

        [[tool.towncrier.type]]
        directory = "fix"
        name = "Fixes"

        [[tool.towncrier.type]]
        directory = "deps"
        name = "External Dependency Updates"
        check = false

        """

    /// A new repository at release `26.8.0` (tagged), with its towncrier configuration, a news file and a
    /// fragment directory holding only `.gitkeep` (which towncrier ignores).
    public static func make() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("pyproject.toml", pyproject)
        try repo.write("changes/.gitkeep")
        try repo.write("CHANGELOG.md", "# Changes\n\n<!-- towncrier release notes start -->\n")
        try repo.write("VERSION", "26.8.0")
        try repo.write("src/ai/backend/common/types.py", "x = 1\n")
        try repo.commitAll("release: 26.8.0")
        try repo.git("tag", "-a", "26.8.0", "-m", "Release v26.8.0")
        return repo
    }
}
