#!/usr/bin/env python3
"""Generate a deterministic Python monorepo laid out as Backend.AI is, for the import-inference benchmark.

One `git fast-import` stream writes `main`: the whole tree, `--history` small commits, and last the
measured commit (HEAD~1..HEAD: a few modules edited across packages, one test, a news fragment). Then
`git repack -ad` and `main` checked out, clean.

Layout (after Backend.AI, the Pants monorepo issue 14 names):
  src/ai/backend/<pkg>/...      ~20 packages (common, manager, agent, storage, client, ...), nested
                                subpackages, `__init__.py` in each, a `BUILD` (`python_sources()`) per dir;
                                manager/models/alembic/versions/ holds many migrations
  tests/unit/<pkg>/...          `test_*.py` and `conftest.py`, a `BUILD` (`python_tests()`) per dir
  pants.toml                    `[source] root_patterns = ["/", "/src", "/stubs", "/tests", ...]`, one resolve
  python.lock, requirements.txt a Pants (Pex JSON) lock with its metadata header, and its requirements
  preflight.toml                `[workspace] markers = ["BUILD"]`
  changes/, docs/, configs/     news fragments, documentation, sample configs, test fixtures: the rest of --files

Every module imports as Backend.AI's do: absolute first-party imports (`from ai.backend.common.types import
X`, mostly of each package's hub modules and of the packages it depends on), relative ones (`from .x import
y`, `from ..x import y`), imports inside functions, under `if TYPE_CHECKING:` and in `try`/`except
ImportError`, third-party ones (aiohttp, sqlalchemy, yaml, ...), and docstrings that mention an import.
Every first-party import names a module that exists. Same parameters and seed, same commit ids.

Python 3.11 standard library only. Metadata goes to <out>/.git/bench_pycorpus.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import make_corpus  # noqa: E402
from make_corpus import Commit, Entry  # noqa: E402

META_NAME = "bench_pycorpus.json"
INITIAL_TIME = make_corpus.INITIAL_TIME

# (package, weight, first-party packages it imports besides common): Backend.AI's packages, roughly sized.
PACKAGES = [
    ("common", 10, []), ("manager", 24, ["logging", "plugin"]), ("agent", 12, ["logging", "plugin", "kernel"]),
    ("storage", 8, ["logging"]), ("client", 9, ["cli"]), ("cli", 2, []), ("web", 3, ["client", "logging"]),
    ("kernel", 4, []), ("runner", 1, []), ("helpers", 1, []), ("plugin", 2, []), ("logging", 2, []),
    ("accelerator", 4, ["agent"]), ("appproxy", 7, ["logging"]), ("install", 2, ["cli"]),
    ("testutils", 1, []), ("wsproxy", 2, ["logging"]), ("account_manager", 3, ["logging"]),
    ("test", 3, ["client", "testutils"]), ("watcher", 1, ["logging"]), ("kernel_runner", 1, ["kernel"]),
    ("analytics", 1, ["logging"]),
]
SUBPACKAGES = ("api", "models", "services", "registry", "handlers", "repositories", "gql", "events", "scheduler",
               "network", "docker", "volumes", "sokovan", "auth", "dto", "actions", "resources", "metrics",
               "clients", "backends", "vfolder", "session", "image", "container", "rpc", "data", "bgtask")
HUBS = ("types", "exception", "utils", "config", "defs")
WORDS = ("session", "kernel", "agent", "image", "vfolder", "user", "group", "domain", "keypair", "resource",
         "slot", "quota", "policy", "endpoint", "route", "token", "event", "metric", "scaling", "scheduler",
         "network", "volume", "storage", "registry", "artifact", "model", "service", "container", "runtime",
         "health", "status", "config", "context", "handler", "manager", "client", "server", "proxy", "cache",
         "lock", "queue", "stream", "task", "job", "watcher", "plugin", "hook", "audit", "log", "error")
THIRD_PARTY = {  # module -> distribution, as Backend.AI's requirements name them
    "aiohttp": "aiohttp", "sqlalchemy": "SQLAlchemy", "yaml": "PyYAML", "attrs": "attrs", "trafaret": "trafaret",
    "pydantic": "pydantic", "redis": "redis", "aiodocker": "aiodocker", "click": "click", "aiotools": "aiotools",
    "graphene": "graphene", "alembic": "alembic", "zmq": "pyzmq", "dateutil": "python-dateutil", "jwt": "PyJWT",
    "tenacity": "tenacity", "yarl": "yarl", "multidict": "multidict", "msgpack": "msgpack", "psutil": "psutil",
    "prometheus_client": "prometheus-client", "uvloop": "uvloop", "aiofiles": "aiofiles", "toml": "toml",
    "cryptography": "cryptography", "boto3": "boto3", "kubernetes_asyncio": "kubernetes-asyncio",
    "etcd_client": "backend.ai-etcd-client", "callosum": "callosum", "rich": "rich", "humanize": "humanize",
}
STDLIB = ("asyncio", "logging", "os", "sys", "json", "uuid", "enum", "functools", "itertools", "pathlib",
          "dataclasses", "collections", "contextlib", "datetime", "decimal", "re", "textwrap", "typing", "signal")


def module_name(path: str) -> str:
    """`src/ai/backend/common/types.py` -> `ai.backend.common.types`; `tests/unit/x/test_y.py` -> `unit.x.test_y`."""
    parts = path.split("/")[1:]
    parts[-1] = parts[-1][:-3]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def ident(rng: random.Random) -> str:
    return f"{rng.choice(WORDS)}_{rng.choice(WORDS)}"


def camel(rng: random.Random) -> str:
    return rng.choice(WORDS).capitalize() + rng.choice(WORDS).capitalize()


# ---------------------------------------------------------------- layout


def apportion(total: int, weights: list[float], minimum: int = 1) -> list[int]:
    """`total` split in proportion to `weights`, each at least `minimum`, summing to `total` exactly."""
    n = len(weights)
    counts = [max(minimum, int(total * w / sum(weights))) for w in weights]
    i = 0
    while sum(counts) != total and i < 100000:
        k = i % n
        if sum(counts) < total:
            counts[k] += 1
        elif counts[k] > minimum:
            counts[k] -= 1
        i += 1
    return counts


def grow_dirs(rng: random.Random, root: str, count: int) -> list[str]:
    """`root` and `count - 1` subpackage dirs under it, at most three levels deep."""
    dirs = [root]
    children: dict[str, set[str]] = {root: set()}
    serial = 0
    while len(dirs) < count:
        parent = rng.choice([d for d in dirs if d.count("/") - root.count("/") < 3])
        free = [s for s in SUBPACKAGES if s not in children[parent]]
        if free:
            name = rng.choice(free)
        else:
            serial += 1
            name = f"{rng.choice(SUBPACKAGES)}{serial}"
        children[parent].add(name)
        path = f"{parent}/{name}"
        dirs.append(path)
        children[path] = set()
    return dirs


def plan_layout(rng: random.Random, args: argparse.Namespace) -> dict:
    """Every directory and every Python file's path, before any content (imports name existing modules)."""
    packages = PACKAGES[:args.packages]
    weights = [w for _, w, _ in packages]
    n_src_dirs = max(len(packages), round((args.build_dirs - 1) * 0.6))
    n_test_dirs = max(len(packages), args.build_dirs - 1 - n_src_dirs)
    src_dirs: dict[str, list[str]] = {}
    for (pkg, _, _), k in zip(packages, apportion(n_src_dirs, weights)):
        src_dirs[pkg] = grow_dirs(rng, f"src/ai/backend/{pkg}", k)
    alembic = ""
    if "manager" in src_dirs and len(src_dirs["manager"]) > 3:
        alembic = "src/ai/backend/manager/models/alembic/versions"
        src_dirs["manager"][-1] = alembic  # replaces the last grown dir: the dir count stays the same
    test_dirs: dict[str, list[str]] = {}
    for (pkg, _, _), k in zip(packages, apportion(n_test_dirs, weights)):
        mirrored = [d[len(f"src/ai/backend/{pkg}"):] for d in src_dirs[pkg][1:] if d != alembic]
        picks = rng.sample(mirrored, min(len(mirrored), k - 1))
        test_dirs[pkg] = [f"tests/unit/{pkg}"] + sorted(f"tests/unit/{pkg}{m}" for m in picks)
        while len(test_dirs[pkg]) < k:
            test_dirs[pkg].append(f"tests/unit/{pkg}/{rng.choice(WORDS)}{len(test_dirs[pkg])}")
    # Python files: src gets ~68 %; every src dir an __init__.py; alembic a fixed share of migrations.
    all_src = [d for ds in src_dirs.values() for d in ds]
    all_test = [d for ds in test_dirs.values() for d in ds]
    n_src_py = round(args.py_files * 0.68)
    n_test_py = args.py_files - n_src_py - 1  # tests/conftest.py
    n_migrations = round(n_src_py * 0.04) if alembic else 0
    modules: dict[str, list[str]] = {d: ["__init__.py"] for d in all_src}
    plain = [d for d in all_src if d != alembic]
    spare = max(0, n_src_py - len(all_src) - n_migrations)
    for d, k in zip(plain, apportion(spare, [rng.lognormvariate(0, 0.8) for _ in plain], minimum=0)):
        names = [h + ".py" for h in HUBS[:k]] if d.count("/") == 3 else []
        while len(names) < k:
            name = ident(rng) + ".py"
            if name not in names:
                names.append(name)
        modules[d] += names
    if alembic:
        modules[alembic] += [f"{rng.getrandbits(48):012x}_{ident(rng)}.py" for _ in range(n_migrations)]
    tests: dict[str, list[str]] = {d: (["conftest.py"] if d.count("/") == 2 else []) for d in all_test}
    spare = max(0, n_test_py - sum(len(v) for v in tests.values()))
    for d, k in zip(all_test, apportion(spare, [rng.lognormvariate(0, 0.7) for _ in all_test], minimum=0)):
        while len(tests[d]) < k + (d.count("/") == 2):
            name = f"test_{ident(rng)}.py"
            if name not in tests[d]:
                tests[d].append(name)
    return {"packages": packages, "src_dirs": src_dirs, "test_dirs": test_dirs, "alembic": alembic,
            "modules": modules, "tests": tests}


