"""Measure pmsm against its targets and print one table.

    bench/run [--quick] [--only WORDS]

How each figure is taken (medians of alternating whole processes, the
spread, bytecode compiled first, peak memory as PSS, the load average) is
said in bench/measure.py. The rows are grouped by what they need: start-up
(one plan), generated inputs (1,000 plans, one plan of 10,000 activities),
a plan over the activity limit, the other schedulers (tj3, MPXJ), and plans
kept in other tools.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from measure import (
    BASELINE,
    Figure,
    Run,
    Target,
    compile_bytecode,
    in_process,
    load,
    pmsm_executable,
    ratios,
    run_once,
    seconds,
)

HERE = Path(__file__).resolve().parent
# The example plan the start-up figures are taken on (1,343 lines, 105 activities).
EXAMPLE = HERE.parent / "examples" / "hr-self-service-portal" / "pmsm.yaml"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument(
        "--only", nargs="*", default=[], help="rows whose name contains one of these words"
    )
    args = parser.parse_args(argv)
    repeat = 5 if args.quick else 15
    pmsm = pmsm_executable()
    where = compile_bytecode()
    work = Path(tempfile.mkdtemp(prefix="pmsm-bench-"))
    # A cache of its own: the figures do not depend on what earlier runs left.
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    os.environ.pop("PMSM_NO_CACHE", None)
    base = Figure.of([run_once(BASELINE).seconds for _ in range(repeat)])
    print(
        f"pmsm {where} (bytecode compiled); python -c pass: {base.value * 1000:.1f} ms "
        f"(median of {repeat}); {os.cpu_count()} cores; Python {sys.version.split()[0]}; "
        f"{load()}",
        flush=True,
    )
    print(f"{'target':<60} {'limit':>9} {'median':>9}  {'spread':<15} result")
    print("-" * 102)
    print("(x: times python -c pass, unless the name gives another ratio)")
    failed = 0
    for target in [*start_up(pmsm, work, repeat), *extra_targets(pmsm, work, repeat)]:
        if args.only and not any(word in target.name for word in args.only):
            continue
        measured = target.measure()
        figure = measured if isinstance(measured, Figure) else Figure(measured, measured, measured)
        unit = "x" if target.unit == "x" else f" {target.unit}" if target.unit else ""

        def shown(value: float, unit: str = unit) -> str:
            return f"{value:.2f}{unit}" if unit else f"{value:.0f}"

        low, high = shown(figure.low), shown(figure.high)
        spread = "" if figure.low == figure.high else f"{low}-{high}"
        if target.limit is None:
            result = "info"
            limit = "-"
        else:
            ok = figure.value >= target.limit if target.at_least else figure.value <= target.limit
            failed += not ok
            result = "pass" if ok else "FAIL"
            limit = f"{'>=' if target.at_least else '<='} {target.limit:g}{unit}"
        print(
            f"{target.name:<60} {limit:>9} {shown(figure.value):>9}  {spread:<15} {result}",
            flush=True,
        )
        if target.note is not None:
            print(f"  ({target.note()})", flush=True)
    print(f"({load()} at the end)")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


def start_up(pmsm: str, work: Path, repeat: int) -> list[Target]:
    """A single check and help: what a commit hook or a CI step pays for each run."""
    plan = work / "one" / "pmsm.yaml"
    plan.parent.mkdir(parents=True)
    shutil.copy(EXAMPLE, plan)
    edits = iter(range(10**6))

    def edit() -> None:
        # A new comment each time: the plan has changed, so the cache has no result for it.
        with plan.open("a", encoding="utf-8") as stream:
            stream.write(f"# edit {next(edits)}\n")

    def ratio(*args: str, before: Callable[[], object] | None = None) -> Callable[[], Figure]:
        return lambda: ratios([pmsm, *args], repeat, work, before)

    run_once([pmsm, "check", str(plan)], work)  # fills the caches, as any first run does
    return [
        Target("pmsm --version", 1.5, "x", ratio("--version")),
        # Issue 18: help no slower than when it was filed (6.1x).
        Target("pmsm --help", 6.1, "x", ratio("--help")),
        Target("pmsm check --help", 6.1, "x", ratio("check", "--help")),
        Target("pmsm check PLAN: unchanged, from the cache", 6.0, "x", ratio("check", str(plan))),
        Target(
            "pmsm check PLAN: afresh, the plan edited since the last run",
            14.0,
            "x",
            ratio("check", str(plan), before=edit),
        ),
        Target(
            "pmsm check --no-cache PLAN: nothing reused, typer parses",
            None,
            "x",
            ratio("check", "--no-cache", str(plan)),
        ),
        # What no pmsm built on these libraries can go below (see FLOOR).
        Target(
            "  floor: python, PyYAML, pydantic and one model, the plan's YAML events",
            None,
            "x",
            lambda: ratios(floor(PYDANTIC, plan), repeat, work),
        ),
        Target(
            "  floor: the same with typer imported too",
            None,
            "x",
            lambda: ratios(floor(TYPER_PYDANTIC, plan), repeat, work),
        ),
    ]


# A process that does only what any pmsm must: start Python, import the libraries the
# design chose, and read the plan's YAML events with libyaml (the collector paused, as
# pmsm does while it reads); nothing is built from the events.
FLOOR = """
import gc, sys, yaml
{libraries}
from yaml._yaml import CParser
gc.disable()
with open(sys.argv[1], encoding="utf-8") as stream:
    for _ in iter(CParser(stream.read()).get_event, None):
        pass
