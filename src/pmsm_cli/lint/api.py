"""``pmsm check`` as a function: paths and options in, a report out.

The command-line module only parses flags, calls :func:`check` and prints;
the GitHub Action, pre-commit hook and tests all come through here.

When every file's result is in the cache (``lint/cache.py``), the report is
made from it alone: the rules, the models and the YAML loader are not even
imported, which is why those imports sit inside the functions that need them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.discovery import PLAN_NAMES_IN_WORDS, find_plan_files
from pmsm_cli.lint.finding import Severity
from pmsm_cli.lint.report import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Report
from pmsm_cli.lint.result import MIN_PARALLEL, Mode
from pmsm_cli.readers import ReadOptions
from pmsm_cli.records import record

if TYPE_CHECKING:
    from pmsm_cli.lint.cache import CheckCache, Entry
    from pmsm_cli.lint.config import Layer
    from pmsm_cli.lint.result import FileResult, Settings
    from pmsm_cli.lint.runner import Job


@record
class Request:
    paths: Sequence[Path]
    select: Sequence[str] | None = None
    ignore: Sequence[str] = ()
    fail_level: Severity | None = None
    catalog: Sequence[Path] = ()
    config: Path | None = None  # use this file for every plan
    isolated: bool = False  # use no configuration file at all
    mode: Mode = "check"
    jobs: int | None = None  # worker processes; None: one per core
    min_parallel: int = MIN_PARALLEL
    today: dt.date | None = None
    cache: bool = True  # reuse results of unchanged files (plain checks only)
    kind: str | None = None  # project kind of plans from other tools; None: inferred
    # --fix on a plan from another tool writes a copy of it here (-o); never the input.
    copy: Path | None = None
    # How to read plans from other tools, as pmsm import does (--input-format: the reader,
    # None: detected; --date-format, --columns, --sheet). Refused with pmsm plans only.
    input_format: str | None = None
    read_options: ReadOptions = field(default_factory=ReadOptions)
    # --vocabulary: whose names the report uses (None: the configuration's, else ITIL v3's).
    vocabulary: tuple[str, ...] | None = None

    def reading_flags(self) -> list[str]:
        """The flags given that say how to read a plan from another tool."""
        options = self.read_options
        given = {
            "--input-format": self.input_format is not None,
            "--date-format": options.date_order is not None,
            "--columns": bool(options.columns),
            "--sheet": options.sheet is not None,
        }
        return [flag for flag, on in given.items() if on]


def split(values: Sequence[str] | None) -> list[str] | None:
    """``--select A,B --select C`` -> [A, B, C]."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def plan_files(request: Request) -> list[Path]:
    """The files to check, sorted so that the report is the same whatever order they came in."""
    files = sorted(find_plan_files(request.paths))
    if not files:
        names = ", ".join(str(p) for p in request.paths)
        raise PmsmError(
            f"no plan files ({PLAN_NAMES_IN_WORDS}) were found in {names}; give a plan file "
            "or a folder that holds one"
        )
    return files


def nearest_configs(request: Request, files: Sequence[Path]) -> list[Path | None]:
    """Each file's configuration file: ``--config``, none (``--isolated``) or the nearest."""
    from pmsm_cli.lint.configfiles import find_config

    if request.isolated:
        return [None] * len(files)
    if request.config is not None:
        return [request.config] * len(files)
    by_folder: dict[Path, Path | None] = {}
    for path in files:
        if path.parent not in by_folder:
            by_folder[path.parent] = find_config(path.parent)
    return [by_folder[path.parent] for path in files]


def jobs_for(
    request: Request,
    files: Sequence[Path] | None = None,
    configs: Sequence[Path | None] | None = None,
) -> list[Job]:
    """Each file with the settings that its configuration file (``configs``) and the flags give."""
    from pmsm_cli.lint.config import cli_layer, settings_from
    from pmsm_cli.lint.rules import RULES
    from pmsm_cli.lint.runner import Job

    files = plan_files(request) if files is None else files
    configs = nearest_configs(request, files) if configs is None else configs
    flags = cli_layer(
        request.select,
        request.ignore,
        request.fail_level,
        request.catalog or None,
        RULES,
        request.vocabulary,
    )
    if request.config is not None:
        from pmsm_cli.lint.configfiles import require_config

        require_config(request.config)
    fixed = None if request.config is None else _read_layers(request.config)
    by_config: dict[Path | None, tuple[Settings, tuple[Path, ...]]] = {}
    jobs = []
    for path, config_path in zip(files, configs, strict=True):
        if config_path not in by_config:
            layers = fixed if fixed is not None else _layers(config_path)
            settings = settings_from([*layers, flags], RULES)
            origins = tuple(layer.origin for layer in layers if layer.origin is not None)
            # The change calendar's .ics decides findings too: the cache hashes it.
            ics = settings.calendar.ics if settings.calendar and settings.calendar.ics else None
            extra = (ics,) if ics is not None else ()
            by_config[config_path] = settings, (*origins, *settings.catalog, *extra)
        settings, depends = by_config[config_path]
        jobs.append(
            Job(
                path,
                str(path),
                settings,
                config_path,
                depends,
                request.kind,
                request.copy,
                request.input_format,
                request.read_options,
            )
        )
    return jobs


