"""pmsm against TaskJuggler on the same generated 1,000-task plan.

Run from the repository root (needs tj3: apt-get install tj3):

    python bench/bench_tj3.py

Prints the wall time of pmsm (scheduling, and writing the .tjp) and of
``tj3 --no-reports`` on the written file, then whether tj3's dates agree with
pmsm's for every task. pmsm's figure is the best of 5 runs, tj3's the best of
3 (tj3 is a separate Ruby process, so its time includes starting Ruby).
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

# Let the script run from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.export import tjp
from pmsm_cli.export.outline import finish_day, start_day, work_breakdown
from pmsm_cli.export.tj3run import run, tj3_dates
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.resolve import PlanSchedule, schedule_plan, work_calendar

TASKS = 1_000
HOLIDAYS = ["2026-12-25", "2027-01-01", "2027-12-24", "2028-01-03"]
PROCESSES = ["change-management", "service-level-management", "release-deployment-management"]


def generated_plan(n: int, seed: int = 7) -> Plan:
    """The plan of :func:`plan_data`, validated."""
    return Plan.model_validate(plan_data(n, seed))


def plan_data(n: int, seed: int = 7) -> dict[str, object]:
    """A plan of ``n`` activities as the data of a plan file (dates as ISO text).

    Each activity after the first depends on 1-3 of the 50 before it, some
    with a lag of a day or a lead of a day (a lead only on predecessors of at
    least a day, the longest lead TaskJuggler can express); some are
    milestones, a few have a fixed start."""
    rng = random.Random(seed)
    durations = [rng.randint(0, 10) for _ in range(n)]
    activities: list[dict[str, object]] = []
    for i in range(n):
        activity: dict[str, object] = {
            "id": f"t{i}",
            "name": f"Activity {i}",
            "duration": durations[i],
            "process": PROCESSES[i % len(PROCESSES)],
            "pmbok_group": "executing",
        }
        if i:
            preds = rng.sample(range(max(0, i - 50), i), min(i, rng.randint(1, 3)))
            deps = []
            for p in preds:
                lag = rng.choice((0, 0, 0, 1, -1))
                deps.append({"id": f"t{p}", "lag": 0 if lag < 0 and durations[p] < 1 else lag})
            activity["depends_on"] = deps
        if i % 97 == 0:
            activity["start"] = f"2026-{1 + i % 12:02d}-15"
        activities.append(activity)
    return {
        "project": {
            "name": "Benchmark",
            "kind": "improvement",
            "start": "2026-01-05",
            "calendar": {"holidays": HOLIDAYS},
        },
        "activities": activities,
    }


def best_of(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t0)
    return best


def disagreements(scheduled: PlanSchedule, plan: Plan, dates, catalog) -> list[str]:  # type: ignore[no-untyped-def]
    ids = tjp.task_ids(work_breakdown(scheduled, catalog))
    calendar = work_calendar(plan)
    wrong = []
    for pmsm_id, task in scheduled.schedule.tasks.items():
        start, end = dates[ids[pmsm_id]]
        first = start_day(start, calendar)
        last = first if task.duration == 0 else finish_day(end, calendar)
        if (first, last) != (task.early_start, task.early_finish):
            wrong.append(
                f"{pmsm_id}: pmsm {task.early_start}..{task.early_finish}, tj3 {first}..{last}"
            )
    return wrong


def main() -> None:
    if shutil.which("tj3") is None:
        sys.exit("tj3 is not installed (apt-get install tj3)")
    catalog = load_catalog([])
    plan = generated_plan(TASKS)
    scheduled = schedule_plan(plan, catalog, suggest=False)
    text = tjp.render(scheduled, plan, catalog)
    print(
        f"{TASKS} tasks, {sum(len(a.depends_on) for a in scheduled.activities)} dependencies, "
        f"{scheduled.schedule.start} to {scheduled.schedule.finish}"
    )

    pmsm_schedule = best_of(5, lambda: schedule_plan(plan, catalog, suggest=False))
    pmsm_export = best_of(5, lambda: tjp.render(scheduled, plan, catalog))
    # The plan is already in memory: these are resolving + CPM, and writing the file.
    print(f"pmsm schedule:            {pmsm_schedule:.3f} s")
    print(f"pmsm schedule + tjp file: {pmsm_schedule + pmsm_export:.3f} s")

    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "bench.tjp"
        project.write_text(text, encoding="utf-8")
        tj3_seconds = best_of(3, lambda: run(project))
        print(f"tj3 --no-reports:         {tj3_seconds:.3f} s")
        print(f"tj3 / pmsm:               {tj3_seconds / pmsm_schedule:.0f}x")
        dates = tj3_dates(text, Path(folder))
    wrong = disagreements(scheduled, plan, dates, catalog)
    if wrong:
        print(f"dates agree: NO, {len(wrong)} of {TASKS} tasks differ, e.g.")
        for line in wrong[:5]:
            print("  " + line)
        sys.exit(1)
    print(f"dates agree: yes, start and finish of all {TASKS} tasks")


if __name__ == "__main__":
    main()