# ---------------------------------------------------------------- content


class Modules:
    """The first-party modules by package, for picking import targets that exist."""

    def __init__(self, layout: dict):
        self.deps = {pkg: ["common"] + [d for d in deps if d in layout["src_dirs"]]
                     for pkg, _, deps in layout["packages"]}
        self.all: dict[str, list[str]] = {}
        self.hubs: dict[str, list[str]] = {}
        for pkg, dirs in layout["src_dirs"].items():
            names = [module_name(f"{d}/{f}") for d in dirs if d != layout["alembic"] for f in layout["modules"][d]]
            self.all[pkg] = names
            root = f"ai.backend.{pkg}"
            self.hubs[pkg] = [n for n in names if n.rsplit(".", 1)[0] == root and n.rsplit(".", 1)[1] in HUBS] or [root]

    def pick(self, rng: random.Random, pkg: str) -> str:
        """An import target for a module of `pkg`: hubs of common and of itself most often, as in Backend.AI."""
        r = rng.random()
        if r < 0.35:
            return rng.choice(self.hubs["common"] if "common" in self.hubs else self.hubs[pkg])
        if r < 0.55:
            return rng.choice(self.hubs[pkg])
        if r < 0.8:
            return rng.choice(self.all[pkg])
        other = rng.choice(self.deps[pkg]) if self.deps[pkg] else pkg
        other = other if other in self.all else pkg
        return rng.choice(self.hubs[other] if rng.random() < 0.5 else self.all[other])