def inputs(request: Request) -> list[Path]:
    """Every file a check of ``request`` reads: the plans (folders walked), each plan's
    configuration with the files it extends and the catalogs it names, ``--catalog``
    overlays and the built-in catalog. ``pmsm check -o`` must write over none of them.
    """
    from pmsm_cli.files.discovery import may_be_foreign
    from pmsm_cli.files.paths import catalog_sources

    files = plan_files(request)
    read = [*files, *catalog_sources(request.catalog)]
    # A plan from another tool is read with its confirmed mappings beside it.
    read += [_map_path(path) for path in files if may_be_foreign(path)]
    if request.config is not None:
        read.append(request.config)
    for job in jobs_for(request, files):
        read += [path for path in (job.config, *job.depends) if path is not None]
    return list(dict.fromkeys(read))


_LAYERS: dict[Path, list[Layer]] = {}


def _layers(config: Path | None) -> list[Layer]:
    if config is None:
        return []
    if config not in _LAYERS:
        _LAYERS[config] = _read_layers(config)
    return _LAYERS[config]


def _read_layers(config: Path) -> list[Layer]:
    # Imported only when there is a file to read: most checks find none, and
    # then need neither the configuration's models nor the change calendar's.
    from pmsm_cli.lint.config_file import read_layers
    from pmsm_cli.lint.rules import RULES

    return read_layers(config, RULES)


def foreign_fix_copy(request: Request, files: Sequence[Path]) -> Path | None:
    """The copy ``--fix`` writes of the one plan kept in another tool, or None when no
    file is one; PmsmError for what cannot work.

    A plan from another tool is never changed in place: ``--fix`` writes a
    copy of it (``Request.copy``, the command's ``-o``), so it needs one, and
    one run writes one copy.
    """
    foreign = foreign_plans(files, request.input_format) if request.mode == "fix" else []
    if not foreign:
        if request.copy is not None:
            raise PmsmError(
                "a copy with the missing activities is written only by --fix on a plan kept "
                "in another tool (MS Project, CSV, Excel)"
            )
        return None
    if len(files) > 1:
        names = ", ".join(str(path) for path in foreign)
        raise PmsmError(
            f"--fix writes one copy per run, and {names} "
            f"{'is a plan' if len(foreign) == 1 else 'are plans'} kept in another tool; "
            "run 'pmsm check PLAN --fix -o COPY' for each of them on its own"
        )
    if request.copy is None:
        source = foreign[0]
        raise PmsmError(
            "--fix does not change a plan kept in another tool; it writes a copy with the "
            f"missing activities: add -o COPY{_copy_ending(source)} "
            f"(or 'pmsm import {source}' to turn it into a pmsm plan)",
            source,
        )
    return request.copy


def foreign_plans(files: Sequence[Path], input_format: str | None = None) -> list[Path]:
    """The ``files`` checked as plans kept in another tool (their heads are read); with
    ``input_format``, every file that is not a pmsm plan is read as that format."""
    from pmsm_cli.files.discovery import may_be_foreign

    candidates = [path for path in files if may_be_foreign(path)]
    if not candidates:  # YAML plans only: nothing heavy is imported
        return []
    from pmsm_cli.lint.engine import reads_as_foreign

    return [path for path in candidates if reads_as_foreign(path, input_format)]


def refuse_reading_flags(request: Request, files: Sequence[Path]) -> None:
    """PmsmError when --input-format, --date-format, --columns or --sheet are given and every
    file checked is a pmsm plan (YAML, or a workbook from 'pmsm plan'): they would change
    nothing, which is most likely a mistake (the wrong file named), so the run stops."""
    from pmsm_cli.files.discovery import may_be_foreign

    flags = request.reading_flags()
    if not flags or any(may_be_foreign(path) for path in files):
        return
    names = ", ".join(str(path) for path in request.paths)
    said = " and ".join(flags)
    raise PmsmError(
        f"{said} {'says' if len(flags) == 1 else 'say'} how to read a plan kept in another "
        f"tool (MS Project, Excel, CSV, GanttProject, Jira, Markdown), and {names} "
        f"{'holds' if len(request.paths) == 1 else 'hold'} only pmsm plans, which "
        f"{'it does' if len(flags) == 1 else 'they do'} not apply to; leave "
        f"{'it' if len(flags) == 1 else 'them'} out, or name the plan kept in another tool"
    )


