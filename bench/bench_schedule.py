"""Time ``pmsm_cli.scheduling.schedule`` on generated plans.

Run from the repository root:  python bench/bench_schedule.py

Each figure is the best of 5 runs, each on a fresh calendar so the lazily
built working-day table is included in the time (as it is in a real CLI run).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date
from pathlib import Path

# Let the script run from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pmsm_cli.scheduling import Calendar, Dependency, Task, schedule

START = date(2026, 1, 5)
HOLIDAYS = frozenset({date(2026, 12, 25), date(2027, 1, 1), date(2027, 12, 24)})


def random_plan(n: int, seed: int = 7) -> list[Task]:
    """Each task after the first depends on 1-3 earlier ones, some with lags."""
    rng = random.Random(seed)
    tasks = [Task("t0", 3)]
    for i in range(1, n):
        preds = rng.sample(range(max(0, i - 50), i), min(i, rng.randint(1, 3)))
        deps = tuple(Dependency(f"t{p}", rng.choice((0, 0, 0, 1, -1))) for p in preds)
        tasks.append(Task(f"t{i}", rng.randint(0, 10), deps))
    return tasks


def chain(n: int) -> list[Task]:
    return [Task("c0", 1)] + [Task(f"c{i}", 1, (Dependency(f"c{i - 1}"),)) for i in range(1, n)]


def best_of(runs: int, tasks: list[Task]) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        schedule(tasks, START, Calendar(holidays=HOLIDAYS))
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    for label, build in (("tasks", random_plan), ("task chain", chain)):
        for n in (1_000, 10_000):
            tasks = build(n)
            print(f"schedule {n} {label}: {best_of(5, tasks):.3f} s")
            # Reversed input forces a real topological sort.
            seconds = best_of(5, tasks[::-1])
            print(f"schedule {n} {label} (reverse input order): {seconds:.3f} s")


if __name__ == "__main__":
    main()
