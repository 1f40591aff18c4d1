#!/usr/bin/env python3
"""Benchmark `preflight check --all` against `pre-commit run --all-files` with the same three checks.

  python3 bench/run_check.py --preflight .build-bench/release/preflight --reuse-corpus

In the corpus run_affected.py uses (same parameters, same generation, `--reuse-corpus` the same),
it measures, alternating after warm-up:

  A  preflight check --all --format json
  B  pre-commit run --all-files, configured (DESIGN.md, "Benchmarks compare like with like") with
     `repo: local`, `language: system` hooks that run PyPI pre-commit-hooks' console scripts
     `check-symlinks`, `destroyed-symlinks` and `check-merge-conflict --assume-in-merge`.

pre-commit and pre-commit-hooks are installed, at pinned versions, into a private venv
(bench/.venv, gitignored), with PRE_COMMIT_HOME inside it; the pre-commit config is written there
too and passed with `--config`, so nothing is written into the corpus.  The warm-up output must
show each of the three hooks Passed or Failed (never Skipped) or pre-commit is not timed.
Context rows: `check --staged` and `check --changed-since main --committed-only` next to the git
commands that answer the same question, and `check --all --only` the three like-for-like checks.

The results go into bench/RESULTS.md between `<!-- check:begin -->` and `<!-- check:end -->`
(regenerated in place; run_affected.py keeps that block when it rewrites the file), raw samples to
bench/out/check-<time>.json.  Figures, never a pass/fail test.

Python 3.11 standard library plus bench/harness.py, make_corpus.py and run_affected.py.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shlex
import subprocess
import sys
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import run_affected  # noqa: E402  (corpus, machine info and number formatting are shared)

MB = run_affected.MB
ms = run_affected.ms

# What the venv holds: the two packages the comparison is about, pinned, and what pip resolved for
# them when they were pinned (identify decides pre-commit's file types, so it matters for the timing).
PINS = {"pre-commit": "4.7.0", "pre-commit-hooks": "6.0.0"}
REPORTED_PACKAGES = ["pre-commit", "pre-commit-hooks", "identify"]


@dataclass(frozen=True)
class Hook:
    id: str  # the console script and pre-commit-hooks' hook id
    name: str  # as in pre-commit-hooks' own .pre-commit-hooks.yaml
    args: tuple[str, ...]
    types: tuple[str, ...]  # as in pre-commit-hooks' own .pre-commit-hooks.yaml
    preflight: str  # the preflight check that answers the same question


HOOKS = (
    Hook("check-symlinks", "check for broken symlinks", (), ("symlink",), "symlink"),
    Hook("destroyed-symlinks", "detect destroyed symlinks", (), ("file",), "destroyed-symlink"),
    Hook("check-merge-conflict", "check for merge conflicts", ("--assume-in-merge",), ("text",), "conflict-marker"),
)
LIKE_FOR_LIKE = ",".join(h.preflight for h in HOOKS)
DEFAULT_CHECKS = ["symlink", "destroyed-symlink", "managed-link", "conflict-marker"]  # `check` at 1bf49c8


# ---------------------------------------------------------------- pre-commit: venv and config


def venv_paths(venv: str) -> dict[str, str]:
    b = os.path.join(venv, "bin")
    return {"python": os.path.join(b, "python"), "pre-commit": os.path.join(b, "pre-commit"),
            "bin": b, "home": os.path.join(venv, "pre-commit-home"),
            "config": os.path.join(venv, "preflight-bench-pre-commit-config.yaml")}


def installed_versions(venv: str, packages: list[str]) -> dict[str, str | None]:
    """Versions of packages in the venv (None when absent), asked of the venv's own Python."""
    py = venv_paths(venv)["python"]
    if not os.access(py, os.X_OK):
        return {p: None for p in packages}
    code = ("import json, sys\nfrom importlib import metadata\nout = {}\nfor p in sys.argv[1:]:\n"
            "    try: out[p] = metadata.version(p)\n    except metadata.PackageNotFoundError: out[p] = None\n"
            "print(json.dumps(out))")
    r = subprocess.run([py, "-c", code, *packages], capture_output=True, text=True)
    return json.loads(r.stdout) if r.returncode == 0 else {p: None for p in packages}


