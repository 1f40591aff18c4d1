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
And run_pool.py's own logic with `sh` stand-ins for preflight: its repository, the check that every
job passed, its `## run` section and its splicing.
Exits non-zero with a message on the first failure.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402
import run_check  # noqa: E402
import run_pool  # noqa: E402

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
        run_pool_logic(tmp)
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


if __name__ == "__main__":
    sys.exit(main())