def import_line(rng: random.Random, target: str, indent: str = "") -> str:
    r = rng.random()
    if r < 0.7:
        return f"{indent}from {target} import {camel(rng)}, {ident(rng)}\n"
    if r < 0.85 or "." not in target:
        return f"{indent}import {target}\n"
    parent, last = target.rsplit(".", 1)
    return f"{indent}from {parent} import {last}\n"


def functions(rng: random.Random, n: int, inner_imports: list[str]) -> str:
    out = []
    for i in range(n):
        name, cls = ident(rng), camel(rng)
        body = "".join(inner_imports[i:i + 1])
        if rng.random() < 0.4:
            out.append(f"class {cls}{i}:\n    \"\"\"The {rng.choice(WORDS)} {rng.choice(WORDS)}.\"\"\"\n\n"
                       f"    {name}: int = {rng.randint(0, 99)}\n\n"
                       f"    async def {ident(rng)}(self, {ident(rng)}: str) -> dict[str, int]:\n"
                       + ("    " + body if body else "")
                       + f"        result = {{'{rng.choice(WORDS)}': self.{name}}}\n"
                       f"        log.debug('{rng.choice(WORDS)} %s', result)\n        return result\n")
        else:
            out.append(f"async def {name}_{i}({ident(rng)}: int, *, {ident(rng)}: bool = False) -> int:\n"
                       f"    \"\"\"{rng.choice(WORDS).capitalize()} the {rng.choice(WORDS)} of a "
                       f"{rng.choice(WORDS)}.\"\"\"\n"
                       + body
                       + f"    value = {rng.randint(1, 9)}\n"
                       f"    for item in range(value):\n        value += item * {rng.randint(2, 7)}\n"
                       f"    return value\n")
    return "\n\n".join(out)


