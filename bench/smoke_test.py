#!/usr/bin/env python3
"""Quick self-check of the corpus generator and the harness (no preflight binary needed, ~5 s).

  python3 bench/smoke_test.py

Builds a 2,000-path corpus in a temporary directory and checks: `git fsck` is clean, the link
count is exact, every link is a relative symlink whose target resolves inside the repository
(some to directories), `feature` is checked out with exactly one staged file, the feature commit
changes the asked-for number of paths, the same seed gives the same commits, and the harness
times a pair and reports a ratio.  Then run_check.py's own logic, with stand-ins for preflight and
pre-commit (no network, no pre-commit): the pre-commit config it writes, how it reads pre-commit's
and preflight's output (hook statuses, durations, finding counts, a Skipped hook refused), uneven
interleaving, and its `## check` section spliced into a results file without touching the rest.
Then run_hooks.py's: the lefthook and pre-commit configs, reading pre-commit's and lefthook's hook
output (a hook that did not run refused), GNU time and trace lines, the goals in words, the rotated
N-way run order of `harness.compare_many` with untimed prepare/finish around each run, the
per-variant corpus copy with an iteration and the probes (a stand-in shell hook), and its `## hooks`
section spliced in.
And run_pool.py's own logic with `sh` stand-ins for preflight: its repository, the check that every
job passed, its `## run` section and its splicing.
Then run_scaling.py's: the spread and nested picks of changed files, the `bench-scale-cN` branches
(made once, N paths each), its six pairs (committed-only, range, staged, working tree, both `check`s)
measured with a `sh` stand-in in the staged and committed states and the corpus left in its measured
state, the trace-mark table, the growth exponents, issue 15's goals in words from made-up figures with
known answers (per cell, the growth goal, `check` against its `affected`), its `## scaling` section
spliced in, and the plot (drawn only when matplotlib can be imported; said so otherwise).  And
bench/run's: `--only` and `--args`, the corpus sizes each choice needs, the command plan (full and
--quick), the results-file skeleton that puts each section in its place, and the summary's goals in
words from stand-in raw figures (issue 15's hook and `check --all` goals included).  Last the
import-inference benchmark's (smoke_imports.py): make_pycorpus.py at 400 paths (counts, valid Python, every first-party import
resolvable, each kind of import present, the measured commit, the lock) and run_imports.py end to end
with a `sh` stand-in for preflight.
Exits non-zero with a message on the first failure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import run_affected  # noqa: E402
import run_check  # noqa: E402
import run_hooks  # noqa: E402
import run_pool  # noqa: E402
import run_scaling  # noqa: E402
import smoke_imports  # noqa: E402  (the import-inference benchmark's checks, in their own file)

ARGS = ["--files", "2000", "--runnable-dirs", "20", "--links", "100", "--changed", "10"]


def git(repo: str, *argv: str) -> str:
    return subprocess.run(["git", "-C", repo, *argv], check=True, capture_output=True, text=True).stdout


def expect(cond: bool, what: str) -> None:
    if not cond:
        sys.exit(f"smoke_test: FAILED: {what}")
    print(f"ok  {what}")


def make(out: str) -> None:
    subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), *ARGS, "--out", out],
                   check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "x")
        make(repo)
        fsck = subprocess.run(["git", "-C", repo, "fsck", "--strict"], capture_output=True, text=True)
        expect(fsck.returncode == 0 and not fsck.stdout.strip(), "git fsck --strict is clean")
        expect(len(git(repo, "ls-tree", "-r", "--name-only", "main").splitlines()) == 2000, "2000 paths on main")
        links = [l.split("\t", 1)[1] for l in git(repo, "ls-files", "-s").splitlines() if l.startswith("120000 ")]
        expect(len(links) == 100, f"100 links in the index (found {len(links)})")
        real = os.path.realpath(repo)
        inside = dir_links = 0
        for link in links:
            p = os.path.join(repo, link)
            text = os.readlink(p)
            resolved = os.path.realpath(p)
            if (os.path.islink(p) and not text.startswith("/") and os.path.exists(resolved)
                    and resolved.startswith(os.path.join(real, "helpers_root") + os.sep)):
                inside += 1
            dir_links += os.path.isdir(resolved)
        expect(inside == len(links), "every link is relative and resolves inside helpers_root/")
        expect(dir_links > 0, f"some links point at directories ({dir_links})")
        expect(git(repo, "symbolic-ref", "--short", "HEAD").strip() == "feature", "feature is checked out")
        expect(len(git(repo, "diff", "--cached", "--name-only").split()) == 1, "exactly one staged file")
        expect(len(git(repo, "status", "--porcelain", "-uall").splitlines()) == 1, "nothing else changed")
        expect(len(git(repo, "diff", "--name-only", "main...feature").split()) == 10, "10 paths changed on feature")
        counts = git(repo, "count-objects", "-v")
        expect("packs: 1" in counts, "objects are in one pack")

        again = os.path.join(tmp, "y")
        make(again)
        expect(git(repo, "rev-parse", "main", "feature") == git(again, "rev-parse", "main", "feature"),
               "the same seed gives the same commits")

        b = harness.Command("git", ["git", "diff", "--cached", "--name-only"], repo)
        a = harness.Command("stand-in", ["sh", "-c", "git diff --cached --name-only; git diff --cached --name-only"], repo)
        r = harness.compare(a, b, runs=3, warmup=1, exact_rss=False)
        expect(not r.a.error and not r.b.error and len(r.a.samples) == 3 and len(r.b.samples) == 3,
               "harness ran 3 alternated samples of each")
        expect(r.ratio is not None and r.ratio > 1.0, f"stand-in (git twice) is slower than git once ({r.ratio:.2f}x)")
        expect(all(s.maxrss_kb > 0 for s in r.a.samples), "peak RSS recorded")
        bad = harness.compare(harness.Command("false", ["false"], repo), b, runs=1, warmup=1, exact_rss=False)
        expect(bad.a.error is not None and bad.ratio is None, "a failing command is reported, not timed")

        check_logic(repo, tmp)
        hooks_logic(repo, tmp)
        run_pool_logic(tmp)
        scaling_logic(repo, tmp)
        bench_run_logic(tmp)
        smoke_imports.check(tmp, expect)
    print("smoke_test: all good")
    return 0


# What `pre-commit run --all-files --verbose --color never` prints: one hook Failed with two chunks of
# destroyed-symlinks output (whose "- PATH" lines must not be read as pre-commit's "- key: value" lines).
PRECOMMIT_OUT = """\
check for broken symlinks................................................Passed
- hook id: check-symlinks
- duration: 0.19s
detect destroyed symlinks................................................Failed
- hook id: destroyed-symlinks
- duration: 248.1s
- exit code: 1

