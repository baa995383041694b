"""Check many files: configuration per file, catalogs loaded once, work spread over the cores.

Each file gets its settings from the configuration closest to it and the
command-line flags. Catalogs (built-in plus organisation overlays) are
loaded once per distinct overlay list in each process. With many files the
work is split into chunks across a process pool; results come back in the
order of the files, so the output is the same byte for byte as a serial run.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Sequence
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.yamlio import gc_paused
from pmsm_cli.lint.engine import check_across, check_path, check_source
from pmsm_cli.lint.result import MIN_PARALLEL, FileResult, Mode, Settings
from pmsm_cli.lint.sources import is_workbook
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers import ReadOptions
from pmsm_cli.records import record

if TYPE_CHECKING:
    from pmsm_cli.lint.foreign_source import ForeignSource


@record
class Job:
    path: Path
    display: str  # the path as the user will see it
    settings: Settings
    config: Path | None = None  # the configuration file nearest to it (None: none, --isolated)
    # The files its settings came from: the configuration and what it extends, the overlays.
    depends: tuple[Path, ...] = ()
    kind: str | None = None  # the project kind of a plan from another tool (--kind)
    copy: Path | None = None  # where --fix writes a plan from another tool, with what it lacks
    # How to read a plan from another tool: the reader (None: detected), --date-format,
    # --columns and --sheet. The check, --diff and the --fix copy all come from this reading.
    input_format: str | None = None
    read_options: ReadOptions = field(default_factory=ReadOptions)


_CATALOGS: dict[tuple[tuple[Path, ...], tuple[str, ...], tuple[str, ...]], Catalog] = {}


def catalog_for(
    overlays: tuple[Path, ...],
    vocabulary: tuple[str, ...] = (),
    frameworks: tuple[str, ...] = ("itil-v3",),
) -> Catalog:
    """The catalog with these overlays, in this vocabulary, expecting these frameworks'
    activities (pmsm_cli.catalogs.frameworks), loaded once per process."""
    key = (overlays, vocabulary, frameworks)
    found = _CATALOGS.get(key)
    if found is None:
        from pmsm_cli.catalogs.load import load_catalog

        default = frameworks == ("itil-v3",)
        found = _CATALOGS[key] = load_catalog(
            list(overlays), vocabulary=vocabulary, frameworks=None if default else frameworks
        )
    return found


def settings_catalog(settings: Settings) -> Catalog:
    """The catalog a file's settings call for."""
    return catalog_for(settings.catalog, settings.vocabulary, settings.frameworks)


def run_one(job: Job, mode: Mode, today: dt.date) -> FileResult:
    if mode != "fix" or is_workbook(job.path):
        return _run_one(job, mode, today)
    from pmsm_cli.files.editing import locked

    # --fix holds the file's edit lock from the check's read to the fix's write, so that
    # no other pmsm edit of the file falls in between (pmsm_cli.files.editing).
    with locked(job.path):
        return _run_one(job, mode, today)


def _run_one(job: Job, mode: Mode, today: dt.date) -> FileResult:
    catalog = settings_catalog(job.settings)
    result, source = check_path(
        job.path,
        job.display,
        catalog,
        job.settings,
        today,
        job.kind,
        job.input_format,
        job.read_options,
    )
    if mode != "check":
        # Only --fix and --diff need it: a plain check leaves the module unimported.
        from pmsm_cli.lint.foreign_source import ForeignSource

        if isinstance(source, ForeignSource):
            return _fix_foreign(job, mode, result, source, catalog)
    if mode == "fix" and job.copy is not None and source is not None:
        # A copy is asked for a pmsm plan only by a caller of lint.api, never by the command
        # (which tells the two apart as this check does): a fix changes the plan in place.
        raise PmsmError(
            "this file is a pmsm plan, not one kept in another tool: --fix adds the missing "
            "activities to it in place and writes no copy",
            job.path,
        )
    if mode == "check" or source is None or not result.fixes or not source.editable:
        return result
    from pmsm_cli.files.editing import unified_diff
    from pmsm_cli.lint.fixes import add_activities, with_dependencies
    from pmsm_cli.plan.load import parse_plan

    ids = with_dependencies(result.fixes, source.loaded.plan, catalog)
    fixed = add_activities(source.text, job.path, ids, catalog)
    if mode == "diff":
        return replace(result, diff=unified_diff(source.text, fixed, job.display), added=tuple(ids))
    from pmsm_cli.files.editing import EditedFile
    from pmsm_cli.lint.sources import PlanSource

    edit = EditedFile.read(job.path)
    edit.confirm_read(source.text)  # what the check read is what the file holds, or refuse
    edit.write(fixed)
    again = PlanSource(parse_plan(fixed, job.path), fixed)
    return replace(check_source(again, job.display, catalog, job.settings, today), added=tuple(ids))