def ensure_venv(venv: str, pins: dict[str, str] = PINS) -> dict[str, str | None]:
    """Creates the venv and installs the pinned packages from PyPI when they are missing or differ."""
    have = installed_versions(venv, list(pins))
    if any(have.get(p) != v for p, v in pins.items()):
        if not os.access(venv_paths(venv)["python"], os.X_OK):
            print(f"creating venv {venv}", flush=True)
            subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        spec = [f"{p}=={v}" for p, v in pins.items()]
        print(f"pip install {' '.join(spec)} into {venv}", flush=True)
        subprocess.run([venv_paths(venv)["python"], "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", *spec], check=True)
    versions = installed_versions(venv, list(dict.fromkeys([*REPORTED_PACKAGES, *pins])))
    for p, v in pins.items():
        if versions.get(p) != v:
            sys.exit(f"run_check: {p} {versions.get(p)} in {venv}, expected {v}")
    return versions


def precommit_config(bindir: str, hooks: tuple[Hook, ...] = HOOKS,
                     header: str = "written by bench/run_check.py; passed to pre-commit with --config, "
                                   "never put in the corpus") -> str:
    """A .pre-commit-config.yaml: one `repo: local` with a `language: system` hook per check, each
    running pre-commit-hooks' console script from the venv (DESIGN.md: like with like)."""
    q = json.dumps  # a JSON string is a YAML double-quoted scalar
    lines = [f"# {header}", "repos:", "  - repo: local", "    hooks:"]
    for h in hooks:
        lines += [f"      - id: {h.id}",
                  f"        name: {q(h.name)}",
                  f"        entry: {q(shlex.quote(os.path.join(bindir, h.id)))}",
                  "        language: system",
                  f"        types: [{', '.join(h.types)}]"]
        if h.args:
            lines.append(f"        args: [{', '.join(q(a) for a in h.args)}]")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- pre-commit: output


@dataclass
class HookResult:
    name: str
    status: str  # Passed, Failed or Skipped
    reason: str | None = None  # e.g. "no files to check" before Skipped
    id: str | None = None
    duration_s: float | None = None
    exit_code: int | None = None
    output: list[str] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return count_hook_findings(self.id or "", self.output)


STATUS_RE = re.compile(r"^(?P<name>.+?)\.+(?:\((?P<reason>[^)]*)\))?(?P<status>Passed|Failed|Skipped)$")


def parse_precommit(text: str) -> list[HookResult]:
    """Hook results from `pre-commit run --verbose --color never` output: per hook its status line,
    then `- key: value` lines up to a blank line, then the hook's own output."""
    results: list[HookResult] = []
    in_meta = False
    for line in text.splitlines():
        m = STATUS_RE.match(line)
        if m and not line.startswith("- "):
            results.append(HookResult(m["name"].rstrip(), m["status"], m["reason"]))
            in_meta = True
            continue
        if not results:
            continue
        h = results[-1]
        if in_meta and line.startswith("- "):
            key, _, value = line[2:].partition(": ")
            if key == "hook id":
                h.id = value.strip()
            elif key == "duration":
                try:
                    h.duration_s = float(value.strip().rstrip("s"))
                except ValueError:
                    pass
            elif key == "exit code":
                h.exit_code = int(value) if value.strip().lstrip("-").isdigit() else None
            continue
        in_meta = False
        if line.strip():
            h.output.append(line)
    for h in results:  # without --verbose a passing hook prints no id: take it from the name
        if h.id is None:
            h.id = next((k.id for k in HOOKS if k.name == h.name), None)
    return results


def count_hook_findings(hook_id: str, output: list[str]) -> int:
    """Problems one pre-commit-hooks hook reported, from its output lines."""
    if hook_id == "check-symlinks":
        return sum(1 for l in output if l.endswith(": Broken symlink"))
    if hook_id == "check-merge-conflict":
        return sum(1 for l in output if ": Merge conflict string " in l)
    if hook_id == "destroyed-symlinks":  # "Destroyed symlinks:" then "- PATH" lines, once per chunk of files
        n, inside = 0, False
        for l in output:
            if l.startswith("Destroyed symlinks:"):
                inside = True
            elif l.startswith("You should unstage"):
                inside = False
            elif inside and l.startswith("- "):
                n += 1
        return n
    return sum(1 for l in output if l.strip())


