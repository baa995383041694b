"""A check afresh with two versions of pmsm, side by side: did a change make it faster?

Usage: python bench/compare.py BEFORE/src AFTER/src [--repeat N]

Each argument is a ``src`` folder (a checkout or a ``git worktree`` of the commit
to compare). On a shared machine a figure of bench/run moves by a tenth from one
run to the next, more than most changes save; here the two versions run in
turns, each right after a ``python -c pass``, on the same plan edited before
every run, so that a slow moment of the machine falls on both. Printed: each
version's median wall time and ratio to ``python -c pass``, and the median of
the run-by-run ratio after/before.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from measure import BASELINE, Figure, pmsm_executable, run_once

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "hr-self-service-portal" / "pmsm.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the src folder of the version before")
    parser.add_argument("after", type=Path, help="the src folder of the version after")
    parser.add_argument("--repeat", type=int, default=30, help="runs of each (default 30)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pmsm-compare-"))
    plan = work / "pmsm.yaml"
    shutil.copy(EXAMPLE, plan)
    pmsm = pmsm_executable()
    versions = {"before": args.before.resolve(), "after": args.after.resolve()}
    environments = {}
    for name, source in versions.items():
        if not (source / "pmsm_cli").is_dir():
            raise SystemExit(f"{source} holds no pmsm_cli package: give the src folder")
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(source)], check=True)
        environments[name] = {
            **os.environ,
            "PYTHONPATH": str(source),
            "XDG_CACHE_HOME": str(work / f"cache-{name}"),
        }
    argv = [pmsm, "check", str(plan)]
    times: dict[str, list[float]] = {name: [] for name in versions}
    ratios: dict[str, list[float]] = {name: [] for name in versions}
    for round_number in range(args.repeat + 2):
        for name, environment in environments.items():
            with plan.open("a", encoding="utf-8") as stream:
                stream.write(f"# edit {round_number} {name}\n")  # a change: not in the cache
            base = run_once(BASELINE, env=environment).seconds
            seconds = run_once(argv, env=environment).seconds
            if round_number >= 2:  # the first two fill the caches, as any earlier run would
                times[name].append(seconds)
                ratios[name].append(seconds / base)
    for name in versions:
        wall, ratio = Figure.of(times[name]), Figure.of(ratios[name])
        print(
            f"{name:<7} {wall.value * 1000:6.1f} ms  {ratio.value:5.2f}x python -c pass "
            f"({ratio.low:.2f}x-{ratio.high:.2f}x)"
        )
    paired = Figure.of([a / b for a, b in zip(times["after"], times["before"], strict=True)])
    print(f"after / before, run by run: {paired.value:.3f} ({paired.low:.3f}-{paired.high:.3f})")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
