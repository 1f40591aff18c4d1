#!/usr/bin/env python3
"""`affected` with import inference on a Backend.AI-sized Python monorepo, next to git (issue 14's figures).

  python3 bench/run_imports.py --preflight .build-bench/release/preflight --reuse-corpus

On the corpus of make_pycorpus.py (13,500 paths, 7,100 .py, 440 BUILD dirs, `src/ai/backend/<pkg>`,
`tests/unit/<pkg>`, Pants root patterns; bench/corpus/py-...), alternated pairs (harness.compare, GNU time
`%M` for peak RSS):

  cold   PREFLIGHT_CACHE=0 `preflight affected --range HEAD~1..HEAD`   vs  `git ls-tree -r HEAD` piped through
         awk (the .py lines) into `git cat-file --batch`: reading every Python source once
  warm   `preflight affected --range HEAD~1..HEAD` (caches filled by the warm-ups)  vs  `git diff --name-only
         HEAD~1 HEAD`

and the pre-commit hook's added time on a one-file `git commit` (run_hooks.py's copies and iterations: a bare
copy and one with `preflight install --hook pre-commit`, rounds alternated). The goals, as figures never
pass/fail: cold within 3x of ls-tree + cat-file; warm within 2x git diff + 15 ms; hook added time under 20 ms;
peak RSS under 150 MiB. Writes the `imports` section of bench/RESULTS.md and bench/out/imports-<time>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import make_pycorpus  # noqa: E402
import run_affected  # noqa: E402
import run_check  # noqa: E402
import run_hooks  # noqa: E402

GOAL_COLD_RATIO = 3.0
GOAL_WARM_RATIO, GOAL_WARM_SLACK_S = 2.0, 0.015
GOAL_HOOK_S = 0.020
GOAL_RSS_MIB = 150.0
RANGE = "HEAD~1..HEAD"
def corpus_dir(args: argparse.Namespace) -> str:
    if args.corpus_dir:
        return os.path.abspath(args.corpus_dir)
    return os.path.join(HERE, "corpus", f"py-f{args.files}-p{args.py_files}-b{args.build_dirs}-k{args.packages}"
                                        f"-h{args.history}-s{args.seed}")


def params(args: argparse.Namespace) -> dict:
    return {k: getattr(args, k) for k in ("files", "py_files", "build_dirs", "packages", "history", "seed")}


def ensure_corpus(args: argparse.Namespace) -> tuple[str, dict]:
    """The corpus, made once (a child process, so it never swells this one) or reused and reset to `main`."""
    repo = corpus_dir(args)
    try:
        meta = json.load(open(os.path.join(repo, ".git", make_pycorpus.META_NAME)))
    except (OSError, ValueError):
        meta = None
    if args.reuse_corpus and meta and meta.get("params") == params(args):
        for argv in (["checkout", "-q", "-f", "main"], ["reset", "-q", "--hard", "main"], ["clean", "-q", "-fdx"]):
            subprocess.run(["git", "-C", repo, *argv], check=True)
        print(f"reusing corpus {repo}", flush=True)
        return repo, meta
    print(f"generating corpus {repo}", flush=True)
    os.makedirs(os.path.dirname(repo), exist_ok=True)
    argv = [sys.executable, os.path.join(HERE, "make_pycorpus.py"), "--out", repo, "--force"]
    for k, v in params(args).items():
        argv += [f"--{k.replace('_', '-')}", str(v)]
    subprocess.run(argv, check=True)
    return repo, json.load(open(os.path.join(repo, ".git", make_pycorpus.META_NAME)))


def pairs(args: argparse.Namespace, repo: str) -> list[dict]:
    env = run_check.clean_env()
    cold_env = dict(env, PREFLIGHT_CACHE="0")
    pf = args.preflight
    read_all = "git ls-tree -r HEAD | awk -F'\\t' '/\\.py$/ {split($1, a, \" \"); print a[3]}' | git cat-file --batch"
    return [
        {"id": "cold", "goal": f"within {GOAL_COLD_RATIO:g}×",
         "a": harness.Command("preflight (cold)", [pf, "affected", "--range", RANGE], repo, cold_env),
         "b": harness.Command("ls-tree + cat-file", ["sh", "-c", read_all], repo, env)},
        {"id": "warm", "goal": f"within {GOAL_WARM_RATIO:g}× + {GOAL_WARM_SLACK_S * 1000:g} ms",
         "a": harness.Command("preflight (warm)", [pf, "affected", "--range", RANGE], repo, env),
         "b": harness.Command("git diff", ["git", "diff", "--name-only", "HEAD~1", "HEAD"], repo, env)},
    ]


# How each side reads in the report (the argv is in the raw file).
SHOWN = {"preflight (cold)": f"PREFLIGHT_CACHE=0 preflight affected --range {RANGE}",
         "ls-tree + cat-file": "git ls-tree -r HEAD | awk (the .py blobs) | git cat-file --batch",
         "preflight (warm)": f"preflight affected --range {RANGE}",
         "git diff": "git diff --name-only HEAD~1 HEAD",
         "bare": "git commit -q --no-verify -m x", "preflight": "git commit -q -m x (preflight's hook installed)"}


def shown(m: harness.Measured) -> str:
    return SHOWN.get(m.command.label, m.command.shell_text())


def goal_met(pid: str, a: float, b: float) -> bool:
    return a <= GOAL_COLD_RATIO * b if pid == "cold" else a <= GOAL_WARM_RATIO * b + GOAL_WARM_SLACK_S


def measure_hook(args: argparse.Namespace, repo: str, meta: dict) -> dict:
    """A one-file `git commit`, bare and with preflight's pre-commit hook, rounds alternated (run_hooks.py's way)."""
    work = os.path.abspath(args.work_dir)
    bindir = run_hooks.preflight_bindir(work, args.preflight)
    env = run_check.clean_env()
    env["PATH"] = os.pathsep.join([bindir, env.get("PATH", "/usr/bin:/bin")])
    for k in ("PREFLIGHT_BIN", "PREFLIGHT", "PREFLIGHT_CACHE"):
        env.pop(k, None)
    copies = {name: run_hooks.make_copy(repo, os.path.join(work, name), [], start="main")
              for name in ("bare", "preflight")}
    r = subprocess.run([args.preflight, "install", "--hook", "pre-commit"], cwd=copies["preflight"].path, env=env,
                       capture_output=True, text=True)
    if r.returncode != 0:
        return {"error": f"`preflight install --hook pre-commit` failed: {(r.stdout + r.stderr).strip()[-300:]}"}
    commands = [harness.Command("bare", ["git", "commit", "-q", "--no-verify", "-m", "x"], copies["bare"].path, env,
                                merge_stderr=True),
                harness.Command("preflight", ["git", "commit", "-q", "-m", "x"], copies["preflight"].path, env,
                                merge_stderr=True)]
    it = run_hooks.Iterations(copies, {"bare": "bare", "preflight": "preflight"}, meta["hook_path"])
    measured = harness.compare_many(commands, runs=args.hook_runs, warmup=args.warmup, prepare=it.prepare,
                                    finish=it.finish)
    bare, pf = measured
    rss: list[int] = []
    tool = harness.gnu_time()
    if tool and not pf.error:  # the hook process alone, through GNU time, on the same staged change
        it.prepare(commands[1])
        rss = harness.exact_peak_rss_kb(harness.Command("hook", [args.preflight, "hook", "pre-commit"],
                                                        copies["preflight"].path, env))
        it.finish(commands[1], None)
    added = run_hooks.added(pf, bare)
    return {"path": meta["hook_path"], "bare": bare, "preflight": pf, "added_s": added, "rss_kb": rss,
            "commits": it.commits, "refused": it.refused}


def traces(args: argparse.Namespace, specs: list[dict]) -> dict[str, list]:
    """One `PREFLIGHT_TRACE=1` run of each preflight side (the cold one without its cache, as measured)."""
    out = {}
    for p in specs:
        a = p["a"]
        r = subprocess.run(a.argv, cwd=a.cwd, env=dict(a.env or {}, PREFLIGHT_TRACE="1"), stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        out[p["id"]] = run_check.parse_trace(r.stderr)
    return out


def has_import_inference(preflight: str) -> bool:
    """Whether the binary knows `--dependents` (issue 14's flag): figures before it are the floor without imports."""
    r = subprocess.run([preflight, "affected", "--help"], capture_output=True, text=True)
    return "--dependents" in r.stdout + r.stderr


# ---------------------------------------------------------------- report


def fmt(x: float | None) -> str:
    return "—" if x is None else f"{x * 1000:.1f} ms"


def peak_mib(m: harness.Measured) -> float | None:
    vals = m.exact_rss_kb or [s.maxrss_kb for s in m.samples]
    return statistics.median(vals) / 1024 if vals else None


def goal_lines(res: dict) -> list[str]:
    """The four goals in words with this run's figures (also bench/run's summary)."""
    out = []
    for p in res["pairs"]:
        a, b = p["a"], p["b"]
        if a.error or b.error:
            out.append(f"- {p['id']}: no figure ({a.error or b.error})")
            continue
        ma, mb = a.wall.median, b.wall.median
        out.append(f"- {p['id']}: `{shown(a)}` {fmt(ma)} vs `{shown(b)}` {fmt(mb)}: "
                   f"**{ma / mb:.2f}×**, goal {p['goal']}: {'met' if goal_met(p['id'], ma, mb) else '**not met**'}")
    h = res["hook"]
    if h.get("error") or h.get("added_s") is None:
        out.append(f"- hook: no figure ({h.get('error') or h['preflight'].error or h['bare'].error})")
    else:
        out.append(f"- pre-commit hook on a one-file commit: bare {fmt(h['bare'].wall.median)}, with preflight "
                   f"{fmt(h['preflight'].wall.median)}: adds **{fmt(h['added_s'])}**, goal under "
                   f"{GOAL_HOOK_S * 1000:g} ms: {'met' if h['added_s'] < GOAL_HOOK_S else '**not met**'}")
    peaks = [x for x in (peak_mib(p["a"]) for p in res["pairs"] if not p["a"].error) if x is not None]
    if h.get("rss_kb"):
        peaks.append(statistics.median(h["rss_kb"]) / 1024)
    if peaks:
        exact = "GNU time" if harness.gnu_time() else "wait4, floor included"
        out.append(f"- peak memory of preflight's commands: at most **{max(peaks):.1f} MiB** ({exact}), goal under "
                   f"{GOAL_RSS_MIB:g} MiB: {'met' if max(peaks) < GOAL_RSS_MIB else '**not met**'}")
    return out


def stats_row(m: harness.Measured) -> str:
    if m.error:
        return f"| {m.command.label} | `{shown(m)}` | failed: {m.error} | | | | |"
    w = m.wall
    rss = peak_mib(m)
    return (f"| {m.command.label} | `{shown(m)}` | **{w.median * 1000:.1f}** | "
            f"{w.p10 * 1000:.1f}–{w.p90 * 1000:.1f} | {w.minimum * 1000:.1f} | "
            f"{'—' if rss is None else f'{rss:.1f}'} | {m.output_lines} |")


def render_section(res: dict) -> str:
    meta, c = res["meta"], res["meta"]["counts"]
    L = ["## imports — import inference on a Backend.AI-sized Python monorepo\n",
         f"Generated {res['machine']['date']} by `python3 bench/run_imports.py {res['argv']}` "
         f"(or `bench/run imports`); "
         f"binary {res['binary']}. Corpus `{os.path.relpath(res['repo'], os.path.dirname(HERE))}` "
         f"(bench/make_pycorpus.py): {c['tracked']:,} paths, {c['py_files']:,} `.py` files "
         f"({c['py_bytes'] / 1e6:.1f} MB), {c['build_dirs']} `BUILD` dirs, {c['packages']} packages under "
         f"`src/ai/backend/`, `pants.toml` root patterns, a Pants `python.lock`; the measured commit "
         f"({RANGE}) edits {', '.join(f'`{p}`' for p in meta['measured_change']['edited'])} and adds a news fragment. "
         f"Load average {res['load'][0]:.2f} → {res['load'][1]:.2f}.\n"]
    if not res["imports"]:
        L.append("**This binary has no import inference** (`affected --help` has no `--dependents`): the figures "
                 "are what `affected` costs without it, the floor the inference adds to.\n")
    L.append("### The goals\n")
    L += goal_lines(res)
    L.append("\n### Pairs, alternated (wall ms)\n")
    L.append("| side | command | median | p10–p90 | min | peak RSS MiB | lines out |")
    L.append("|---|---|---|---|---|---|---|")
    for p in res["pairs"]:
        L += [stats_row(p["a"]), stats_row(p["b"])]
    h = res["hook"]
    if not h.get("error"):
        L.append(f"\nThe hook: `git commit -q -m x` of a one-line edit to `{h['path']}`, "
                 f"{len(h['bare'].samples)} rounds "
                 f"(run_hooks.py's copies and iterations); commits that went in, warm-ups included: "
                 f"{h['commits'].get('bare', 0)} bare, {h['commits'].get('preflight', 0)} with the hook.\n")
        L.append("| side | command | median | p10–p90 | min | peak RSS MiB | lines out |")
        L.append("|---|---|---|---|---|---|---|")
        L += [stats_row(h["bare"]), stats_row(h["preflight"])]
        if h["rss_kb"]:
            L.append(f"\n`preflight hook pre-commit` alone on that staged change: peak RSS "
                     f"{statistics.median(h['rss_kb']) / 1024:.1f} MiB (GNU time).")
    for pid, marks in res["traces"].items():
        if marks:
            shown_marks = ", ".join(f"{label} {t:.1f}" for t, label in marks[:12])
            L.append(f"\n`PREFLIGHT_TRACE=1`, {pid}: {shown_marks} (ms)")
    L.append("\n" + PANTS)
    return "\n".join(L)


# Where Pants stands: figures Pants' own issue tracker reports (no Pants runs here: not installable offline).
PANTS = (
    "**Where Pants stands.** Pants cannot be installed on this machine (no network), so it was not measured here; "
    "these are figures reported on Pants' own tracker, none of them on Backend.AI, none on this hardware. "
    "[pantsbuild/pants#18911](https://github.com/pantsbuild/pants/issues/18911) (Pants 2.15, 2023): on a repository "
    "of ~4,500 Python files and ~3,000 other targets — the nearest in size to this corpus — computing the whole "
    "dependency graph (`pants dependencies ::`, the work `--changed-dependents` needs) took ~40 s whenever pantsd "
    "had been restarted, with its inference results already cached. "
    "[pantsbuild/pants#23228](https://github.com/pantsbuild/pants/pull/23228) (open, 2026): on a 52,927-target "
    "monorepo `pants --changed-since=HEAD~3 --changed-dependents=transitive filter` took ~3.5 min even with pantsd "
    "warm (3 min 22 s cold, 149 s of it building the dependency graph), because every target's dependencies are "
    "resolved before any dependent is found; "
    "[pantsbuild/pants#23434](https://github.com/pantsbuild/pants/pull/23434) reports ~2 min 40 s for "
    "`--changed-dependents=transitive` on a ~50,000-target repository when one file changed. On those reports, "
    "Pants' answer costs tens of seconds near this size once its daemon has restarted, and minutes at 50,000 "
    "targets even with it warm; the goals above ask preflight for milliseconds.")


# ---------------------------------------------------------------- main


def raw_side(m: harness.Measured) -> dict:
    return {"label": m.command.label, "argv": m.command.argv, "error": m.error, "output_lines": m.output_lines,
            "samples_fields": ["wall_s", "maxrss_kb", "exit_code", "floor_kb", "cpu_s"],
            "samples": [[x.wall_s, x.maxrss_kb, x.exit_code, x.floor_kb, x.cpu_s] for x in m.samples],
            "exact_rss_kb": m.exact_rss_kb}


def options(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--preflight", required=True, help="the preflight binary (release, --static-swift-stdlib)")
    ap.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    ap.add_argument("--warmup", type=int, default=2, help="warm-up runs per command (default 2)")
    ap.add_argument("--hook-runs", type=int, default=20, help="timed rounds of the hook pair (default 20)")
    ap.add_argument("--files", type=int, default=13500)
    ap.add_argument("--py-files", type=int, default=7100)
    ap.add_argument("--build-dirs", type=int, default=440)
    ap.add_argument("--packages", type=int, default=20)
    ap.add_argument("--history", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus-dir", help="where the corpus goes (default bench/corpus/py-<parameters>)")
    ap.add_argument("--reuse-corpus", action="store_true", help="reuse the corpus when its parameters match")
    ap.add_argument("--no-hook", action="store_true", help="skip the one-file commit pair")
    ap.add_argument("--work-dir", default=os.path.join(HERE, "corpus", "imports-hooks"),
                    help="where the hook pair's two copies go (default bench/corpus/imports-hooks; replaced)")
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"),
                    help="results file; its `imports` section is regenerated (default bench/RESULTS.md)")
    ap.add_argument("--build-note", help="how the binary was built, copied into the report")
    args = ap.parse_args(argv)
    args.argv = " ".join(shlex.quote(x) for x in (sys.argv[1:] if argv is None else argv))
    args.preflight = os.path.abspath(args.preflight)
    return args


def main(argv: list[str] | None = None) -> int:
    args = options(argv)
    if not os.access(args.preflight, os.X_OK):
        sys.exit(f"run_imports: {args.preflight} is not an executable file")
    repo, meta = ensure_corpus(args)
    info = run_affected.machine()
    load0 = os.getloadavg()
    specs = pairs(args, repo)
    for p in specs:
        print(f"[imports] {p['id']}: {SHOWN[p['a'].label]} vs {SHOWN[p['b'].label]}, {args.runs} runs each",
              flush=True)
        r = harness.compare(p["a"], p["b"], runs=args.runs, warmup=args.warmup)
        p["a"], p["b"] = r.a, r.b
        for m in (r.a, r.b):
            print(f"  {m.command.label:20} " + (f"failed: {m.error}" if m.error else f"median {fmt(m.wall.median)}"),
                  flush=True)
    marks = traces(args, [{"id": p["id"], "a": p["a"].command} for p in specs])
    hook: dict = {"error": "skipped (--no-hook)"}
    if not args.no_hook:
        print(f"[imports] the pre-commit hook on a one-file commit, {args.hook_runs} rounds", flush=True)
        hook = measure_hook(args, repo, meta)
        if not hook.get("error"):
            print(f"  added {fmt(hook['added_s'])}", flush=True)
    size = os.path.getsize(args.preflight) / (1024 * 1024)
    res = {"argv": args.argv, "machine": info, "repo": repo, "meta": meta, "pairs": specs, "hook": hook,
           "traces": marks, "imports": has_import_inference(args.preflight), "load": (load0[0], os.getloadavg()[0]),
           "binary": f"`{os.path.relpath(args.preflight, os.path.dirname(HERE))}` ({size:.1f} MiB)"
                     + (f"; {args.build_note}" if args.build_note else "")}
    section = render_section(res)
    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    harness.write_section(args.results, "imports", section)
    raw = {"machine": info, "corpus": meta, "imports": res["imports"], "traces": marks, "goals": goal_lines(res),
           "pairs": [{"id": p["id"], "goal": p["goal"], "a": raw_side(p["a"]), "b": raw_side(p["b"])} for p in specs],
           "hook": {"error": hook["error"]} if hook.get("error") else
           {"path": hook["path"], "added_s": hook["added_s"], "rss_kb": hook["rss_kb"],
            "bare": raw_side(hook["bare"]), "preflight": raw_side(hook["preflight"])}}
    path = harness.write_raw("imports-", raw)
    print("\n".join(goal_lines(res)))
    print(f"wrote the imports section of {args.results} and {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
