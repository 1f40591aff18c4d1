#!/usr/bin/env python3
"""What building preflight as a position-independent executable costs the pre-commit hook.

    python3 bench/run_pie.py --before OLD_BINARY --after NEW_BINARY [--files 13500] [--runs 30]

Both binaries run `preflight hook pre-commit` on the same corpus (bench/make_corpus.py, one file staged), the
work git's pre-commit hook does before each commit. Three figures per binary:
- instructions, counted by callgrind: the same for the same binary and input whatever the machine is doing,
  so the one figure that survives a busy machine;
- minor page faults (GNU time %R): a PIE's relocations write pages of its data at every start;
- wall time, alternated runs (harness.compare), medians with the spread, and the load average beside them.
Both binaries are measured stripped, as `make dist` ships them. The section `pie` of bench/RESULTS.md is
rewritten.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

import harness

HERE = os.path.dirname(os.path.abspath(__file__))


def elf_kind(binary: str) -> str:
    """`PIE` or `non-PIE`, from the ELF header's type."""
    header = subprocess.run(["readelf", "-h", binary], capture_output=True, text=True, check=True).stdout
    return "PIE" if "DYN" in header else "non-PIE"


def instructions(binary: str, cwd: str) -> int:
    """Total instructions of one hook run under callgrind."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "callgrind.out")
        subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", binary, "hook", "pre-commit"],
                       cwd=cwd, capture_output=True, check=True)
        with open(out, encoding="utf-8") as f:
            match = re.search(r"^(?:summary|totals): (\d+)", f.read(), re.M)
    if not match:
        raise SystemExit("callgrind wrote no total")
    return int(match.group(1))


def page_faults(binary: str, cwd: str, n: int = 5) -> list[int]:
    """Minor page faults of `n` hook runs (GNU time)."""
    faults = []
    for _ in range(n):
        r = subprocess.run(["/usr/bin/time", "-f", "%R", binary, "hook", "pre-commit"], cwd=cwd,
                           capture_output=True, text=True, check=True)
        faults.append(int(r.stderr.strip().splitlines()[-1]))
    return faults


def corpus(files: int) -> str:
    """bench/corpus/pie-<files>: made once, with one modified file staged."""
    path = os.path.join(HERE, "corpus", f"pie-{files}")
    if not os.path.isdir(path):
        subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), "--files", str(files),
                        "--runnable-dirs", str(max(1, files // 100)), "--links", str(files // 20),
                        "--out", path], check=True)
    staged = os.path.join(path, "README.pie")
    with open(staged, "a", encoding="utf-8") as f:
        f.write("x\n")
    subprocess.run(["git", "add", "README.pie"], cwd=path, check=True)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True, help="the earlier binary (release, --static-swift-stdlib)")
    ap.add_argument("--after", required=True, help="the binary as it ships now")
    ap.add_argument("--files", type=int, default=13500)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    args = ap.parse_args()

    repo = corpus(args.files)
    # Stripped copies, as `make dist` ships the binary (and valgrind 3.19 cannot read clang 21's debug info).
    work = tempfile.mkdtemp(prefix="preflight-pie-")
    for name in ("before", "after"):
        path = os.path.join(work, name)
        subprocess.run(["strip", "--strip-unneeded", "-o", path, getattr(args, name)], check=True)
        setattr(args, name, path)
    env = dict(os.environ, PREFLIGHT_CACHE="1")
    commands = [harness.Command(f"{label} ({elf_kind(b)})", [b, "hook", "pre-commit"], repo, env)
                for label, b in (("before", args.before), ("after", args.after))]
    load_start = os.getloadavg()[0]
    pair = harness.compare(commands[0], commands[1], runs=args.runs, warmup=3, exact_rss=False)
    load_end = os.getloadavg()[0]
    rows = []
    for m, binary in ((pair.a, args.before), (pair.b, args.after)):
        wall = m.wall
        rows.append(f"| {m.command.label} | {instructions(binary, repo):,} | "
                    f"{sorted(page_faults(binary, repo))[2]:,} | {wall.median * 1000:.1f} ms "
                    f"({wall.q1 * 1000:.1f}–{wall.q3 * 1000:.1f}) |")
    body = "\n".join([
        "## pie: what a position-independent executable costs the hook",
        "",
        f"`preflight hook pre-commit` on bench/make_corpus.py's {args.files:,}-path corpus with one file staged, "
        f"the two binaries alternated {args.runs} times each (median, interquartile range); instructions from "
        "callgrind (one run; repeatable whatever the load), minor page faults the median of 5 runs (GNU time). "
        f"Load average {load_start:.1f} at the start, {load_end:.1f} at the end. Command: "
        "`python3 bench/run_pie.py --before OLD --after NEW`.",
        "",
        "| binary | instructions | minor page faults | wall |",
        "|---|---|---|---|",
        *rows,
        "",
    ])
    harness.write_section(args.results, "pie", body)
    print(body)


if __name__ == "__main__":
    main()
