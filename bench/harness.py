"""Side-by-side timing of command pairs: wall time and peak RSS, alternated runs.

A pair (A, B) is run `warmup` times each (output checked, and kept), then A, B, A, B, ... `runs`
times; a slow side may get fewer runs (`runs_b`), spread evenly among the other's.  Each run is one
child process: wall time is `time.perf_counter()` around spawn and `os.wait4`, stdout goes to
/dev/null, peak RSS is the child's `ru_maxrss` from `os.wait4` (KiB on Linux), and CPU time is its
user + system time (with the descendants it waited for).  A command's `ok_exits` says which exit
statuses are an answer rather than a failure (a checker exits 1 when it has findings).
`compare_many` does the same for N commands, round by round with the order rotated, and runs an
untimed `prepare` and `finish` around every run (to stage a change before a timed `git commit` and
reset after it).

A caveat on `ru_maxrss` that the report states with its figures: Python spawns with vfork/CLONE_VM,
and Linux folds the high-water RSS of the memory the child starts in (the harness's own) into the
child's `maxrss` at exec.  So `ru_maxrss` here is max(child peak, harness RSS at spawn); the
harness's floor is measured with `true` (`floor_rss_kb`).  Where GNU time is installed, it forks
from a small process, so `exact_peak_rss_kb` gives a figure without that floor as a cross-check.

Python 3.11 standard library only.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field


@dataclass
class Command:
    """One command to measure: a label, an argv (never a shell string) and a working directory."""

    label: str
    argv: list[str]
    cwd: str
    env: dict[str, str] | None = None
    ok_exits: tuple[int, ...] = (0,)  # exit statuses that are a normal answer (e.g. 1 = "findings")
    timeout_s: float = 600.0  # for the warm-up run
    merge_stderr: bool = False  # warm-up output is stdout and stderr together (git sends a hook's output to stderr)

    def shell_text(self) -> str:
        import shlex

        return " ".join(shlex.quote(a) for a in self.argv)


@dataclass
class Sample:
    wall_s: float
    maxrss_kb: int
    exit_code: int
    floor_kb: int = 0  # the harness's own high-water RSS just before the spawn (0 if unknown)
    cpu_s: float = 0.0  # user + system CPU time of the child and the descendants it waited for

    @property
    def at_floor(self) -> bool:
        """True when ru_maxrss is only the harness's own RSS (the child peaked lower)."""
        return self.floor_kb > 0 and self.maxrss_kb <= self.floor_kb + 256


@dataclass
class Stats:
    n: int
    median: float
    minimum: float
    maximum: float
    p10: float
    p90: float
    q1: float
    q3: float

    @staticmethod
    def of(values: list[float]) -> "Stats":
        v = sorted(values)
        if len(v) >= 2:
            deciles = statistics.quantiles(v, n=10, method="inclusive")
            quarts = statistics.quantiles(v, n=4, method="inclusive")
        else:
            deciles, quarts = [v[0]] * 9, [v[0]] * 3
        return Stats(len(v), statistics.median(v), v[0], v[-1], deciles[0], deciles[8], quarts[0], quarts[2])


@dataclass
class Measured:
    command: Command
    samples: list[Sample] = field(default_factory=list)
    output_lines: int | None = None  # lines on stdout in the warm-up run
    output: bytes | None = None  # stdout of the last warm-up run
    warmup_exit: int | None = None  # exit status of the last warm-up run
    warmup_wall_s: float | None = None  # wall time of the last warm-up run (output captured)
    error: str | None = None  # set when the warm-up failed; then there are no samples
    exact_rss_kb: list[int] = field(default_factory=list)

    @property
    def wall(self) -> Stats:
        return Stats.of([s.wall_s for s in self.samples])

    @property
    def cpu(self) -> Stats:
        return Stats.of([s.cpu_s for s in self.samples])

    @property
    def rss_kb(self) -> Stats:
        return Stats.of([float(s.maxrss_kb) for s in self.samples])

    @property
    def rss_at_floor(self) -> bool:
        """True when most samples' ru_maxrss is only the harness's floor."""
        return sum(s.at_floor for s in self.samples) * 2 > len(self.samples)

    @property
    def floor_kb(self) -> Stats:
        return Stats.of([float(s.floor_kb) for s in self.samples])

    @property
    def nonzero_exits(self) -> int:
        return sum(1 for s in self.samples if s.exit_code != 0)

    @property
    def unexpected_exits(self) -> int:
        """Timed runs whose exit status is not one of the command's `ok_exits`."""
        return sum(1 for s in self.samples if s.exit_code not in self.command.ok_exits)


@dataclass
class PairResult:
    a: Measured
    b: Measured

    @property
    def ratio(self) -> float | None:
        if self.a.error or self.b.error or not self.a.samples or not self.b.samples:
            return None
        return self.a.wall.median / self.b.wall.median


