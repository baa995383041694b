"""Time ``pmsm plan`` on generated plans of 1,000 and 10,000 activities.

Run from the repository root:  python bench/bench_render.py [--runs N]

For each size it prints, best of N runs (default 3):

* load: reading and validating the plan file (YAML with positions, pydantic);
* schedule (CPM): resolving activities against the catalog and scheduling;
* schedule + view: that, plus building the plan view every format renders;
* one line per output format: rendering that view to bytes or text.

The plans are written as real ``pmsm.yaml`` files and rendered without
catalog suggestions, so the counts are exact. Each activity depends on one to
three of the 50 before it, some with a lag or a lead, and serves a catalog
process and PMBOK group in turn; holidays fall on Christmas and New Year.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

# Let the script run from a checkout without installing the package.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.errors import PmsmError
from pmsm_cli.plan.load import load_plan
from pmsm_cli.plan.resolve import schedule_plan
from pmsm_cli.plan.view import build_view
from pmsm_cli.render import RENDERERS, RenderOptions, renderer

SIZES = (1_000, 10_000)


def plan_text(n: int, seed: int = 7) -> str:
    catalog = load_catalog()
    processes = [(p.id, g.id) for p in catalog.processes for g in catalog.pmbok_groups]
    rng = random.Random(seed)
    lines = [
        "project:",
        f"  name: Generated plan of {n} activities",
        "  kind: new-service",
        "  start: 2026-01-05",
        "  calendar:",
        "    holidays: [2026-12-25, 2027-01-01, 2027-12-24, 2028-12-25, 2029-01-01]",
        "activities:",
    ]
    for i in range(n):
        process, group = processes[i % len(processes)]
        lines += [
            f"  - id: t{i}",
            f"    name: Activity {i} of the generated plan",
            f"    process: {process}",
            f"    pmbok_group: {group}",
            f"    duration: {rng.randint(0, 10)}",
        ]
        if i:
            preds = rng.sample(range(max(0, i - 50), i), min(i, rng.randint(1, 3)))
            deps = []
            for p in preds:
                lag = rng.choice((0, 0, 0, 1, -1))
                deps.append(f"t{p}" if lag == 0 else f"{{id: t{p}, lag: {lag}}}")
            lines.append(f"    depends_on: [{', '.join(deps)}]")
        if i % 7 == 0:
            lines.append(f"    owner: Team {i % 12}")
    return "\n".join(lines) + "\n"


def best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (best is shown)")
    args = parser.parse_args()
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as folder:
        for n in SIZES:
            path = Path(folder) / f"plan-{n}.pmsm.yaml"
            path.write_text(plan_text(n), encoding="utf-8")
            loaded = load_plan(path)
            load = best_of(args.runs, partial(load_plan, path))
            schedule = best_of(
                args.runs, partial(schedule_plan, loaded.plan, catalog, suggest=False)
            )
            view_time = best_of(args.runs, partial(build_view, loaded, catalog, suggest=False))
            view = build_view(loaded, catalog, suggest=False)
            print(f"{n} activities ({view.start} to {view.finish}):")
            print(f"  load plan file   {load:7.3f} s")
            print(f"  schedule (CPM)   {schedule:7.3f} s")
            print(f"  schedule + view  {view_time:7.3f} s")
            for fmt in RENDERERS:
                render = partial(renderer(fmt), view, RenderOptions())
                try:
                    size = len(render())
                except PmsmError as refused:
                    # The generated plans have leads longer than their predecessor,
                    # which TaskJuggler cannot express: the export says so, as it should.
                    print(f"  render {fmt:<9} refused: {refused.problems[0].message[:60]}...")
                    continue
                seconds = best_of(args.runs, render)
                print(f"  render {fmt:<9} {seconds:7.3f} s  ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
