#!/usr/bin/env python3
"""Benchmark an end-to-end `git commit` of one file with preflight's pre-commit hook installed.

  python3 bench/run_hooks.py --preflight .build-hooks/release/preflight --reuse-corpus

On the 13,500-file and the 100,000-file corpus (make_corpus.py, through run_affected.ensure_corpus, so
`--reuse-corpus` works as there), it times one real `git commit -q -m x` of one changed file, with
the variants alternated round by round (harness.compare_many):

  bare        git commit --no-verify, no hook installed
  preflight   `preflight install --hook pre-commit` (the shim finds the binary on PATH)
  pre-commit  `pre-commit install -c CONFIG`, CONFIG a `repo: local` config of `language: system` hooks
              running PyPI pre-commit-hooks' check-symlinks, destroyed-symlinks and
              check-merge-conflict --assume-in-merge (DESIGN.md, "Benchmarks compare like with like")
  lefthook    `lefthook install` (PyPI), a lefthook.yml running the same three console scripts on
              {staged_files}, with file_types matching pre-commit-hooks' types
  lefthook-go context: the lefthook copy again, with LEFTHOOK_BIN naming lefthook's Go binary, so
              the installed shim skips PyPI's Python wrapper
  hook-floor  context: the preflight copy with PREFLIGHT=0, so git runs the installed shim, which exits
              before starting preflight: what any hook costs before it does anything

A repository has one hooks directory, so each variant has its own copy of the corpus
(`cp -a` into bench/corpus-hooks/<corpus>/<variant>, gitignored; the context rows share a copy): the
corpora under bench/corpus/ are never given a hook.  Each iteration, in that copy: append one new line
to a fixed file and `git add` it (untimed), time `git commit` alone, then `git reset -q --hard START`
(untimed), so every iteration starts from the same commit, index and working tree and writes a new
blob.  Before timing, each variant is verified: its warm-up output must show its hooks ran, and a
commit staging conflict markers must be refused by every hooked variant (and accepted by bare); a
staged broken symlink is tried too and its outcome reported.  Untimed passes add: the peak RSS of the
preflight hook process (PREFLIGHT_BIN pointing at a GNU time wrapper), `PREFLIGHT_TRACE=1` marks of
the hook, `preflight hook pre-commit` timed directly on the same staged change (with GIT_INDEX_FILE as
git sets it for a hook, and without, alternated), and the git processes each hook starts (GIT_TRACE).

The results go into bench/RESULTS.md between `<!-- hooks:begin -->` and `<!-- hooks:end -->`
(regenerated in place, the rest kept), raw samples to bench/out/hooks-<time>.json.  Goals (the
issue's acceptance line): preflight's added time over a bare commit under 20 ms on 13,500 files, and
at least 10x less than pre-commit's; reported as figures, never a pass/fail test.

Python 3.11 standard library plus bench/harness.py, make_corpus.py, run_affected.py and run_check.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import run_affected  # noqa: E402  (corpus, machine info, number formatting)
import run_check  # noqa: E402  (venv, pre-commit config and output, trace parsing)

MB = run_affected.MB
ms = run_affected.ms
shown = run_check.shown

# The venv run_check.py pins, plus lefthook (PyPI's package ships the Go binary behind a Python wrapper).
PINS = {**run_check.PINS, "lefthook": "2.2.2"}
REPORTED_PACKAGES = [*run_check.REPORTED_PACKAGES, "lefthook"]

GOAL_ADDED_S = 0.020  # preflight's added time on the 13,500-file corpus
GOAL_RATIO = 10.0  # pre-commit's added time / preflight's
GOAL_FILES = 13500

# pre-commit-hooks' `types` → lefthook's `file_types` (identify tags a symlink only `symlink`, so `file`
# means "not a symlink"; lefthook's `text` does not follow links either).
LEFTHOOK_TYPES = {"symlink": "symlink", "file": "not symlink", "text": "text"}

CONFLICT_TEXT = b"<<<<<<< ours\nours\n=======\ntheirs\n>>>>>>> theirs\n"
BROKEN_LINK_NAME = "hooks-bench-broken-link"
BROKEN_LINK_TARGET = "no-such-file-hooks-bench"


@dataclass(frozen=True)
class Variant:
    id: str
    copy: str  # the corpus copy it runs in
    title: str
    hooked: bool = True
    context: bool = False  # reported, but not one of the four


VARIANTS = (
    Variant("bare", "bare", "`git commit --no-verify`, no hook installed", hooked=False),
    Variant("preflight", "preflight", "preflight's shim → `preflight hook pre-commit`"),
    Variant("pre-commit", "pre-commit", "pre-commit's shim → `pre-commit hook-impl`, three `repo: local` hooks"),
    Variant("lefthook", "lefthook", "lefthook's shim → PyPI `lefthook` (Python wrapper → Go binary), same three scripts"),
    Variant("lefthook-go", "lefthook", "lefthook's shim with `LEFTHOOK_BIN` = the Go binary (no Python wrapper)",
            context=True),
    # hooked=False: the shim exits before any check, so the conflict probe must go in, as for bare.
    Variant("hook-floor", "preflight", "preflight's shim with `PREFLIGHT=0`: git runs a hook, which exits before "
            "starting preflight", hooked=False, context=True),
)


# ---------------------------------------------------------------- configuration


def lefthook_config(bindir: str, hooks: tuple[run_check.Hook, ...] = run_check.HOOKS) -> str:
    """lefthook.yml: the pre-commit config's three console scripts on `{staged_files}`, in its order, with
    `file_types` matching pre-commit-hooks' `types` (DESIGN.md: lefthook runs the same commands)."""
    q = json.dumps  # a JSON string is a YAML double-quoted scalar
    lines = ["# written by bench/run_hooks.py: the same commands as the pre-commit config, on the staged files",
             "pre-commit:", "  jobs:"]
    for h in hooks:
        argv = " ".join(shlex.quote(x) for x in (os.path.join(bindir, h.id), *h.args))
        lines += [f"    - name: {h.id}", f"      run: {q(argv + ' {staged_files}')}"]
        types = [LEFTHOOK_TYPES[t] for t in h.types if t in LEFTHOOK_TYPES]
        if types:
            lines.append(f"      file_types: [{', '.join(q(t) for t in types)}]")
    return "\n".join(lines) + "\n"