def own_hwm_kb() -> int:
    """This process's high-water RSS (VmHWM) in KiB, 0 if unknown."""
    try:
        with open("/proc/self/status") as f:
            return next((int(l.split()[1]) for l in f if l.startswith("VmHWM:")), 0)
    except OSError:
        return 0


def run_once(cmd: Command) -> Sample:
    """Run cmd once with stdout and stderr to /dev/null; wall time and the child's ru_maxrss."""
    reset_peak_rss()
    floor = own_hwm_kb()
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd.argv, cwd=cmd.cwd, env=cmd.env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    t1 = time.perf_counter()
    p.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
    return Sample(t1 - t0, usage.ru_maxrss, p.returncode, floor, usage.ru_utime + usage.ru_stime)


def check_output(cmd: Command) -> tuple[bytes | None, int | None, str | None]:
    """One run with output captured: (stdout, exit status, None), or (None, status, error text) when
    the command fails to start, times out, or exits with a status not in `cmd.ok_exits`."""
    try:
        r = subprocess.run(cmd.argv, cwd=cmd.cwd, env=cmd.env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT if cmd.merge_stderr else subprocess.PIPE, timeout=cmd.timeout_s)
    except (OSError, subprocess.TimeoutExpired) as e:
        return None, None, f"{type(e).__name__}: {e}"
    if r.returncode not in cmd.ok_exits:
        err = (r.stdout if cmd.merge_stderr else r.stderr).decode(errors="replace").strip().splitlines()
        return None, r.returncode, f"exit {r.returncode}: " + (" / ".join(err[-3:]) if err else "(no stderr)")
    return r.stdout, r.returncode, None


def check_run(cmd: Command) -> tuple[int | None, str | None]:
    """One run with output captured: (stdout line count, None) or (None, error text)."""
    out, _, err = check_output(cmd)
    return (None, err) if err else (len(out.splitlines()), None)