def source_module(rng: random.Random, path: str, mods: Modules, pkg: str, siblings: list[str],
                  parent_has: list[str]) -> bytes:
    """A module of `pkg` at `path` with Backend.AI's kinds of imports."""
    own = module_name(path)
    head = ""
    if rng.random() < 0.1:  # text that looks like an import but is a docstring
        head = f'"""{rng.choice(WORDS).capitalize()} support.\n\nUsage::\n\n    from {own} import {camel(rng)}\n"""\n\n'
    lines = ["from __future__ import annotations\n\n"]
    lines += [f"import {m}\n" for m in sorted(rng.sample(STDLIB, rng.randint(2, 5)))]
    type_checking = rng.random() < 0.3
    lines.append("from typing import TYPE_CHECKING, Any, Optional\n\n" if type_checking else "\n")
    lines += [f"import {m}\n" for m in sorted(rng.sample(sorted(THIRD_PARTY), rng.randint(1, 3)))]
    lines.append("\n")
    targets = {mods.pick(rng, pkg) for _ in range(rng.randint(2, 6))} - {own}
    lines += [import_line(rng, t) for t in sorted(targets)]
    others = [s for s in siblings if s != path.rsplit("/", 1)[1]]
    if others and rng.random() < 0.5:
        lines.append(f"from .{rng.choice(others)[:-3]} import {camel(rng)}\n")
    if parent_has and rng.random() < 0.3:
        lines.append(f"from ..{rng.choice(parent_has)[:-3]} import {camel(rng)}\n")
    if type_checking:
        lines.append("\nif TYPE_CHECKING:\n" + import_line(rng, mods.pick(rng, pkg), "    "))
    if rng.random() < 0.08:
        lines.append("\ntry:\n    import uvloop\nexcept ImportError:  # pragma: no cover\n    uvloop = None\n")
    lines.append("\nlog = logging.getLogger(__spec__.name if __spec__ else __name__)\n\n\n")
    inner = [import_line(rng, mods.pick(rng, pkg), "    ") for _ in range(rng.randint(0, 2)) if rng.random() < 0.5]
    body = functions(rng, rng.randint(3, 24), inner)
    return (head + "".join(lines) + body + "\n").encode()