"""


# `import pydantic` alone imports little: its models come with BaseModel, and its field
# types (pydantic.types, annotated_types: some 13 ms) with the first model defined. One
# model is defined, its validator deferred as pmsm's are (models/base.py).
PYDANTIC = """from pydantic import BaseModel, ConfigDict
class Floor(BaseModel):
    model_config = ConfigDict(defer_build=True)
    name: str"""
TYPER_PYDANTIC = f"import typer\n{PYDANTIC}"


def floor(libraries: str, plan: Path) -> list[str]:
    return [sys.executable, "-c", FLOOR.format(libraries=libraries), str(plan)]


def extra_targets(pmsm: str, work: Path, repeat: int) -> list[Target]:
    """Targets of commands that need input files; each command adds its own here."""
    sys.path.insert(0, str(HERE))  # the generators of the other bench scripts
    sys.path.insert(0, str(HERE.parent / "src"))  # and pmsm from this checkout
    import bench_check
    import bench_render

    from pmsm_cli.__main__ import tune_gc

    tune_gc()  # the stages measured in this process run as they do in the pmsm command

    # Inputs: 1,000 plans like the 105-activity test plan, one 10,000-activity plan.
    many = work / "many"
    bench_check.generate(many, 1000)
    big = work / "big" / "big.pmsm.yaml"
    big.parent.mkdir()
    big.write_text(bench_render.plan_text(10_000), encoding="utf-8")
    few = max(3, repeat // 3)  # the long runs are repeated less
    ratio_of_many: list[str] = []

    def check_many_ratio() -> Figure:
        # Serial and parallel runs alternate, so a burst of other work on the
        # machine does not fall on one side only. --no-cache: both runs check
        # every plan, rather than the second reading what the first left.
        found = []
        for _ in range(few):
            command = [pmsm, "check", "--no-cache", str(many)]
            serial = run_once([*command, "--jobs", "1"], work).seconds
            found.append(run_once(command, work).seconds / serial)
        ratio_of_many.append(load())
        return Figure.of(found)

    # Memory is sampled in runs of their own: reading /proc takes CPU time
    # the timed runs should not lose.
    def check_many_memory() -> float:
        return max(
            run_once([pmsm, "check", "--no-cache", str(many)], work, memory=True).peak_mib
            for _ in "ab"
        )

    def check_big() -> Figure:
        # The stages the target names, in one process: read the file, validate
        # it, run every rule (the catalog is loaded first, as for any plan).
        from pmsm_cli.lint.api import Request, jobs_for
        from pmsm_cli.lint.runner import run

        jobs = jobs_for(Request(paths=[big]))
        return in_process(few, lambda: run(jobs, workers=1))

    outputs = (work / f"plan{number}.xlsx" for number in range(1000))

    def plan_xlsx(memory: bool = False) -> Run:
        # A new file each time: pmsm plan does not overwrite without being told.
        return run_once([pmsm, "plan", str(big), "-o", str(next(outputs))], work, memory=memory)

    def plan_xlsx_ratio() -> Figure:
        return Figure.of([plan_xlsx().seconds / run_once(BASELINE).seconds for _ in range(few)])

    def plan_xlsx_memory() -> float:
        return max(plan_xlsx(memory=True).peak_mib for _ in "ab")

    def schedule_big() -> Figure:
        from pmsm_cli.catalogs.load import load_catalog
        from pmsm_cli.plan.load import load_plan
        from pmsm_cli.plan.resolve import schedule_plan

        catalog, plan = load_catalog(), load_plan(big).plan
        return in_process(repeat, lambda: schedule_plan(plan, catalog, suggest=False))

    return [
        Target(
            "pmsm check, 1,000 plans: parallel / serial wall time",
            0.6,
            "x",
            check_many_ratio,
            note=lambda: f"{os.cpu_count()} cores; measured at {ratio_of_many[-1]}",
        ),
        Target(
            "pmsm check, 1,000 plans: peak memory (all processes)", 100.0, "MiB", check_many_memory
        ),
        Target("one plan of 10,000 activities: load + validate + check", 0.6, "s", check_big),
        Target("pmsm plan -o plan.xlsx, 10,000 activities", 150.0, "x", plan_xlsx_ratio),
        Target(
            "pmsm plan -o plan.xlsx, 10,000 activities: peak memory", 150.0, "MiB", plan_xlsx_memory
        ),
        Target("scheduling 10,000 activities (resolve + CPM), in-process", 0.1, "s", schedule_big),
        *over_the_limit(pmsm, work),
        *against_schedulers(pmsm, work, few),
        *foreign_plans(pmsm, work, few),
    ]


def over_the_limit(pmsm: str, work: Path) -> list[Target]:
    """A plan of 100,000 activities, twice the limit: refused, and what the refusal costs."""
    import bench_render

    from pmsm_cli.plan.load import MAX_ACTIVITIES

    huge = work / "huge" / "huge.pmsm.yaml"
    refusal: list[Run] = []

    def refuse() -> Run:
        if not refusal:
            huge.parent.mkdir()
            huge.write_text(bench_render.plan_text(2 * MAX_ACTIVITIES), encoding="utf-8")
            command = [pmsm, "check", "--no-cache", str(huge)]
            refusal.append(run_once(command, work, memory=True, codes=(2,)))
        return refusal[0]

    return [
        Target(
            f"pmsm check, {2 * MAX_ACTIVITIES:,} activities (refused): wall time",
            None,
            "s",
            lambda: refuse().seconds,
        ),
        Target(
            f"pmsm check, {2 * MAX_ACTIVITIES:,} activities (refused): peak memory",
            None,
            "MiB",
            lambda: refuse().peak_mib,
        ),
    ]


def against_schedulers(pmsm: str, work: Path, few: int) -> list[Target]:
    """``pmsm plan -f json`` against TaskJuggler and MPXJ's scheduler, whole process each.

    The same generated plan (bench_tj3.plan_data) goes to each: pmsm reads the
    plan file; tj3 the .tjp and MPXJ the MS Project XML that ``pmsm plan``
    exports from it. tj3's dates are compared with pmsm's for every task.
    """
    import bench_tj3
    import yaml

    runs: dict[int, Path] = {}

    def files(tasks: int) -> Path:
        """The plan file, and beside it its .tjp and MS Project XML exports (--no-suggest)."""
        folder = work / f"sched{tasks}"
        if tasks not in runs:
            from pmsm_cli.catalogs.load import load_catalog
            from pmsm_cli.export import mspdi, tjp
            from pmsm_cli.plan.load import load_plan
            from pmsm_cli.plan.resolve import schedule_plan

            folder.mkdir()
            plan_file = folder / "plan.pmsm.yaml"
            data = bench_tj3.plan_data(tasks)
            plan_file.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
            plan, catalog = load_plan(plan_file).plan, load_catalog()
            scheduled = schedule_plan(plan, catalog, suggest=False)
            (folder / "plan.tjp").write_text(tjp.render(scheduled, plan, catalog), "utf-8")
            (folder / "plan.xml").write_bytes(mspdi.export(scheduled, plan, catalog))
            runs[tasks] = plan_file
        return runs[tasks]

    def ours(tasks: int) -> list[str]:
        return [pmsm, "plan", str(files(tasks)), "--no-suggest", "-f", "json"]

    def against(tasks: int, to_floor: bool) -> list[str]:
        # The floor: the most any pmsm that imports typer, pydantic and PyYAML and reads
        # the plan with libyaml could show against the other scheduler.
        return floor(TYPER_PYDANTIC, files(tasks)) if to_floor else ours(tasks)

    def forget_words() -> None:
        # What typer made of the command line (cli/remembered.py): without it, typer parses.
        shutil.rmtree(work / "cache" / "pmsm" / "commands", ignore_errors=True)

    def tj3(tasks: int, to_floor: bool = False, parsed: bool = False) -> Callable[[], Figure]:
        def measure() -> Figure:
            if shutil.which("tj3") is None:
                if not to_floor:
                    print("  (tj3 is not installed: apt-get install tj3)")
                return Figure(float("nan"), float("nan"), float("nan"))
            theirs = ["tj3", "--no-color", "--silent", "--no-reports"]
            project = str(files(tasks).with_name("plan.tjp"))
            return ratios(
                [*theirs, project],
                few,
                before=forget_words if parsed else None,
                against=against(tasks, to_floor),
                cwd=work,
            )

        return measure

    def differ(tasks: int) -> Callable[[], float]:
        def measure() -> float:
            if shutil.which("tj3") is None:
                return float("nan")  # not measured: a fail
            from pmsm_cli.catalogs.load import load_catalog
            from pmsm_cli.export.tj3run import tj3_dates
            from pmsm_cli.plan.load import load_plan
            from pmsm_cli.plan.resolve import schedule_plan

            plan = load_plan(files(tasks)).plan
            catalog = load_catalog()
            scheduled = schedule_plan(plan, catalog, suggest=False)
            text = files(tasks).with_name("plan.tjp").read_text(encoding="utf-8")
            folder = files(tasks).parent / "tj3-dates"
            folder.mkdir(exist_ok=True)
            dates = tj3_dates(text, folder)
            return len(bench_tj3.disagreements(scheduled, plan, dates, catalog))

        return measure

    def mpxj(to_floor: bool = False) -> Callable[[], Figure]:
        def measure() -> Figure:
            try:
                import jpype  # noqa: F401
                import mpxj  # noqa: F401
            except ImportError:
                if not to_floor:
                    print("  (MPXJ is not installed: pip install mpxj JPype1)")
                return Figure(float("nan"), float("nan"), float("nan"))
            theirs = [sys.executable, str(HERE / "mpxj_schedule.py")]
            project = str(files(1000).with_name("plan.xml"))
            return ratios([*theirs, project], few, against=against(1000, to_floor), cwd=work)

        return measure

    floor_row = "  {} / floor (python, typer, pydantic, a model, PyYAML's events)"

    def tj3_rows(tasks: int, limit: float) -> list[Target]:
        return [
            Target(
                f"tj3 --no-reports / pmsm plan -f json, {tasks:,} tasks",
                limit,
                "x",
                tj3(tasks),
                True,
            ),
            Target("  tasks whose dates differ from tj3's", 0.0, "", differ(tasks)),
            Target(floor_row.format("tj3"), None, "x", tj3(tasks, to_floor=True)),
        ]

    # The rows above run the same words again and again, as a make target or a hook
    # does, so pmsm skips typer after the first run; this one has typer parse each time.
    first_words = Target(
        "  tj3 / pmsm plan, 1,000 tasks, the words new (typer parses)",
        None,
        "x",
        tj3(1000, parsed=True),
    )

    return [
        *tj3_rows(1000, 8.0),
        first_words,
        *tj3_rows(5000, 40.0),
        Target("MPXJ MicrosoftScheduler / pmsm plan -f json, 1,000", 10.0, "x", mpxj(), True),
        Target(floor_row.format("MPXJ"), None, "x", mpxj(to_floor=True)),
    ]


def foreign_plans(pmsm: str, work: Path, few: int) -> list[Target]:
    """``pmsm check`` of plans kept in other tools: read, match and check, whole process."""
    import foreign

    folder = work / "foreign"
    folder.mkdir()
    check = [pmsm, "check", "--isolated", "--no-cache", "-f", "json"]

    def path(ending: str, tasks: int) -> Path:
        file = folder / f"plan-{tasks}{ending}"
        if not file.exists():
            if ending == ".xml":
                file.write_text(foreign.mspdi(tasks), encoding="utf-8")
            elif ending == ".csv":
                file.write_text(foreign.csv(tasks), encoding="utf-8")
            else:
                foreign.xlsx(tasks, file)
        return file

    def timed(ending: str) -> Callable[[], Figure]:
        return lambda: seconds([*check, str(path(ending, 5000))], few, work)

    def growth(ending: str) -> Callable[[], Figure]:
        def measure() -> Figure:
            # Peak memory at 1,000, 3,000 and 5,000 tasks: the MiB each further thousand
            # costs, from 3,000 to 5,000 over from 1,000 to 3,000 (1 when linear).
            peaks = [
                run_once([*check, str(path(ending, n))], work, memory=True).peak_mib
                for n in (1000, 3000, 5000)
            ]
            low, high = peaks[1] - peaks[0], peaks[2] - peaks[1]
            print(
                f"  (peak memory at 1,000 / 3,000 / 5,000 tasks: {peaks[0]:.0f} / "
                f"{peaks[1]:.0f} / {peaks[2]:.0f} MiB)"
            )
            ratio = high / low if low > 0 else float("nan")
            return Figure(ratio, ratio, ratio)

        return measure

    rows = []
    for kind, ending in (("MS Project XML", ".xml"), ("CSV", ".csv"), ("Excel", ".xlsx")):
        rows.append(Target(f"pmsm check, {kind} plan of 5,000 tasks", 1.0, "s", timed(ending)))
        rows.append(
            Target(f"  memory growth, {kind}: 3k->5k over 1k->3k", 1.5, "x", growth(ending))
        )
    return rows


if __name__ == "__main__":
    sys.exit(main())