def reset_peak_rss() -> bool:
    """Reset this process's high-water RSS to its current RSS (Linux `clear_refs` 5), lowering the floor."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def floor_rss_kb(cwd: str, n: int = 5) -> int:
    """ru_maxrss of `true` spawned the same way: the harness's contribution to RSS figures.

    Every sample also records its own floor (`Sample.floor_kb`), which is what the report uses.
    """
    return min(run_once(Command("true", ["true"], cwd)).maxrss_kb for _ in range(n))


def gnu_time() -> str | None:
    path = shutil.which("time", path="/usr/bin:/bin") or None
    if not path:
        return None
    try:
        r = subprocess.run([path, "--version"], capture_output=True, timeout=10)
    except OSError:
        return None
    return path if b"GNU" in (r.stdout + r.stderr) else None


def exact_peak_rss_kb(cmd: Command, n: int = 3) -> list[int]:
    """Peak RSS through GNU time (`%M`, it forks from a small process), or [] without GNU time."""
    tool = gnu_time()
    if not tool:
        return []
    out: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        f = os.path.join(tmp, "rss")
        for _ in range(n):
            subprocess.run([tool, "-f", "%M", "-o", f, *cmd.argv], cwd=cmd.cwd, env=cmd.env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                with open(f) as fh:
                    out.append(int(fh.read().strip().splitlines()[-1]))
            except (OSError, ValueError, IndexError):
                return []
    return out


def compare(a: Command, b: Command, runs: int = 15, warmup: int = 2, exact_rss: bool = True,
            progress=None, runs_b: int | None = None, warmup_b: int | None = None,
            validate=None) -> PairResult:
    """Warm up both, then run A, B, A, B, ... `runs` times each.

    `runs_b`/`warmup_b` give B fewer (or more) runs than A, for a side that takes minutes: B's runs are
    then spread evenly among A's.  `validate(measured)` may inspect a warm-up's `output` and return an
    error text (the side is then reported, not timed), e.g. to prove a tool really did the work.
    """
    runs_b = runs if runs_b is None else runs_b
    warmup_b = warmup if warmup_b is None else warmup_b
    ma, mb = Measured(a), Measured(b)
    for m, n in ((ma, warmup), (mb, warmup_b)):
        for _ in range(max(1, n)):
            t0 = time.perf_counter()
            m.output, m.warmup_exit, m.error = check_output(m.command)
            m.warmup_wall_s = time.perf_counter() - t0
            if m.error:
                break
            m.output_lines = len(m.output.splitlines())
        if not m.error and validate:
            m.error = validate(m)
    order = interleave(runs, runs_b)
    done = 0
    for side in order:
        m = ma if side == "a" else mb
        if m.error:
            continue
        m.samples.append(run_once(m.command))
        done += 1
        if progress:
            progress(done, len(order))
    if exact_rss:
        for m in (ma, mb):
            if not m.error:
                m.exact_rss_kb = exact_peak_rss_kb(m.command)
    return PairResult(ma, mb)


def compare_many(commands: list[Command], runs: int = 15, warmup: int = 2, prepare=None, finish=None,
                 validate=None, progress=None) -> list[Measured]:
    """`compare` for N commands, each run between an untimed `prepare(cmd)` and `finish(cmd, exit_status)`.

    Warm-up: each command `warmup` times (at least once) with output captured and checked, `prepare`
    and `finish` around every run; `validate(measured)` may then refuse a side, as in `compare`.  Then
    `runs` rounds; in each round every command runs once, the round's order rotated by one each round
    (round r starts with command r mod N), so no command always follows the same one.  Only the command
    itself is timed (`run_once`); `prepare`/`finish` set up and undo its state, e.g. stage a change and
    reset after a commit.  Sample i of every command comes from round i when no side failed, so paired
    per-round differences can be taken.
    """
    ms_ = [Measured(c) for c in commands]
    for m in ms_:
        for _ in range(max(1, warmup)):
            if prepare:
                prepare(m.command)
            t0 = time.perf_counter()
            m.output, m.warmup_exit, m.error = check_output(m.command)
            m.warmup_wall_s = time.perf_counter() - t0
            if finish:
                finish(m.command, m.warmup_exit)
            if m.error:
                break
            m.output_lines = len(m.output.splitlines())
        if not m.error and validate:
            m.error = validate(m)
    order = rotations(len(commands), runs)
    done = 0
    for i in order:
        m = ms_[i]
        if m.error:
            continue
        if prepare:
            prepare(m.command)
        s = run_once(m.command)
        if finish:
            finish(m.command, s.exit_code)
        m.samples.append(s)
        done += 1
        if progress:
            progress(done, len(order))
    return ms_


def rotations(n: int, rounds: int) -> list[int]:
    """The run order of `compare_many`: `rounds` rounds of 0..n-1, round r rotated to start at r mod n."""
    return [(r + k) % n for r in range(rounds) for k in range(n)] if n else []


def interleave(runs_a: int, runs_b: int) -> list[str]:
    """The run order: A, B, A, B, ... with the side that has fewer runs spread evenly among the other's."""
    if runs_a == runs_b:
        return ["a", "b"] * runs_a
    many, few, m_id, f_id = (runs_a, runs_b, "a", "b") if runs_a > runs_b else (runs_b, runs_a, "b", "a")
    order: list[str] = []
    placed = 0
    for i in range(many):
        order.append(m_id)
        # after the i-th run of the busier side, the other side is due floor((i + 1) * few / many) runs
        while placed < (i + 1) * few // many:
            order.append(f_id)
            placed += 1
    return order


# ---------------------------------------------------------------- report files

# Several scripts write one results file: each owns a section between `<!-- KEY:begin -->` and
# `<!-- KEY:end -->` and regenerates it in place, keeping everything else as it was.


def section_markers(key: str) -> tuple[str, str]:
    return f"<!-- {key}:begin -->", f"<!-- {key}:end -->"


def marked_sections(text: str) -> list[str]:
    """Every `<!-- KEY:begin --> ... <!-- KEY:end -->` block in text, markers included, in order."""
    import re

    return [m.group(0) for m in re.finditer(r"<!-- ([\w-]+):begin -->.*?<!-- \1:end -->", text, re.S)]


def splice_section(text: str, key: str, body: str) -> str:
    """text with KEY's marked block replaced by body (markers kept), or body appended when absent."""
    begin, end = section_markers(key)
    block = f"{begin}\n{body.strip()}\n{end}"
    i = text.find(begin)
    j = text.find(end, i + len(begin)) if i >= 0 else -1
    if i >= 0 and j >= 0:
        return text[:i] + block + text[j + len(end):]
    return (text.rstrip() + "\n\n" if text.strip() else "") + block + "\n"


def write_section(path: str, key: str, section: str) -> None:
    """Regenerates KEY's section of the results file at path in place (appends it if absent), keeping the rest."""
    try:
        with open(path) as f:
            text = f.read()
    except FileNotFoundError:
        text = ""
    with open(path, "w") as f:
        f.write(splice_section(text, key, section))


def write_raw(prefix: str, data: object) -> str:
    """Writes data as JSON to bench/out/<prefix><UTC time>.json (the raw samples behind a report); returns the path."""
    import datetime

    out_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "out")
    os.makedirs(out_dir, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    path = os.path.join(out_dir, f"{prefix}{stamp}.json")
    with open(path, "w") as f:
        json.dump(data, f, indent=1)
    return path
