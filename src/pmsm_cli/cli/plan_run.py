"""What ``pmsm plan`` does once its options are parsed, without typer.

``cli/plan_cmd.py`` declares the options and turns them into a
:class:`PlanCall`; :func:`run` schedules the plan, writes it and returns the
exit code. A run with the same arguments as an earlier one gets its
``PlanCall`` from ``cli/remembered.py`` instead and comes straight here, so
this module and what it imports at the top stay free of typer.
"""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsm_cli.cli import console
from pmsm_cli.cli.lookup import configuration, plan_path, vocabulary_flag
from pmsm_cli.cli.output import choose_format, refuse_inputs, write_or_print
from pmsm_cli.errors import PmsmError
from pmsm_cli.records import record
from pmsm_cli.render import RENDERERS, RenderOptions

if TYPE_CHECKING:
    from pmsm_cli.plan.view import GroupBy

GROUP_CHOICES: tuple[GroupBy, ...] = ("pmbok", "phase", "process", "stage")
# Show a progress bar only for work that takes longer than this (seconds).
PROGRESS_DELAY = 0.5


@record
class PlanCall:
    """The parsed command line of one ``pmsm plan``."""

    plan: Path
    output: Path | None  # -o; None: print to stdout
    fmt: str | None  # --format; None: from the -o file's ending, else Markdown
    group_by: str
    templates: Path | None
    no_suggest: bool
    catalog_files: tuple[Path, ...]
    respect_freezes: bool
    vocabulary: str | None  # as written: an unknown name is refused when the plan is read
    config_file: Path | None
    isolated: bool

    def paths(self) -> list[Path]:
        """Every path the command line names (typer refuses one that exists unreadable)."""
        named = [self.plan, self.output, self.templates, *self.catalog_files, self.config_file]
        return [path for path in named if path is not None]


def run(call: PlanCall) -> int:
    """Schedule the plan, write it (to -o or stdout) and return the exit code."""
    plan_file = plan_path(call.plan)
    overlays = list(call.catalog_files)
    words = vocabulary_flag(call.vocabulary)
    # A plan that is not there has no configuration; load_plan says what is wrong.
    near = plan_file if plan_file.is_file() else None
    config, settings = configuration(near, call.config_file, isolated=call.isolated)
    calendar = settings.calendar if settings else None
    if call.respect_freezes and calendar is None:
        raise PmsmError(
            "--respect-freezes needs a change calendar: no configuration (.pmsm.yaml or "
            "[tool.pmsm]) with 'change_calendar:' applies to this plan",
            plan_file,
        )
    output = call.output
    if output is not None:
        read = [config, calendar.ics if calendar else None]
        refuse_inputs(
            output, [*_inputs(plan_file, overlays, call.templates), *(p for p in read if p)]
        )
    chosen = choose_format(call.fmt, output, [*RENDERERS], "md")
    group = _choose_group(call.group_by)
    entry = RENDERERS[chosen]
    if output is None and entry.binary:
        raise PmsmError(
            f"{entry.what} output needs a file: add -o plan{entry.endings[0]} "
            "(it cannot be printed to the terminal)"
        )

    from pmsm_cli.catalogs.load import load_catalog
    from pmsm_cli.plan.load import load_plan
    from pmsm_cli.plan.view import build_view
    from pmsm_cli.render import renderer

    started = _now()
    loaded = load_plan(plan_file)
    catalog = load_catalog(
        overlays,
        vocabulary=words if words is not None else settings.vocabulary if settings else (),
        frameworks=settings.frameworks if settings else None,
    )
    view = build_view(
        loaded,
        catalog,
        suggest=not call.no_suggest,
        calendar=calendar,
        respect_freezes=call.respect_freezes,
    )
    for warning in view.warnings:
        sys.stderr.write(warning.render("warning") + "\n")

    render = renderer(chosen)
    with _DelayedProgress(len(view.rows), started, f"writing {entry.what}") as progress:
        options = RenderOptions(
            group_by=group,
            templates=[call.templates] if call.templates is not None else [],
            progress=progress.update,
        )
        result = render(view, options)

    write_or_print(
        result,
        output,
        f"{view.counts.activities} activities ({view.counts.suggested} suggested), "
        f"{view.start} to {view.finish}, {view.counts.critical} critical",
    )
    return 0


def _inputs(plan_file: Path, overlays: list[Path], templates: Path | None) -> list[Path]:
    """What ``pmsm plan`` reads: the plan, the catalog with its overlays, the templates."""
    from pmsm_cli.files.paths import catalog_sources

    own_templates = [p for p in templates.rglob("*") if p.is_file()] if templates else []
    return [plan_file, *catalog_sources(overlays), *own_templates]


def _choose_group(value: str) -> GroupBy:
    for choice in GROUP_CHOICES:
        if value == choice:
            return choice
    raise PmsmError(f"unknown --group-by '{value}'; expected one of: {', '.join(GROUP_CHOICES)}")


def _now() -> float:
    return time.perf_counter()


class _DelayedProgress:
    """A progress bar on stderr that appears only when work takes more than a moment.

    A timer shows the bar once ``PROGRESS_DELAY`` seconds have passed since
    the command started, even while a renderer is busy between reports.
    Nothing is drawn when stderr is not a terminal (CI logs, pipes), and
    stdout is never touched, so ``pmsm plan > plan.md`` stays clean.
    """

    def __init__(self, total: int, started: float, what: str) -> None:
        self.total = total
        self.started = started
        self.what = what
        self.enabled = console.err_is_terminal()
        self.done = 0
        self.bar: Any = None
        self.task: Any = None
        self.closed = False
        self.lock = threading.Lock()
        self.timer: threading.Timer | None = None

    def __enter__(self) -> _DelayedProgress:
        if self.enabled:
            wait = max(0.0, PROGRESS_DELAY - (_now() - self.started))
            self.timer = threading.Timer(wait, self.show)
            self.timer.daemon = True
            self.timer.start()
        return self

    def show(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with self.lock:
            if self.closed or self.bar is not None:
                return
            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console.err(),
                transient=True,
            )
            self.task = self.bar.add_task(self.what, total=self.total, completed=self.done)
            self.bar.start()

    def update(self, done: int) -> None:
        self.done = done
        with self.lock:
            if self.bar is not None:
                self.bar.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        with self.lock:
            self.closed = True
            if self.timer is not None:
                self.timer.cancel()
            if self.bar is not None:
                self.bar.stop()