def test_module(rng: random.Random, path: str, mods: Modules, pkg: str) -> bytes:
    targets = sorted({mods.pick(rng, pkg) for _ in range(rng.randint(1, 4))})
    lines = ["from __future__ import annotations\n\nimport asyncio\n"
             "from unittest.mock import AsyncMock\n\nimport pytest\n\n"]
    lines += [import_line(rng, t) for t in targets]
    if "testutils" in mods.all and rng.random() < 0.3:
        lines.append(import_line(rng, rng.choice(mods.all["testutils"])))
    inner = [import_line(rng, mods.pick(rng, pkg), "    ")] if rng.random() < 0.2 else []
    cases = []
    for i in range(rng.randint(2, 8)):
        cases.append(f"@pytest.mark.asyncio\nasync def test_{ident(rng)}_{i}() -> None:\n"
                     + "".join(inner[i:i + 1])
                     + f"    mock = AsyncMock(return_value={rng.randint(0, 9)})\n"
                     f"    assert await mock() == mock.return_value\n")
    return ("".join(lines) + "\n\n" + "\n\n".join(cases)).encode()


def conftest(rng: random.Random, mods: Modules, pkg: str) -> bytes:
    target = rng.choice(mods.hubs[pkg])
    return (f"import pytest\n\n{import_line(rng, target)}\n\n@pytest.fixture\n"
            f"def {ident(rng)}():\n    return {{'{rng.choice(WORDS)}': {rng.randint(0, 9)}}}\n").encode()


def migration(rng: random.Random, name: str, previous: str | None) -> bytes:
    rev = name.split("_", 1)[0]
    return (f'"""{ident(rng).replace("_", " ")}\n\nRevision ID: {rev}\nRevises: {previous}\n"""\n\n'
            "import sqlalchemy as sa\nfrom alembic import op\nfrom sqlalchemy.dialects import postgresql\n\n"
            f"revision = \"{rev}\"\ndown_revision = {json.dumps(previous)}\n\n\n"
            f"def upgrade() -> None:\n    op.add_column(\"{rng.choice(WORDS)}s\", "
            f"sa.Column(\"{ident(rng)}\", sa.String(length=64)))\n\n\n"
            f"def downgrade() -> None:\n    op.drop_column(\"{rng.choice(WORDS)}s\", \"{ident(rng)}\")\n").encode()


# ---------------------------------------------------------------- root files and the lock

LOCK_DEPS = {  # a Backend.AI-like resolve: distribution -> what it requires (the lock's requires_dists)
    "aiohttp": ["aiohappyeyeballs", "aiosignal", "attrs", "frozenlist", "multidict", "yarl", "propcache"],
    "yarl": ["idna", "multidict", "propcache"], "aiosignal": ["frozenlist"],
    "SQLAlchemy": ["greenlet", "typing-extensions"], "alembic": ["Mako", "SQLAlchemy", "typing-extensions"],
    "Mako": ["MarkupSafe"], "boto3": ["botocore", "jmespath", "s3transfer"],
    "botocore": ["jmespath", "python-dateutil", "urllib3"], "s3transfer": ["botocore"], "python-dateutil": ["six"],
    "pydantic": ["annotated-types", "pydantic-core", "typing-extensions"], "pydantic-core": ["typing-extensions"],
    "graphene": ["graphql-core", "graphql-relay", "aniso8601"], "graphql-relay": ["graphql-core"],
    "aiodocker": ["aiohttp"], "rich": ["markdown-it-py", "pygments"], "markdown-it-py": ["mdurl"],
    "cryptography": ["cffi"], "cffi": ["pycparser"],
    "kubernetes-asyncio": ["aiohttp", "certifi", "python-dateutil", "PyYAML", "six", "urllib3"],
    "redis": ["async-timeout"], "callosum": ["aiotools", "attrs", "msgpack", "pyzmq"], "requests": ["certifi",
    "charset-normalizer", "idna", "urllib3"], "backend.ai-etcd-client": ["grpcio", "protobuf"],
    "pytest": ["iniconfig", "packaging", "pluggy"], "pytest-asyncio": ["pytest"], "grpcio": [], "protobuf": [],
}
EXTRA_REQUIREMENTS = ["requests", "pytest", "pytest-asyncio"]


def versions(rng: random.Random) -> dict[str, str]:
    names = sorted(set(THIRD_PARTY.values()) | set(LOCK_DEPS) | {d for ds in LOCK_DEPS.values() for d in ds}
                   | set(EXTRA_REQUIREMENTS))
    return {n: f"{rng.randint(0, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 12)}" for n in names}


