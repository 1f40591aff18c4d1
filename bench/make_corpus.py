#!/usr/bin/env python3
"""Generate a deterministic monorepo corpus for preflight's benchmarks.

The repository is written with one `git fast-import` stream (no per-file `git add`):
branch `main` holds the whole tree, branch `feature` adds one commit that changes
`--changed` paths spread over many runnable dirs.  `feature` is left checked out,
the repository is packed with `git repack -ad`, and exactly one modified file is
staged in the index (see `restore_state`, which also resets it).

Layout (the runnable-dir layout README describes):
  helpers_root/                 common files: helpers/*.py, conftest.py, pytest.ini, invoke.yaml,
                                tasks.py, dev_scripts_helpers/thin_client/setenv.sh, linters/, ...
  projects/<group>/<name>/      runnable dirs (a few at the top level and a few one level deeper),
                                each with runnable_dir, changelog.txt, repo_config.yaml,
                                devops/docker_build/{dev.Dockerfile,pyproject.toml,poetry.lock,pip_list.txt},
                                python sources and tests, and relative symlinks into helpers_root
  docs/, libs/, data/           filler up to --files paths in total

Python 3.11 standard library only.  Metadata goes to <out>/.git/bench_corpus.json.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field

META_NAME = "bench_corpus.json"
# Fixed identity and dates so the same parameters give the same commit ids.
AUTHOR = "Bench Corpus <bench@example.invalid>"
INITIAL_TIME = 1727740800  # 2024-10-01 00:00 UTC; later commits an hour apart

WORDS = (
    "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda sigma tau "
    "price order book trade fill quote bar feed vendor client server cache table "
    "frame series column index signal model config loader parser writer reader"
).split()

# Files in the top of helpers_root that every runnable dir links to (in this order).
STANDARD_LINKS = ["conftest.py", "pytest.ini", "invoke.yaml", "tasks.py"]
SETENV = "dev_scripts_helpers/thin_client/setenv.sh"
# Directories of helpers_root that runnable dirs may link to as a whole.
DIR_LINKS = ["helpers", "linters"]
# Paths a runnable dir owns itself, never links.
OWN_FILES = {
    "runnable_dir",
    "changelog.txt",
    "repo_config.yaml",
    "devops/docker_build/dev.Dockerfile",
    "devops/docker_build/pyproject.toml",
    "devops/docker_build/poetry.lock",
    "devops/docker_build/pip_list.txt",
}


@dataclass
class Entry:
    mode: str  # "100644", "100755" or "120000"
    data: bytes


@dataclass
class RunnableDir:
    path: str
    image: str
    suffix: str
    sources: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- content


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def python_module(rng: random.Random, name: str) -> bytes:
    funcs = []
    for i in range(rng.randint(1, 4)):
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        funcs.append(
            f"def {a}_{b}_{i}(x: int, y: int = {rng.randint(0, 99)}) -> int:\n"
            f'    """{words(rng, 6).capitalize()}."""\n'
            f"    return x * {rng.randint(2, 9)} + y  # {words(rng, 3)}\n"
        )
    return (
        f'"""\n{name}: {words(rng, 8)}.\n\nImport as:\n\nimport {name} as {name[:4]}\n"""\n\n'
        "import logging\n\n_LOG = logging.getLogger(__name__)\n\n\n" + "\n\n".join(funcs)
    ).encode()


def python_test(rng: random.Random, name: str) -> bytes:
    cases = "".join(
        f"    def test_{rng.choice(WORDS)}{i}(self) -> None:\n"
        f"        self.assertEqual({rng.randint(0, 9)} + 1, {rng.randint(0, 9)} + 1 - 0)\n\n"
        for i in range(rng.randint(1, 3))
    )
    return (
        "import unittest\n\n\n"
        f"class Test_{name}(unittest.TestCase):\n{cases}"
    ).encode()


def markdown(rng: random.Random, title: str) -> bytes:
    paras = "\n\n".join(words(rng, rng.randint(20, 60)).capitalize() + "." for _ in range(rng.randint(1, 4)))
    return f"# {title}\n\n{paras}\n".encode()


def changelog(image: str, version: str = "1.2.3", date: str = "2024-10-16", bullet: str = "Initial release") -> bytes:
    return f"# {image}-{version}\n- {date}\n- {bullet}\n\n# {image}-1.0.0\n- 2024-01-15\n- First release\n".encode()


def repo_config(image: str, suffix: str) -> bytes:
    return (
        "repo_info:\n  repo_name: monorepo\n"
        f"docker_info:\n  docker_image_name: {image}\n"
        f"runnable_dir_info:\n  use_helpers_as_nested_module: True\n  dir_suffix: {suffix}\n"
    ).encode()


def pyproject(rng: random.Random, image: str) -> bytes:
    deps = sorted({rng.choice(WORDS) + "lib" for _ in range(rng.randint(3, 8))})
    lines = "".join(f'{d} = "^{rng.randint(0, 5)}.{rng.randint(0, 20)}"\n' for d in deps)
    return (
        f'[tool.poetry]\nname = "{image}"\nversion = "1.2.3"\ndescription = ""\nauthors = []\n\n'
        f'[tool.poetry.dependencies]\npython = "^3.11"\n{lines}\n'
        '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n'
    ).encode()


def poetry_lock(rng: random.Random) -> bytes:
    pkgs = "".join(
        f'[[package]]\nname = "{rng.choice(WORDS)}lib{i}"\nversion = "{rng.randint(0, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"\n'
        f'description = "{words(rng, 5)}"\noptional = false\npython-versions = ">=3.8"\n\n'
        for i in range(rng.randint(4, 12))
    )
    return (pkgs + f'[metadata]\nlock-version = "2.0"\npython-versions = "^3.11"\ncontent-hash = "{rng.getrandbits(256):064x}"\n').encode()


def pip_list(rng: random.Random) -> bytes:
    return "".join(f"{rng.choice(WORDS)}lib{i}=={rng.randint(0, 5)}.{rng.randint(0, 20)}\n" for i in range(rng.randint(4, 12))).encode()


DOCKERFILE = b"FROM python:3.11-slim\nCOPY devops/docker_build/pyproject.toml /install/\nRUN pip install poetry && cd /install && poetry install\n"


# ---------------------------------------------------------------- layout


def build_helpers_root(rng: random.Random, tree: dict[str, Entry], n_helpers: int) -> list[str]:
    """Fill helpers_root; returns the files runnable dirs may mirror as links."""
    fixed = {
        "conftest.py": b"import helpers.hunit_test as hut\n\ndef pytest_configure(config):\n    hut.init(config)\n",
        "pytest.ini": b"[pytest]\nmarkers =\n    slow: slow tests\n    superslow: very slow tests\n",
        "invoke.yaml": b"run:\n  echo: true\n",
        "tasks.py": b"from invoke import task\n\nfrom helpers.lib_tasks import *  # noqa\n",
        "changelog.txt": changelog("helpers"),
        "repo_config.yaml": repo_config("helpers", "helpers"),
        "runnable_dir": b"",
        SETENV: b"#!/bin/bash\nset -e\nexport PATH=$(pwd)/dev_scripts_helpers/thin_client:$PATH\n",
        "dev_scripts_helpers/thin_client/build.py": b"#!/usr/bin/env python3\nprint('build')\n",
        "dev_scripts_helpers/thin_client/requirements.txt": b"invoke\npoetry\n",
        "devops/docker_build/dev.Dockerfile": DOCKERFILE,
        "devops/docker_build/install_os_packages.sh": b"#!/bin/bash\napt-get install -y git\n",
        "devops/docker_build/pyproject.toml": pyproject(rng, "helpers"),
        "devops/docker_build/poetry.lock": poetry_lock(rng),
        "devops/docker_build/pip_list.txt": pip_list(rng),
        "devops/docker_run/entrypoint.sh": b"#!/bin/bash\nexec \"$@\"\n",
        "devops/docker_run/bashrc": b"alias ll='ls -l'\n",
        ".pre-commit-config.yaml": b"repos: []\n",
        "mypy.ini": b"[mypy]\nignore_missing_imports = True\n",
        ".pylintrc": b"[MASTER]\njobs=1\n",
    }
    for path, data in fixed.items():
        mode = "100755" if path.endswith(".sh") else "100644"
        tree["helpers_root/" + path] = Entry(mode, data)
    # helpers/*.py and their tests, linters, docs, dev_scripts: n_helpers files in all.
    remaining = max(0, n_helpers - len(fixed))
    subdirs = [
        ("helpers", 0.45),
        ("helpers/test", 0.2),
        ("linters", 0.1),
        ("dev_scripts_helpers/git", 0.1),
        ("dev_scripts_helpers/system_tools", 0.05),
        ("docs/tools", 0.1),
    ]
    for sub, share in subdirs:
        for i in range(int(remaining * share)):
            if sub.endswith("/test"):
                name = f"test_h{rng.choice(WORDS)}_{i}"
                tree[f"helpers_root/{sub}/{name}.py"] = Entry("100644", python_test(rng, name))
            elif sub.startswith("docs"):
                tree[f"helpers_root/{sub}/all.{rng.choice(WORDS)}_{i}.how_to_guide.md"] = Entry("100644", markdown(rng, sub))
            else:
                name = f"h{rng.choice(WORDS)}_{i}"
                tree[f"helpers_root/{sub}/{name}.py"] = Entry("100644", python_module(rng, name))
    # The files a runnable dir may mirror as links (create_links.py style), beyond the standard ones.
    mirror = [
        p[len("helpers_root/"):]
        for p in sorted(tree)
        if p.startswith("helpers_root/")
        and p[len("helpers_root/"):] not in OWN_FILES
        and p[len("helpers_root/"):] not in STANDARD_LINKS
        and p[len("helpers_root/"):] != SETENV
        and not any(p.startswith(f"helpers_root/{d}/") for d in DIR_LINKS)
    ]
    return mirror


def runnable_dir_paths(rng: random.Random, n: int) -> list[str]:
    """Paths at realistic depths: ~2% top level, ~10% three levels down, the rest projects/<group>/<name>."""
    paths: list[str] = []
    n_groups = max(1, int(n ** 0.5))
    groups = [f"{rng.choice(WORDS)}_{g:03d}" for g in range(n_groups)]
    for i in range(n):
        name = f"{rng.choice(WORDS)}_{rng.choice(WORDS)}_{i:04d}"
        r = rng.random()
        if r < 0.02:
            paths.append(f"ck.{name}")
        elif r < 0.12:
            paths.append(f"projects/{rng.choice(groups)}/services/{name}")
        else:
            paths.append(f"projects/{rng.choice(groups)}/{name}")
    return paths


def spread(rng: random.Random, total: int, n: int) -> list[int]:
    """Split total into n non-negative parts with a skewed (some big, many small) distribution."""
    if n == 0:
        return []
    weights = [rng.lognormvariate(0, 0.8) for _ in range(n)]
    s = sum(weights)
    parts = [int(total * w / s) for w in weights]
    for i in range(total - sum(parts)):
        parts[i % n] += 1
    return parts


def generate_tree(args: argparse.Namespace) -> tuple[dict[str, Entry], list[RunnableDir], dict]:
    rng = random.Random(args.seed)
    tree: dict[str, Entry] = {}
    n_helpers = min(300, max(40, args.files // 300))
    mirror = build_helpers_root(rng, tree, n_helpers)

    dirs = [RunnableDir(p, "", "") for p in runnable_dir_paths(rng, args.runnable_dirs)]
    own_per_dir = len(OWN_FILES) + 1  # + README.md
    budget = args.files - len(tree) - own_per_dir * len(dirs) - args.links
    if budget < 0:
        sys.exit(
            f"make_corpus: --files {args.files} is too small for {args.runnable_dirs} runnable dirs "
            f"and {args.links} links (need at least {args.files - budget})"
        )
    if args.links and not dirs:
        sys.exit("make_corpus: --links needs at least one runnable dir")

    # Runnable dirs: own files.
    for d in dirs:
        base = posixpath.basename(d.path).removeprefix("ck.")
        d.image = base.replace("_", "-")
        d.suffix = base
        p = d.path + "/"
        tree[p + "runnable_dir"] = Entry("100644", b"")
        tree[p + "changelog.txt"] = Entry("100644", changelog(d.image))
        tree[p + "repo_config.yaml"] = Entry("100644", repo_config(d.image, d.suffix))
        tree[p + "README.md"] = Entry("100644", markdown(rng, d.image))
        tree[p + "devops/docker_build/dev.Dockerfile"] = Entry("100644", DOCKERFILE)
        tree[p + "devops/docker_build/pyproject.toml"] = Entry("100644", pyproject(rng, d.image))
        tree[p + "devops/docker_build/poetry.lock"] = Entry("100644", poetry_lock(rng))
        tree[p + "devops/docker_build/pip_list.txt"] = Entry("100644", pip_list(rng))

    # Links: --links in all, spread evenly; every fifth dir links a whole directory first.
    n_links = 0
    if dirs:
        base_n, extra = divmod(args.links, len(dirs))
        for i, d in enumerate(dirs):
            want = base_n + (1 if i < extra else 0)
            cands: list[tuple[str, str]] = [(f, f) for f in STANDARD_LINKS]
            cands.append((f"dev_scripts_{d.suffix}/thin_client/setenv.sh", SETENV))
            dir_link = (DIR_LINKS[i // 5 % len(DIR_LINKS)],) * 2
            if i % 5 == 0:
                cands.insert(0, dir_link)
            else:
                cands.append(dir_link)
            cands += [(m, m) for m in mirror]
            if want > len(cands):
                sys.exit(f"make_corpus: {want} links per runnable dir is more than the {len(cands)} candidates")
            for link_rel, target_rel in cands[:want]:
                link = f"{d.path}/{link_rel}"
                target = f"helpers_root/{target_rel}"
                text = posixpath.relpath(target, posixpath.dirname(link))
                tree[link] = Entry("120000", text.encode())
                n_links += 1

    # Sources and tests in runnable dirs (70% of the rest), filler elsewhere (30%).
    n_src = budget * 7 // 10 if dirs else 0
    n_filler = budget - n_src
    for d, count in zip(dirs, spread(rng, n_src, len(dirs))):
        pkg = d.suffix.split("_")[0] + "_" + d.suffix.split("_")[-1]
        subs = [f"{pkg}/{rng.choice(WORDS)}{k}" for k in range(max(1, count // 24))]
        for k in range(count):
            sub = subs[k % len(subs)]
            name = f"{rng.choice(WORDS)}_{k}"
            if k % 3 == 2:
                path = f"{d.path}/{sub}/test/test_{name}.py"
                data = python_test(rng, name)
            else:
                path = f"{d.path}/{sub}/{name}.py"
                data = python_module(rng, name)
            tree[path] = Entry("100644", data)
            d.sources.append(path)

    areas = ["docs", "libs", "data"]
    made = 0
    folder_i = 0
    while made < n_filler:
        area = areas[folder_i % 3]
        depth = rng.randint(1, 3)
        folder = "/".join([area] + [f"{rng.choice(WORDS)}{folder_i}_{k}" for k in range(depth)])
        for k in range(min(n_filler - made, rng.randint(5, 30))):
            if area == "docs":
                path, data = f"{folder}/{rng.choice(WORDS)}_{k}.md", markdown(rng, folder)
            elif area == "libs":
                path, data = f"{folder}/{rng.choice(WORDS)}_{k}.py", python_module(rng, f"m{k}")
            else:
                path, data = f"{folder}/{rng.choice(WORDS)}_{k}.csv", (
                    "ts,value\n" + "".join(f"{t},{rng.randint(0, 999)}\n" for t in range(rng.randint(3, 30)))
                ).encode()
            tree[path] = Entry("100644", data)
            made += 1
        folder_i += 1

    assert len(tree) == args.files, (len(tree), args.files)
    return tree, dirs, {"links": n_links, "helpers_root_files": sum(p.startswith("helpers_root/") for p in tree)}


def plan_feature(rng: random.Random, tree: dict[str, Entry], dirs: list[RunnableDir], n: int) -> list[tuple]:
    """The feature commit: n changed paths (a rename counts once) over as many runnable dirs as possible.

    Returns fast-import file commands as tuples: ("M", path, Entry), ("D", path), ("R", src, dst).
    """
    ops: list[tuple] = []
    if n <= 0:
        return ops
    with_src = [d for d in dirs if d.sources]
    rng.shuffle(with_src)
    picks: list[str] = []
    used: set[str] = set()
    i = 0
    while len(picks) < n and with_src and i < n * 20:
        d = with_src[i % len(with_src)]
        p = rng.choice(d.sources)
        if p not in used:
            used.add(p)
            picks.append(p)
        i += 1
    if len(picks) < n:
        sys.exit("make_corpus: not enough source files for --changed")
    kinds = ["delete", "rename", "add", "add", "changelog"] if n >= 5 else ["add"][:n]
    kinds += ["edit"] * (n - len(kinds))
    for kind, p in zip(kinds, picks):
        if kind == "delete":
            ops.append(("D", p))
        elif kind == "rename":
            dst = posixpath.join(posixpath.dirname(p), "renamed_" + posixpath.basename(p))
            ops.append(("R", p, dst))
        elif kind == "add":
            new = posixpath.join(posixpath.dirname(p), "added_" + posixpath.basename(p))
            ops.append(("M", new, Entry("100644", python_module(rng, "added"))))
        elif kind == "changelog":
            d = next(d for d in dirs if p.startswith(d.path + "/"))
            old = tree[f"{d.path}/changelog.txt"].data
            new = f"# {d.image}-1.3.0\n- 2024-10-17\n- Bump dependencies\n\n".encode() + old
            ops.append(("M", f"{d.path}/changelog.txt", Entry("100644", new)))
        else:
            ops.append(("M", p, Entry("100644", tree[p].data + b"\n# edited on feature\n")))
    return ops


# ---------------------------------------------------------------- git


def git(repo: str, *argv: str, capture: bool = False, check: bool = True, input: bytes | None = None) -> str:
    r = subprocess.run(["git", "-C", repo, *argv], check=check, input=input,
                       stdout=subprocess.PIPE if capture else subprocess.DEVNULL)
    return r.stdout.decode() if capture else ""


@dataclass
class Commit:
    ref: str
    when: int  # seconds since the epoch, UTC
    message: str
    ops: list[tuple]  # ("M", path, Entry) | ("D", path) | ("R", src, dst); "*" as path = whole tree
    mark: int | None = None
    parent: str | None = None  # "from" value, e.g. ":1"; None continues the ref


def history_commits(rng: random.Random, tree: dict[str, Entry], dirs: list[RunnableDir], n: int, ref: str,
                    start: int, avoid: set[str]) -> list[Commit]:
    """n small commits (1-3 edited source files each) on ref; applied to tree as they are made."""
    pool = [p for d in dirs for p in d.sources] or [p for p in tree if tree[p].mode != "120000"]
    commits = []
    for i in range(n):
        ops = []
        for p in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
            if p in avoid or p not in tree:
                continue
            tree[p] = Entry(tree[p].mode, tree[p].data + f"# {ref} change {i}\n".encode())
            ops.append(("M", p, tree[p]))
        commits.append(Commit(f"refs/heads/{ref}", start + i * 3600, f"{ref}: small change {i}", ops))
    return commits


def fast_import(repo: str, commits: list[Commit], tree: dict[str, Entry]) -> None:
    """Write all commits with one `git fast-import` stream (blobs inline)."""
    p = subprocess.Popen(["git", "-C", repo, "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE)
    out = p.stdin
    assert out is not None
    chunks: list[bytes] = []

    def emit_file(path: str, e: Entry) -> None:
        chunks.append(b"M %s inline %s\ndata %d\n" % (e.mode.encode(), path.encode(), len(e.data)))
        chunks.append(e.data)
        chunks.append(b"\n")
        if len(chunks) > 3000:
            out.write(b"".join(chunks))
            chunks.clear()

    who = AUTHOR.encode()
    for c in commits:
        msg = c.message.encode() + b"\n"
        when = b"%d +0000" % c.when
        chunks.append(b"commit %s\n" % c.ref.encode())
        if c.mark is not None:
            chunks.append(b"mark :%d\n" % c.mark)
        chunks.append(b"author %s %s\ncommitter %s %s\ndata %d\n%s" % (who, when, who, when, len(msg), msg))
        if c.parent:
            chunks.append(b"from %s\n" % c.parent.encode())
        for op in c.ops:
            if op[0] == "*":
                for path in sorted(tree):
                    emit_file(path, tree[path])
            elif op[0] == "M":
                emit_file(op[1], op[2])
            elif op[0] == "D":
                chunks.append(b"D %s\n" % op[1].encode())
            elif op[0] == "R":
                chunks.append(b"R %s %s\n" % (op[1].encode(), op[2].encode()))
        chunks.append(b"\n")
    chunks.append(b"done\n")
    out.write(b"".join(chunks))
    out.close()
    if p.wait() != 0:
        sys.exit("make_corpus: git fast-import failed")


def staged_edit(meta: dict) -> tuple[str, bytes]:
    """The one modified file the corpus keeps staged for `--staged` measurements."""
    return meta["staged_path"], meta["staged_suffix"].encode()


def restore_state(repo: str) -> None:
    """Put the corpus back to its measured state: feature checked out, clean, one file staged.

    Waits between writes so no index entry is racily clean (git compares mtimes in seconds).
    """
    with open(os.path.join(repo, ".git", META_NAME)) as f:
        meta = json.load(f)
    git(repo, "checkout", "-q", "-f", "feature")
    git(repo, "reset", "-q", "--hard", "feature")
    git(repo, "clean", "-q", "-fdx")
    time.sleep(1.1)
    path, suffix = staged_edit(meta)
    full = os.path.join(repo, path)
    with open(full, "ab") as f:
        f.write(suffix)
    git(repo, "add", "--", path)
    time.sleep(1.1)
    git(repo, "update-index", "-q", "--refresh", check=False)
    staged = git(repo, "diff", "--cached", "--name-only", capture=True).split()
    dirty = git(repo, "status", "--porcelain", "-uall", capture=True).splitlines()
    if staged != [path] or dirty != [f"M  {path}"]:
        sys.exit(f"make_corpus: unexpected corpus state: staged={staged} status={dirty[:5]}")


def describe_storage(repo: str) -> dict:
    info = {}
    for line in git(repo, "count-objects", "-v", capture=True).splitlines():
        k, _, v = line.partition(": ")
        info[k] = int(v) if v.isdigit() else v
    return info


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=100000, help="tracked paths on main, links included (default 100000)")
    ap.add_argument("--runnable-dirs", type=int, default=1000, help="runnable dirs (default 1000)")
    ap.add_argument("--links", type=int, default=5000, help="relative symlinks into helpers_root (default 5000)")
    ap.add_argument("--changed", type=int, default=100, help="paths changed on feature (default 100)")
    ap.add_argument("--history", type=int, default=100, help="small commits on main before feature forks (default 100)")
    ap.add_argument("--main-ahead", type=int, default=5, help="commits on main after feature forks (default 5)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", required=True, help="directory to create (must not exist, or use --force)")
    ap.add_argument("--force", action="store_true", help="remove --out first if it exists")
    ap.add_argument("--no-repack", action="store_true", help="skip `git repack -ad` (leave fast-import's pack)")
    ap.add_argument("--restore", action="store_true", help="only restore an existing corpus to its measured state")
    args = ap.parse_args(argv)
    out = os.path.abspath(args.out)

    if args.restore:
        restore_state(out)
        print(f"restored {out}")
        return 0

    if os.path.exists(out):
        if not args.force:
            sys.exit(f"make_corpus: {out} exists (use --force to replace it)")
        shutil.rmtree(out)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    tree, dirs, counts = generate_tree(args)
    initial_tree = dict(tree)
    rng = random.Random(args.seed * 7919 + 1)
    # main: the whole tree, then --history small commits; feature forks there; main then moves on by
    # --main-ahead commits, so merge-base(main, feature) is not main's tip (as on a real branch).
    commits = [Commit("refs/heads/main", INITIAL_TIME, "corpus: monorepo with runnable dirs", [("*",)])]
    commits += history_commits(rng, tree, dirs, args.history, "main", INITIAL_TIME + 3600, set())
    commits[-1].mark = 1
    ops = plan_feature(rng, tree, dirs, args.changed)
    touched = {p for op in ops for p in op[1:] if isinstance(p, str)}
    fork_time = INITIAL_TIME + (args.history + 2) * 3600
    commits.append(Commit("refs/heads/feature", fork_time + 1800, "feature: change files across runnable dirs", ops,
                          parent=":1"))
    ahead_tree = dict(tree)
    commits += history_commits(rng, ahead_tree, dirs, args.main_ahead, "main", fork_time, touched)
    t1 = time.perf_counter()
    timings["generate"] = t1 - t0

    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    for k, v in [("user.name", "Bench Corpus"), ("user.email", "bench@example.invalid"), ("gc.auto", "0")]:
        git(out, "config", k, v)
    fast_import(out, commits, initial_tree)
    t2 = time.perf_counter()
    timings["fast_import"] = t2 - t1

    storage_before = describe_storage(out)
    if not args.no_repack:
        git(out, "repack", "-adq")
    t3 = time.perf_counter()
    timings["repack"] = t3 - t2

    git(out, "symbolic-ref", "HEAD", "refs/heads/feature")
    git(out, "reset", "-q", "--hard", "feature")
    t4 = time.perf_counter()
    timings["checkout"] = t4 - t3

    # The staged file: a source file in a runnable dir the feature commit does not touch.
    candidates = [p for d in dirs for p in d.sources if p not in touched]
    staged_path = candidates[len(candidates) // 2] if candidates else "helpers_root/conftest.py"
    changed = git(out, "diff", "--name-only", "main...feature", capture=True).split()
    meta = {
        "params": {"files": args.files, "runnable_dirs": args.runnable_dirs, "links": args.links,
                   "changed": args.changed, "seed": args.seed, "history": args.history,
                   "main_ahead": args.main_ahead, "repacked": not args.no_repack},
        "counts": {**counts, "runnable_dirs": len(dirs),
                   "tracked_on_main": len(tree),
                   "changed_paths_main_to_feature": len(changed),
                   "commits_on_main": int(git(out, "rev-list", "--count", "main", capture=True)),
                   "feature_behind_main": int(git(out, "rev-list", "--count", "feature..main", capture=True))},
        "staged_path": staged_path,
        "staged_suffix": "\n# staged edit for --staged benchmarks\n",
        "storage_after_fast_import": storage_before,
    }
    with open(os.path.join(out, ".git", META_NAME), "w") as f:
        json.dump(meta, f, indent=2)
    restore_state(out)
    t5 = time.perf_counter()
    timings["stage_and_settle"] = t5 - t4  # includes two 1.1 s waits against racy index entries
    meta["storage"] = describe_storage(out)
    meta["timings_s"] = {k: round(v, 3) for k, v in timings.items()}
    meta["timings_s"]["total"] = round(t5 - t0, 3)
    meta["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    with open(os.path.join(out, ".git", META_NAME), "w") as f:
        json.dump(meta, f, indent=2)

    st = meta["storage"]
    print(f"corpus {out}: {len(tree)} paths on main, {len(dirs)} runnable dirs, {counts['links']} links, "
          f"{len(changed)} paths changed main...feature, staged: {staged_path}")
    print(f"storage: packs={st.get('packs')} in-pack={st.get('in-pack')} loose={st.get('count')} "
          f"size-pack={st.get('size-pack')} KiB ({'repacked with git repack -ad' if not args.no_repack else 'fast-import pack only'})")
    print("timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in meta["timings_s"].items())
          + f" (load average {' '.join(map(str, meta['load_average_at_end']))})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
