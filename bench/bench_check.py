"""Time ``pmsm check`` on one plan and on 1,000 generated plans, serial and parallel.

Run from the repository root, with pmsm installed (``pip install -e .``):

    python bench/bench_check.py [--plans 1000] [--runs 3]

Every figure is the best of ``--runs`` runs of the real command in a fresh
process (start-up, imports and catalog loading included), the way CI runs it.
The plans are generated from the complete test plan (105 activities): each
one drops a few activities and owners at random, so the check has findings
to report, as it would in a real portfolio, and books a staging environment
of its own.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE = Path(__file__).resolve().parents[1] / "tests" / "lint" / "base.pmsm.yaml"


def generate(folder: Path, count: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    lines = BASE.read_text(encoding="utf-8").splitlines(keepends=True)
    # One-line items only: dropping the first line of an item written over two would
    # leave the second behind, and the plan unreadable.
    droppable = [
        i
        for i, line in enumerate(lines)
        if line.startswith("  - {id: ") and line.rstrip().endswith("}")
    ]
    for number in range(count):
        dropped = set(rng.sample(droppable, rng.randint(0, 4)))
        text = "".join(line for i, line in enumerate(lines) if i not in dropped)
        text = text.replace("Payroll self-service portal", f"Portal {number}", 1)
        # Each project its own staging environment: a thousand plans booking one staging
        # on the same dates would make ENV001 report every pair of them (half a million
        # findings per thousand plans), which no real portfolio looks like.
        text = text.replace("environment: staging,", f"environment: staging-{number},")
        sub = folder / f"team{number % 20:02}" / f"project{number:04}.pmsm.yaml"
        sub.parent.mkdir(parents=True, exist_ok=True)
        sub.write_text(text, encoding="utf-8")


def best(runs: int, *args: str) -> float:
    pmsm = shutil.which("pmsm") or sys.exit("pmsm is not installed: pip install -e .")
    best_time = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run([pmsm, "check", *args], capture_output=True, check=False)
        best_time = min(best_time, time.perf_counter() - started)
        if done.returncode not in (0, 1):
            sys.exit(done.stderr.decode())
    return best_time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        generate(folder, options.plans)
        one = best(options.runs, str(BASE), "--isolated")
        print(f"check 1 plan (105 activities):            {one:6.2f} s")
        serial = best(options.runs, str(folder), "--isolated", "--jobs", "1", "--format", "json")
        print(f"check {options.plans} plans, 1 process:           {serial:6.2f} s")
        parallel = best(options.runs, str(folder), "--isolated", "--format", "json")
        print(
            f"check {options.plans} plans, {cores} processes:          {parallel:6.2f} s"
            f"  ({serial / parallel:.1f}x)"
        )


if __name__ == "__main__":
    main()