def requirements_txt(pins: dict[str, str]) -> list[str]:
    wanted = set(THIRD_PARTY.values()) | set(EXTRA_REQUIREMENTS)
    return sorted(f"{d}~={'.'.join(pins[d].split('.')[:2])}" for d in wanted)


def pants_lock(pins: dict[str, str], requirements: list[str]) -> bytes:
    """A Pex JSON lock with Pants' metadata header, generated from `requirements`."""
    meta = {"version": 3, "valid_for_interpreter_constraints": ["CPython==3.12.8"],
            "generated_with_requirements": sorted(r.lower() for r in requirements), "manylinux": "manylinux2014",
            "requirement_constraints": [], "only_binary": [], "no_binary": []}
    header = ["This lockfile was autogenerated by Pants. To regenerate, run:", "",
              "   pants generate-lockfiles --resolve=python-default", "",
              "--- BEGIN PANTS LOCKFILE METADATA: DO NOT EDIT OR REMOVE ---",
              *json.dumps(meta, indent=2).splitlines(), "--- END PANTS LOCKFILE METADATA ---"]
    locked = [{"artifacts": [{"algorithm": "sha256", "hash": hashlib.sha256(f"{n}-{v}".encode()).hexdigest(),
                              "url": f"https://files.pythonhosted.org/packages/{n}-{v}-py3-none-any.whl"}],
               "project_name": n.lower(), "requires_dists": [f"{d}>=0" for d in LOCK_DEPS.get(n, [])],
               "requires_python": ">=3.9", "version": v} for n, v in sorted(pins.items())]
    body = {"allow_builds": True, "allow_prereleases": False, "allow_wheels": True, "build_isolation": True,
            "constraints": [], "locked_resolves": [{"locked_requirements": locked, "platform_tag": None}],
            "pex_version": "2.20.3", "pip_version": "24.2", "prefer_older_binary": False,
            "requirements": sorted(requirements), "requires_python": ["CPython==3.12.8"],
            "resolver_version": "pip-2020-resolver", "style": "universal", "target_systems": ["linux", "mac"],
            "transitive": True, "use_pep517": None}
    return ("\n".join("// " + line if line else "//" for line in header) + "\n\n"
            + json.dumps(body, indent=2, sort_keys=True) + "\n").encode()


PANTS_TOML = b'''[GLOBAL]
pants_version = "2.23.0"
backend_packages = [
  "pants.backend.python",
  "pants.backend.python.lint.ruff.check",
  "pants.backend.python.typecheck.mypy",
  "pants.backend.experimental.python",
]

[source]
root_patterns = ["/", "/src", "/stubs", "/tests", "/tools/pants-plugins"]

[python]
enable_resolves = true
interpreter_constraints = ["CPython==3.12.8"]

[python.resolves]
python-default = "python.lock"

[python-infer]
use_rust_parser = true

[test]
extra_env_vars = ["BACKEND_ENV=test"]
'''

PREFLIGHT_TOML = b'''[workspace]
markers = ["BUILD"]
default-branch = "main"
'''


def root_files(rng: random.Random) -> dict[str, bytes]:
    pins = versions(rng)
    reqs = requirements_txt(pins)
    return {
        "pants.toml": PANTS_TOML, "preflight.toml": PREFLIGHT_TOML, "python.lock": pants_lock(pins, reqs),
        "requirements.txt": ("\n".join(reqs) + "\n").encode(), "VERSION": b"25.4.0\n",
        "BUILD": b'python_requirements(name="reqs", source="requirements.txt", resolve="python-default")\n',
        "pyproject.toml": b'[tool.ruff]\nline-length = 100\n\n[tool.mypy]\nignore_missing_imports = true\n',
        "README.md": b"# Backend.AI (benchmark corpus)\n\nGenerated by bench/make_pycorpus.py.\n",
        ".gitignore": b"/dist/\n/.pants.d/\n__pycache__/\n",
        "tests/conftest.py": b"import pytest\n\n\ndef pytest_configure(config):\n"
                             b"    config.addinivalue_line('markers', 'integration')\n",
    }


