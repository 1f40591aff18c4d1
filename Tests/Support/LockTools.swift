import Foundation

/// uv and Poetry as `make deps` installs them (`.build-tools/venv/bin`, pinned versions), or from PATH.
///
/// A missing tool is an error that says so: the tests that need it fail, they are never skipped.
public enum LockTools {
    /// The repository's top folder (this file is `Tests/Support/LockTools.swift`).
    public static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// The folder holding `tool`: the private venv's `bin`, else the first PATH entry that has it.
    public static func directory(of tool: String) throws -> String {
        let venv = packageRoot + "/.build-tools/venv/bin"
        if FileManager.default.isExecutableFile(atPath: venv + "/" + tool) { return venv }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
            return dir
        }
        throw ShellError(
            command: tool, status: 127,
            output: "\(tool) is not installed: 'make deps' installs it into .build-tools/venv")
    }

    /// The environment for running `tools` offline in `repo`: PATH with the tools and the built preflight
    /// first, caches and config inside the repository's ignored `.cache/`, no downloads.
    public static func environment(_ tools: [String], repo: TemporaryRepository) throws -> [String: String] {
        let binDir = URL(fileURLWithPath: Preflight.executable).deletingLastPathComponent().path
        let dirs = try tools.map(directory(of:))
        let cache = repo.path + "/.cache"
        return [
            "PATH": (dirs + [binDir, ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]).joined(
                separator: ":"),
            "UV_OFFLINE": "1", "UV_PYTHON_DOWNLOADS": "never", "UV_CACHE_DIR": cache + "/uv",
            "XDG_CONFIG_HOME": cache + "/xdg",
            "POETRY_CACHE_DIR": cache + "/poetry", "POETRY_CONFIG_DIR": cache + "/poetry-config",
            "POETRY_VIRTUALENVS_CREATE": "false", "POETRY_NO_INTERACTION": "1",
            "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        ]
    }

    /// Writes a tiny local package `name` (static metadata, so it locks without building or network).
    public static func writeLocalPackage(_ name: String, in repo: TemporaryRepository) throws {
        try repo.write("libs/\(name)/\(name)/__init__.py", "")
        try repo.write(
            "libs/\(name)/pyproject.toml",
            """
            [project]
            name = "\(name)"
            version = "0.1.0"
            requires-python = ">=3.8"
            dependencies = []

            [build-system]
            requires = ["poetry-core>=2.0.0,<3.0.0"]
            build-backend = "poetry.core.masonry.api"

            """)
    }

    /// The uv project of the merge tests: two local packages, a dependency list with room for each branch.
    public static let uvProject = """
        [project]
        name = "app"
        version = "1.0.0"
        requires-python = ">=3.9"
        dependencies = [
            # branch a adds here
            # (kept apart, so pyproject.toml merges cleanly)
            # branch b adds here
        ]

        [tool.uv]
        package = false

        [tool.uv.sources]
        liba = { path = "libs/liba" }
        libb = { path = "libs/libb" }

        """

    /// The Poetry project of the merge tests.
    public static let poetryProject = """
        [tool.poetry]
        package-mode = false

        [tool.poetry.dependencies]
        python = "^3.9"
        # branch a adds here
        # (kept apart, so pyproject.toml merges cleanly)
        # branch b adds here

        """

    /// `main` with the project locked; branch `a` adds `liba`, `main` then adds `libb`, each re-locked with
    /// the real tool, so `git merge a` conflicts on the lock only. `tool` is `uv` or `poetry`.
    public static func divergedBranches(_ tool: String, repo: TemporaryRepository, env: [String: String]) throws {
        try writeLocalPackage("liba", in: repo)
        try writeLocalPackage("libb", in: repo)
        try repo.write(".gitignore", ".cache/\n")
        try repo.write("pyproject.toml", tool == "uv" ? uvProject : poetryProject)
        try repo.run([tool, "lock"], environment: env)
        try repo.commitAll("base")
        func add(_ lib: String, after marker: String) throws {
            let text = try repo.read("pyproject.toml")
            let line = tool == "uv" ? "    \"\(lib)\",\n" : "\(lib) = { path = \"libs/\(lib)\" }\n"
            try repo.write("pyproject.toml", text.replacingOccurrences(of: marker + "\n", with: marker + "\n" + line))
            try repo.run([tool, "lock"], environment: env)
        }
        try repo.git("checkout", "-q", "-b", "a")
        try add("liba", after: tool == "uv" ? "    # branch a adds here" : "# branch a adds here")
        try repo.commitAll("add liba")
        try repo.git("checkout", "-q", "main")
        try add("libb", after: tool == "uv" ? "    # branch b adds here" : "# branch b adds here")
        try repo.commitAll("add libb")
    }
}