def refuse_unused_options(request: Request, files: Sequence[Path]) -> None:
    """PmsmError when a reading option (--sheet, --columns, --date-format) is given and no
    plan kept in another tool among ``files`` is read by a reader that uses it (a CSV has no
    sheet, an MS Project XML no columns to name): it would be silently unused."""
    if not request.read_options.given():
        return
    foreign = foreign_plans(files, request.input_format)
    if not foreign:
        return  # pmsm plans only: refuse_reading_flags has said so
    from pmsm_cli.foreign import audit

    options = request.read_options
    readers = {path: audit.reader_of(path, request.input_format, options) for path in foreign}
    audit.refuse_unused_options(readers, options)


# Endings a fixed copy keeps; anything else MS Project reads (.mpp, .mpx, .xer) comes
# back as MS Project XML (foreign.fix.WRITABLE).
_OWN_ENDINGS = (".csv", ".txt", ".xlsx", ".xml")


def _copy_ending(source: Path) -> str:
    ending = source.suffix.lower()
    return ending if ending in _OWN_ENDINGS else ".xml"


def check(request: Request) -> Report:
    _LAYERS.clear()  # configuration files may change between calls in one process
    today = request.today or dt.date.today()
    files = plan_files(request)
    foreign_fix_copy(request, files)  # refuse a --fix that cannot work before reading anything
    refuse_reading_flags(request, files)
    refuse_unused_options(request, files)
    cache = _open_cache(request, today)
    keys: list[str | None] = [None] * len(files)
    known: list[Entry | None] = [None] * len(files)
    configs = None
    if cache is not None:
        from pmsm_cli.files.discovery import may_be_foreign

        displays = [str(path) for path in files]
        configs = nearest_configs(request, files)
        # A plan from another tool is checked afresh: its map file and --kind decide
        # as much as its content, and reading it is quick.
        keys = [
            None if may_be_foreign(args[0]) else cache.key(*args)
            for args in zip(files, displays, configs, strict=True)
        ]
        known = [None if key is None else cache.get(key) for key in keys]
        found = [entry for entry in known if entry is not None]
        # Across-plan rules find something only between two plans that gave them data.
        if len(found) == len(files) and sum(bool(e.result.gathered) for e in found) < 2:
            return Report(tuple(entry.final() for entry in found))
    from pmsm_cli.lint.runner import across, check_each

    jobs = jobs_for(request, files, configs)
    missing = [n for n, entry in enumerate(known) if entry is None]
    fresh = check_each(
        [jobs[n] for n in missing],
        mode=request.mode,
        today=today,
        workers=request.jobs,
        min_parallel=request.min_parallel,
    )
    own: list[FileResult] = [entry.result if entry else fresh[0] for entry in known]
    for n, result in zip(missing, fresh, strict=True):
        own[n] = result
    results = across(jobs, own, today)
    if cache is not None:
        _remember(cache, keys, jobs, own, results, missing)
    return Report(tuple(results))


@record(slots=True)
class DiffOutcome:
    """What ``--diff`` found: the diffs to show, how much --fix would add, the exit code."""

    text: str  # the unified diffs, file after file
    added: int  # catalog activities --fix would add
    files: int  # files it would change
    exit_code: int  # 2 a file could not be read, 1 something to add, 0 nothing

    def sentence(self) -> str:
        activities = f"{self.added} activit{'y' if self.added == 1 else 'ies'}"
        return f"--fix would add {activities} to {self.files} file{'s' if self.files != 1 else ''}"


def diff_outcome(report: Report) -> DiffOutcome:
    """``--diff`` fails (1) when --fix would change a file, as ``ruff --diff`` does."""
    changed = [r for r in report.results if r.diff]
    if any(r.unreadable for r in report.results):
        code = EXIT_ERROR
    else:
        code = EXIT_FINDINGS if changed else EXIT_CLEAN
    text = "".join(r.diff or "" for r in report.results)
    return DiffOutcome(text, sum(len(r.added) for r in changed), len(changed), code)


def _map_path(path: Path) -> Path:
    from pmsm_cli.foreign.mapfile import map_path

    return map_path(path)


def _open_cache(request: Request, today: dt.date) -> CheckCache | None:
    if request.mode != "check" or not request.cache:
        return None
    from pmsm_cli.lint.cache import open_cache

    flags = repr(
        (
            request.select,
            tuple(request.ignore),
            request.fail_level,
            tuple(str(p) for p in request.catalog),
            request.config,
            request.isolated,
            # How plans from other tools are read: another --sheet is another plan.
            request.input_format,
            request.read_options.date_order,
            sorted(request.read_options.columns.items()),
            request.read_options.sheet,
            request.vocabulary,
        )
    )
    return open_cache(flags, today.isoformat())


def _remember(
    cache: CheckCache,
    keys: Sequence[str | None],
    jobs: Sequence[Job],
    own: Sequence[FileResult],
    results: Sequence[FileResult],
    missing: Sequence[int],
) -> None:
    """Keep each newly checked file's own result, and which across-plan rules then ran."""
    for n in missing:
        key = keys[n]
        if key is not None:
            across_codes = results[n].ran[len(own[n].ran) :]
            cache.put(key, own[n], across_codes, jobs[n].depends)
    if missing:
        cache.prune()
