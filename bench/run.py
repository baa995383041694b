"""Measure pmsm against its targets and print one table.

Times are ratios to ``python -c pass`` measured in the same run, so the
figures mean the same on a fast or a slow machine. Each command runs several
times and the best run counts (the others measured noise). Peak memory is
the child's maximum resident set size, read with ``os.wait4``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass
class Run:
    seconds: float
    peak_mib: float


def run_once(argv: Sequence[str], cwd: Path | None = None) -> Run:
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} exited with {code}")
    return Run(elapsed, usage.ru_maxrss / 1024)


def best(argv: Sequence[str], repeat: int, cwd: Path | None = None) -> Run:
    runs = [run_once(argv, cwd) for _ in range(repeat)]
    return Run(min(r.seconds for r in runs), max(r.peak_mib for r in runs))


@dataclass
class Target:
    name: str
    limit: float
    unit: str  # "x" (ratio to python -c pass), "s", "MiB"
    measure: Callable[[], float]


def pmsm_executable() -> str:
    found = Path(sys.executable).with_name("pmsm")
    if found.exists():
        return str(found)
    which = shutil.which("pmsm")
    if which is None:
        raise SystemExit("pmsm is not installed in this Python's environment")
    return which


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 10
    pmsm = pmsm_executable()
    work = Path(tempfile.mkdtemp(prefix="pmsm-bench-"))
    baseline = best([sys.executable, "-c", "pass"], repeat * 2).seconds

    def ratio(*args: str) -> Callable[[], float]:
        return lambda: best([pmsm, *args], repeat, work).seconds / baseline

    targets = [
        Target("pmsm --version", 1.5, "x", ratio("--version")),
        Target("pmsm --help", 7.0, "x", ratio("--help")),
    ]
    targets.extend(extra_targets(pmsm, work, baseline, repeat))

    print(f"python -c pass: {baseline * 1000:.1f} ms (best of {repeat * 2})")
    print(f"{'target':<58} {'limit':>9} {'figure':>9}  result")
    failed = 0
    for target in targets:
        figure = target.measure()
        ok = figure <= target.limit
        failed += not ok
        print(
            f"{target.name:<58} {target.limit:>8g}{target.unit:<1} {figure:>8.2f}{target.unit:<1}"
            f"  {'pass' if ok else 'FAIL'}"
        )
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def extra_targets(pmsm: str, work: Path, baseline: float, repeat: int) -> list[Target]:
    """Targets of commands that need input files; each command adds its own here."""
    return []


if __name__ == "__main__":
    sys.exit(main())
