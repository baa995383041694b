"""Measure pmsm against its targets and print one table.

Times are ratios to ``python -c pass`` measured in the same run, so the
figures mean the same on a fast or a slow machine; stages measured inside one
process (scheduling alone) are in seconds. Each figure is the best of several
runs (the others measured noise from other programs).

Peak memory of a command is the largest total, over the run, of the
proportional set size (PSS) of the pmsm process and every worker process it
started, sampled from ``/proc`` every few milliseconds. PSS counts a memory
page shared by n processes (the worker processes share the parent's code and
catalog after ``fork``) as 1/n in each, so the total is the memory the run
really occupies; adding up each process's resident set size would count the
shared pages once per process. Where ``/proc`` is missing, the figure falls
back to the largest resident set size ``os.wait4`` reports.
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


def run_once(argv: Sequence[str], cwd: Path | None = None, *, memory: bool = False) -> Run:
    """Run a command to its end: wall time, and (with ``memory``) the tree's peak PSS."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    peak = 0.0
    if memory and Path(f"/proc/{proc.pid}/smaps_rollup").exists():
        while proc.poll() is None:
            peak = max(peak, tree_pss_mib(proc.pid))
            time.sleep(0.02)
        status, usage = proc.returncode, None
        code = status
    else:
        _pid, status, usage = os.wait4(proc.pid, 0)
        code = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - start
    if code not in (0, 1):
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


def best(argv: Sequence[str], repeat: int, cwd: Path | None = None) -> Run:
    runs = [run_once(argv, cwd) for _ in range(repeat)]
    return Run(min(r.seconds for r in runs), max(r.peak_mib for r in runs))


def best_of(repeat: int, work: Callable[[], object]) -> float:
    """Best wall time of ``repeat`` calls of ``work`` in this process."""
    fastest = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        fastest = min(fastest, time.perf_counter() - started)
    return fastest


