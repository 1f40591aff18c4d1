import Foundation

/// Builds the sample monorepo `preflight demo` runs on: runnable dirs linking into `helpers_root`,
/// a declared library target, and a feature branch with realistic changes. Uses the git CLI.
public enum SampleMonorepo {
    /// The branch holding the demo's changes; `main` is the base.
    public static let featureBranch = "feature/update-helpers"

    /// Creates the repository in `directory` (which must be empty or missing).
    public static func create(in directory: String) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let git = { (args: [String]) throws in try run(["git"] + args, in: directory) }
        try git(["init", "-q", "-b", "main"])
        try git(["config", "user.name", "Preflight Demo"])
        try git(["config", "user.email", "demo@preflight.invalid"])
        try git(["config", "commit.gpgsign", "false"])

        for (path, text) in baseFiles { try write(directory, path, text) }
        for dir in runnableDirs {
            for (path, text) in try runnableFiles(dir) { try write(directory, dir.path + "/" + path, text) }
            for (link, target) in runnableLinks(dir) { try makeLink(directory, dir.path + "/" + link, target) }
        }
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "Add runnable dirs, helpers and the common library"])

        try git(["checkout", "-q", "-b", featureBranch])
        try write(
            directory, "helpers_root/helpers/hio.py",
            "def to_file(path, text):\n    with open(path, \"w\") as f:\n        f.write(text)\n\n"
                + "def from_file(path):\n    return open(path).read()\n")
        try git(["commit", "-q", "-am", "helpers: add hio.from_file"])
        try write(
            directory, "libs/common/retry.py",
            "def retry(fn, times=3):\n    for _ in range(times - 1):\n"
                + "        try:\n            return fn()\n        except Exception:\n            pass\n    return fn()\n"
        )
        // The dashboard imports util: an import reason, besides its declared dependency.
        try write(directory, "libs/common/util.py", util + "\ndef pairs(xs):\n    return list(zip(xs, xs[1:]))\n")
        // A well-behaved release-input change: dependency, regenerated lock and pins, new changelog entry.
        let infra = RunnableDir(path: "ck.infra", image: "cmamp-infra", suffix: "infra")
        let kubernetes = ("kubernetes = \"^31.0\"\n", [("kubernetes", "31.0.0")])
        try write(directory, "ck.infra/devops/docker_build/pyproject.toml", pyproject(infra.image, extra: kubernetes.0))
        try write(directory, "ck.infra/devops/docker_build/poetry.lock", try poetryLock(infra.image, extra: kubernetes))
        try write(directory, "ck.infra/devops/docker_build/pip_list.txt", "kubernetes==31.0.0\npytest==8.3.2\n")
        try write(
            directory, "ck.infra/changelog.txt",
            "# cmamp-infra-1.2.0\n- 2026-11-01\n- Add the kubernetes client\n\n"
                + changelog(infra.image))
        try git(["add", "-A"])
        try git(["commit", "-q", "-m", "infra: add kubernetes client; common: retry helper"])
    }

    struct RunnableDir {
        let path: String
        let image: String
        let suffix: String
    }

    static let util = "def chunks(xs, n):\n    return [xs[i:i + n] for i in range(0, len(xs), n)]\n"

    static let runnableDirs = [
        RunnableDir(path: "ck.infra", image: "cmamp-infra", suffix: "cmamp_infra"),
        RunnableDir(path: "dataflow_amp", image: "dataflow-amp", suffix: "dataflow_amp"),
        RunnableDir(path: "optimizer", image: "opt", suffix: "optimizer"),
        RunnableDir(path: "apps/dashboard", image: "quant-dashboard", suffix: "dashboard"),
        RunnableDir(path: "research/backtest", image: "backtest", suffix: "backtest"),
    ]

    static let baseFiles: [(String, String)] = [
        ("README.md", "# sample monorepo\n\nRunnable dirs share helpers through links into helpers_root.\n"),
        (
            "preflight.toml",
            """
            [workspace]
            default-branch = "main"

            [[target]]
            path = "libs/common"

            [[target]]
            path = "optimizer"
            deps = ["libs/common"]

            [[target]]
            path = "apps/dashboard"
            deps = ["optimizer"]

            """
        ),
        ("helpers_root/helpers/__init__.py", ""),
        ("helpers_root/helpers/hdbg.py", "def dassert(cond, msg=''):\n    assert cond, msg\n"),
        (
            "helpers_root/helpers/hio.py",
            "def to_file(path, text):\n    with open(path, \"w\") as f:\n        f.write(text)\n"
        ),
        ("helpers_root/conftest.py", "import pytest\n"),
        ("helpers_root/pytest.ini", "[pytest]\nmarkers =\n    slow\n    superslow\n"),
        ("helpers_root/invoke.yaml", "run:\n  echo: true\n"),
        ("helpers_root/tasks.py", "from invoke import task\n"),
        ("helpers_root/dev_scripts_helpers/thin_client/setenv.sh", "#!/bin/bash\nexport PATH=$PATH\n"),
        ("libs/common/__init__.py", ""),
        ("libs/common/util.py", util),
        (
            "apps/dashboard/src/charts.py",
            "from libs.common.util import chunks\n\ndef pages(rows):\n"
                + "    return chunks(rows, 50)\n"
        ),
        ("docs/onboarding.md", "# onboarding\n"),
    ]

    static func runnableFiles(_ dir: RunnableDir) throws -> [(String, String)] {
        [
            ("runnable_dir", ""),
            ("changelog.txt", changelog(dir.image)),
            (
                "repo_config.yaml",
                "repo_info:\n  repo_name: sample\ndocker_info:\n  docker_image_name: \(dir.image)\n"
                    + "runnable_dir_info:\n  use_helpers_as_nested_module: True\n  dir_suffix: \(dir.suffix)\n"
            ),
            ("devops/docker_build/dev.Dockerfile", "FROM python:3.11-slim\nCOPY . /app\n"),
            ("devops/docker_build/pyproject.toml", pyproject(dir.image, extra: "")),
            ("devops/docker_build/poetry.lock", try poetryLock(dir.image, extra: ("", []))),
            ("devops/docker_build/pip_list.txt", "pytest==8.3.2\n"),
            (
                "dev_scripts_\(dir.suffix)/thin_client/setenv.sh",
                "#!/bin/bash\nsource ../../helpers_root/dev_scripts_helpers/thin_client/setenv.sh\n"
            ),
            ("src/__init__.py", ""),
            ("src/main.py", "from helpers import hio\n\ndef main():\n    hio.to_file('/tmp/out', '\(dir.image)')\n"),
            ("test/test_main.py", "def test_main():\n    assert True\n"),
        ]
    }

    static func runnableLinks(_ dir: RunnableDir) -> [(String, String)] {
        let up = String(repeating: "../", count: dir.path.split(separator: "/").count)
        var links = [
            ("conftest.py", up + "helpers_root/conftest.py"),
            ("pytest.ini", up + "helpers_root/pytest.ini"),
            ("invoke.yaml", up + "helpers_root/invoke.yaml"),
            ("tasks.py", up + "helpers_root/tasks.py"),
        ]
        if !["apps/dashboard", "research/backtest"].contains(dir.path) {
            links.append(("helpers", up + "helpers_root/helpers"))
        }
        return links
    }

    static func pyproject(_ name: String, extra: String) -> String {
        "[tool.poetry]\nname = \"\(name)\"\nversion = \"1.1.0\"\ndescription = \"\"\nauthors = []\n\n"
            + "[tool.poetry.dependencies]\npython = \"^3.11\"\npytest = \"^8.3\"\n\(extra)"
    }

    static func changelog(_ image: String) -> String {
        "# \(image)-1.1.0\n- 2026-10-01\n- Upgrade dependencies\n\n# \(image)-1.0.0\n- 2026-09-01\n- First release\n"
    }

    /// A poetry.lock as Poetry 1.8 writes it, with the content-hash of `pyproject(name, extra:)`.
    static func poetryLock(_ name: String, extra: (String, [(String, String)])) throws -> String {
        let packages = ([("pytest", "8.3.2")] + extra.1).sorted { $0.0 < $1.0 }
        var text = "# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.\n"
        for (package, version) in packages {
            text +=
                "\n[[package]]\nname = \"\(package)\"\nversion = \"\(version)\"\ndescription = \"\"\n"
                + "optional = false\npython-versions = \">=3.8\"\nfiles = []\n"
        }
        let manifest = try TOMLData.parse(Array(pyproject(name, extra: extra.0).utf8), file: "pyproject.toml")
        let hash = PoetryLock.contentHash(manifest, generatedBy: .version(major: 1, minor: 8))
        return text + "\n[metadata]\nlock-version = \"2.0\"\npython-versions = \"^3.11\"\ncontent-hash = \"\(hash)\"\n"
    }

    static func write(_ root: String, _ path: String, _ text: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    static func makeLink(_ root: String, _ path: String, _ target: String) throws {
        let full = root + "/" + path
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: target)
    }

    /// Runs `argv` in `directory`; its output is kept for the error when it fails.
    static func run(_ argv: [String], in directory: String) throws {
        let path = NSTemporaryDirectory() + "preflight-demo-\(getpid()).log"
        unlink(path)
        defer { unlink(path) }
        let exit: JobExit
        do {
            exit = try JobProcess.spawn(
                argv, in: directory, environment: ProcessInfo.processInfo.environment,
                output: .log(path)
            ).wait()
        } catch {
            throw DemoError(message: "\(argv.joined(separator: " ")) could not start: \(error)")
        }
        guard exit == .exited(0) else {
            let text = JobLog.tail(of: path, lines: 20)?.joined(separator: "\n") ?? ""
            throw DemoError(message: "\(argv.joined(separator: " ")) failed: \(text)")
        }
    }
}

/// The demo could not build its sample repository.
public struct DemoError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
