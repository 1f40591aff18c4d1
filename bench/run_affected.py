#!/usr/bin/env python3
"""Benchmark `preflight affected` against the git command that answers the same question.

  python3 bench/run_affected.py --preflight .build/release/preflight

Generates (or with --reuse-corpus reuses) a corpus under bench/corpus/, measures three pairs
side by side in it (DESIGN.md, "Benchmarks compare like with like"), and writes bench/RESULTS.md
with the machine, the corpus, the exact commands, the figures, and each goal in words.
`--stand-in` replaces preflight with each git command run twice (through `sh -c`), to exercise
the harness without the binary; its report goes to bench/out/ unless --results says otherwise.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import make_corpus  # noqa: E402

MAKE_CORPUS = os.path.join(HERE, "make_corpus.py")
MB = 1024.0  # ru_maxrss is in KiB; figures are shown in MiB


# ---------------------------------------------------------------- corpus


def corpus_dir(args: argparse.Namespace) -> str:
    if args.corpus_dir:
        return os.path.abspath(args.corpus_dir)
    name = f"f{args.corpus_files}-d{args.corpus_dirs}-l{args.corpus_links}-c{args.corpus_changed}-s{args.seed}"
    return os.path.join(HERE, "corpus", name)


def corpus_params(args: argparse.Namespace) -> dict:
    return {"files": args.corpus_files, "runnable_dirs": args.corpus_dirs, "links": args.corpus_links,
            "changed": args.corpus_changed, "seed": args.seed, "history": 100, "main_ahead": 5, "repacked": True}


def load_meta(repo: str) -> dict | None:
    try:
        with open(os.path.join(repo, ".git", make_corpus.META_NAME)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def in_measured_state(repo: str, meta: dict) -> bool:
    def out(*argv: str) -> str:
        return subprocess.run(["git", "-C", repo, *argv], capture_output=True, text=True).stdout

    return (out("symbolic-ref", "--short", "HEAD").strip() == "feature"
            and out("diff", "--cached", "--name-only").split() == [meta["staged_path"]]
            and out("status", "--porcelain", "-uall").splitlines() == [f"M  {meta['staged_path']}"])


def ensure_corpus(args: argparse.Namespace) -> tuple[str, dict]:
    repo = corpus_dir(args)
    meta = load_meta(repo)
    if args.reuse_corpus and meta and meta.get("params") == corpus_params(args):
        if not in_measured_state(repo, meta):
            print(f"restoring {repo} to its measured state", flush=True)
            subprocess.run([sys.executable, MAKE_CORPUS, "--restore", "--out", repo], check=True)
        print(f"reusing corpus {repo}", flush=True)
        return repo, meta
    print(f"generating corpus {repo}", flush=True)
    os.makedirs(os.path.dirname(repo), exist_ok=True)
    # A child process, so the corpus never swells this process (its RSS is the floor of every figure).
    subprocess.run([
        sys.executable, MAKE_CORPUS, "--files", str(args.corpus_files), "--runnable-dirs", str(args.corpus_dirs),
        "--links", str(args.corpus_links), "--changed", str(args.corpus_changed),
        "--seed", str(args.seed), "--out", repo, "--force",
    ], check=True)
    meta = load_meta(repo)
    assert meta is not None
    return repo, meta


# ---------------------------------------------------------------- pairs


def pairs(args: argparse.Namespace, repo: str) -> list[dict]:
    base = subprocess.run(["git", "-C", repo, "merge-base", "main", "HEAD"], capture_output=True,
                          text=True, check=True).stdout.strip()
    specs = [
        {"id": "staged", "title": "`--staged` (one staged file)",
         "a": ["affected", "--staged"], "b": ["git", "diff", "--cached", "--name-only"],
         "goal": "within 1.5× of git + 10 ms", "limit": lambda g: 1.5 * g + 0.010},
        {"id": "committed", "title": "`--changed-since main --committed-only`",
         "a": ["affected", "--changed-since", "main", "--committed-only"],
         "b": ["git", "diff", "--name-only", "main...HEAD"],
         "goal": "within 2× of git", "limit": lambda g: 2.0 * g},
        {"id": "worktree", "title": "`--changed-since main` (working tree)",
         "a": ["affected", "--changed-since", "main"],
         "b": ["git", "diff", "--name-only", base],
         "goal": None, "limit": None},
    ]
    env = dict(os.environ)
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    env.pop("GIT_WORK_TREE", None)
    for s in specs:
        b = harness.Command("git", s["b"], repo, env)
        if args.stand_in:
            text = shlex.join(s["b"])
            a = harness.Command("stand-in", ["sh", "-c", f"{text} && {text}"], repo, env)
        else:
            fmt = ["--format", args.format] if args.format else []
            a = harness.Command("preflight", [args.preflight, *s["a"], *fmt], repo, env)
        s["cmd_a"], s["cmd_b"] = a, b
    return specs


def context_figures(args: argparse.Namespace, repo: str, env: dict | None, runs: int = 5) -> list[tuple]:
    """Where the time goes, roughly: preflight's start-up in a tiny repository and `targets` on the corpus."""
    import tempfile

    out = []
    with tempfile.TemporaryDirectory() as tiny:
        for argv in (["git", "init", "-q", "."], ["git", "-c", "user.name=b", "-c", "user.email=b@b", "commit", "-q",
                                                   "--allow-empty", "-m", "empty"]):
            subprocess.run(argv, cwd=tiny, check=True, capture_output=True)
        for what, cmd in (
            ("start-up: `affected --staged` in an empty one-commit repository",
             harness.Command("preflight", [args.preflight, "affected", "--staged"], tiny, env)),
            ("`targets` on the corpus (discovery only: markers, links, graph)",
             harness.Command("preflight", [args.preflight, "targets"], repo, env)),
        ):
            lines, err = harness.check_run(cmd)
            if err:
                out.append((what, cmd, None, err))
                continue
            samples = [harness.run_once(cmd) for _ in range(runs)]
            out.append((what, cmd, harness.Stats.of([x.wall_s for x in samples]), None))
    return out