def validate_precommit(out: bytes) -> str | None:
    """None when every hook ran (Passed or Failed), else why the run proves nothing."""
    results = {h.id: h for h in parse_precommit(out.decode(errors="replace"))}
    problems = []
    for hook in HOOKS:
        r = results.get(hook.id)
        if r is None:
            problems.append(f"{hook.id} not in the output")
        elif r.status not in ("Passed", "Failed"):
            problems.append(f"{hook.id} {r.status}" + (f" ({r.reason})" if r.reason else ""))
    return ("pre-commit did not run every hook: " + "; ".join(problems)) if problems else None


# ---------------------------------------------------------------- preflight: output


def preflight_findings(out: bytes) -> dict:
    """`check --format json` → {"checks", "targets", "summary", "by_check": {check: {severity: n}}}."""
    d = json.loads(out)
    by: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for f in d.get("findings", []):
        by[f["check"]][f["severity"]] += 1
    return {"checks": d.get("checks", []), "targets": len(d.get("targets", [])), "summary": d.get("summary", {}),
            "by_check": {k: dict(v) for k, v in sorted(by.items())}}


def validate_preflight(out: bytes, checks: list[str]) -> str | None:
    try:
        got = preflight_findings(out)["checks"]
    except (ValueError, KeyError, TypeError) as e:
        return f"output is not findings JSON: {e}"
    missing = [c for c in checks if c not in got]
    return f"checks not run: {', '.join(missing)}" if missing else None


def parse_trace(text: str) -> list[tuple[float, str]]:
    """`PREFLIGHT_TRACE=1` lines (`trace   12.34 ms  label`) as (ms, label)."""
    out = []
    for line in text.splitlines():
        m = re.match(r"^trace\s+([\d.]+) ms\s+(.*)$", line)
        if m:
            out.append((float(m[1]), m[2]))
    return out


# ---------------------------------------------------------------- measuring


def clean_env() -> dict[str, str]:
    env = dict(os.environ)
    for k in ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "SKIP", "PREFLIGHT_SKIP", "PREFLIGHT_TRACE",
              "PRE_COMMIT_HOME", "PRE_COMMIT_COLOR"):
        env.pop(k, None)
    return env


def commands(args: argparse.Namespace, repo: str, vp: dict[str, str]) -> dict:
    env = clean_env()
    pc_env = dict(env, PRE_COMMIT_HOME=vp["home"])
    fmt = ["--format", args.format]
    pf = args.preflight
    return {
        "all_a": harness.Command("preflight", [pf, "check", "--all", *fmt], repo, env, ok_exits=(0, 1)),
        "all_b": harness.Command("pre-commit", [vp["pre-commit"], "run", "--all-files", "--config", vp["config"],
                                                "--verbose", "--color", "never"], repo, pc_env,
                                 ok_exits=(0, 1), timeout_s=3600.0),
        "like": harness.Command("preflight", [pf, "check", "--all", "--only", LIKE_FOR_LIKE, *fmt], repo, env,
                                ok_exits=(0, 1)),
        "context": [
            {"id": "staged", "title": "`--staged` (one staged file; what the pre-commit hook runs)",
             "a": harness.Command("preflight", [pf, "check", "--staged", *fmt], repo, env, ok_exits=(0, 1)),
             "b": harness.Command("git", ["git", "diff", "--cached", "--name-only"], repo, env)},
            {"id": "committed", "title": "`--changed-since main --committed-only` (what CI and pre-push run)",
             "a": harness.Command("preflight", [pf, "check", "--changed-since", "main", "--committed-only", *fmt],
                                  repo, env, ok_exits=(0, 1)),
             "b": harness.Command("git", ["git", "diff", "--name-only", "main...HEAD"], repo, env)},
        ],
    }


def measure_alone(cmd: harness.Command, runs: int) -> harness.Measured:
    """Warm-up (output checked) and `runs` timed runs of one command, for context figures."""
    m = harness.Measured(cmd)
    m.output, m.warmup_exit, m.error = harness.check_output(cmd)
    if not m.error:
        m.output_lines = len(m.output.splitlines())
        m.samples = [harness.run_once(cmd) for _ in range(runs)]
    return m


def trace_run(cmd: harness.Command) -> str:
    """One run with PREFLIGHT_TRACE=1; its stderr."""
    env = dict(cmd.env or os.environ, PREFLIGHT_TRACE="1")
    r = subprocess.run(cmd.argv, cwd=cmd.cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.PIPE, text=True, timeout=cmd.timeout_s)
    return r.stderr


# ---------------------------------------------------------------- report


ROOT = os.path.dirname(HERE)


