#!/usr/bin/env python3
"""Quick self-check of the corpus generator and the harness (no preflight binary needed, ~5 s).

  python3 bench/smoke_test.py

Builds a 2,000-path corpus in a temporary directory and checks: `git fsck` is clean, the link
count is exact, every link is a relative symlink whose target resolves inside the repository
(some to directories), `feature` is checked out with exactly one staged file, the feature commit
changes the asked-for number of paths, the same seed gives the same commits, and the harness
times a pair and reports a ratio.  Exits non-zero with a message on the first failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import harness  # noqa: E402

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
    print("smoke_test: all good")
    return 0


if __name__ == "__main__":
    sys.exit(main())
