import Foundation

/// A monorepo with real pytest suites, after the runnable-dir layout in README, for `preflight run`.
///
/// ```
/// helpers_root/x.py                 X = 1 (linked by b and c)
/// helpers_root/pytest.ini           registers the slow and superslow markers
/// a/ b/ c/                          runnable dirs: runnable_dir, changelog.txt (# <dir>-img-1.2.0),
///                                   repo_config.yaml (docker_image_name: <dir>-img),
///                                   devops/docker_build/dev.Dockerfile, pytest.ini -> helpers_root,
///                                   test/test_<dir>.py: one fast, one @slow, one @superslow test,
///                                   <dir>_lib.py: VALUE = 1 (a file to edit)
/// b/x.py, c/x.py                    links to ../helpers_root/x.py; their tests `import x` (PYTHONPATH)
/// docs/                             runnable dir without tests
/// ```
/// Committed on `main`; `feature` is checked out, at the same commit.
public enum PytestMonorepo {
    public static let dirs = ["a", "b", "c"]

    public static func make() throws -> TemporaryRepository {
        let repo = try TemporaryRepository()
        try repo.write("helpers_root/x.py", "X = 1\n")
        try repo.write("helpers_root/pytest.ini", "[pytest]\nmarkers =\n    slow\n    superslow\n")
        for dir in dirs {
            try repo.write("\(dir)/runnable_dir")
            try repo.write(
                "\(dir)/changelog.txt",
                "# \(dir)-img-1.2.0\n- 2025-05-18\n- Second release\n\n"
                    + "# \(dir)-img-1.0.0\n- 2024-10-16\n- First release\n")
            try repo.write(
                "\(dir)/repo_config.yaml",
                "repo_info:\n  repo_name: mono\ndocker_info:\n  docker_image_name: \(dir)-img\n")
            try repo.write("\(dir)/devops/docker_build/dev.Dockerfile", "FROM python:3.11\n")
            try repo.link("\(dir)/pytest.ini", to: "../helpers_root/pytest.ini")
            try repo.write("\(dir)/test/test_\(dir).py", testModule(dir, importsHelper: dir != "a"))
            try repo.write("\(dir)/\(dir)_lib.py", "VALUE = 1\n")
        }
        try repo.link("b/x.py", to: "../helpers_root/x.py")
        try repo.link("c/x.py", to: "../helpers_root/x.py")
        try repo.write("docs/runnable_dir")
        try repo.write("docs/index.md", "# docs\n")
        try repo.commitAll("init")
        try repo.git("checkout", "-q", "-b", "feature")
        return repo
    }

    /// `make()` with each dir's fast tier the shell `script` (in `preflight.toml`, committed).
    public static func make(fastScript script: String) throws -> TemporaryRepository {
        let repo = try make()
        try repo.write(
            "preflight.toml",
            dirs.map { "[[target]]\npath = \"\($0)\"\nfast = [\"sh\", \"-c\", \"\(script)\"]\n" }
                .joined(separator: "\n"))
        try repo.commitAll("fast jobs running a script")
        return repo
    }

    /// A test module with a fast, a slow and a superslow test named after the dir.
    public static func testModule(_ dir: String, importsHelper: Bool) -> String {
        """
        import pytest
        \(importsHelper ? "from x import X\n" : "")

        def test_\(dir)_fast():
            assert \(importsHelper ? "X == 1" : "True")


        @pytest.mark.slow
        def test_\(dir)_slow():
            assert True


        @pytest.mark.superslow
        def test_\(dir)_superslow():
            assert True

        """
    }

    /// The environment for `preflight run` in tests: no pytest plugins from the machine (faster, and the
    /// same everywhere).
    public static let environment = ["PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"]
}