def shown(text: str, root: str = "") -> str:
    """text with this checkout's absolute path replaced by `root`, so reports read the same on every machine."""
    return text.replace(ROOT + os.sep, root)


def med_rss(m: harness.Measured) -> str:
    return run_affected.rss_cell(m, 0) if m.samples else "—"


def exits(m: harness.Measured) -> str:
    codes = collections.Counter(s.exit_code for s in m.samples)
    text = ", ".join(f"{c} ({n}×)" for c, n in sorted(codes.items()))
    if m.unexpected_exits:
        text += f" (**{m.unexpected_exits} unexpected**)"
    return text or "—"


def row(m: harness.Measured, ratio: str, unit: str = "ms") -> str:
    cmd = f"`{shown(m.command.shell_text())}`"
    if m.error:
        return f"| {m.command.label} | {cmd} | failed: {m.error} | | | | | | | | |"
    w, c = m.wall, m.cpu
    f = ms if unit == "ms" else (lambda x: f"{x:.2f}")
    return (f"| {m.command.label} | {cmd} | {m.wall.n} | **{f(w.median)}** | {f(w.minimum)} | {f(w.p10)}–{f(w.p90)} | "
            f"{f(w.maximum)} | {f(c.median)} | {ratio} | {med_rss(m)} | {exits(m)} |")


def table_head(unit: str) -> list[str]:
    rss = "peak RSS MiB (wait4" + (" / GNU time)" if harness.gnu_time() else ")")
    return [f"| side | command | runs | median {unit} | min | p10–p90 | max | CPU {unit} (median) | ratio | {rss} | exit |",
            "|---|---|---|---|---|---|---|---|---|---|---|"]


def findings_text(pf: dict | None, hooks: list[HookResult]) -> list[str]:
    L = []
    if pf:
        s = pf["summary"]
        per = "; ".join(f"`{c}` " + ", ".join(f"{n} {sev}" for sev, n in v.items()) for c, v in pf["by_check"].items())
        L.append(f"- preflight (`check --all`, checks {', '.join(f'`{c}`' for c in pf['checks'])}; "
                 f"{pf['targets']} targets): {s.get('errors', '?')} errors, {s.get('warnings', '?')} warnings, "
                 f"{s.get('notes', '?')} notes" + (f" — {per}" if per else ""))
    if hooks:
        L.append("- pre-commit: " + "; ".join(
            f"`{h.id}` {h.status}" + (f" ({h.reason})" if h.reason else "") + f", {h.findings} reported"
            for h in hooks))
    return L


