"""How bench/run measures: whole processes, medians, spreads, peak memory.

Every timed figure is the median of several whole processes (start-up and
exit included), each run right after a ``python -c pass`` so that the two
alternate: a ratio is the median of the run-by-run ratios, so a burst of
other work on the machine falls on both sides. The spread after each figure
is the lowest and highest of those runs. Stages measured inside one process
(scheduling alone) are in seconds and are the median of their repetitions.

Before measuring, bench/run compiles pmsm's modules to bytecode
(``python -m compileall`` on the package pmsm runs from). Python writes
bytecode itself on the first import, unless PYTHONDONTWRITEBYTECODE is set
(it is on the machine these figures were first taken on): then every run
would compile pmsm's modules afresh, 16% of a check, which no installed pmsm
pays (pip compiles on install).

Peak memory of a command is the largest total, over the run, of the
proportional set size (PSS) of the pmsm process and every worker process it
started, sampled from ``/proc`` every few milliseconds. PSS counts a memory
page shared by n processes (the worker processes share the parent's code and
catalog after ``fork``) as 1/n in each, so the total is the memory the run
really occupies. Where ``/proc`` is missing, the figure falls back to the
largest resident set size ``os.wait4`` reports.

The machine's load average (``os.getloadavg``) is printed with the table and
with the rows that use every core: on a busy machine the figures are slower
and noisier, and parallel runs suffer most.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mib: float


@dataclass
class Figure:
    """A median with the lowest and highest of the runs it comes from."""

    value: float
    low: float
    high: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Figure:
        return cls(statistics.median(values), min(values), max(values))


def run_once(
    argv: Sequence[str],
    cwd: Path | None = None,
    *,
    memory: bool = False,
    codes: tuple[int, ...] = (0, 1),
    env: Mapping[str, str] | None = None,
) -> Run:
    """Run a command to its end: wall time, and (with ``memory``) the tree's peak PSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=env
    )
    peak = 0.0
    if memory and Path(f"/proc/{proc.pid}/smaps_rollup").exists():
        while proc.poll() is None:
            peak = max(peak, tree_pss_mib(proc.pid))
            time.sleep(0.01)
        code, usage = proc.returncode, None
    else:
        _pid, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if code not in codes:
        raise SystemExit(f"{' '.join(argv)} exited with {code}")
    if usage is not None:
        peak = usage.ru_maxrss / 1024
    return Run(elapsed, peak)


def tree_pss_mib(pid: int) -> float:
    """Total PSS of a process and all its descendants, in MiB (0 for one that has gone)."""
    total_kib = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total_kib += int(line.split()[1])
                    break
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue  # the process ended while we looked
    return total_kib / 1024


BASELINE = [sys.executable, "-c", "pass"]


def ratios(
    argv: Sequence[str],
    repeat: int,
    cwd: Path | None = None,
    before: Callable[[], object] | None = None,
    against: Sequence[str] = BASELINE,
) -> Figure:
    """``argv``'s wall time over ``against``'s, each run right after the other."""
    found = []
    for _ in range(repeat):
        if before is not None:
            before()  # not timed
        base = run_once(against, cwd).seconds
        found.append(run_once(argv, cwd).seconds / base)
    return Figure.of(found)


def seconds(argv: Sequence[str], repeat: int, cwd: Path | None = None) -> Figure:
    return Figure.of([run_once(argv, cwd).seconds for _ in range(repeat)])


def in_process(repeat: int, work: Callable[[], object]) -> Figure:
    """Wall times of ``repeat`` calls of ``work`` in this process."""
    found = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        found.append(time.perf_counter() - started)
    return Figure.of(found)


@dataclass
class Target:
    name: str
    limit: float | None  # None: a figure shown for information, with no target
    unit: str  # "x" (a ratio), "s", "MiB", "" (a count)
    measure: Callable[[], Figure | float]
    at_least: bool = False  # the figure must reach the limit, not stay under it
    note: Callable[[], str] | None = None  # a line printed under the row


def pmsm_executable() -> str:
    found = Path(sys.executable).with_name("pmsm")
    if found.exists():
        return str(found)
    which = shutil.which("pmsm")
    if which is None:
        raise SystemExit("pmsm is not installed in this Python's environment")
    return which


def compile_bytecode() -> str:
    """Compile the modules of the pmsm that runs (as ``pip install`` does); say where."""
    where = subprocess.run(
        [sys.executable, "-c", "import pmsm_cli, os; print(os.path.dirname(pmsm_cli.__file__))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([sys.executable, "-m", "compileall", "-q", where], check=True)
    return where


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f}"