@dataclass
class Target:
    name: str
    limit: float | None  # None: a figure shown for information, with no target
    unit: str  # "x" (a ratio), "s", "MiB", "" (a count)
    measure: Callable[[], float]
    at_least: bool = False  # the figure must reach the limit, not stay under it


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

    print(
        f"python -c pass: {baseline * 1000:.1f} ms (best of {repeat * 2}); "
        f"{os.cpu_count()} cores; Python {sys.version.split()[0]}",
        flush=True,
    )
    print(f"{'target':<58} {'limit':>11} {'figure':>11}  result")
    print("-" * 89)
    print("(x: times python -c pass, unless the name gives another ratio)")
    failed = 0
    for target in targets:
        figure = target.measure()
        unit = "x" if target.unit == "x" else f" {target.unit}"
        shown = f"{figure:.0f}" if not target.unit else f"{figure:.2f}{unit}"
        if target.limit is None:
            print(f"{target.name:<58} {'-':>11} {shown:>11}  info", flush=True)
            continue
        ok = figure >= target.limit if target.at_least else figure <= target.limit
        failed += not ok
        limit = f"{'>=' if target.at_least else '<='} {target.limit:g}{unit}"
        print(
            f"{target.name:<58} {limit:>11} {shown:>11}  {'pass' if ok else 'FAIL'}",
            flush=True,
        )
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def extra_targets(pmsm: str, work: Path, baseline: float, repeat: int) -> list[Target]:
    """Targets of commands that need input files; each command adds its own here."""
    sys.path.insert(0, str(HERE))  # the generators of the other bench scripts
    sys.path.insert(0, str(HERE.parent / "src"))  # and pmsm from this checkout
    import bench_check
    import bench_render
    import bench_tj3

    from pmsm_cli.__main__ import tune_gc

    tune_gc()  # the stages measured in this process run as they do in the pmsm command

    # Inputs: one 105-activity plan, 1,000 plans like it, one 10,000-activity plan.
    one = work / "one" / "project.pmsm.yaml"
    one.parent.mkdir()
    shutil.copy(bench_check.BASE, one)
    many = work / "many"
    bench_check.generate(many, 1000)
    big = work / "big" / "big.pmsm.yaml"
    big.parent.mkdir()
    big.write_text(bench_render.plan_text(10_000), encoding="utf-8")
    # The first run fills the caches (catalog, check results), as any first run does.
    run_once([pmsm, "check", str(one)], work)
    few = max(3, repeat // 3)  # the long runs are repeated less

    def check_one() -> float:
        # The plan has not changed since the last check: the answer comes from the cache.
        return best([pmsm, "check", str(one)], repeat, work).seconds / baseline

    def check_one_afresh() -> float:
        return best([pmsm, "check", "--no-cache", str(one)], repeat, work).seconds / baseline

    def check_many_ratio() -> float:
        # Serial and parallel runs alternate, so a burst of other work on the
        # machine does not fall on one side only.
        serial, parallel = [], []
        for _ in range(few):
            # --no-cache: both runs check every plan, rather than the second reading the
            # results the first left in the cache.
            serial.append(
                run_once([pmsm, "check", "--no-cache", str(many), "--jobs", "1"], work).seconds
            )
            parallel.append(run_once([pmsm, "check", "--no-cache", str(many)], work).seconds)
        return min(parallel) / min(serial)

    # Memory is sampled in runs of their own: reading /proc takes CPU time
    # the timed runs should not lose.
    def check_many_memory() -> float:
        return max(
            run_once([pmsm, "check", "--no-cache", str(many)], work, memory=True).peak_mib
            for _ in "ab"
        )

    def check_big() -> float:
        # The stages the target names, in one process: read the file, validate
        # it, run every rule (the catalog is loaded first, as for any plan).
        from pmsm_cli.lint.api import Request, jobs_for
        from pmsm_cli.lint.runner import run

        jobs = jobs_for(Request(paths=[big]))
        return best_of(few, lambda: run(jobs, workers=1))

    outputs = (work / f"plan{number}.xlsx" for number in range(1000))

    def plan_xlsx(memory: bool = False) -> Run:
        # A new file each time: pmsm plan does not overwrite without being told.
        return run_once([pmsm, "plan", str(big), "-o", str(next(outputs))], work, memory=memory)

    def plan_xlsx_ratio() -> float:
        return min(plan_xlsx().seconds for _ in range(few)) / baseline

    def plan_xlsx_memory() -> float:
        return max(plan_xlsx(memory=True).peak_mib for _ in "ab")

    def schedule_big() -> float:
        from pmsm_cli.catalogs.load import load_catalog
        from pmsm_cli.plan.load import load_plan
        from pmsm_cli.plan.resolve import schedule_plan

        catalog, plan = load_catalog(), load_plan(big).plan
        return best_of(repeat, lambda: schedule_plan(plan, catalog, suggest=False))

    tj3: dict[str, float] = {}

    def tj3_ratio() -> float:
        from pmsm_cli.catalogs.load import load_catalog
        from pmsm_cli.export import tjp
        from pmsm_cli.export.tj3run import run, tj3_dates
        from pmsm_cli.plan.resolve import schedule_plan

        if shutil.which("tj3") is None:
            print("  (tj3 is not installed: apt-get install tj3)")
            return float("nan")
        catalog = load_catalog()
        plan = bench_tj3.generated_plan(bench_tj3.TASKS)
        scheduled = schedule_plan(plan, catalog, suggest=False)
        ours = best_of(repeat, lambda: schedule_plan(plan, catalog, suggest=False))
        text = tjp.render(scheduled, plan, catalog)
        project = work / "tj3" / "bench.tjp"
        project.parent.mkdir()
        project.write_text(text, encoding="utf-8")
        theirs = best_of(3, lambda: run(project))
        dates = tj3_dates(text, project.parent)
        tj3["differ"] = len(bench_tj3.disagreements(scheduled, plan, dates, catalog))
        return theirs / ours

    def tj3_dates_differ() -> float:
        return tj3.get("differ", float("nan"))  # nan: not measured, a fail

    return [
        Target("pmsm check, one plan of 105 activities (unchanged)", 15.0, "x", check_one),
        Target("pmsm check, one plan of 105 activities, --no-cache", None, "x", check_one_afresh),
        Target("pmsm check, 1,000 plans: parallel / serial wall time", 0.5, "x", check_many_ratio),
        Target(
            "pmsm check, 1,000 plans: peak memory (all processes)", 100.0, "MiB", check_many_memory
        ),
        Target("one plan of 10,000 activities: load + validate + check", 0.6, "s", check_big),
        Target("pmsm plan -o plan.xlsx, 10,000 activities", 150.0, "x", plan_xlsx_ratio),
        Target(
            "pmsm plan -o plan.xlsx, 10,000 activities: peak memory", 150.0, "MiB", plan_xlsx_memory
        ),
        Target("scheduling 10,000 activities (resolve + CPM)", 0.1, "s", schedule_big),
        Target("scheduling 1,000 tasks: tj3 --no-reports / pmsm", 20.0, "x", tj3_ratio, True),
        Target("  tasks whose dates differ from tj3's", 0.0, "", tj3_dates_differ),
    ]


if __name__ == "__main__":
    sys.exit(main())
