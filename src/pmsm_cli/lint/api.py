"""``pmsm check`` as a function: paths and options in, a report out.

The command-line module only parses flags, calls :func:`check` and prints;
the GitHub Action, pre-commit hook and tests all come through here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pmsm_cli.discovery import PLAN_NAMES_IN_WORDS, find_plan_files
from pmsm_cli.errors import PmsmError
from pmsm_cli.lint.config import Layer, cli_layer, find_config, read_layers, settings_from
from pmsm_cli.lint.engine import Settings
from pmsm_cli.lint.finding import Severity
from pmsm_cli.lint.report import Report
from pmsm_cli.lint.runner import MIN_PARALLEL, Job, Mode, run


@dataclass(frozen=True)
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


def split(values: Sequence[str] | None) -> list[str] | None:
    """``--select A,B --select C`` -> [A, B, C]."""
    if values is None:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def jobs_for(request: Request) -> list[Job]:
    """The files to check, each with the settings its configuration and the flags give it."""
    from pmsm_cli.lint.rules import RULES

    # Sorted, so that the report is the same whatever order the paths were given in.
    files = sorted(find_plan_files(request.paths))
    if not files:
        names = ", ".join(str(p) for p in request.paths)
        raise PmsmError(
            f"no plan files ({PLAN_NAMES_IN_WORDS}) were found in {names}; give a plan file "
            "or a folder that holds one"
        )
    flags = cli_layer(
        request.select, request.ignore, request.fail_level, request.catalog or None, RULES
    )
    if request.config is not None and not request.config.is_file():
        raise PmsmError(f"the configuration file '{request.config}' does not exist")
    fixed = None if request.config is None else read_layers(request.config, RULES)
    by_config: dict[Path | None, Settings] = {}
    by_folder: dict[Path, Path | None] = {}
    jobs = []
    for path in files:
        if request.isolated:
            config_path, layers = None, []
        elif fixed is not None:
            config_path, layers = request.config, fixed
        else:
            if path.parent not in by_folder:
                by_folder[path.parent] = find_config(path.parent)
            config_path = by_folder[path.parent]
            layers = [] if config_path is None else _layers(config_path)
        settings = by_config.get(config_path)
        if settings is None:
            settings = by_config[config_path] = settings_from([*layers, flags], RULES)
        jobs.append(Job(path, str(path), settings))
    return jobs


_LAYERS: dict[Path, list[Layer]] = {}


def _layers(config: Path) -> list[Layer]:
    from pmsm_cli.lint.rules import RULES

    if config not in _LAYERS:
        _LAYERS[config] = read_layers(config, RULES)
    return _LAYERS[config]


def check(request: Request) -> Report:
    _LAYERS.clear()  # configuration files may change between calls in one process
    jobs = jobs_for(request)
    results = run(
        jobs,
        mode=request.mode,
        today=request.today,
        workers=request.jobs,
        min_parallel=request.min_parallel,
    )
    return Report(tuple(results))