def filler(rng: random.Random, n: int, packages: list[str]) -> dict[str, bytes]:
    """Non-code files up to the corpus size: news fragments, docs, sample configs and fixtures."""
    out: dict[str, bytes] = {}
    kinds = ("fix", "feature", "enhance", "deps", "doc", "breaking")
    sections = ("install", "dev", "concepts", "manager", "agent", "storage", "client", "user-guide", "admin")
    while len(out) < n:
        r = rng.random()
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))).capitalize() + ".\n"
        if r < 0.4:
            path = f"changes/{rng.randint(100, 99999)}.{rng.choice(kinds)}.md"
        elif r < 0.75:
            lang = rng.choice(("", "", "locales/ko/LC_MESSAGES/"))
            sec = rng.choice(sections)
            ext = ".po" if lang else rng.choice((".md", ".rst"))
            path = f"docs/{lang}{sec}/{rng.choice(WORDS)}/{ident(rng)}{ext}"
        else:
            pkg = rng.choice(packages)
            path = rng.choice((f"configs/{pkg}/{ident(rng)}.toml", f"configs/{pkg}/{ident(rng)}.yaml",
                               f"fixtures/{pkg}/{ident(rng)}.json"))
        out.setdefault(path, text.encode())
    return out


# ---------------------------------------------------------------- the tree and the commits


def generate_tree(args: argparse.Namespace) -> tuple[dict[str, Entry], dict, dict]:
    rng = random.Random(args.seed)
    layout = plan_layout(rng, args)
    mods = Modules(layout)
    files: dict[str, bytes] = root_files(rng)
    previous = None
    for pkg, dirs in layout["src_dirs"].items():
        for d in dirs:
            names = layout["modules"][d]
            parent = d.rsplit("/", 1)[0]
            parent_has = ([f for f in layout["modules"].get(parent, []) if f != "__init__.py"]
                          if d.count("/") > 3 else [])
            for f in names:
                path = f"{d}/{f}"
                if d == layout["alembic"] and f != "__init__.py":
                    files[path] = migration(rng, f, previous)
                    previous = f.split("_", 1)[0]
                elif f == "__init__.py":
                    files[path] = b"" if rng.random() < 0.7 else f'__version__ = "25.4.0"\n'.encode()
                else:
                    files[path] = source_module(rng, path, mods, pkg, names, parent_has)
            files[f"{d}/BUILD"] = b'python_sources(name="src")\n'
        root = dirs[0]
        files[f"{root}/py.typed"] = b"marker\n"
        files[f"{root}/README.md"] = f"# ai.backend.{pkg}\n".encode()
    for pkg, dirs in layout["test_dirs"].items():
        for d in dirs:
            for f in layout["tests"][d]:
                files[f"{d}/{f}"] = (conftest(rng, mods, pkg) if f == "conftest.py"
                                     else test_module(rng, f"{d}/{f}", mods, pkg))
            files[f"{d}/BUILD"] = b'python_tests(name="tests")\n' + (
                b'python_test_utils(name="test_utils")\n' if "conftest.py" in layout["tests"][d] else b"")
    # The measured commit adds one news fragment: HEAD then holds exactly --files paths.
    files.update(filler(rng, max(0, args.files - 1 - len(files)), list(layout["src_dirs"])))
    tree = {p: Entry("100644", data) for p, data in sorted(files.items())}
    py = [p for p in tree if p.endswith(".py")]
    counts = {"files": len(tree), "py_files": len(py),
              "build_dirs": sum(p == "BUILD" or p.endswith("/BUILD") for p in tree),
              "packages": len(layout["src_dirs"]), "src_py": sum(p.startswith("src/") for p in py),
              "test_py": sum(p.startswith("tests/") for p in py), "py_bytes": sum(len(tree[p].data) for p in py)}
    return tree, layout, counts