def index_digest(repo: str) -> str:
    h = hashlib.sha256()
    with open(os.path.join(repo, ".git", "index"), "rb") as f:
        while chunk := f.read(1 << 20):  # in chunks: a 13 MB read would raise the harness's RSS floor
            h.update(chunk)
    return h.hexdigest()


# ---------------------------------------------------------------- report


def sh(*argv: str) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=30).stdout.strip()
    except OSError:
        return "?"


def machine() -> dict:
    cpu = "?"
    mem = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
        with open("/proc/meminfo") as f:
            kb = next(int(l.split()[1]) for l in f if l.startswith("MemTotal"))
            mem = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {
        "nproc": sh("nproc"),
        "memory": mem,
        "cpu": cpu,
        "kernel": f"{platform.system()} {platform.release()}",
        "git": sh("git", "--version"),
        "python": platform.python_version(),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    }


def ms(x: float) -> str:
    return f"{x * 1000:.1f}"


def rss_cell(m: harness.Measured, floor_kb: int) -> str:
    if not m.samples:
        return "—"
    med = m.rss_kb.median
    text = f"{med / MB:.1f}"
    if m.rss_at_floor:
        text = f"≤ {text} (floor)"
    if m.exact_rss_kb:
        text += f" / {sorted(m.exact_rss_kb)[len(m.exact_rss_kb) // 2] / MB:.1f}"
    return text