def precommit_config(bindir: str) -> str:
    return run_check.precommit_config(bindir, header="written by bench/run_hooks.py; installed with "
                                      "`pre-commit install -c` from outside the corpus copy")


def venv_paths(venv: str) -> dict[str, str]:
    vp = run_check.venv_paths(venv)
    vp["lefthook"] = os.path.join(vp["bin"], "lefthook")
    return vp


def lefthook_go_binary(venv: str) -> str | None:
    """The Go binary inside PyPI's lefthook package (what its Python wrapper runs)."""
    py = venv_paths(venv)["python"]
    r = subprocess.run([py, "-c", "import lefthook, os; print(os.path.dirname(lefthook.__file__))"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        return None
    root = os.path.join(r.stdout.strip(), "bin")
    for dirpath, _, files in os.walk(root):
        if "lefthook" in files:
            return os.path.join(dirpath, "lefthook")
    return None


# ---------------------------------------------------------------- reading hook output

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
LH_SKIP = re.compile(r"^[│┃]\s+(?P<name>\S+) \(skip\) (?P<reason>.*?)\s*$")
LH_DONE = re.compile(r"^(?P<mark>✔️|✔|🥊)\s*(?P<name>\S+) \((?P<s>[\d.]+) seconds\)\s*$")


@dataclass
class LefthookJob:
    name: str
    status: str  # ran, failed or skipped
    reason: str | None = None
    duration_s: float | None = None


def parse_lefthook(text: str) -> dict[str, LefthookJob]:
    """Jobs from a lefthook run's output: `(skip) REASON` lines and the summary's ✔️/🥊 lines."""
    out: dict[str, LefthookJob] = {}
    for raw in text.splitlines():
        line = ANSI.sub("", raw).rstrip()
        m = LH_SKIP.match(line)
        if m:
            out[m["name"]] = LefthookJob(m["name"], "skipped", m["reason"])
            continue
        m = LH_DONE.match(line)
        if m:
            out[m["name"]] = LefthookJob(m["name"], "failed" if m["mark"] == "🥊" else "ran", None, float(m["s"]))
    return out


def must_run(staged_is_link: bool = False) -> list[str]:
    """Hook ids that have to run on the measured commit (one regular text file staged)."""
    return [h.id for h in run_check.HOOKS if ("symlink" in h.types) == staged_is_link]


def validate_output(variant: str, out: bytes) -> str | None:
    """None when a warm-up commit's output (stdout + stderr) shows the variant's hooks ran, else why not."""
    text = ANSI.sub("", out.decode(errors="replace"))
    if variant == "bare":
        return f"bare printed hook output: {text.strip()[:200]}" if text.strip() else None
    if variant == "preflight":
        return None  # silent when clean: the probes, the RSS pass and the trace show it ran
    if variant == "pre-commit":
        got = {h.id: h for h in run_check.parse_precommit(text)}
        problems = [f"{i} not in the output" for i in (h.id for h in run_check.HOOKS) if i not in got]
        problems += [f"{i} {got[i].status}" for i in must_run() if i in got and got[i].status not in ("Passed", "Failed")]
        return ("pre-commit did not run its hooks: " + "; ".join(problems)) if problems else None
    if variant.startswith("lefthook"):
        got = parse_lefthook(text)
        problems = [f"{i} not in the output" for i in (h.id for h in run_check.HOOKS) if i not in got]
        problems += [f"{i} {got[i].status}" for i in must_run() if i in got and got[i].status == "skipped"]
        return ("lefthook did not run its jobs: " + "; ".join(problems)) if problems else None
    return None


def hook_summary(variant: str, out: bytes | None) -> str:
    """One line: what the variant's hook printed on the warm-up commit, per hook."""
    if out is None:
        return "—"
    text = ANSI.sub("", out.decode(errors="replace"))
    if variant == "pre-commit":
        return "; ".join(f"`{h.id}` {h.status}" + (f" ({h.reason})" if h.reason else "")
                         for h in run_check.parse_precommit(text)) or "(nothing)"
    if variant.startswith("lefthook"):
        return "; ".join(f"`{j.name}` {j.status}" + (f" ({j.reason})" if j.reason else "")
                         for j in parse_lefthook(text).values()) or "(nothing)"
    return "(no output)" if not text.strip() else f"`{text.strip().splitlines()[-1][:120]}`"


GIT_TRACE_CMD = re.compile(r"trace: built-in: (?P<cmd>git .*?)\s*$")


def git_children(trace: str) -> list[str]:
    """The git processes a hook started, from a `GIT_TRACE=FILE git commit` log: every `built-in` line but
    the commit itself (the first) and the `git maintenance run --auto` git commit starts after it."""
    cmds = [m["cmd"] for m in map(GIT_TRACE_CMD.search, trace.splitlines()) if m]
    return [c for c in cmds[1:] if not c.startswith("git maintenance run --auto")]


def parse_rss(text: str) -> list[int]:
    """GNU time `%M` lines (KiB), one per process it ran; other lines ignored."""
    return [int(l.strip()) for l in text.splitlines() if l.strip().isdigit()]


# ---------------------------------------------------------------- figures


def added(m: harness.Measured, bare: harness.Measured) -> float | None:
    """The variant's median minus bare's median (s)."""
    if m.error or bare.error or not m.samples or not bare.samples:
        return None
    return m.wall.median - bare.wall.median


def paired(m: harness.Measured, bare: harness.Measured) -> harness.Stats | None:
    """Per-round differences to bare (sample i of each comes from round i), or None when rounds differ."""
    if m.error or bare.error or not m.samples or len(m.samples) != len(bare.samples):
        return None
    return harness.Stats.of([a.wall_s - b.wall_s for a, b in zip(m.samples, bare.samples)])


def goals(files: int, pf_added: float | None, pc_added: float | None) -> list[dict]:
    """The issue's two goals for one corpus, as figures and words (never a test)."""
    out = []
    if files == GOAL_FILES:
        if pf_added is None:
            out.append({"goal": "added", "met": None, "text": "preflight's added time: no figure"})
        else:
            met = pf_added < GOAL_ADDED_S
            out.append({"goal": "added", "met": met, "text":
                        f"preflight's added time {ms(pf_added)} ms — goal under {ms(GOAL_ADDED_S)} ms on "
                        f"{GOAL_FILES:,} files: {'met' if met else 'not met'}"})
    if pf_added is None or pc_added is None:
        out.append({"goal": "ratio", "met": None, "text": "pre-commit / preflight added time: no figure"})
    elif pf_added <= 0:
        out.append({"goal": "ratio", "met": None, "text":
                    f"preflight's added time is {ms(pf_added)} ms (within the noise of a bare commit), pre-commit's "
                    f"{ms(pc_added)} ms: no ratio can be taken; goal at least {GOAL_RATIO:.0f}×"})
    else:
        r = pc_added / pf_added
        met = r >= GOAL_RATIO
        out.append({"goal": "ratio", "met": met, "ratio": r, "text":
                    f"pre-commit's added time {ms(pc_added)} ms / preflight's {ms(pf_added)} ms = **{r:.1f}×** — "
                    f"goal at least {GOAL_RATIO:.0f}×: {'met' if met else 'not met'}"})
    return out


# ---------------------------------------------------------------- corpus copies


def git(repo: str, *argv: str, env: dict | None = None, check: bool = True) -> str:
    r = subprocess.run(["git", "-C", repo, *argv], capture_output=True, text=True, env=env)
    if check and r.returncode != 0:
        sys.exit(f"run_hooks: git {' '.join(argv)} in {repo} failed: {r.stderr.strip()}")
    return r.stdout


def preflight_bindir(work: str, preflight: str) -> str:
    """`WORK/bin` holding a `preflight` link to the binary: put first on PATH, the hook's shim finds it there."""
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, "preflight")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(preflight, link)
    return bindir


def hook_files(repo: str) -> list[str]:
    d = os.path.join(repo, ".git", "hooks")
    return sorted(f for f in os.listdir(d) if not f.endswith(".sample")) if os.path.isdir(d) else []


@dataclass
class Copy:
    name: str
    path: str
    start: str = ""  # the commit every iteration starts from
    installed: list[str] = field(default_factory=list)  # hook files after install
    install_output: str = ""
    edits: int = 0


def make_copy(source: str, dest: str, exclude: list[str], start: str = "feature") -> Copy:
    """`cp -a` the corpus, check out a throwaway branch at `start`, clean; no hooks; stat data settled."""
    if os.path.exists(dest):
        shutil.rmtree(dest)
    subprocess.run(["cp", "-a", source, dest], check=True)
    git(dest, "checkout", "-q", "-f", "-B", "hooks-bench", start)
    git(dest, "reset", "-q", "--hard")
    git(dest, "clean", "-q", "-fdx")
    for f in hook_files(dest):
        os.remove(os.path.join(dest, ".git", "hooks", f))
    if git(dest, "config", "--get", "core.hooksPath", check=False).strip():
        sys.exit(f"run_hooks: core.hooksPath is set for {dest}; the variants need .git/hooks")
    with open(os.path.join(dest, ".git", "info", "exclude"), "a") as f:
        f.write("".join(f"/{x}\n" for x in exclude))
    # cp -a keeps mtimes but not inodes or ctimes: refresh once, then wait so no entry is racily clean.
    git(dest, "update-index", "-q", "--refresh", check=False)
    time.sleep(1.1)
    git(dest, "update-index", "-q", "--refresh", check=False)
    return Copy(os.path.basename(dest), dest, git(dest, "rev-parse", "HEAD").strip())


def clean_state(c: Copy) -> bool:
    return (git(c.path, "rev-parse", "HEAD").strip() == c.start
            and git(c.path, "status", "--porcelain").strip() == "")


class Iterations:
    """prepare/finish for harness.compare_many: stage a new line in the fixed file; after the commit, reset."""

    def __init__(self, copies: dict[str, Copy], by_label: dict[str, str], path: str):
        self.copies, self.by_label, self.path = copies, by_label, path
        self.commits = {k: 0 for k in by_label}  # per variant: iterations whose commit went in
        self.refused = {k: 0 for k in by_label}  # ... and whose commit did not

    def copy(self, cmd: harness.Command) -> Copy:
        return self.copies[self.by_label[cmd.label]]

    def prepare(self, cmd: harness.Command, extra: bytes = b"") -> None:
        c = self.copy(cmd)
        c.edits += 1
        with open(os.path.join(c.path, self.path), "ab") as f:
            f.write(f"# hooks bench edit {c.edits}\n".encode() + extra)
        git(c.path, "add", "--", self.path)

    def finish(self, cmd: harness.Command, exit_code: int | None) -> None:
        c = self.copy(cmd)
        counts = self.commits if git(c.path, "rev-parse", "HEAD").strip() != c.start else self.refused
        counts[cmd.label] = counts.get(cmd.label, 0) + 1
        git(c.path, "reset", "-q", "--hard", c.start)


def probe(it: Iterations, cmd: harness.Command, kind: str) -> dict:
    """One commit that a hook must judge: conflict markers in the fixed file, or a broken symlink staged
    next to it. Returns its exit status and last lines; the copy is reset afterwards."""
    c = it.copy(cmd)
    if kind == "conflict":
        it.prepare(cmd, CONFLICT_TEXT)
    else:
        it.prepare(cmd)
        link = os.path.join(os.path.dirname(os.path.join(c.path, it.path)), BROKEN_LINK_NAME)
        os.symlink(BROKEN_LINK_TARGET, link)
        git(c.path, "add", "--", os.path.relpath(link, c.path))
    r = subprocess.run(cmd.argv, cwd=cmd.cwd, env=cmd.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=cmd.timeout_s)
    committed = git(c.path, "rev-parse", "HEAD").strip() != c.start
    git(c.path, "reset", "-q", "--hard", c.start)
    text = ANSI.sub("", r.stdout.decode(errors="replace")).strip().splitlines()
    return {"kind": kind, "exit": r.returncode, "committed": committed, "tail": text[-3:]}


# ---------------------------------------------------------------- measuring one corpus


def corpus_args(args: argparse.Namespace, files: int) -> argparse.Namespace:
    return argparse.Namespace(corpus_files=files, corpus_dirs=max(1, files // 100), corpus_links=files // 20,
                              corpus_changed=args.corpus_changed, seed=args.seed, corpus_dir=None,
                              reuse_corpus=args.reuse_corpus, stand_in=False)


def base_env(args: argparse.Namespace, vp: dict, bindir: str) -> dict[str, str]:
    env = run_check.clean_env()
    for k in ("PREFLIGHT_BIN", "PREFLIGHT", "LEFTHOOK", "LEFTHOOK_BIN", "LEFTHOOK_VERBOSE", "LEFTHOOK_CONFIG"):
        env.pop(k, None)
    env["PATH"] = os.pathsep.join([bindir, vp["bin"], env.get("PATH", "/usr/bin:/bin")])
    env["PRE_COMMIT_HOME"] = vp["home"]
    return env


def measure_corpus(args: argparse.Namespace, files: int, vp: dict, bindir: str, go_bin: str | None) -> dict:
    cargs = corpus_args(args, files)
    source, meta = run_affected.ensure_corpus(cargs)
    name = os.path.basename(source)
    root = os.path.join(os.path.abspath(args.work_dir), name)
    os.makedirs(root, exist_ok=True)
    env = base_env(args, vp, bindir)
    path = meta["staged_path"]

    print(f"[{name}] copying the corpus for each variant into {root}", flush=True)
    copies = {c: make_copy(source, os.path.join(root, c), ["lefthook.yml"])
              for c in dict.fromkeys(v.copy for v in VARIANTS)}
    pc_config_path = os.path.join(root, "pre-commit-config.yaml")
    pc_config = precommit_config(vp["bin"])
    with open(pc_config_path, "w") as f:
        f.write(pc_config)
    lh_config = lefthook_config(vp["bin"])
    with open(os.path.join(copies["lefthook"].path, "lefthook.yml"), "w") as f:
        f.write(lh_config)

    installs = {
        "preflight": [args.preflight, "install", "--hook", "pre-commit"],
        "pre-commit": [vp["pre-commit"], "install", "-c", pc_config_path],
        "lefthook": [vp["lefthook"], "install"],
    }
    for cname, argv in installs.items():
        c = copies[cname]
        r = subprocess.run(argv, cwd=c.path, env=env, capture_output=True, text=True)
        c.install_output = ANSI.sub("", (r.stdout + r.stderr)).strip()
        if r.returncode != 0:
            sys.exit(f"run_hooks: `{' '.join(argv)}` failed in {c.path}: {c.install_output}")
    for c in copies.values():
        c.installed = hook_files(c.path)
        if not clean_state(c):
            sys.exit(f"run_hooks: {c.path} is not clean after installing (git status --porcelain not empty)")
    if copies["bare"].installed:
        sys.exit(f"run_hooks: hooks found in the bare copy: {copies['bare'].installed}")

    commands: list[harness.Command] = []
    by_label: dict[str, str] = {}
    for v in VARIANTS:
        if v.id == "lefthook-go" and not go_bin:
            continue
        venv_ = dict(env, LEFTHOOK_BIN=go_bin) if v.id == "lefthook-go" else \
            dict(env, PREFLIGHT="0") if v.id == "hook-floor" else env
        argv = ["git", "commit", "-q", "-m", "x"] + (["--no-verify"] if v.id == "bare" else [])
        cmd = harness.Command(v.id, argv, copies[v.copy].path, venv_, merge_stderr=True, timeout_s=600.0)
        commands.append(cmd)
        by_label[v.id] = v.copy
    it = Iterations(copies, by_label, path)

    print(f"[{name}] probing each variant (conflict markers, a broken symlink)", flush=True)
    probes = {cmd.label: [probe(it, cmd, "conflict"), probe(it, cmd, "broken-link")] for cmd in commands}
    refused_ok = {}
    for cmd in commands:
        conflict = probes[cmd.label][0]
        hooked = next(v for v in VARIANTS if v.id == cmd.label).hooked
        refused_ok[cmd.label] = (conflict["exit"] != 0 and not conflict["committed"]) if hooked else \
            (conflict["exit"] == 0 and conflict["committed"])

    def validate(m: harness.Measured) -> str | None:
        if not refused_ok[m.command.label]:
            p = probes[m.command.label][0]
            return (f"the conflict-marker probe was {'refused' if not p['committed'] else 'committed'} "
                    f"(exit {p['exit']}), so the hook " + ("did not judge it" if p["committed"] else "ran where none should"))
        if it.commits[m.command.label] == 0:
            return "no warm-up commit went in"
        return validate_output(m.command.label, m.output or b"")

    load0 = os.getloadavg()
    during: list[float] = []

    def progress(done: int, total: int) -> None:
        during.append(os.getloadavg()[0])
        print(f"  {done}/{total}", end="\r", flush=True)

    print(f"[{name}] timing {len(commands)} variants, {args.runs} rounds after {args.warmup} warm-up(s) each", flush=True)
    it.commits = {k: 0 for k in by_label}
    it.refused = {k: 0 for k in by_label}
    measured = harness.compare_many(commands, runs=args.runs, warmup=args.warmup, prepare=it.prepare,
                                    finish=it.finish, validate=validate, progress=progress)
    load1 = os.getloadavg()
    made = {k: (it.commits[k], it.refused[k]) for k in by_label}  # warm-ups and timed runs
    bare = measured[0]
    for m in measured:
        a = added(m, bare)
        print(f"  {m.command.label:12} " + (f"failed: {m.error}" if m.error else
              f"median {ms(m.wall.median)} ms (p10–p90 {ms(m.wall.p10)}–{ms(m.wall.p90)})"
              + (f", added {ms(a)} ms" if a is not None and m is not bare else "")), flush=True)

    # Untimed passes on the preflight copy.
    pf_cmd = next(c for c in commands if c.label == "preflight")
    rss: list[int] = []
    if not args.no_rss and harness.gnu_time():
        print(f"[{name}] peak RSS of the preflight hook process ({args.rss_runs} commits through GNU time)", flush=True)
        rss_file = os.path.join(root, "preflight-hook-rss.txt")
        wrapper = os.path.join(root, "preflight-rss-wrapper.sh")
        with open(wrapper, "w") as f:
            f.write(f"#!/bin/sh\nexec {shlex.quote(harness.gnu_time())} -a -o {shlex.quote(rss_file)} -f %M "
                    f"{shlex.quote(args.preflight)} \"$@\"\n")
        os.chmod(wrapper, 0o755)
        if os.path.exists(rss_file):
            os.remove(rss_file)
        rcmd = harness.Command("preflight", pf_cmd.argv, pf_cmd.cwd, dict(env, PREFLIGHT_BIN=wrapper))
        for _ in range(args.rss_runs):
            it.prepare(rcmd)
            harness.run_once(rcmd)
            it.finish(rcmd, None)
        try:
            rss = parse_rss(open(rss_file).read())
        except OSError:
            rss = []
    print(f"[{name}] PREFLIGHT_TRACE=1 ({args.trace_runs} commits) and `preflight hook pre-commit` run directly", flush=True)
    traces = []
    for _ in range(args.trace_runs):
        it.prepare(pf_cmd)
        r = subprocess.run(pf_cmd.argv, cwd=pf_cmd.cwd, env=dict(env, PREFLIGHT_TRACE="1"), stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        it.finish(pf_cmd, r.returncode)
        traces.append(run_check.parse_trace(r.stderr))
    trace = median_trace(traces)
    # The hook process alone on the same staged change: as git runs it (git sets GIT_INDEX_FILE for every
    # hook; 2.39 sets `.git/index` for a plain commit) and without that variable, alternated.
    hook_argv = [args.preflight, "hook", "pre-commit"]
    it.prepare(pf_cmd)
    direct = harness.compare(harness.Command("as git runs it", hook_argv, pf_cmd.cwd, dict(env, GIT_INDEX_FILE=".git/index")),
                             harness.Command("no GIT_INDEX_FILE", hook_argv, pf_cmd.cwd, env),
                             runs=args.runs, warmup=args.warmup, exact_rss=False)
    it.finish(pf_cmd, None)
    git_cmds: dict[str, list[str]] = {}
    trace_file = os.path.join(root, "git-trace.txt")
    for cmd in commands:
        if cmd.label not in ("preflight", "pre-commit", "lefthook"):
            continue
        if os.path.exists(trace_file):
            os.remove(trace_file)
        it.prepare(cmd)
        subprocess.run(cmd.argv, cwd=cmd.cwd, env=dict(cmd.env or env, GIT_TRACE=trace_file), stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        it.finish(cmd, None)
        try:
            git_cmds[cmd.label] = git_children(open(trace_file, errors="replace").read())
        except OSError:
            pass

    notes = []
    for c in copies.values():
        if not clean_state(c):
            notes.append(f"the `{c.name}` copy was not back at its start state afterwards")
    byid = {m.command.label: m for m in measured}
    pf, pc = byid.get("preflight"), byid.get("pre-commit")
    return {
        "files": files, "name": name, "source": source, "meta": meta, "root": root, "path": path,
        "copies": copies, "commands": commands, "commits_made": made, "measured": measured, "probes": probes, "rss_kb": rss,
        "trace": trace, "direct": direct, "git_children": git_cmds, "pc_config": pc_config, "lh_config": lh_config,
        "load": {"before": load0, "after": load1, "during": during}, "notes": notes,
        "goals": goals(files, added(pf, bare) if pf else None, added(pc, bare) if pc else None),
    }


def startup(args: argparse.Namespace, env: dict[str, str]) -> harness.PairResult:
    """Fixed costs, alternated: `preflight hook pre-commit` in an empty one-commit repository (with
    GIT_INDEX_FILE, as git runs a hook) and the same with PREFLIGHT=0, where the command returns before
    opening the repository (process start and argument parsing, no libgit2)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tiny:
        for argv in (["git", "init", "-q", "."], ["git", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-q",
                                                   "--allow-empty", "-m", "empty"]):
            subprocess.run(argv, cwd=tiny, check=True, capture_output=True)
        hook = [args.preflight, "hook", "pre-commit"]
        return harness.compare(harness.Command("empty repository", hook, tiny, dict(env, GIT_INDEX_FILE=".git/index")),
                               harness.Command("PREFLIGHT=0", hook, tiny, dict(env, PREFLIGHT="0")),
                               runs=args.runs, warmup=args.warmup, exact_rss=False)


def median_trace(traces: list[list[tuple[float, str]]]) -> list[tuple[float, str]]:
    """Each mark's median over runs whose marks match the first's labels (the labels carry counts)."""
    traces = [t for t in traces if t]
    if not traces:
        return []
    labels = [l for _, l in traces[0]]
    same = [t for t in traces if [l for _, l in t] == labels]
    return [(statistics.median(t[i][0] for t in same), labels[i]) for i in range(len(labels))]


# ---------------------------------------------------------------- report


def fmt_stats_row(v: Variant, m: harness.Measured, bare: harness.Measured, c: Copy) -> str:
    label = f"**{v.id}**" + (" (context)" if v.context else "")
    if m.error:
        return f"| {label} | {v.title} | failed: {m.error} | | | | | | | | |"
    w = m.wall
    a = added(m, bare)
    p = paired(m, bare)
    add = "—" if m is bare else (f"**{ms(a)}**" if a is not None else "—")
    pr = "—" if m is bare or p is None else f"{ms(p.median)} ({ms(p.p10)}–{ms(p.p90)})"
    rss = run_affected.rss_cell(m, 0)
    return (f"| {label} | {v.title} | {w.n} | **{ms(w.median)}** | {ms(w.minimum)} | {ms(w.p10)}–{ms(w.p90)} | "
            f"{ms(w.q1)}–{ms(w.q3)} | {ms(w.maximum)} | {ms(m.cpu.median)} | {add} | {pr} | {rss} |")


def render_corpus(r: dict) -> list[str]:
    meta, counts = r["meta"], r["meta"]["counts"]
    measured: list[harness.Measured] = r["measured"]
    bare = measured[0]
    L = [f"### {r['files']:,} files — `{shown(r['source'])}`\n"]
    L.append(f"{counts['tracked_on_main']:,} tracked paths, {counts['runnable_dirs']:,} runnable dirs, "
             f"{counts['links']:,} symlinks; `git commit` of one line appended to `{r['path']}` (a source file in a "
             f"runnable dir) on a throwaway branch at `feature`. Copies: `{shown(r['root'])}/<variant>`.\n")
    ld = r["load"]
    d = ld["during"]
    L.append(f"Load average (1/5/15 min) before → after: {' '.join(f'{x:.2f}' for x in ld['before'])} → "
             f"{' '.join(f'{x:.2f}' for x in ld['after'])}"
             + (f"; 1-min load while timing {min(d):.2f}–{max(d):.2f} (median {statistics.median(d):.2f})" if d else "")
             + ".\n")
    L.append("| variant | what runs | runs | median ms | min | p10–p90 | IQR | max | CPU ms (median) | "
             "added over bare (median − bare median) | per-round difference to bare: median (p10–p90) | "
             "largest process RSS MiB (wait4) |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|")
    variants = [v for v in VARIANTS if any(m.command.label == v.id for m in measured)]
    for v, m in zip(variants, measured):
        L.append(fmt_stats_row(v, m, bare, r["copies"][v.copy]))
    L.append("")
    for g in r["goals"]:
        L.append(f"- **Goal:** {g['text']}.")
    byid = {m.command.label: m for m in measured}
    pf, lh, lhg = byid.get("preflight"), byid.get("lefthook"), byid.get("lefthook-go")
    pfa = added(pf, bare) if pf else None
    for other in (lh, lhg):
        oa = added(other, bare) if other else None
        if oa is not None and pfa is not None and pfa > 0:
            L.append(f"- {other.command.label}'s added time {ms(oa)} ms = {oa / pfa:.1f}× preflight's"
                     + (" (context: lefthook without PyPI's Python wrapper)" if other is lhg else "") + ".")
    if r["files"] != GOAL_FILES and pfa is not None:
        L.append(f"- The 20 ms goal is stated for {GOAL_FILES:,} files; here preflight adds {ms(pfa)} ms, for scale.")
    if r["rss_kb"]:
        v = sorted(r["rss_kb"])
        L.append(f"- Peak RSS of the preflight hook process (GNU time `%M` through `PREFLIGHT_BIN`, "
                 f"{len(v)} commits, untimed pass): median {statistics.median(v) / MB:.1f} MiB "
                 f"(min {v[0] / MB:.1f}, max {v[-1] / MB:.1f}).")
    floor = byid.get("hook-floor")
    fa = added(floor, bare) if floor else None
    if fa is not None:
        L.append(f"- The floor of any hook here (context row `hook-floor`: git runs the installed shim, which exits "
                 f"before starting preflight): {ms(fa)} ms over bare.")
    d: harness.PairResult = r["direct"]
    if d.a.samples and d.b.samples:
        g, n = d.a.wall.median, d.b.wall.median
        L.append(f"- `preflight hook pre-commit` run directly on the same staged change ({d.a.wall.n} alternated runs, "
                 f"no git, no shim, after the timed rounds): **{ms(g)} ms** with `GIT_INDEX_FILE=.git/index` as git "
                 f"sets it for a hook (p10–p90 {ms(d.a.wall.p10)}–{ms(d.a.wall.p90)}), {ms(n)} ms without it "
                 f"(p10–p90 {ms(d.b.wall.p10)}–{ms(d.b.wall.p90)}); CPU {ms(d.a.cpu.median)} vs {ms(d.b.cpu.median)} ms."
                 + (f" Floor + the process as git runs it = {ms(fa + g)} ms, against the {ms(pfa)} ms added in the "
                    f"timed rounds." if fa is not None and pfa is not None else ""))
    elif d.a.error or d.b.error:
        L.append(f"- `preflight hook pre-commit` run directly failed: {d.a.error or d.b.error}")
    pca = added(byid["pre-commit"], bare) if "pre-commit" in byid else None
    if fa is not None and d.b.samples and pca is not None:
        est = fa + d.b.wall.median
        L.append(f"- An estimate, not a measurement: if the hook process cost what it costs without `GIT_INDEX_FILE` "
                 f"(libgit2's second read of the index gone), preflight would add about {ms(fa)} + "
                 f"{ms(d.b.wall.median)} = {ms(est)} ms, and pre-commit's added time would be {pca / est:.1f}× that.")
    if r["trace"]:
        total = sum(t for t, _ in r["trace"])
        L.append(f"\nWhere preflight's hook time goes (`PREFLIGHT_TRACE=1` inside `git commit`, median of each mark "
                 f"over the traced commits, ms since the previous mark; {total:.1f} ms in all — the marks begin after "
                 f"the repository is opened, so process start, opening the repository and exit are not in them):\n")
        L.append("```")
        L += [f"{t:8.2f}  {label}" for t, label in r["trace"]]
        L.append("```")
    if r["git_children"]:
        L.append("\nThe git processes each hook started for one commit (one untimed commit with `GIT_TRACE=FILE`):\n")
        for k, cmds in r["git_children"].items():
            L.append(f"- {k}: {len(cmds)}" + (": " + ", ".join(f"`{c}`" for c in cmds) if cmds else ""))
    for n in r["notes"]:
        L.append(f"\nNote: {n}.")
    L.append("")
    return L


def render_verification(r: dict) -> list[str]:
    L = [f"Verification on the {r['files']:,}-file copies (before timing; each probe commit reset afterwards):\n"]
    L.append("| variant | hook files in `.git/hooks` | warm-up commit: what the hook printed | "
             "conflict markers staged: exit, committed? | broken symlink staged: exit, committed? |")
    L.append("|---|---|---|---|---|")
    for m in r["measured"]:
        v = next(x for x in VARIANTS if x.id == m.command.label)
        c = r["copies"][v.copy]
        cells = []
        for p in r["probes"][v.id]:
            cells.append(f"{p['exit']}, {'yes' if p['committed'] else 'no'}")
        L.append(f"| {v.id} | {', '.join(f'`{h}`' for h in c.installed) or '(none)'} | "
                 f"{hook_summary(v.id, m.output) if not m.error else 'failed: ' + m.error} | {cells[0]} | {cells[1]} |")
    L.append("")
    made = ", ".join(f"{k} {c} of {c + x}" for k, (c, x) in r["commits_made"].items())
    L.append(f"Every iteration checks whether its commit went in (HEAD moved) before resetting. Commits that went "
             f"in, warm-ups and timed runs together: {made}.\n")
    return L


def render_section(res: dict) -> str:
    info = res["machine"]
    L = ["## hooks — end-to-end `git commit` with the pre-commit hook installed\n"]
    L.append(f"One real `git commit -q -m x` of one changed file, bare and with each hook installed, alternated round "
             f"by round on each corpus. Generated by `python3 bench/run_hooks.py {res['argv']}`; see bench/README.md "
             f"(\"run_hooks.py\") for the method.\n")
    L.append("| | |\n|---|---|")
    for k in ("date", "cpu", "nproc", "memory", "kernel", "git", "python"):
        L.append(f"| {k} | {info.get(k, '?')} |")
    L.append(f"| preflight binary | {res['binary']} |")
    L.append("| PyPI tools (in `bench/.venv`) | " + ", ".join(f"{p} {v}" for p, v in res["versions"].items()) + " |")
    L.append("")
    L.append(f"The machine has {info.get('nproc', '?')} cores and is shared with another engineer building Swift; the "
             "load averages with each corpus say how busy it was. A commit is short, so the load mostly widens the "
             "spread: the per-round differences to bare (each variant's run minus bare's run in the same round) are "
             "less sensitive to slow drift than the difference of medians the goals use. CPU time is the commit's "
             "user + system time with the hook processes git waited for.\n")
    st: harness.PairResult | None = res.get("startup")
    if st and st.a.samples and st.b.samples:
        L.append(f"Fixed costs ({st.a.wall.n} alternated runs, after the corpora): `preflight hook pre-commit` in an "
                 f"empty one-commit repository (`GIT_INDEX_FILE=.git/index`, no git, no shim) takes "
                 f"**{ms(st.a.wall.median)} ms** (p10–p90 {ms(st.a.wall.p10)}–{ms(st.a.wall.p90)}); "
                 f"with `PREFLIGHT=0`, where it returns before opening the repository (process start and argument "
                 f"parsing, no libgit2), "
                 f"{ms(st.b.wall.median)} ms (p10–p90 {ms(st.b.wall.p10)}–{ms(st.b.wall.p90)}).\n")
    for r in res["corpora"]:
        L += render_corpus(r)
    L.append("### How each variant was installed and verified\n")
    L.append("Each variant has its own `cp -a` copy of the corpus (one `.git/hooks` per repository; `lefthook-go` "
             "shares `lefthook`'s, `hook-floor` `preflight`'s), checked out on a throwaway branch `hooks-bench` at `feature`. All variants get "
             "one environment: `PATH` starts with a directory holding only a `preflight` symlink to the binary, then "
             "`bench/.venv/bin`; `PRE_COMMIT_HOME` is `bench/.venv/pre-commit-home`.\n")
    L.append("- **bare**: no hook; `git commit --no-verify`.")
    L.append("- **preflight**: `preflight install --hook pre-commit` writes the shim `.git/hooks/pre-commit`, which "
             "finds the binary on `PATH` and runs `preflight hook pre-commit` (the integrity checks on the index).")
    L.append("- **pre-commit**: `pre-commit install -c <corpus-hooks>/pre-commit-config.yaml` (outside the copy; "
             "pre-commit records the path in its shim), the config below.")
    L.append("- **lefthook**: `lefthook.yml` below at the copy's root (untracked, in `.git/info/exclude`), then "
             "`lefthook install` (the hook files it wrote are in the table below); its shim runs `lefthook -h` to "
             "find lefthook, then `lefthook run pre-commit` — both through PyPI's Python wrapper when `lefthook` on "
             "`PATH` is that wrapper, as after `pip install lefthook`. **lefthook-go** sets `LEFTHOOK_BIN` to the "
             "Go binary inside the package instead. **hook-floor** sets `PREFLIGHT=0` in the preflight copy: the shim "
             "exits at once.\n")
    L.append("One iteration, as run (only `git commit` is timed; `$F` is the fixed file, `$START` the branch's commit):\n")
    L.append("```sh\nprintf '# hooks bench edit N\\n' >> \"$F\" && git add -- \"$F\"     # untimed\n"
             "git commit -q -m x            # timed; bare: git commit -q -m x --no-verify\n"
             "git rev-parse HEAD            # untimed: did the commit go in?\n"
             "git reset -q --hard \"$START\"  # untimed\n```\n")
    for r in res["corpora"]:
        L += render_verification(r)
    L.append("Warm-up output is checked before any timing: pre-commit must list its three hooks, with "
             f"{', '.join(f'`{i}`' for i in must_run())} Passed or Failed (`check-symlinks` is Skipped: the staged "
             "file is not a link); lefthook's summary must show those jobs ran; bare must print nothing. preflight "
             "prints nothing on a clean commit, so the probes, the RSS pass (one `%M` line per hook run) and the "
             "trace show its hook ran. A variant that fails a check is reported, not timed.\n")
    if res["corpora"]:
        r0 = res["corpora"][0]
        L.append("The pre-commit configuration (`$ROOT` is this checkout):\n")
        L.append("```yaml\n" + shown(r0["pc_config"], "$ROOT/").rstrip() + "\n```\n")
        L.append("The lefthook configuration:\n")
        L.append("```yaml\n" + shown(r0["lh_config"], "$ROOT/").rstrip() + "\n```\n")
    if res.get("why"):
        L.append("### Reading the figures\n")
        L.append(res["why"] + "\n")
    L.append("These are figures on one shared machine, not a pass/fail test.")
    return "\n".join(L) + "\n"


def write_results(path: str, section: str) -> None:
    """Regenerates the hooks section of path in place (appends it if absent), keeping the rest."""
    harness.write_section(path, "hooks", section)


# What the figures mean, for the reader and the CLI author: written from a real run's trace and kept
# here (as run_check.py keeps WHY_ALL) so a rerun keeps it. Update it when the code or the figures change.
WHY = (
    "The reading of the figures above, from this harness's traces and `perf record -g` of `preflight hook "
    "pre-commit`; kept in run_hooks.py's `WHY` (update it when the code changes).\n\n"
    "**Compare figures within one run, not across runs.** This machine's speed drifts between runs (a bare "
    "commit on 13,500 files has measured from under 40 ms to over 55 ms on different days), so the goals are "
    "taken within one run, where every variant was alternated round by round.\n\n"
    "Where preflight's added time goes:\n\n"
    "- **The floor (`hook-floor`).** git starts `sh` on the shim, and git re-reads the index after a pre-commit "
    "hook. Any hook pays this, and it grows with the index.\n"
    "- **Fixed start-up of the process (the empty-repository figure).** Mapping and faulting in a large "
    "`--static-swift-stdlib` binary, the Swift runtime's first lookups, and opening the repository. Gone "
    "already: libgit2's parse of the CA bundle (Sources/CStartup), the dynamic loader's relocation of libgit2's "
    "15 shared objects (libgit2 and its libraries are linked statically, ~4 ms), and the ~98,000 relative "
    "relocations of a PIE (the release executable is linked without PIE, ~3 ms at 13.5k).\n"
    "- **Reading the change (the trace).** Still O(repository): `read index` parses every entry into a Swift "
    "value (entries kept as offsets into the mapped file are the next fix), `derive HEAD listing` builds the "
    "whole listing, and `base graph` rebuilds every link's inputs from the cached resolutions. The graph cache "
    "removed the link walks themselves (0 walked on both sides for a typical commit). The `scaling` section "
    "traces these marks from 10,000 to 300,000 files.\n"
    "- **The rest.** The timed rounds add a few ms over floor + process that the direct runs do not show.\n\n"
    "Fixed earlier, measured in earlier runs: libgit2 read the index a second time under "
    "`GIT_REPOSITORY_OPEN_FROM_ENV` (17 ms at 13.5k, 116 ms at 100k); the lockfile check looked at the whole "
    "repository; the argument parser cost about 3 ms of reflection; the calendar came from ICU; the graph "
    "cache, a binary search in the staged diff and not releasing the listings before exit took the hook "
    "process from 21.0 to 15.9 ms on 13,500 files and 84 to 52 ms on 100,000 (alternated old/new binaries); the "
    "shims no longer start a subprocess before preflight (1.5-2 ms).\n\n"
    "For scale, not preflight's to cut: pre-commit starts Python, runs about a dozen git processes per commit "
    "(listed above; several compare the working tree, e.g. `git diff-index` against a `write-tree` and a `git "
    "diff` after each hook) and one Python process per hook that has files; lefthook runs `git status` with "
    "untracked files before its jobs, and PyPI's `lefthook` is a Python wrapper its shim starts twice "
    "(`lefthook -h`, then `lefthook run`). Both walk the working tree on every commit, so their added time "
    "grows with the repository the way `git status` does.")


# ---------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description="Benchmark `git commit` with preflight's pre-commit hook, "
                                             "pre-commit and lefthook.")
    ap.add_argument("--preflight", required=True, help="the preflight binary (release, --static-swift-stdlib)")
    ap.add_argument("--corpora", default="13500,100000", help="corpus sizes in tracked paths (default 13500,100000)")
    ap.add_argument("--runs", type=int, default=30, help="timed rounds per corpus; each variant commits once a round (default 30)")
    ap.add_argument("--warmup", type=int, default=2, help="warm-up commits per variant (default 2)")
    ap.add_argument("--rss-runs", type=int, default=5, help="commits in the GNU time pass (default 5)")
    ap.add_argument("--trace-runs", type=int, default=3, help="commits with PREFLIGHT_TRACE=1 (default 3)")
    ap.add_argument("--corpus-changed", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reuse-corpus", action="store_true", help="reuse bench/corpus/<parameters> if present (as run_affected.py)")
    ap.add_argument("--work-dir", default=os.path.join(HERE, "corpus-hooks"),
                    help="where the per-variant copies go (default bench/corpus-hooks; replaced on every run)")
    ap.add_argument("--venv", default=os.path.join(HERE, ".venv"), help="private venv (default bench/.venv)")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"),
                    help="results file; its `hooks` section is regenerated (default bench/RESULTS.md)")
    ap.add_argument("--build-note", help="how the binary was built, copied into the report")
    ap.add_argument("--no-rss", action="store_true", help="skip the GNU time pass")
    args = ap.parse_args()
    sizes = [int(x) for x in args.corpora.split(",") if x.strip()]

    args.preflight = os.path.abspath(args.preflight)
    if not os.access(args.preflight, os.X_OK):
        sys.exit(f"run_hooks: {args.preflight} is not an executable file")
    for sub in (["install", "--help"], ["hook", "pre-commit", "--help"]):
        p = subprocess.run([args.preflight, *sub], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit(f"run_hooks: `{args.preflight} {' '.join(sub)}` failed (exit {p.returncode}): is this a build "
                     f"with `install` and `hook`?\n{p.stderr.strip()}")
    size = os.path.getsize(args.preflight) / (1024 * 1024)
    binary = f"`{shown(args.preflight)}` ({size:.1f} MiB)" + (f"; {args.build_note}" if args.build_note else "")

    versions = run_check.ensure_venv(args.venv, PINS)
    versions = run_check.installed_versions(args.venv, REPORTED_PACKAGES)
    print("venv: " + ", ".join(f"{p} {v}" for p, v in versions.items()), flush=True)
    vp = venv_paths(args.venv)
    go_bin = lefthook_go_binary(args.venv)
    bindir = preflight_bindir(os.path.abspath(args.work_dir), args.preflight)

    info = run_affected.machine()
    corpora = [measure_corpus(args, n, vp, bindir, go_bin) for n in sizes]
    print("start-up figures: `preflight hook pre-commit` in an empty repository, and with PREFLIGHT=0", flush=True)
    start = startup(args, base_env(args, vp, bindir))
    res = {"argv": " ".join(shlex.quote(x) for x in sys.argv[1:]), "machine": info, "binary": binary,
           "versions": versions, "corpora": corpora, "startup": start, "why": WHY}
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    write_results(args.results, render_section(res))

    def raw(m: harness.Measured) -> dict:
        return {"label": m.command.label, "argv": m.command.argv, "cwd": m.command.cwd, "error": m.error,
                "warmup_exit": m.warmup_exit,
                "samples_fields": ["wall_s", "maxrss_kb", "exit_code", "floor_kb", "cpu_s"],
                "samples": [[x.wall_s, x.maxrss_kb, x.exit_code, x.floor_kb, x.cpu_s] for x in m.samples]}

    out = {"machine": info, "versions": versions,
           "startup": {"empty_repository": raw(start.a), "preflight_0": raw(start.b)}, "corpora": [{
        "files": r["files"], "corpus": r["meta"], "load": r["load"], "variants": [raw(m) for m in r["measured"]],
        "direct_hook": {"git_index_file": raw(r["direct"].a), "plain": raw(r["direct"].b)}, "rss_kb": r["rss_kb"], "trace": r["trace"], "probes": r["probes"],
        "git_children": r["git_children"], "goals": r["goals"],
        "commits_made": r["commits_made"], "hooks": {k: c.installed for k, c in r["copies"].items()},
    } for r in corpora]}
    raw_path = harness.write_raw("hooks-", out)
    print(f"wrote the hooks section of {args.results} and {raw_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