def _fix_foreign(
    job: Job, mode: Mode, result: FileResult, source: ForeignSource, catalog: Catalog
) -> FileResult:
    """``--fix -o COPY`` / ``--diff`` on a plan kept in another tool, from the check's own audit.

    The activities added are those the check reports missing and did not
    waive: a rule left out with ``--ignore`` or a waiver (in the map file, or
    in the configuration) keeps its activity out of the copy too. The tasks
    are taken as the check took them, map file confirmations included, so a
    task the map file calls ``none`` covers nothing here either.
    """
    from pmsm_cli.foreign.fix import plan_fix, preview, write_fix, writer_for

    audited = source.audited
    assert audited is not None  # a ForeignSource is always made with its audit
    wanted = set(result.fixes)
    missing = [a for a in audited.missing(catalog) if a in wanted]
    if not missing:
        return result
    writer_for(audited.plan)  # a format no fix is written in is refused, --diff included
    kind = audited.kind.kind
    # The check's decisions, not the matcher's guesses: the map file has the last word.
    matches = [replace(d.match, catalog=d.catalog) for d in audited.decisions]
    if mode == "diff":
        placed = plan_fix(audited.plan, matches, catalog, kind, missing)
        added = tuple(p.activity for p in placed.tasks)
        return replace(result, diff=preview(audited.plan, placed) or None, added=added)
    if job.copy is None:  # pragma: no cover - api.check refuses --fix without a copy
        return result
    fixed = write_fix(audited.plan, matches, catalog, kind, job.copy, missing)
    return replace(result, copied=tuple(p.activity for p in fixed.placed.tasks))


def _run_chunk(jobs: Sequence[Job], mode: Mode, today: dt.date) -> list[FileResult]:
    results = []
    for job in jobs:
        # Checking a file builds its plan, models and schedule, makes no cyclic
        # garbage, and frees them all once its result is made: the cyclic
        # collector would only walk them in vain (a tenth of a large plan's check).
        with gc_paused():
            results.append(run_one(job, mode, today))
    return results


def workers_for(jobs: int | None) -> int:
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, jobs if jobs is not None else (available or 1))


def run(
    jobs: Sequence[Job],
    *,
    mode: Mode = "check",
    today: dt.date | None = None,
    workers: int | None = None,
    min_parallel: int = MIN_PARALLEL,
) -> list[FileResult]:
    """Check ``jobs`` and return one result per job, in order."""
    today = today or dt.date.today()
    results = check_each(jobs, mode=mode, today=today, workers=workers, min_parallel=min_parallel)
    return across(jobs, results, today)


def across(jobs: Sequence[Job], results: Sequence[FileResult], today: dt.date) -> list[FileResult]:
    """Add what the rules that look across plans (shared environments, §5.2) find."""
    return check_across([job.path for job in jobs], results, [job.settings for job in jobs], today)


def check_each(
    jobs: Sequence[Job],
    *,
    mode: Mode,
    today: dt.date,
    workers: int | None = None,
    min_parallel: int = MIN_PARALLEL,
) -> list[FileResult]:
    """Each job's own result (before the rules across plans), in order; spread over the cores."""
    if not jobs:
        return []
    # Load each catalog here first: a broken overlay is reported once, from this process.
    for overlays in dict.fromkeys(job.settings.catalog for job in jobs):
        catalog_for(overlays)
    for job in jobs:  # and each view of it (another vocabulary, other frameworks)
        settings_catalog(job.settings)
    count = workers_for(workers)
    if count == 1 or len(jobs) < min_parallel:
        results = _run_chunk(jobs, mode, today)
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # A few chunks per worker balance uneven files without paying per-file overhead.
        size = max(1, -(-len(jobs) // (count * 4)))
        chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
        # Forked workers share this process's pages (modules, rules, the catalog) for
        # as long as nobody writes to them, so the run costs little more memory than
        # one process; frozen objects are left out of garbage collections so that the
        # collector does not write to them either. But forking a process that runs
        # other threads (a JVM an embedding program started, a timer) can leave the
        # child waiting forever on a lock one of those threads held: then the workers
        # come from a fork server instead.
        methods = multiprocessing.get_all_start_methods()
        if "fork" in methods and _single_threaded():
            method: str | None = "fork"
        elif "forkserver" in methods:
            method = "forkserver"
        else:  # Windows: only spawn exists
            method = None
        context = multiprocessing.get_context(method)
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=count, mp_context=context) as pool:
                parts = pool.map(_run_chunk, chunks, [mode] * len(chunks), [today] * len(chunks))
                results = [result for part in parts for result in part]
        finally:
            gc.unfreeze()
    return results


def _single_threaded() -> bool:
    """True when this process runs one OS thread (Linux tells; elsewhere assume not)."""
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir()) == 1
    except OSError:
        return False
