#!/usr/bin/env python3
"""The engine before and after a change, on the same corpus: `affected` of two binaries, alternated.

    python3 bench/run_engine.py --before OLD_BINARY --after NEW_BINARY [--corpus DIR] [--runs 12]

Made to show that splitting the library into layered targets (README "Layout") left `affected` where it
was: `affected --staged` and `affected --changed-since main --committed-only` on bench/make_corpus.py's
100,000-path corpus (its `feature` branch checked out, one file staged), each side alternated with the other
(harness.compare), with `--dependents none` (the engine alone) and with the default (the new binary also
infers Python imports: every file of this corpus is a `.py` file). Writes the `engine` section of RESULTS.md.
"""

import argparse
import os
import subprocess
import sys

import harness

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CORPUS = os.path.join(HERE, "corpus", "f100000-d1000-l5000-c100-s1")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--corpus", default=DEFAULT_CORPUS, help="a make_corpus.py corpus (default: the 100k one)")
    ap.add_argument("--runs", type=int, default=12)
    ap.add_argument("--results", default=os.path.join(HERE, "RESULTS.md"))
    args = ap.parse_args()
    if not os.path.isdir(args.corpus):
        subprocess.run([sys.executable, os.path.join(HERE, "make_corpus.py"), "--out", args.corpus], check=True)

    rows = []
    load_start = os.getloadavg()[0]
    for change in (["--staged"], ["--changed-since", "main", "--committed-only"]):
        for extra in (["--dependents", "none"], []):
            # The earlier binary has no --dependents: it never inferred imports.
            before = harness.Command("before", [args.before, "affected", *change], args.corpus)
            after = harness.Command("after", [args.after, "affected", *change, *extra], args.corpus)
            pair = harness.compare(before, after, runs=args.runs, warmup=2, exact_rss=False)
            a, b = pair.a.wall, pair.b.wall
            rows.append(f"| `affected {' '.join(change)}` | `{' '.join(extra) or '(default: transitive)'}` | "
                        f"{a.median * 1000:.1f} ({a.q1 * 1000:.1f}–{a.q3 * 1000:.1f}) | "
                        f"{b.median * 1000:.1f} ({b.q1 * 1000:.1f}–{b.q3 * 1000:.1f}) | {b.median / a.median:.2f}× |")
    body = "\n".join([
        "## engine: `affected` before and after the layered targets",
        "",
        f"`python3 bench/run_engine.py --before OLD --after NEW` on `{os.path.relpath(args.corpus, HERE)}`, "
        f"{args.runs} alternated runs a pair, wall ms, median (interquartile range). Before: the binary of the "
        "previous wave (one `Checks` target, non-PIE); after: this build. Load average "
        f"{load_start:.1f} → {os.getloadavg()[0]:.1f}.",
        "",
        "| command | after's `--dependents` | before | after | after / before |",
        "|---|---|---|---|---|",
        *rows,
        "",
        "With `--dependents none` the two engines do the same work and take the same time. The default now also "
        "builds the import graph of the corpus's 100,000 `.py` files (read back from the cache by tree id on a "
        "range, derived for the index on `--staged`): that is the cost of import inference on a repository "
        "where every file is Python, not of the layers.",
        "",
    ])
    harness.write_section(args.results, "engine", body)
    print(body)


if __name__ == "__main__":
    main()