Destroyed symlinks:
- a/link one
- b/link
You should unstage affected files:
\tgit reset HEAD -- 'a/link one' b/link
Destroyed symlinks:
- c/link
You should unstage affected files:
\tgit reset HEAD -- c/link

check for merge conflicts................................................Passed
- hook id: check-merge-conflict
- duration: 5.24s
"""

PREFLIGHT_OUT = """{"schema": 1, "base": "empty-tree", "head": "abc", "checks": ["symlink", "destroyed-symlink",
 "managed-link", "conflict-marker"], "targets": ["//", "x"], "findings": [
 {"check": "managed-link", "severity": "error", "message": "m", "path": "x/a", "line": null},
 {"check": "managed-link", "severity": "error", "message": "m", "path": "x/b", "line": null},
 {"check": "conflict-marker", "severity": "error", "message": "m", "path": "x/c", "line": 3}],
 "summary": {"errors": 3, "warnings": 0, "notes": 0}}
"""


def check_logic(repo: str, tmp: str) -> None:
    """run_check.py without preflight or pre-commit: stand-ins print their output."""
    config = run_check.precommit_config("/v/bin")
    expect(config.count("- id: ") == 3 and "- repo: local" in config and config.count("language: system") == 3
           and 'entry: "/v/bin/check-merge-conflict"' in config and 'args: ["--assume-in-merge"]' in config
           and "types: [symlink]" in config and "types: [file]" in config and "types: [text]" in config,
           "pre-commit config: repo local, three system hooks from the venv, their types and --assume-in-merge")

    hooks = run_check.parse_precommit(PRECOMMIT_OUT)
    expect([(h.id, h.status) for h in hooks] == [("check-symlinks", "Passed"), ("destroyed-symlinks", "Failed"),
                                                ("check-merge-conflict", "Passed")], "pre-commit hook statuses parsed")
    expect([h.duration_s for h in hooks] == [0.19, 248.1, 5.24] and hooks[1].exit_code == 1, "hook durations parsed")
    expect([h.findings for h in hooks] == [0, 3, 0], f"finding counts per hook ({[h.findings for h in hooks]})")
    conflict = run_check.parse_precommit("check for merge conflicts....Failed\n- hook id: check-merge-conflict\n"
                                         "- exit code: 1\n\nx.py:3: Merge conflict string '<<<<<<<' found\n"
                                         "x.py:5: Merge conflict string '>>>>>>>' found\n")
    expect(conflict[0].findings == 2, "check-merge-conflict findings counted")
    expect(run_check.validate_precommit(PRECOMMIT_OUT.encode()) is None, "a run where every hook ran is accepted")
    skipped = re.sub(r"^(check for broken symlinks)\.+Passed$", r"\1....(no files to check)Skipped", PRECOMMIT_OUT,
                     flags=re.M)
    err = run_check.validate_precommit(skipped.encode())
    expect(err is not None and "check-symlinks Skipped (no files to check)" in err, f"a Skipped hook is refused ({err})")
    err = run_check.validate_precommit(b"")
    expect(err is not None and "not in the output" in err, "an output without hooks is refused")

    pf = run_check.preflight_findings(PREFLIGHT_OUT.encode())
    expect(pf["by_check"] == {"conflict-marker": {"error": 1}, "managed-link": {"error": 2}} and pf["targets"] == 2,
           "preflight findings counted per check")
    expect(run_check.validate_preflight(PREFLIGHT_OUT.encode(), run_check.DEFAULT_CHECKS) is None
           and run_check.validate_preflight(b"not json", []) is not None
           and "lockfile" in (run_check.validate_preflight(PREFLIGHT_OUT.encode(), ["lockfile"]) or ""),
           "preflight output validated (JSON, checks run)")
    trace = run_check.parse_trace("trace    0.00 ms  start\nnoise\ntrace 15166.13 ms  affected (1002 targets)\n")
    expect(trace == [(0.0, "start"), (15166.13, "affected (1002 targets)")], "PREFLIGHT_TRACE lines parsed")
    expect(harness.interleave(15, 5).count("b") == 5 and harness.interleave(15, 5)[:4] == ["a", "a", "a", "b"]
           and harness.interleave(2, 2) == ["a", "b", "a", "b"], "uneven runs are spread evenly")

    # The measuring path with stand-ins: A prints findings JSON and exits 1 (findings), B prints pre-commit's output.
    pf_file, pc_file = os.path.join(tmp, "pf.json"), os.path.join(tmp, "pc.txt")
    with open(pf_file, "w") as f:
        f.write(PREFLIGHT_OUT)
    with open(pc_file, "w") as f:
        f.write(PRECOMMIT_OUT)
    a = harness.Command("preflight", ["sh", "-c", f"cat {pf_file}; exit 1"], repo, ok_exits=(0, 1))
    b = harness.Command("pre-commit", ["cat", pc_file], repo)

    def validate(m: harness.Measured) -> str | None:
        if m.command is b:
            return run_check.validate_precommit(m.output)
        return run_check.validate_preflight(m.output, run_check.DEFAULT_CHECKS)

    pair = harness.compare(a, b, runs=4, warmup=1, runs_b=2, exact_rss=False, validate=validate)
    expect(not pair.a.error and not pair.b.error and len(pair.a.samples) == 4 and len(pair.b.samples) == 2
           and pair.a.unexpected_exits == 0 and pair.a.nonzero_exits == 4,
           "exit 1 with findings is a normal answer; 4 + 2 runs")
    bad_b = harness.Command("pre-commit", ["sh", "-c", "echo 'check for broken symlinks...(no files to check)Skipped'"],
                            repo)
    refused = harness.compare(a, bad_b, runs=1, warmup=1, exact_rss=False,
                              validate=lambda m: run_check.validate_precommit(m.output) if m.command is bad_b else None)
    expect(refused.b.error is not None and not refused.b.samples and refused.ratio is None,
           "a pre-commit whose hooks did not run is not timed")
    ctx = harness.compare(harness.Command("preflight", ["true"], repo), harness.Command("git", ["true"], repo),
                          runs=2, warmup=1, exact_rss=False)
    results = {
        "argv": "--preflight X", "machine": {"date": "d", "nproc": "2"}, "binary": "`X`",
        "versions": {"pre-commit": "4.7.0"}, "corpus": "c", "corpus_abs": repo, "config": config, "pair": pair,
        "like": pair.a, "hooks": run_check.parse_precommit(pair.b.output.decode()),
        "preflight_findings": run_check.preflight_findings(pair.a.output), "trace": trace,
        "context": [{"id": "staged", "title": "`--staged`", "result": ctx}], "runs": 4, "runs_b": 2, "warmup": 1,
        "warmup_b": 1, "warmup_b_wall": pair.b.warmup_wall_s, "regular_files": 1900,
        "load": {"before": (0.1, 0.2, 0.3), "after": (0.1, 0.2, 0.3), "during": [0.1, 0.2]}, "notes": ["n"],
    }
    section = run_check.render_section(results)
    expect(section.startswith("## check\n") and "**Goal: `check --all` at least 20× faster than pre-commit.**" in section
           and "`destroyed-symlinks` Failed, 3 reported" in section and "`managed-link` 2 error" in section
           and "| `destroyed-symlinks` | 248.10 |" in section, "the check section has the goal, findings and hook times")
    path = os.path.join(tmp, "RESULTS.md")
    with open(path, "w") as f:
        f.write("# affected\n\nkeep me\n")
    run_check.write_results(path, section)
    run_check.write_results(path, section.replace("## check", "## check (again)"))
    text = open(path).read()
    expect(text.startswith("# affected\n\nkeep me\n") and text.count("<!-- check:begin -->") == 1
           and "## check (again)" in text and text.rstrip().endswith("<!-- check:end -->"),
           "the check section is regenerated in place, the rest of the file kept")
    expect(harness.marked_sections("x\n" + text[text.index("<!--"):] + "y") == [text[text.index("<!--"):].rstrip()],
           "run_affected.py finds the section to keep when it rewrites the file")


# What a pre-commit hook prints when git runs it (no --verbose), and lefthook 2.2.2 (colours kept).
PRECOMMIT_HOOK_OUT = """\
check for broken symlinks............................(no files to check)Skipped
detect destroyed symlinks................................................Passed
check for merge conflicts................................................Passed
"""
LEFTHOOK_OUT = (
    "\x1b[38;2;56;56;56m╭──╮\x1b[m\n"
    "\x1b[38;2;56;56;56m│\x1b[m 🥊 lefthook  v2.2.2   hook:  \x1b[1mpre-commit\x1b[m\n"
    "┃  check-merge-conflict ❯ \n\n"
    "│  check-symlinks (skip) no files for inspection\n"
    "┃  destroyed-symlinks ❯ \n\n"
    "summary: (done in 0.17 seconds)\n"
    "✔️ check-merge-conflict (0.10 seconds)\n"
    "🥊 destroyed-symlinks (0.06 seconds)\n")


def hooks_logic(repo: str, tmp: str) -> None:
    """run_hooks.py without preflight, pre-commit or lefthook."""
    lh = run_hooks.lefthook_config("/v/bin")
    expect(lh.count("- name: ") == 3 and lh.index("check-symlinks") < lh.index("destroyed-symlinks")
           < lh.index("check-merge-conflict")
           and 'run: "/v/bin/check-merge-conflict --assume-in-merge {staged_files}"' in lh
           and 'file_types: ["symlink"]' in lh and 'file_types: ["not symlink"]' in lh and 'file_types: ["text"]' in lh,
           "lefthook config: the same three scripts in order, on {staged_files}, types mapped")
    pc = run_hooks.precommit_config("/v/bin")
    expect("run_hooks.py" in pc.splitlines()[0] and pc.count("language: system") == 3,
           "pre-commit config for the hook says who wrote it")

    jobs = run_hooks.parse_lefthook(LEFTHOOK_OUT)
    expect({k: (j.status, j.duration_s) for k, j in jobs.items()} == {
        "check-symlinks": ("skipped", None), "check-merge-conflict": ("ran", 0.10),
        "destroyed-symlinks": ("failed", 0.06)}, f"lefthook output parsed ({jobs})")
    expect(run_hooks.validate_output("lefthook", LEFTHOOK_OUT.encode()) is None, "a lefthook run whose jobs ran is accepted")
    skipped = LEFTHOOK_OUT.replace("\U0001f94a destroyed-symlinks (0.06 seconds)\n", "").replace(
        "┃  destroyed-symlinks ❯", "│  destroyed-symlinks (skip) no files for inspection")
    err = run_hooks.validate_output("lefthook-go", skipped.encode())
    expect(err is not None and "destroyed-symlinks skipped" in err, f"a lefthook job skipped is refused ({err})")
    expect(run_hooks.validate_output("pre-commit", PRECOMMIT_HOOK_OUT.encode()) is None,
           "a pre-commit hook run (check-symlinks Skipped for a regular file) is accepted")
    err = run_hooks.validate_output("pre-commit", re.sub(
        r"^(detect destroyed symlinks)\.+Passed$", r"\1....(no files to check)Skipped", PRECOMMIT_HOOK_OUT,
        flags=re.M).encode())
    expect(err is not None and "destroyed-symlinks Skipped" in err, f"pre-commit with a must-run hook Skipped is refused ({err})")
    expect(run_hooks.validate_output("bare", b"") is None and run_hooks.validate_output("bare", b"hook!") is not None,
           "bare must print nothing")
    expect(run_hooks.hook_summary("pre-commit", PRECOMMIT_HOOK_OUT.encode()).startswith(
        "`check-symlinks` Skipped (no files to check); `destroyed-symlinks` Passed"), "pre-commit summary line")
    expect(run_hooks.git_children("06:00:00.1 git.c:460 trace: built-in: git commit -q -m x\n"
                                  "06:00:00.2 run-command.c:655 trace: run_command: .git/hooks/pre-commit\n"
                                  "06:00:00.3 git.c:460 trace: built-in: git status --porcelain=v2 -z -- a.py\n"
                                  "06:00:00.4 git.c:460 trace: built-in: git maintenance run --auto --quiet\n")
           == ["git status --porcelain=v2 -z -- a.py"], "the git processes a hook started, read from GIT_TRACE")
    expect(run_hooks.parse_rss("33120\nCommand exited with non-zero status 1\n40000\n") == [33120, 40000],
           "GNU time %M lines read, other lines skipped")
    tr = run_hooks.median_trace([[(1.0, "start"), (5.0, "read index")], [(3.0, "start"), (7.0, "read index")],
                                 [(2.0, "start"), (9.0, "read index")], [(0.0, "other")]])
    expect(tr == [(2.0, "start"), (7.0, "read index")], f"trace marks: median per mark over matching runs ({tr})")

    g = run_hooks.goals(13500, 0.015, 0.450)
    expect(len(g) == 2 and g[0]["met"] is True and "15.0 ms" in g[0]["text"] and g[1]["met"] is True
           and abs(g[1]["ratio"] - 30.0) < 1e-9, "goals: 15 ms added and 30× pre-commit's are both met")
    g = run_hooks.goals(13500, 0.030, 0.150)
    expect(g[0]["met"] is False and g[1]["met"] is False and "5.0×" in g[1]["text"], "goals: 30 ms and 5× are not met")
    g = run_hooks.goals(100000, -0.002, 0.500)
    expect(len(g) == 1 and g[0]["met"] is None and "no ratio" in g[0]["text"],
           "goals: no 20 ms goal on 100k; a non-positive added time gives no ratio, not a huge one")

    expect(harness.rotations(3, 2) == [0, 1, 2, 1, 2, 0] and harness.rotations(0, 5) == [],
           "compare_many's rounds rotate the order")
    log: list[str] = []
    cmds = [harness.Command(n, ["true"], tmp) for n in ("x", "y")] + [harness.Command("z", ["false"], tmp)]
    got = harness.compare_many(cmds, runs=3, warmup=1, prepare=lambda c: log.append("p" + c.label),
                               finish=lambda c, e: log.append(f"f{c.label}{e}"),
                               validate=lambda m: "no" if m.command.label == "y" else None)
    expect([len(m.samples) for m in got] == [3, 0, 0] and got[1].error == "no" and got[2].error is not None,
           "compare_many times only validated sides that did not fail")
    expect(log[:6] == ["px", "fx0", "py", "fy0", "pz", "fz1"] and log[6:] == ["px", "fx0"] * 3,
           f"prepare and finish wrap every run, warm-ups included ({log})")

    # A copy of the smoke corpus with a stand-in hook that refuses conflict markers and broken links.
    dest = os.path.join(tmp, "copy")
    c = run_hooks.make_copy(repo, dest, ["lefthook.yml"])
    expect(run_hooks.clean_state(c) and git(dest, "symbolic-ref", "--short", "HEAD").strip() == "hooks-bench"
           and c.start == git(repo, "rev-parse", "feature").strip() and run_hooks.hook_files(dest) == [],
           "make_copy: a clean copy on hooks-bench at feature, no hooks")
    hook = os.path.join(dest, ".git", "hooks", "pre-commit")
    with open(hook, "w") as f:
        f.write("#!/bin/sh\ngit diff --cached -U0 | grep -q '^+<<<<<<< ' && exit 1\n"
                "for p in $(git diff --cached --name-only); do [ -L \"$p\" ] && [ ! -e \"$p\" ] && exit 1; done\nexit 0\n")
    os.chmod(hook, 0o755)
    path = json.load(open(os.path.join(dest, ".git", "bench_corpus.json")))["staged_path"]
    env = dict(os.environ, GIT_AUTHOR_NAME="b", GIT_AUTHOR_EMAIL="b@b", GIT_COMMITTER_NAME="b", GIT_COMMITTER_EMAIL="b@b")
    hooked = harness.Command("stand-in", ["git", "commit", "-q", "-m", "x"], dest, env, merge_stderr=True)
    bare = harness.Command("bare", ["git", "commit", "-q", "-m", "x", "--no-verify"], dest, env, merge_stderr=True)
    it = run_hooks.Iterations({"copy": c}, {"stand-in": "copy", "bare": "copy"}, path)
    probes = {cmd.label: [run_hooks.probe(it, cmd, "conflict"), run_hooks.probe(it, cmd, "broken-link")]
              for cmd in (hooked, bare)}
    expect([(p["exit"] != 0, p["committed"]) for p in probes["stand-in"]] == [(True, False), (True, False)]
           and [(p["exit"], p["committed"]) for p in probes["bare"]] == [(0, True), (0, True)],
           "probes: the hook refuses conflict markers and a broken link; --no-verify commits both")
    ms_ = harness.compare_many([bare, hooked], runs=2, warmup=1, prepare=it.prepare, finish=it.finish)
    expect(all(len(m.samples) == 2 and not m.error for m in ms_) and it.commits == {"stand-in": 3, "bare": 3}
           and run_hooks.clean_state(c) and c.edits == 10, f"each iteration commits and resets ({it.commits})")
    expect(run_hooks.paired(ms_[1], ms_[0]).n == 2 and run_hooks.added(ms_[1], ms_[0]) is not None,
           "added time and per-round differences taken")

    copies = {"bare": c, "preflight": c, "pre-commit": c, "lefthook": c}
    measured = [harness.Measured(harness.Command(v, ["git"], dest, merge_stderr=True)) for v in
                ("bare", "preflight", "pre-commit", "lefthook", "hook-floor")]
    for m, base in zip(measured, (0.100, 0.112, 0.520, 0.400, 0.105)):
        m.samples = [harness.Sample(base + d, 30000, 0, 25000, base / 2) for d in (0.0, 0.002, -0.001)]
    measured[2].output = PRECOMMIT_HOOK_OUT.encode()
    measured[3].output = LEFTHOOK_OUT.encode()
    direct = harness.PairResult(harness.Measured(harness.Command("git", ["x"], dest), [harness.Sample(0.009, 1, 0)] * 3),
                                harness.Measured(harness.Command("plain", ["x"], dest), [harness.Sample(0.005, 1, 0)] * 3))
    corpus = {"files": 13500, "name": "n", "source": repo, "meta": json.load(
        open(os.path.join(dest, ".git", "bench_corpus.json"))), "root": tmp, "path": path, "copies": copies,
        "measured": measured, "probes": {v: probes["stand-in"] if v not in ("bare", "hook-floor") else probes["bare"]
                   for v in (*copies, "hook-floor")},
        "rss_kb": [33000, 34000], "trace": [(0.0, "start"), (2.5, "read index")], "direct": direct,
        "git_children": {"preflight": [], "lefthook": ["git version"]}, "pc_config": pc, "lh_config": lh, "commits_made": {"bare": (32, 0)},
        "load": {"before": (1, 2, 3), "after": (1, 2, 3), "during": [1.0, 2.0]}, "notes": [],
        "goals": run_hooks.goals(13500, 0.012, 0.420)}
    res = {"argv": "--preflight X", "machine": {"date": "d", "nproc": "2"}, "binary": "`X`",
           "versions": {"lefthook": "2.2.2"}, "corpora": [corpus], "why": "because",
           "startup": harness.PairResult(direct.b, direct.a)}
    section = run_hooks.render_section(res)
    expect(section.startswith("## hooks") and "preflight's added time 12.0 ms — goal under 20.0 ms on 13,500 files: met"
           in section and "= **35.0×** — goal at least 10×: met" in section and "lefthook's added time 300.0 ms = 25.0×"
           in section and "| **preflight** |" in section and "```yaml" in section and "median 32.7 MiB" in section and "- preflight: 0\n" in section
           and "**9.0 ms** with `GIT_INDEX_FILE=.git/index`" in section and "5.0 ms without it" in section
           and "about 5.0 + 5.0 = 10.0 ms, and pre-commit's added time would be 42.0× that" in section
           and "| **hook-floor** (context) |" in section and "over bare." in section in section
           and "empty one-commit repository (`GIT_INDEX_FILE=.git/index`, no git, no shim) takes **5.0 ms**" in section,
           "the hooks section has the figures, goals and configs")
    path_r = os.path.join(tmp, "RESULTS-hooks.md")
    with open(path_r, "w") as f:
        f.write("# affected\n\n<!-- check:begin -->\nchecks\n<!-- check:end -->\n")
    run_hooks.write_results(path_r, section)
    run_hooks.write_results(path_r, section.replace("## hooks", "## hooks (again)"))
    text = open(path_r).read()
    expect(text.count("<!-- hooks:begin -->") == 1 and "## hooks (again)" in text and "checks" in text
           and text.startswith("# affected"), "the hooks section is regenerated in place, the check section kept")
def run_pool_logic(tmp: str) -> None:
    """run_pool.py without preflight: its repository, its check of the output, its section and splicing."""
    root = os.path.join(tmp, "pool")
    os.makedirs(root)
    repo = run_pool.make_repo(root, 4, ["sleep", "1"])
    toml = open(os.path.join(repo, "preflight.toml")).read()
    expect(toml.count("[[target]]") == 4 and 'path = "job4"\nfast = ["sleep", "1"]' in toml
           and len(git(repo, "ls-files").split()) == 9, "run_pool's repository: four dirs, each with its fast command")
    said = "echo 'preflight run fast: 4 passed in 1.0s (-j 2); logs in x'"
    cmds = {1: harness.Command("-j 1", ["sh", "-c", said], repo), 2: harness.Command("-j 2", ["sh", "-c", said], repo),
            4: harness.Command("-j 4", ["sh", "-c", "echo 'preflight run fast: 3 passed, 1 failed'"], repo)}
    results = run_pool.measure(cmds, runs=2, warmup=1, dirs=4)
    expect(len(results[1].samples) == 2 and len(results[2].samples) == 2 and results[4].error is not None
           and not results[4].samples, "run_pool times passing runs and refuses one where a job did not pass")
    section = run_pool.render_section({
        "argv": "--preflight X", "machine": {"date": "d", "cpu": "c", "nproc": "2"}, "binary": "`X`", "dirs": 4,
        "seconds": 1.0, "command": ["sleep", "1"], "runs": 2, "warmup": 1, "load": ((0.1, 0.2, 0.3), (0.1, 0.2, 0.3)),
        "results": results})
    expect(section.startswith("## run\n") and "| 2 | 2.00 s | **" in section and "| 4 | 1.00 s | failed: " in section
           and "Goal (the issue's acceptance line): `-j 2` on four one-second jobs" in section,
           "the run section has a row per -j and the goal")
    path = os.path.join(tmp, "RESULTS-run.md")
    with open(path, "w") as f:
        f.write("# affected\n\nkeep me\n\n<!-- check:begin -->\n## check\n<!-- check:end -->\n")
    run_pool.write_results(path, section)
    run_pool.write_results(path, section.replace("## run", "## run (again)"))
    text = open(path).read()
    expect(text.startswith("# affected\n\nkeep me\n\n<!-- check:begin -->\n## check\n<!-- check:end -->\n")
           and text.count("<!-- run:begin -->") == 1 and "## run (again)" in text
           and len(harness.marked_sections(text)) == 2, "the run section is regenerated in place, the rest kept")


def scaling_logic(repo: str, tmp: str) -> None:
    pool = [f"p/{i:03d}.py" for i in range(100)]
    picks = run_scaling.spread_pick(pool, 10)
    expect(len(set(picks)) == 10 and picks == run_scaling.spread_pick(pool, 10) and picks[0] != pool[0]
           and picks[-1] > pool[80], "spread_pick takes 10 of 100 evenly, the same each time")
    nested = run_scaling.nested_picks(pool, 64)
    first8 = sorted(nested[:8])
    gaps = [int(b[2:5]) - int(a[2:5]) for a, b in zip(first8, first8[1:])]
    expect(len(set(nested)) == 64 and max(gaps) - min(gaps) <= 3,
           f"nested_picks: the first 8 of 64 are spread evenly too (gaps {gaps})")
    try:
        run_scaling.spread_pick(pool, 101)
        expect(False, "asking for more paths than there are is refused")
    except ValueError:
        expect(True, "asking for more paths than there are is refused")
    expect(run_scaling.normalise_mark("read index (100001 entries)") == "read index"
           and run_scaling.normalise_mark("graph cache write head f5b406cf4ca5 as alias of fdc8348ced11")
           == "graph cache write head as alias of", "trace marks lose their counts and ids")
    expect(abs(run_scaling.growth(0.010, 0.100, 10000, 100000) - 1.0) < 1e-9
           and abs(run_scaling.growth(0.010, 0.010, 10000, 300000)) < 1e-9, "growth exponent: 10x over 10x is 1, flat is 0")

    state = run_scaling.ensure_branches(repo, [1, 5, 20])
    for n in (1, 5, 20):
        b = state["branches"][str(n)]
        expect(len(git(repo, "diff", "--name-only", f"main...{b['branch']}").split()) == n
               and git(repo, "rev-parse", f"{b['branch']}^").strip() == state["base"],
               f"{b['branch']} is one commit on the merge-base changing {n} paths")
    expect("packs: 1" in git(repo, "count-objects", "-v"), "the corpus is back to one pack after making the branches")
    before = git(repo, "for-each-ref", "refs/heads/")
    again = run_scaling.ensure_branches(repo, [1, 5, 20])
    expect(again == state and git(repo, "for-each-ref", "refs/heads/") == before, "the branches are made once, then kept")

    with open(os.path.join(repo, ".git", "bench_corpus.json")) as f:
        meta = json.load(f)
    args = run_scaling.argparse.Namespace(
        preflight_argv=["sh", "-c", "git diff --cached --name-only; git diff --name-only main...HEAD", "--"],
        runs=2, warmup=1, no_exact_rss=True, trace=True)
    modes = list(run_scaling.MODES)
    c = run_scaling.measure_in(args, 2000, repo, meta, modes, [1, 5, 20])
    cells = {(r["mode"], r["changed"]): r for r in c["rows"]}
    expect(len(c["rows"]) == 18 and all(len(r["result"].a.samples) == 2 and len(r["result"].b.samples) == 2
                                        for r in c["rows"]),
           "scaling measured 6 pairs x 3 changes, 2 runs of each side")
    expect(all(cells[(m.id, n)]["result"].b.output_lines == n for m in modes for n in (1, 5, 20)),
           "git listed exactly N paths in every staged, committed, range and working-tree state")
    worktree_git = ["git", "diff", "--name-only", "--merge-base", "main"]
    expect(cells[("affected-worktree", 1)]["result"].b.command.argv == worktree_git
           and cells[("affected-range", 1)]["result"].a.command.argv[-2:] == ["--range", "main...HEAD"],
           "the working-tree pair runs git's merge-base diff as one process; the range pair passes main...HEAD")
    expect(run_affected.in_measured_state(repo, meta) and git(repo, "symbolic-ref", "--short", "HEAD").strip() == "feature",
           "the corpus is back in its measured state after scaling")

    raw = run_scaling.to_raw([c], run_affected.machine(), {"argv": "--stand-in", "binary": "stand-in", "runs": 2,
                                                            "warmup": 1})
    raw = json.loads(json.dumps(raw))  # as read back from bench/out/scaling-*.json
    # Made-up figures, so each goal has a known answer: git 10 ms everywhere, affected 15 ms (staged 19 ms: within
    # 1.5x + 5 ms; committed and range 2x at most), working tree 14 ms (1.5x); check-staged 1.2x its affected (met),
    # check-committed 2x (not met). A second size where preflight takes 10x as long and git the same.
    made_up = {"affected-staged": 0.019, "affected-committed": 0.015, "affected-range": 0.015,
               "affected-worktree": 0.014, "check-staged": 0.019 * 1.2, "check-committed": 0.030}
    for r in raw["corpora"][0]["rows"]:
        for s in r["a"]["samples"]:
            s[0] = made_up[r["mode"]]
        for s in r["b"]["samples"]:
            s[0] = 0.010
    small = run_scaling.goal_lines(raw)
    expect([("met" in g and "not met" not in g) for g in small] == [True, False, True, False, True, True, True, False]
           and "not judged: one corpus size" in small[1],
           f"goals at one size: affected ones met, check-committed over 1.5x its affected, growth not judged ({small})")
    big = json.loads(json.dumps(raw["corpora"][0]))
    big["files"] = 20000
    for r in big["rows"]:
        for s in r["a"]["samples"]:
            s[0] *= 10
    raw["corpora"].append(big)
    raw["corpora"][0]["rows"][0]["trace"] = [[0.0, "start"], [1.5, "read index (2001 entries)"]]
    raw["corpora"][1]["rows"][0]["trace"] = [[0.0, "start"], [15.0, "read index (20001 entries)"], [2.0, "diff"]]
    sizes, marks = run_scaling.trace_table(raw, "affected-staged", 1)
    expect(sizes == [2000, 20000] and marks == [("read index", [1.5, 15.0]), ("diff", [None, 2.0])],
           "trace table: one row per mark, one column per corpus size")
    growth = run_scaling.growth_lines(raw)
    expect(any("preflight ×10.0 (k = 1.00)" in g and "git ×1.0 (k = 0.00)" in g for g in growth),
           "growth lines give preflight's and git's factor and exponent")
    goals = run_scaling.goal_lines(raw)
    by_title = {g.split(":")[0]: g for g in goals if "growth exponent" not in g}
    expect(len(goals) == 8 and "**not met** in 3 of 6 cells" in by_title["- `affected --range main...HEAD`"]
           and "20,000/1: 15.0× (150.0 > 20.0 ms)" in by_title["- `affected --changed-since main --committed-only`"]
           and "within 1.5× git + 5 ms" in by_title["- `affected --staged`"]
           and "met in the 6 measured" in by_title["- `check --staged`"]
           and "**not met** in 6 of 6 cells" in by_title["- `check --changed-since main --committed-only`"],
           f"per-cell goals: 2x for committed and range, 1.5x + 5 ms for staged, check against its affected ({goals})")
    grow = [g for g in goals if "growth exponent" in g]
    expect(len(grow) == 2
           and all("**not met** at 3 of 3 change sizes" in g and "1.00 vs git's 0.00 ⚠" in g for g in grow),
           "the growth goal: k = 1 against git's 0 is over git's + 0.1 for committed and range")
    section = run_scaling.render_section(raw, "--stand-in", {"why": "because"})
    expect(section.startswith("## scaling") and "| 20,000 | 20 | **" in section and "scaling.png" in section
           and "| read index | 1.5 | 15.0 |" in section and "- **why.** because" in section
           and "### `affected --changed-since main` (working tree) vs "
               "`git diff --name-only $(git merge-base main HEAD)`" in section and "### `affected --range main...HEAD` vs `git diff --name-only main...HEAD`" in section
           and "| 28.5 (1.5 × 19.0) |" in section and "| 22.5 (1.5 × 15.0) ⚠ |" in section
           and "| 20.0 ⚠ |" in section,
           "the scaling section has the six tables with their limits, the plot, the traces and the reading")
    path = os.path.join(tmp, "RESULTS-scaling.md")
    with open(path, "w") as f:
        f.write("# top\n\n<!-- scaling:begin -->\nold\n<!-- scaling:end -->\n\n<!-- check:begin -->\nc\n<!-- check:end -->\n")
    run_scaling.write_results(path, section)
    text = open(path).read()
    expect(text.startswith("# top\n\n<!-- scaling:begin -->\n## scaling") and "\nold\n" not in text
           and text.endswith("<!-- check:begin -->\nc\n<!-- check:end -->\n"), "the scaling section is regenerated in place")
    png = os.path.join(tmp, "scaling.png")
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("skip: the scaling plot is not drawn here, matplotlib is not installed "
              "(bench/run draws it with bench/.venv's Python)")
    else:
        expect(run_scaling.plot(raw, png) and open(png, "rb").read(8) == b"\x89PNG\r\n\x1a\n", "the scaling plot is a PNG")


def load_bench_run():
    """bench/run has no .py suffix (it is the command), so it is loaded by path."""
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("bench_run", os.path.join(HERE, "run"))
    spec = importlib.util.spec_from_loader("bench_run", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


def bench_run_logic(tmp: str) -> None:
    br = load_bench_run()
    expect(br.options(["imports", "--preflight", "/x"]).only == "imports", "a section named as an argument is --only")
    expect(br.parse_only(None) == list(br.SECTIONS) and br.parse_only("check,run,affected") == ["affected", "pool", "check"],
           "--only keeps the run order and takes `run` for the pool")
    try:
        br.parse_only("affected,bogus")
        expect(False, "an unknown section in --only is exit 2")
    except SystemExit as e:
        expect(e.code == 2, "an unknown section in --only is exit 2")
    expect(br.parse_passthrough(["check=--precommit-runs 5", "check=--like-runs 1", "run=--jobs 1,2"])
           == {"check": ["--precommit-runs", "5", "--like-runs", "1"], "pool": ["--jobs", "1,2"]},
           "--args SECTION=ARGS is split like a shell and gathered per section")
    expect(br.corpus_sizes(list(br.SECTIONS), False, {}) == [10000, 13500, 30000, 100000, 300000],
           "a full run makes the 10k, 13.5k, 30k, 100k and 300k corpora")
    expect(br.corpus_sizes(list(br.SECTIONS), True, {}) == [2000, 5000, 10000], "a quick run makes small ones")
    expect(br.corpus_sizes(["hooks"], False, {"hooks": ["--corpora", "13500"]}) == [13500],
           "a pass-through changes which corpora are made")
    opts = br.options(["--reuse-corpus", "--runs", "4", "--args", "check=--precommit-runs 2"])
    steps = dict(br.plan(opts, "/x/preflight", "note", "/v/python"))
    expect(list(steps) == ["affected", "scaling", "hooks", "pool", "imports", "check"]
           and opts.results.endswith("bench/RESULTS.md")
           and opts.plot.endswith("bench/scaling.png"), "a full run writes bench/RESULTS.md and bench/scaling.png")
    chk = steps["check"]
    first = chk.index("--precommit-runs")
    expect(chk[:2] == [sys.executable, os.path.join(HERE, "run_check.py")] and "--reuse-corpus" in chk
           and chk[first + 1] == "3" and chk[chk.index("--precommit-runs", first + 1) + 1] == "2"
           and chk[chk.index("--runs") + 1] == "4" and chk[chk.index("--build-note") + 1] == "note",
           "check: 3 pre-commit runs by default, the pass-through after it (it wins), --runs and the note given")
    expect(steps["scaling"][0] == "/v/python" and "--plot" in steps["scaling"] and "--reuse-corpus" not in steps["pool"],
           "scaling runs under the venv's Python (matplotlib) with --plot; the pool takes no corpus")
    q = br.options(["--quick"])
    qs = dict(br.plan(q, "/x/preflight", "", "/v/python"))
    expect(q.results.endswith("out/RESULTS-quick.md") and "--sizes" in qs["scaling"] and "--build-note" not in qs["pool"],
           "--quick writes to bench/out/ and uses small sizes")

    path = os.path.join(tmp, "RESULTS-run-skeleton.md")
    with open(path, "w") as f:
        f.write("# preflight benchmark results\n\naffected text\n\n<!-- check:begin -->\nc\n<!-- check:end -->\n\n"
                "<!-- hooks:begin -->\nh\n<!-- hooks:end -->\n")
    br.skeleton(path)
    br.skeleton(path)
    text = open(path).read()
    keys = [b.split(":", 1)[0][5:] for b in harness.marked_sections(text)]
    expect(keys == ["summary", "scaling", "check", "hooks", "run", "imports"]
           and text.startswith("# preflight benchmark results\n")
           and text.index("affected text") < text.index("<!-- scaling:begin -->"),
           f"the skeleton puts summary under the title, scaling before check, run and imports last, once ({keys})")
    harness.write_section(path, "summary", "## Summary\nS")
    expect(harness.marked_sections(open(path).read())[0].startswith("<!-- summary:begin -->\n## Summary"),
           "the summary is written in its place at the top")

    def side(walls: list[float]) -> dict:
        return {"samples": [[w, 30000, 0, 0, w] for w in walls], "error": None, "exact_rss_kb": []}

    hooks_raw = {"corpora": [{"files": 13500, "rss_kb": [27000], "variants": [
        {"label": "bare", **side([0.040, 0.042, 0.044])}, {"label": "preflight", **side([0.055, 0.057, 0.059])},
        {"label": "pre-commit", **side([0.50, 0.50, 0.50])}, {"label": "lefthook", **side([0.30, 0.30, 0.30])}]}]}
    lines = br.summary_hooks(hooks_raw)
    expect(len(lines) == 1 and "adds **15.0 ms**" in lines[0] and "goal under 20.0 ms: met" in lines[0]
           and "**30.5×**" in lines[0] and "preflight below lefthook: met" in lines[0],
           "summary: the hook goals in words from the figures")
    check_raw = {"corpus": {"counts": {"tracked_on_main": 100000}}, "all": {"a": side([2.0, 2.5, 3.0]), "b": side([140.0])}}
    expect("**56.0×** — goal at least 20×: met" in br.summary_check(check_raw)[0], "summary: the check --all goal")
    expect("issue 15's goal under 15.0 ms: **not met**" in lines[0]
           and "issue 15's goal at least 1.5× faster than 2.3 s (≤ 1.53 s): 0.92× — **not met**"
           in br.summary_check(check_raw)[0], "summary: issue 15's hook and check --all goals from those sections")
    fast = {"files": 100000, "variants": [{"label": "bare", **side([0.100])}, {"label": "preflight", **side([0.130])}]}
    expect("issue 15's goal under 40.0 ms: met" in br.summary_hooks({"corpora": [fast]})[0],
           "summary: issue 15's 40 ms hook goal at 100,000 files")
    aff_raw = {"corpus": {"counts": {"tracked_on_main": 100000}},
               "pairs": [{"id": "staged", "a": side([0.09]), "b": side([0.02])}]}
    expect("**4.50×** — goal within 2×: **not met**" in br.summary_affected(aff_raw)[0], "summary: the affected goal")
    opts = br.options(["--only", "hooks"])
    text = br.render_summary(opts, {"hooks": hooks_raw}, ["hooks"], ["| m |"], {"hooks": 60.0}, {})
    expect("not rerun by this invocation" in text and "(1.0 min)" in text and "Where preflight is behind" in text,
           "summary: sections not rerun say so; the ones run give their figures and time")
    older = br.render_summary(opts, {"hooks": hooks_raw, "check": check_raw}, ["hooks"], [], {"hooks": 60.0}, {},
                              earlier={"check": ("/x/bench/out/check-1.json", "2026-01-01 00:00 UTC")})
    expect("figures of an earlier run (2026-01-01 00:00 UTC" in older and "**56.0×**" in older,
           "summary: a section not rerun quotes its newest raw figures, saying from when")
    harness.write_section(path, "summary", older)
    kept = br.previous_figures(path)
    again = br.render_summary(opts, {"hooks": hooks_raw}, ["hooks"], [], {"hooks": 60.0}, {}, kept=kept)
    expect(kept.get("check") == [l for l in older.splitlines() if "**56.0×**" in l] and "**56.0×**" in again
           and "the figures the summary gave before" in again,
           "summary: a section not rerun and without a raw file keeps the figures the summary gave before")
    failed = br.render_summary(opts, {"hooks": None}, ["hooks"], [], {}, {"hooks": "`run_hooks.py` exited 1"})
    expect("did not finish: `run_hooks.py` exited 1" in failed, "summary: a section that failed says so")
    part = br.render_summary(br.options([]), {"hooks": hooks_raw}, list(br.SECTIONS), [], {"hooks": 60.0}, {},
                             pending=("check",))
    expect("**`check --all` next to pre-commit** — not finished" in part and "adds **15.0 ms**" in part,
           "summary written part-way: finished sections give figures, the rest say they are not finished")


if __name__ == "__main__":
    sys.exit(main())