def measured_change(rng: random.Random, tree: dict[str, Entry], layout: dict) -> tuple[list[tuple], dict]:
    """The commit HEAD~1..HEAD measures: two manager modules, one common module, one test, a news fragment."""
    def plain(pkg: str) -> list[str]:
        return sorted(f"{d}/{f}" for d in layout["src_dirs"].get(pkg, []) if d != layout["alembic"]
                      for f in layout["modules"][d] if f != "__init__.py" and f[:-3] not in HUBS)
    picks = rng.sample(plain("manager") or plain("common"), 2) + rng.sample(plain("common"), 1)
    tests = sorted(f"{d}/{f}" for d in layout["test_dirs"].get("manager", []) for f in layout["tests"][d]
                   if f.startswith("test_"))
    picks += [rng.choice(tests)] if tests else []
    ops = []
    for p in picks:
        tree[p] = Entry(tree[p].mode, tree[p].data + b"\n\ndef measured_change() -> None:\n    pass\n")
        ops.append(("M", p, tree[p]))
    news = "changes/100000.fix.md"
    tree[news] = Entry("100644", b"Fix the measured change.\n")
    ops.append(("M", news, tree[news]))
    return ops, {"edited": picks, "added": [news]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=13500, help="tracked paths (default 13500)")
    ap.add_argument("--py-files", type=int, default=7100, help="Python files among them (default 7100)")
    ap.add_argument("--build-dirs", type=int, default=440, help="directories with a BUILD file (default 440)")
    ap.add_argument("--packages", type=int, default=20, help=f"packages under src/ai/backend (at most {len(PACKAGES)})")
    ap.add_argument("--history", type=int, default=20, help="small commits before the measured one (default 20)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out", required=True, help="directory to create (must not exist, or use --force)")
    ap.add_argument("--force", action="store_true", help="remove --out first if it exists")
    args = ap.parse_args(argv)
    if not 1 <= args.packages <= len(PACKAGES):
        ap.error(f"--packages must be 1..{len(PACKAGES)}")
    out = os.path.abspath(args.out)
    if os.path.exists(out):
        if not args.force:
            sys.exit(f"make_pycorpus: {out} exists (use --force to replace it)")
        shutil.rmtree(out)
    t0 = time.perf_counter()
    tree, layout, counts = generate_tree(args)
    initial = dict(tree)
    rng = random.Random(args.seed * 7919 + 3)
    sources = [p for p in tree if p.startswith("src/") and p.endswith(".py") and "/alembic/" not in p]
    pool = [make_corpus.RunnableDir(path="", image="", suffix="", sources=sources)]
    commits = [Commit("refs/heads/main", INITIAL_TIME, "corpus: a Backend.AI-sized Python monorepo", [("*",)])]
    commits += make_corpus.history_commits(rng, tree, pool, args.history, "main", INITIAL_TIME + 3600, set())
    ops, change = measured_change(rng, tree, layout)
    commits.append(Commit("refs/heads/main", INITIAL_TIME + (args.history + 2) * 3600,
                          "manager: the measured change", ops))
    t1 = time.perf_counter()
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    for k, v in [("user.name", "Bench Corpus"), ("user.email", "bench@example.invalid"), ("gc.auto", "0")]:
        make_corpus.git(out, "config", k, v)
    make_corpus.fast_import(out, commits, initial)
    make_corpus.git(out, "repack", "-adq")
    make_corpus.git(out, "reset", "-q", "--hard", "main")
    t2 = time.perf_counter()
    hook_candidates = sorted(p for p in sources if p not in change["edited"] and "/storage/" in p) or sources
    meta = {
        "params": {k: getattr(args, k) for k in ("files", "py_files", "build_dirs", "packages", "history", "seed")},
        "counts": {**counts, "tracked": len(tree), "commits": len(commits)},
        "measured_change": change,
        "hook_path": hook_candidates[len(hook_candidates) // 2],
        "storage": make_corpus.describe_storage(out),
        "timings_s": {"generate": round(t1 - t0, 2), "git": round(t2 - t1, 2)},
    }
    with open(os.path.join(out, ".git", META_NAME), "w") as f:
        json.dump(meta, f, indent=2)
    c = meta["counts"]
    print(f"corpus {out}: {c['tracked']} paths, {c['py_files']} .py ({c['py_bytes'] / 1e6:.1f} MB), "
          f"{c['build_dirs']} BUILD dirs, {c['packages']} packages; generate {t1 - t0:.1f} s, git {t2 - t1:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