def row(m: harness.Measured, ratio: str, floor_kb: int) -> str:
    cmd = f"`{m.command.shell_text()}`"
    if m.error:
        return f"| {m.command.label} | {cmd} | failed: {m.error} | | | | | |"
    w = m.wall
    exits = f" ({m.nonzero_exits} non-zero exits)" if m.nonzero_exits else ""
    return (f"| {m.command.label} | {cmd} | **{ms(w.median)}**{exits} | {ms(w.minimum)} | "
            f"{ms(w.p10)}–{ms(w.p90)} | {ms(w.q1)}–{ms(w.q3)} | {ms(w.maximum)} | {ratio} | {rss_cell(m, floor_kb)} | "
            f"{m.output_lines} |")


def write_report(path: str, args: argparse.Namespace, repo: str, meta: dict, info: dict, specs: list[dict],
                 floor_kb: int, load: tuple, extra: dict) -> None:
    subject = "a stand-in (each git command run twice through `sh -c`), not preflight" if args.stand_in \
        else f"`{args.preflight}`"
    L: list[str] = []
    L.append("# preflight benchmark results\n")
    L.append("Sections: a summary (by bench/run, which runs all of the scripts), `affected` next to git (this part, "
             "by run_affected.py), `scaling` with repository and change size (run_scaling.py, plot `scaling.png`), "
             "`check` next to pre-commit (run_check.py), `hooks`: a `git commit` with each hook manager "
             "(run_hooks.py), and `run`'s process pool (run_pool.py). Each script regenerates only its own part.\n")
    if args.stand_in:
        L.append("> **Harness check only.** Side A is a stand-in, so none of these figures describe preflight.\n")
    L.append("## affected — `preflight affected` next to the git command that lists the same paths\n")
    L.append(f"Generated by `python3 bench/run_affected.py {' '.join(shlex.quote(a) for a in sys.argv[1:])}`; "
             f"side A is {subject}, side B is git. See bench/README.md for the method.\n")
    L.append("### Machine\n")
    L.append("| | |\n|---|---|")
    for k in ("date", "cpu", "nproc", "memory", "kernel", "git", "python"):
        L.append(f"| {k} | {info[k]} |")
    L.append(f"| load average (1/5/15 min) before → after | {load[0][0]:.2f} {load[0][1]:.2f} {load[0][2]:.2f} → "
             f"{load[1][0]:.2f} {load[1][1]:.2f} {load[1][2]:.2f} |")
    if extra.get("binary"):
        L.append(f"| preflight binary | {extra['binary']} |")
    L.append("\nThe machine is shared (2 cores, other developers building); the load average shows how busy it was.\n")

    p, c, st, t = meta["params"], meta["counts"], meta["storage"], meta.get("timings_s", {})
    L.append("### Corpus\n")
    L.append(f"`{os.path.relpath(repo, os.path.dirname(HERE))}`, made by `bench/make_corpus.py --files {p['files']} "
             f"--runnable-dirs {p['runnable_dirs']} --links {p['links']} --changed {p['changed']} --seed {p['seed']}`:\n")
    L.append(f"- {c['tracked_on_main']} tracked paths on `main` ({c['helpers_root_files']} in `helpers_root/`), "
             f"{c['runnable_dirs']} runnable dirs, {c['links']} relative symlinks into `helpers_root/` "
             f"(some to directories)")
    L.append(f"- `main` has {c.get('commits_on_main', '?')} commits; `feature` forked {c.get('feature_behind_main', '?')} "
             f"commits before `main`'s tip, so the merge-base is not `main` itself")
    L.append(f"- `feature` (checked out) is one commit on that merge-base changing {c['changed_paths_main_to_feature']} paths "
             f"(`git diff --name-only main...feature`) over many runnable dirs: edits, two adds, a delete, a rename, "
             f"a changelog bump")
    L.append(f"- index: exactly one modified file staged (`{meta['staged_path']}`), nothing else changed in the working tree")
    L.append(f"- storage: {st.get('packs')} pack, {st.get('in-pack')} objects, {st.get('size-pack')} KiB, "
             f"{st.get('count')} loose object(s) (the staged blob); packed with `git repack -ad` after `git fast-import`")
    if t:
        L.append(f"- generation: {t.get('total', 0):.1f} s in all (" + ", ".join(
            f"{k.replace('_', ' ')} {v:.2f} s" for k, v in t.items() if k != "total") + ")"
            + (f", load average {meta['load_average_at_end'][0]} at the end" if "load_average_at_end" in meta else ""))
    L.append("")

    L.append("### Figures\n")
    L.append(f"{args.runs} timed runs of each command, alternating A, B, A, B, … after {args.warmup} warm-up "
             f"run(s) each; times in ms. Peak RSS in MiB: median `ru_maxrss` from `os.wait4`"
             + (" / median of 3 runs under GNU time `%M`" if harness.gnu_time() and not args.no_exact_rss else "")
             + f". The `wait4` figure cannot go below the harness's own RSS at spawn "
             f"({floor_kb / MB:.1f} MiB for `true` here; each sample records its own); figures marked "
             f"\"(floor)\" are that floor, not the command — see bench/README.md.\n")
    rss_head = "peak RSS MiB (wait4 / GNU time)" if harness.gnu_time() and not args.no_exact_rss else "peak RSS MiB (wait4)"
    L.append(f"| side | command | median | min | p10–p90 | IQR | max | A/B (medians) | {rss_head} | lines out |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for s in specs:
        r = s["result"]
        ratio = f"{r.ratio:.2f}×" if r.ratio is not None else "—"
        L.append(f"| **{s['title']}** | | | | | | | | | |")
        L.append(row(r.a, ratio, floor_kb))
        L.append(row(r.b, "", floor_kb))
    L.append("")
    if extra.get("context"):
        L.append("Context (5 runs each, median; not a comparison): where the time goes, roughly.\n")
        for what, cmd, st_, err in extra["context"]:
            fig = f"{ms(st_.median)} ms (min {ms(st_.minimum)}, max {ms(st_.maximum)})" if st_ else f"failed: {err}"
            L.append(f"- {what}: {fig}")
        L.append("")
    changed_idx = [s["id"] for s in specs if s.get("index_changed")]
    if changed_idx:
        L.append(f"Note: `.git/index` changed on disk while measuring {', '.join(changed_idx)} "
                 f"(someone refreshed and rewrote it).\n")

    L.append("### Goals\n")
    for s in specs:
        r = s["result"]
        a, b = r.a, r.b
        if a.error or b.error or r.ratio is None:
            L.append(f"- {s['title']}: no figure — " + (f"A failed: {a.error}" if a.error else f"B failed: {b.error}"))
            continue
        am, bm = a.wall.median, b.wall.median
        if s["goal"] is None:
            L.append(f"- {s['title']}: no stated goal; A {ms(am)} ms vs git {ms(bm)} ms ({r.ratio:.2f}×). Both walk "
                     f"the working tree (DESIGN.md principle 5: a mode that reads the working tree pays that walk).")
            continue
        lim = s["limit"](bm)
        met = am <= lim
        text = (f"- {s['title']}: goal {s['goal']} = at most {ms(lim)} ms (git median {ms(bm)} ms); "
                f"A median {ms(am)} ms ({r.ratio:.2f}×) — {'met' if met else 'not met'}"
                f"{'' if met else f', over by {ms(am - lim)} ms'}.")
        L.append(text)
        if not met:
            L.append("  - *Why, and what would close it:* " + WHY.get(s["id"], "_(CLI author: fill in)_"))
    for s in specs:
        a = s["result"].a
        if a.error or not a.samples:
            continue
        peak = a.rss_kb.median
        exact = sorted(a.exact_rss_kb)[len(a.exact_rss_kb) // 2] if a.exact_rss_kb else None
        shown = (f"{'at most ' if a.rss_at_floor else ''}{peak / MB:.1f} MiB"
                 + (" (wait4, the harness's floor)" if a.rss_at_floor else " (wait4)")
                 + (f", {exact / MB:.1f} MiB (GNU time)" if exact else ""))
        met = (exact if exact else peak) < 150e6 / 1024  # 150 MB = 146,484 KiB = 143.1 MiB
        L.append(f"- peak memory, {s['title']}: goal under 150 MB (143.1 MiB); measured {shown} — "
                 f"{'met' if met else 'not met'}.")
        if not met:
            L.append("  - *Why, and what would close it:* _(CLI author: fill in)_")
    L.append("\nThese are figures on one shared machine, not a pass/fail test.\n")
    # Sections other scripts own in the same file (e.g. run_check.py's `<!-- check:begin -->`) are kept.
    try:
        with open(path) as f:
            kept = harness.marked_sections(f.read())
    except OSError:
        kept = []
    # bench/run's `summary` block stays at the top, right under the title.
    top = [b for b in kept if b.startswith("<!-- summary:begin -->")]
    rest = [b for b in kept if b not in top]
    L[1:1] = [f"{block}\n" for block in top]
    with open(path, "w") as f:
        f.write("\n".join(L) + "".join(f"\n{block}\n" for block in rest))


# Why a goal is missed and what would close it: the CLI author's words, kept here so a rerun keeps them.
WHY = {
    "staged": (
        "preflight does work proportional to the repository before it looks at the one staged file: it parses "
        "every index entry into a Swift value (`read index`; git's `git diff --cached` reads the whole index too, "
        "but keeps it mapped), derives HEAD's whole listing (`derive HEAD listing`), discovers every target on both "
        "sides (`head workspace`, `base workspace`) and rebuilds every link's graph inputs from the graph cache "
        "(`base graph`, `head graph`), plus the process's start-up (the context figure). The scaling "
        "section traces these marks at 10k-300k files. Closing it: index entries as offsets into the mapped file, "
        "listings and workspaces cached by tree id next to the graph cache, and graph inputs built only for links a "
        "change can reach."),
    "committed": (
        "libgit2 1.5's tree-to-tree diff expands every subtree, unchanged ones included (`diff trees`, O(files in "
        "the repository); git compares subtree ids and descends only where they differ, so its time is flat in the "
        "repository), and the base listing is read whole (`list base tree`), then the head listing, workspaces and "
        "graph inputs are built whole as for `--staged`. Closing it: a tree walk of our own that skips equal "
        "subtree ids (as the `--staged` path already does against the cache-tree), and listings cached by tree id."),
}


# ---------------------------------------------------------------- main


def main() -> int:
    ap = argparse.ArgumentParser(description="Benchmark `preflight affected` against git.")
    who = ap.add_mutually_exclusive_group(required=True)
    who.add_argument("--preflight", help="path to the preflight binary (release, --static-swift-stdlib)")
    who.add_argument("--stand-in", action="store_true", help="measure each git command run twice instead of preflight")
    ap.add_argument("--runs", type=int, default=15, help="timed runs per command (default 15)")
    ap.add_argument("--warmup", type=int, default=2, help="warm-up runs per command (default 2)")
    ap.add_argument("--corpus-files", type=int, default=100000, help="tracked paths in the corpus (default 100000)")
    ap.add_argument("--corpus-dirs", type=int, help="runnable dirs (default files/100)")
    ap.add_argument("--corpus-links", type=int, help="symlinks (default files/20)")
    ap.add_argument("--corpus-changed", type=int, default=100, help="paths changed on feature (default 100)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus-dir", help="corpus location (default bench/corpus/<parameters>)")
    ap.add_argument("--reuse-corpus", action="store_true", help="reuse a corpus with the same parameters if present")
    ap.add_argument("--results", help="report path (default bench/RESULTS.md; bench/out/RESULTS-stand-in.md with --stand-in)")
    ap.add_argument("--build-note", help="how the binary was built (e.g. 'main @ 150daf1, swift build -c release "
                    "--static-swift-stdlib'), copied into the report")
    ap.add_argument("--format", help="pass `--format FMT` to every preflight command (e.g. json)")
    ap.add_argument("--no-exact-rss", action="store_true", help="skip the GNU time cross-check of peak RSS")
    args = ap.parse_args()
    if args.corpus_dirs is None:
        args.corpus_dirs = max(1, args.corpus_files // 100)
    if args.corpus_links is None:
        args.corpus_links = args.corpus_files // 20
    if args.results is None:
        args.results = os.path.join(HERE, "out", "RESULTS-stand-in.md") if args.stand_in else os.path.join(HERE, "RESULTS.md")

    extra: dict = {}
    if args.preflight:
        args.preflight = os.path.abspath(args.preflight)
        if not os.access(args.preflight, os.X_OK):
            sys.exit(f"run_affected: {args.preflight} is not an executable file")
        probe = subprocess.run([args.preflight, "affected", "--help"], capture_output=True, text=True)
        if probe.returncode != 0:
            sys.exit(f"run_affected: `{args.preflight} affected --help` failed (exit {probe.returncode}); "
                     f"is `affected` implemented?\n{probe.stderr.strip()}")
        version = sh(args.preflight, "--version")
        size = os.path.getsize(args.preflight) / (1024 * 1024)
        extra["binary"] = (f"`{args.preflight}` ({size:.1f} MiB"
                           + (f", `--version`: {version.splitlines()[0]}" if version else "") + ")"
                           + (f"; {args.build_note}" if args.build_note else ""))

    repo, meta = ensure_corpus(args)
    specs = pairs(args, repo)
    info = machine()
    load0 = os.getloadavg()
    harness.reset_peak_rss()
    floor_kb = harness.floor_rss_kb(repo)
    for s in specs:
        before = index_digest(repo)
        print(f"measuring {s['id']}: {s['cmd_a'].shell_text()}  vs  {s['cmd_b'].shell_text()}", flush=True)
        s["result"] = harness.compare(s["cmd_a"], s["cmd_b"], runs=args.runs, warmup=args.warmup,
                                      exact_rss=not args.no_exact_rss)
        s["index_changed"] = index_digest(repo) != before
        r = s["result"]
        for m in (r.a, r.b):
            if m.error:
                print(f"  {m.command.label}: failed: {m.error}", flush=True)
            else:
                print(f"  {m.command.label}: median {ms(m.wall.median)} ms, p10–p90 {ms(m.wall.p10)}–{ms(m.wall.p90)} ms, "
                      f"rss {m.rss_kb.median / MB:.1f} MiB, {m.output_lines} lines", flush=True)
        if r.ratio is not None:
            print(f"  ratio A/B {r.ratio:.2f}×", flush=True)
    if args.preflight:
        extra["context"] = context_figures(args, repo, env=specs[0]["cmd_a"].env)
    load1 = os.getloadavg()
    if not in_measured_state(repo, meta):
        print("warning: the corpus is no longer in its measured state (restore with make_corpus.py --restore)")

    os.makedirs(os.path.dirname(os.path.abspath(args.results)), exist_ok=True)
    write_report(args.results, args, repo, meta, info, specs, floor_kb, (load0, load1), extra)
    raw = {
        "machine": info, "corpus": meta, "floor_rss_kb": floor_kb, "load": [load0, load1],
        "pairs": [{
            "id": s["id"],
            **{side: {"argv": m.command.argv, "error": m.error, "output_lines": m.output_lines,
                      "exact_rss_kb": m.exact_rss_kb,
                      "samples_fields": ["wall_s", "maxrss_kb", "exit_code", "floor_kb"],
                      "samples": [[x.wall_s, x.maxrss_kb, x.exit_code, x.floor_kb] for x in m.samples]}
               for side, m in (("a", s["result"].a), ("b", s["result"].b))},
        } for s in specs],
    }
    raw_path = harness.write_raw(f"affected-{'stand-in-' if args.stand_in else ''}", raw)
    print(f"wrote {args.results} and {raw_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