def render_section(r: dict) -> str:
    """The `## check` section of RESULTS.md from one run's results (a plain dict, see main)."""
    a: harness.Measured = r["pair"].a
    b: harness.Measured = r["pair"].b
    load = r["load"]
    L: list[str] = ["## check\n"]
    L.append(f"`preflight check --all` next to `pre-commit run --all-files` with the same three checks, on the corpus "
             f"described above. Generated by `python3 bench/run_check.py {r['argv']}`; see bench/README.md "
             f"(\"run_check.py\") for the method.\n")
    L.append("| | |\n|---|---|")
    info = r["machine"]
    for k in ("date", "cpu", "nproc", "memory", "git", "python"):
        L.append(f"| {k} | {info.get(k, '?')} |")
    L.append(f"| load average (1/5/15 min) before → after | "
             f"{' '.join(f'{x:.2f}' for x in load['before'])} → {' '.join(f'{x:.2f}' for x in load['after'])} |")
    if load.get("during"):
        d = load["during"]
        L.append(f"| 1-min load average while timing `--all` | {min(d):.2f}–{max(d):.2f} (median "
                 f"{sorted(d)[len(d) // 2]:.2f}) over {len(d)} samples |")
    L.append(f"| preflight binary | {r['binary']} |")
    L.append(f"| pre-commit | " + ", ".join(f"{p} {v}" for p, v in r["versions"].items())
             + " (PyPI, in `bench/.venv`; `PRE_COMMIT_HOME` there too) |")
    L.append(f"| corpus | `{r['corpus']}` |")
    L.append("")
    L.append(f"The machine has {info.get('nproc', '?')} cores and is shared with another engineer building Swift: "
             "the load average above says how busy it was. CPU time (user + system of the process and of the "
             "children it waited for) is less sensitive to that than wall time. pre-commit runs each hook on "
             "chunks of the file list in parallel, one process per core; preflight reads and scans blobs on every "
             "core for `conflict-marker` and works on one thread otherwise"
             + (f" (its median CPU time {a.cpu.median:.2f} s, wall time {a.wall.median:.2f} s)"
                if a.samples else "") + ".\n")

    L.append("### `check --all` vs `pre-commit run --all-files`\n")
    L.append(f"After {r['warmup']} warm-up run(s) of preflight and {r['warmup_b']} of pre-commit (their output "
             f"checked: findings JSON with the checks listed; each of the three hooks Passed or Failed, not "
             f"Skipped), {r['runs']} timed runs of preflight and {r['runs_b']} of pre-commit, pre-commit's spread "
             f"evenly among preflight's (fewer for pre-commit, which takes minutes a run). Times in s.\n")
    L += table_head("s")
    ratio = (b.wall.median / a.wall.median) if a.samples and b.samples else None
    L.append(row(a, "1×", unit="s"))
    L.append(row(b, f"{ratio:.1f}× preflight's" if ratio else "—", unit="s"))
    like: harness.Measured | None = r.get("like")
    like_ratio = None
    if like is not None:
        like_ratio = (b.wall.median / like.wall.median) if like.samples and b.samples else None
        L.append(row(like, (f"pre-commit is {like_ratio:.1f}×" if like_ratio else "—"), unit="s"))
    L.append("")
    L.append("Commands, as run in the corpus (stdout to /dev/null in the timed runs; `$ROOT` is this checkout):\n")
    L.append("```sh")
    L.append(f"cd {shown(r['corpus_abs'], '$ROOT/')}")
    L.append(shown(a.command.shell_text(), "$ROOT/"))
    home = (b.command.env or {}).get("PRE_COMMIT_HOME", "")
    L.append(shown(f"PRE_COMMIT_HOME={shlex.quote(home)} {b.command.shell_text()}", "$ROOT/"))
    if like is not None:
        L.append(shown(like.command.shell_text(), "$ROOT/"))
    L.append("```\n")
    L.append("The pre-commit configuration (`--config`, outside the corpus, so nothing is written there; "
             "`$ROOT` stands for the checkout's absolute path):\n")
    L.append("```yaml")
    L.append(shown(r["config"], "$ROOT/").rstrip())
    L.append("```\n")

    L.append("**Goal: `check --all` at least 20× faster than pre-commit.**")
    if ratio is None:
        L.append(f"No figure: " + (f"preflight failed: {a.error}" if a.error else f"pre-commit failed: {b.error}"))
    else:
        met = ratio >= 20
        L.append(f"pre-commit median {b.wall.median:.2f} s / preflight median {a.wall.median:.2f} s = **{ratio:.1f}×** — "
                 f"{'met' if met else 'not met'}"
                 + ("" if met else f" (preflight would need {b.wall.median / 20:.2f} s or less)")
                 + f". By CPU time: {b.cpu.median / a.cpu.median:.1f}× ({b.cpu.median:.1f} s vs {a.cpu.median:.1f} s);"
                 f" best run of each: {b.wall.minimum / a.wall.minimum:.1f}×; pre-commit's best against preflight's "
                 f"worst: {b.wall.minimum / a.wall.maximum:.1f}×."
                 + (f" With only the three like-for-like checks (`--only {LIKE_FOR_LIKE}`): {like_ratio:.1f}×."
                    if like_ratio else ""))
    if a.exact_rss_kb or a.samples:
        ex = sorted(a.exact_rss_kb)[len(a.exact_rss_kb) // 2] / MB if a.exact_rss_kb else None
        L.append(f"Peak RSS of `preflight check --all`: {a.rss_kb.median / MB:.1f} MiB (wait4)"
                 + (f", {ex:.1f} MiB (GNU time, 3 runs)" if ex else "") + "; pre-commit's figure is its largest "
                 "single process (pre-commit, a hook or git), not the sum.")
    L.append("")

    L.append("**Findings** (from the warm-up runs):\n")
    L += findings_text(r.get("preflight_findings"), r.get("hooks", []))
    L.append("")
    L.append("They differ by design, not by error: `check --all` also runs `managed-link`, which no pre-commit-hooks "
             "hook does (it flags every runnable dir's `devops/docker_build/dev.Dockerfile`, which the corpus "
             "makes byte-identical to `helpers_root/devops/docker_build/dev.Dockerfile`); `--all` judges HEAD "
             "against the empty tree, so `destroyed-symlink` has no base links to lose, while pre-commit's "
             "`destroyed-symlinks` asks `git status` about the staged change; and pre-commit reads the working "
             "tree, which differs from HEAD by the one staged file.\n")

    hooks = [h for h in r.get("hooks", []) if h.duration_s is not None]
    if hooks:
        total = sum(h.duration_s for h in hooks)
        wall = max(r.get("warmup_b_wall") or 0.0, total) or 1.0
        L.append(f"Where pre-commit's time goes (its `--verbose` durations in the last warm-up run, "
                 f"{wall:.1f} s in all):\n")
        L.append("| hook | duration s | share |")
        L.append("|---|---|---|")
        for h in hooks:
            L.append(f"| `{h.id}` | {h.duration_s:.2f} | {100 * h.duration_s / wall:.0f}% |")
        L.append(f"| pre-commit itself (listing, `identify` file types, `git diff` before and after each hook) | "
                 f"{max(0.0, wall - total):.2f} | {100 * max(0.0, wall - total) / wall:.0f}% |")
        L.append("")
        L.append(f"`destroyed-symlinks` runs `git status --porcelain=v2 -- FILE...` once per chunk of the "
                 f"{r.get('regular_files', '?'):,} regular files pre-commit passes it, and each such `git status` "
                 f"matches every index entry against every pathspec it was given (measured on this corpus: about "
                 f"2.8 ms per path given, whether 500 or 8,000 at once), so the hook's time grows with files in "
                 f"the repository × files checked — quadratically with the repository. That is pre-commit-hooks' "
                 f"cost, measured as shipped.\n")

    trace = r.get("trace") or []
    if trace:
        L.append("Where preflight's time goes (one `PREFLIGHT_TRACE=1 preflight check --all` run, "
                 "ms since the previous mark):\n")
        L.append("```")
        L += [f"{t:10.1f}  {label}" for t, label in trace]
        L.append("```\n")

    L.append("### Context: the change sets hooks and CI ask for\n")
    L.append(f"{r['runs']} timed runs each, alternating A, B after {r['warmup']} warm-up runs; times in ms. "
             f"Not goals of this issue (run_affected.py states the `affected` goals for the same diffs); here "
             f"for scale, since the hooks call `check` with these flags.\n")
    L += table_head("ms")
    for c in r["context"]:
        res = c["result"]
        cr = f"{res.ratio:.2f}×" if res.ratio is not None else "—"
        L.append(f"| **{c['title']}** | | | | | | | | | | |")
        L.append(row(res.a, cr))
        L.append(row(res.b, ""))
    L.append("")
    L.append(WHY_CONTEXT + "\n")

    total_t = sum(t for t, _ in trace)
    aff = next((t for t, label in trace if label.startswith("affected")), None)
    checks_t = sum(t for t, label in trace if label.startswith("check "))
    if ratio is not None:
        L.append("### Where preflight is behind, and why\n" if ratio < 20 else
                 "### Where `check --all`'s time goes, and what would cut it\n")
        L.append("Reading of the trace above on the 100,000-path corpus; kept in run_check.py's `WHY_ALL` "
                 "(update it when the code changes)"
                 + (f". In the traced run the `affected` step took {aff / 1000:.2f} s of {total_t / 1000:.2f} s, "
                    f"the checks {checks_t / 1000:.2f} s" if aff is not None else "") + ".\n")
        L.append(WHY_ALL)
        L.append("")
    for note in r.get("notes", []):
        L.append(f"Note: {note}\n")
    L.append("These are figures on one shared machine, not a pass/fail test.")
    return "\n".join(L) + "\n"


def write_results(path: str, section: str) -> None:
    """Regenerates the check section of path in place (appends it if absent), keeping the rest."""
    harness.write_section(path, "check", section)


# Why `check --all` misses the goal: the analysis of 1bf49c8's code from its PREFLIGHT_TRACE marks, kept
# here (as run_affected.py keeps its WHY) so a rerun keeps it. Update it when the code changes.
WHY_ALL = (
    "The checks take most of the time, and `conflict-marker` most of that: it inflates and scans every distinct "
    "text blob in the repository (about 95,000 here), on every core (one libgit2 repository per thread), as "
    "pre-commit's `check-merge-conflict` reads every text file. Next come `lockfile` (it parses every runnable "
    "dir's `pyproject.toml` and `poetry.lock`), `changelog` and `version`, and the `affected` step, where under "
    "`--all` every path is a change and is mapped to its targets (no import graph is built there: every target is "
    "affected by its own files). What would cut it next, for the CLI author: read clean files from the working "
    "tree through the index's stat data instead of inflating their blobs when the head is the checkout, and "
    "remember blob ids already found clean (a content-addressed cache makes a rerun read only new blobs).")


WHY_CONTEXT = (
    "preflight is behind git in both rows for the reasons the `affected` goals above give for the same "
    "diffs (the whole index read into Swift values, listings, workspaces and graph inputs built whole, "
    "libgit2's tree-to-tree diff expanding every subtree); the `scaling` section traces them from 10,000 to "
    "300,000 files. `check` adds the checks' own reads of the changed blobs. These rows have no goal of their "
    "own in this issue.")


# ---------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description="Benchmark `preflight check --all` against pre-commit.")
    ap.add_argument("--preflight", required=True, help="the preflight binary (release, --static-swift-stdlib)")
    ap.add_argument("--runs", type=int, default=15, help="timed runs of each preflight and git command (default 15)")
    ap.add_argument("--precommit-runs", type=int, default=5, help="timed runs of pre-commit (default 5)")
    ap.add_argument("--warmup", type=int, default=2, help="warm-up runs of each preflight and git command (default 2)")
    ap.add_argument("--precommit-warmup", type=int, default=1, help="warm-up runs of pre-commit (default 1)")
    ap.add_argument("--like-runs", type=int, default=5, help="timed runs of `check --all --only` the three (default 5)")
    ap.add_argument("--corpus-files", type=int, default=100000)
    ap.add_argument("--corpus-dirs", type=int, help="runnable dirs (default files/100)")
    ap.add_argument("--corpus-links", type=int, help="symlinks (default files/20)")
    ap.add_argument("--corpus-changed", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus-dir", help="corpus location (default bench/corpus/<parameters>)")
    ap.add_argument("--reuse-corpus", action="store_true", help="reuse a corpus with the same parameters if present")
    ap.add_argument("--venv", default=os.path.join(HERE, ".venv"), help="private venv for pre-commit (default bench/.venv)")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"),
                    help="results file; its `check` section is regenerated (default bench/RESULTS.md)")
    ap.add_argument("--build-note", help="how the binary was built, copied into the report")
    ap.add_argument("--format", default="json", help="preflight's --format (default json)")
    ap.add_argument("--no-exact-rss", action="store_true", help="skip the GNU time cross-check of peak RSS")
    args = ap.parse_args()
    if args.corpus_dirs is None:
        args.corpus_dirs = max(1, args.corpus_files // 100)
    if args.corpus_links is None:
        args.corpus_links = args.corpus_files // 20
    args.stand_in = False  # what run_affected.corpus_* read

    args.preflight = os.path.abspath(args.preflight)
    if not os.access(args.preflight, os.X_OK):
        sys.exit(f"run_check: {args.preflight} is not an executable file")
    probe = subprocess.run([args.preflight, "check", "--help"], capture_output=True, text=True)
    if probe.returncode != 0:
        sys.exit(f"run_check: `{args.preflight} check --help` failed (exit {probe.returncode})\n{probe.stderr.strip()}")
    size = os.path.getsize(args.preflight) / (1024 * 1024)
    binary = f"`{shown(args.preflight)}` ({size:.1f} MiB)" + (
        f"; {args.build_note}" if args.build_note else "")

    versions = ensure_venv(args.venv)
    print("pre-commit venv: " + ", ".join(f"{p} {v}" for p, v in versions.items()), flush=True)
    vp = venv_paths(args.venv)
    config = precommit_config(vp["bin"])
    with open(vp["config"], "w") as f:
        f.write(config)

    repo, meta = run_affected.ensure_corpus(args)
    if not run_affected.in_measured_state(repo, meta):
        sys.exit(f"run_check: {repo} is not in its measured state")
    cmds = commands(args, repo, vp)
    info = run_affected.machine()
    notes: list[str] = []
    load0 = os.getloadavg()
    harness.reset_peak_rss()
    during: list[float] = []

    def progress(done: int, total: int) -> None:
        during.append(os.getloadavg()[0])
        print(f"  {done}/{total}", end="\r", flush=True)

    a, b = cmds["all_a"], cmds["all_b"]
    print(f"measuring --all: {a.shell_text()}  vs  {b.shell_text()}  (pre-commit takes minutes a run)", flush=True)
    before = run_affected.index_digest(repo)

    def validate(m: harness.Measured) -> str | None:
        if m.command is b:
            return validate_precommit(m.output or b"")
        return validate_preflight(m.output or b"", DEFAULT_CHECKS) if args.format == "json" else None

    pair = harness.compare(a, b, runs=args.runs, warmup=args.warmup, runs_b=args.precommit_runs,
                           warmup_b=args.precommit_warmup, exact_rss=False, progress=progress, validate=validate)
    if not pair.a.error and not args.no_exact_rss:
        pair.a.exact_rss_kb = harness.exact_peak_rss_kb(a)
    if run_affected.index_digest(repo) != before:
        notes.append("`.git/index` changed on disk while the `--all` pair ran: pre-commit's `git status` and "
                     "`git diff` refresh its stat data; the staged content is unchanged (checked below).")
    hooks = parse_precommit(pair.b.output.decode(errors="replace")) if pair.b.output else []
    pf = preflight_findings(pair.a.output) if pair.a.output and args.format == "json" else None
    for m in (pair.a, pair.b):
        print(f"  {m.command.label}: " + (f"failed: {m.error}" if m.error else
              f"median {m.wall.median:.2f} s, cpu {m.cpu.median:.2f} s, rss {m.rss_kb.median / MB:.1f} MiB, exits {exits(m)}"),
              flush=True)
    # The per-hook durations come from the last warm-up run (timed runs discard output): its wall time.
    warmup_b_wall = pair.b.warmup_wall_s

    print(f"measuring like-for-like: {cmds['like'].shell_text()}", flush=True)
    like = measure_alone(cmds["like"], args.like_runs)
    print("tracing one `check --all` run", flush=True)
    trace = parse_trace(trace_run(a))
    for c in cmds["context"]:
        print(f"measuring {c['id']}: {c['a'].shell_text()}  vs  {c['b'].shell_text()}", flush=True)
        c["result"] = harness.compare(c["a"], c["b"], runs=args.runs, warmup=args.warmup,
                                      exact_rss=not args.no_exact_rss)
        r = c["result"]
        if r.ratio is not None:
            print(f"  preflight {ms(r.a.wall.median)} ms vs git {ms(r.b.wall.median)} ms ({r.ratio:.2f}×)", flush=True)
        else:
            print(f"  failed: {r.a.error or r.b.error}", flush=True)
    load1 = os.getloadavg()
    if not run_affected.in_measured_state(repo, meta):
        notes.append("the corpus was **not** in its measured state afterwards (restore with make_corpus.py --restore).")
        print("warning: the corpus is no longer in its measured state", flush=True)

    results = {
        "argv": " ".join(shlex.quote(x) for x in sys.argv[1:]), "machine": info, "binary": binary,
        "versions": versions, "corpus": shown(repo), "corpus_abs": repo, "config": config,
        "regular_files": meta["counts"]["tracked_on_main"] - meta["counts"]["links"],
        "pair": pair, "like": like, "hooks": hooks, "preflight_findings": pf, "trace": trace,
        "context": cmds["context"], "runs": args.runs, "runs_b": args.precommit_runs, "warmup": args.warmup,
        "warmup_b": args.precommit_warmup, "warmup_b_wall": warmup_b_wall,
        "load": {"before": load0, "after": load1, "during": during}, "notes": notes,
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    write_results(args.results, render_section(results))

    def raw(m: harness.Measured) -> dict:
        return {"argv": m.command.argv, "error": m.error, "warmup_exit": m.warmup_exit,
                "exact_rss_kb": m.exact_rss_kb, "samples_fields": ["wall_s", "maxrss_kb", "exit_code", "floor_kb", "cpu_s"],
                "samples": [[x.wall_s, x.maxrss_kb, x.exit_code, x.floor_kb, x.cpu_s] for x in m.samples]}

    out = {"machine": info, "corpus": meta, "versions": versions, "load": results["load"],
           "all": {"a": raw(pair.a), "b": raw(pair.b)}, "like": raw(like),
           "precommit_hooks": [{"id": h.id, "status": h.status, "duration_s": h.duration_s, "findings": h.findings}
                               for h in hooks],
           "preflight_findings": pf, "trace": trace,
           "context": [{"id": c["id"], "a": raw(c["result"].a), "b": raw(c["result"].b)} for c in cmds["context"]]}
    raw_path = harness.write_raw("check-", out)
    print(f"wrote the check section of {args.results} and {raw_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
