"""smoke_test.py's checks of the import-inference benchmark: make_pycorpus.py at a tiny size, and
run_imports.py end to end with a `sh` stand-in for preflight (no binary needed, a few seconds).

The corpus must be what the benchmark claims: the asked-for counts, every `.py` valid Python, every
first-party import (absolute and relative) naming a module that exists, each kind of import present
(relative, inside a function, under `if TYPE_CHECKING:`, in `try`), the measured commit as described,
Pants' root patterns, a lock whose metadata matches requirements.txt, and the same commits for the same seed.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

import run_imports  # noqa: E402

TINY = ["--files", "400", "--py-files", "200", "--build-dirs", "24", "--packages", "5", "--history", "2"]
STAND_IN = """#!/bin/sh
case "$1" in
  affected) [ "$2" = "--help" ] && { echo "usage: preflight affected [--range R]"; exit 0; }
            exec git diff --name-only HEAD~1 HEAD ;;
  install) printf '#!/bin/sh\\nexec "%s" hook pre-commit\\n' "$0" > .git/hooks/pre-commit
           chmod +x .git/hooks/pre-commit ;;
  hook) exit 0 ;;
esac
"""


def git(repo: str, *argv: str) -> str:
    return subprocess.run(["git", "-C", repo, *argv], check=True, capture_output=True, text=True).stdout


def make(out: str) -> dict:
    subprocess.run([sys.executable, os.path.join(HERE, "make_pycorpus.py"), *TINY, "--out", out],
                   check=True, stdout=subprocess.DEVNULL)
    return json.load(open(os.path.join(out, ".git", "bench_pycorpus.json")))


def module_exists(repo: str, name: str) -> bool:
    """`a.b.c` is src/a/b/c.py or a package dir src/a/b/c/."""
    base = os.path.join(repo, "src", *name.split("."))
    return os.path.isfile(base + ".py") or os.path.isdir(base)


def imports_of(repo: str, path: str, tree: ast.Module, kinds: dict[str, int]) -> list[str]:
    """Every first-party module `path` names, relative ones resolved; counts the kinds of import seen."""
    package = path[len("src/"):].rsplit("/", 1)[0].split("/") if path.startswith("src/") else []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            kinds["type_checking"] += 1
        if isinstance(node, ast.Try) and any(isinstance(n, (ast.Import, ast.ImportFrom)) for n in node.body):
            kinds["try"] += 1
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            kinds["in_function"] += sum(isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(node))
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names if a.name.startswith("ai.backend")]
        elif isinstance(node, ast.ImportFrom) and node.level:
            kinds["relative"] += 1
            base = package[:len(package) - node.level + 1]
            names.append(".".join(base + ([node.module] if node.module else [])))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ai.backend"):
            names.append(node.module)
    return names


def check(tmp: str, expect) -> None:
    repo = os.path.join(tmp, "py")
    meta = make(repo)
    fsck = subprocess.run(["git", "-C", repo, "fsck", "--strict"], capture_output=True, text=True)
    expect(fsck.returncode == 0 and not fsck.stdout.strip(), "imports corpus: git fsck --strict is clean")
    paths = git(repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines()
    py = [p for p in paths if p.endswith(".py")]
    builds = [p for p in paths if p == "BUILD" or p.endswith("/BUILD")]
    expect(len(paths) == 400 and len(py) == 200 and len(builds) == 24,
           f"imports corpus: 400 paths, 200 .py, 24 BUILD dirs (found {len(paths)}, {len(py)}, {len(builds)})")
    expect(all(p.startswith(("src/ai/backend/", "tests/")) for p in py) and meta["counts"]["packages"] == 5,
           "imports corpus: Python under src/ai/backend/<pkg> and tests/, 5 packages")
    kinds = {"relative": 0, "in_function": 0, "type_checking": 0, "try": 0}
    missing, bad = [], []
    for p in py:
        text = open(os.path.join(repo, p), encoding="utf-8").read()
        try:
            tree = ast.parse(text, p)
        except SyntaxError as e:
            bad.append(f"{p}: {e}")
            continue
        missing += [f"{p}: {n}" for n in imports_of(repo, p, tree, kinds) if not module_exists(repo, n)]
    expect(not bad, f"imports corpus: every .py parses ({bad[:2]})")
    expect(not missing, f"imports corpus: every first-party import names a module that exists ({missing[:3]})")
    expect(all(v > 0 for v in kinds.values()), f"imports corpus: each kind of import occurs ({kinds})")
    changed = git(repo, "diff", "--name-only", "HEAD~1", "HEAD").split()
    change = meta["measured_change"]
    expect(sorted(changed) == sorted(change["edited"] + change["added"]) and len(changed) == 5,
           f"imports corpus: HEAD~1..HEAD is the measured change ({len(changed)} paths)")
    pants = open(os.path.join(repo, "pants.toml")).read()
    expect('root_patterns = ["/", "/src", "/stubs", "/tests"' in pants, "imports corpus: pants.toml's root patterns")
    lock = open(os.path.join(repo, "python.lock")).read().splitlines()
    header = [line[3:] for line in lock if line.startswith("// ")]
    start, end = header.index("--- BEGIN PANTS LOCKFILE METADATA: DO NOT EDIT OR REMOVE ---"), header.index(
        "--- END PANTS LOCKFILE METADATA ---")
    metadata = json.loads("\n".join(header[start + 1:end]))
    body = json.loads("\n".join(line for line in lock if not line.startswith("//")))
    reqs = open(os.path.join(repo, "requirements.txt")).read().split()
    expect(metadata["generated_with_requirements"] == sorted(r.lower() for r in reqs)
           and len(body["locked_resolves"][0]["locked_requirements"]) > len(reqs),
           "imports corpus: python.lock's metadata matches requirements.txt and it locks transitive packages")
    again = os.path.join(tmp, "py2")
    make(again)
    expect(git(repo, "rev-parse", "HEAD") == git(again, "rev-parse", "HEAD"), "imports corpus: same seed, same commits")

    stand_in = os.path.join(tmp, "preflight-stand-in")
    with open(stand_in, "w") as f:
        f.write(STAND_IN)
    os.chmod(stand_in, 0o755)
    results = os.path.join(tmp, "RESULTS-imports.md")
    out_dir = os.path.join(HERE, "out")
    before = set(os.listdir(out_dir)) if os.path.isdir(out_dir) else set()
    rc = run_imports.main(["--preflight", stand_in, *TINY, "--corpus-dir", repo, "--reuse-corpus", "--runs", "2",
                           "--warmup", "1", "--hook-runs", "2", "--results", results,
                           "--work-dir", os.path.join(tmp, "imports-hooks")])
    text = open(results).read()
    for name in set(os.listdir(out_dir)) - before:  # a stand-in's figures are no earlier run for bench/run
        if name.startswith("imports-"):
            os.remove(os.path.join(out_dir, name))
    expect(rc == 0 and "<!-- imports:begin -->" in text and "has no import inference" in text
           and "adds **" in text and "pantsbuild/pants#18911" in text,
           "run_imports.py: the section with its goals, the hook pair and the Pants paragraph, from a stand-in")
    expect(run_imports.goal_met("cold", 0.29, 0.1) and not run_imports.goal_met("cold", 0.31, 0.1)
           and run_imports.goal_met("warm", 0.019, 0.002) and not run_imports.goal_met("warm", 0.020, 0.002),
           "run_imports.py: the goals (3x cold; 2x + 15 ms warm)")
