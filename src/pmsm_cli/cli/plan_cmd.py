"""``pmsm plan``: the scheduled activity plan, as Markdown, Excel, HTML, Mermaid, CSV or JSON."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from pmsm_cli.cli import console
from pmsm_cli.cli.helptext import examples
from pmsm_cli.cli.options import (
    CatalogOverlays,
    ConfigOption,
    IsolatedOption,
    PlanArg,
    VocabularyOption,
    configuration,
    plan_path,
    vocabulary_flag,
)
from pmsm_cli.cli.output import choose_format, endings_of, refuse_inputs, write_or_print
from pmsm_cli.errors import PmsmError
from pmsm_cli.render import RENDERERS, RenderOptions

if TYPE_CHECKING:
    from pmsm_cli.plan.view import GroupBy

EXAMPLES = {
    "plan": examples(
        ("pmsm plan my-project", "Print the schedule of my-project/pmsm.yaml as Markdown."),
        ("pmsm plan my-project -o plan.xlsx", "Write it as an Excel workbook to work in."),
        ("pmsm plan my-project -o project.xml", "Write it for MS Project (or ProjectLibre)."),
    )
}

GROUP_CHOICES = ("pmbok", "phase", "process", "stage")
# Show a progress bar only for work that takes longer than this (seconds).
PROGRESS_DELAY = 0.5


def plan(
    plan: Path = PlanArg,
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help=f"Write to FILE; its ending picks the format ({endings_of(RENDERERS)}). "
        "Without it, print to stdout.",
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"Output format: {', '.join(RENDERERS)} (default: from -o, else md).",
    ),
    group_by: str = typer.Option(
        "pmbok",
        "--group-by",
        metavar="KEY",
        help="Group activities by: pmbok (process group), phase (ITIL lifecycle), "
        "process (ITIL process) or stage (release and deployment stage).",
    ),
    templates: Path | None = typer.Option(
        None,
        "--templates",
        metavar="DIR",
        help="A folder of templates (plan.md.j2, plan.html.j2) used before the built-in ones.",
    ),
    no_suggest: bool = typer.Option(
        False,
        "--no-suggest",
        help="Show only the plan's own activities, not the catalog activities it lacks.",
    ),
    catalog_files: list[Path] | None = CatalogOverlays,
    respect_freezes: bool = typer.Option(
        False,
        "--respect-freezes",
        help="Move the go-live and the work RFCs authorise past the change freezes of the "
        "change calendar (change_calendar in .pmsm.yaml); each move is a warning.",
    ),
    vocabulary: str | None = VocabularyOption,
    config_file: Path | None = ConfigOption,
    isolated: bool = IsolatedOption,
) -> None:
    """Schedule a plan; write Markdown, Excel, HTML, MS Project...

    The schedule follows the critical path method. The plan's own activities
    come first; catalog activities that its kind and scope call for but it
    lacks are added and marked as suggested. Dates are
    working days of the plan's calendar (weekends and holidays skipped). The
    change freezes of the configuration (the file nearest the plan, as pmsm
    check finds it, or --config) are shown on the Gantt chart.
    """
    plan_file = plan_path(plan)
    overlays = list(catalog_files or [])
    words = vocabulary_flag(vocabulary)
    # A plan that is not there has no configuration; load_plan says what is wrong.
    near = plan_file if plan_file.is_file() else None
    config, settings = configuration(near, config_file, isolated=isolated)
    calendar = settings.calendar if settings else None
    if respect_freezes and calendar is None:
        raise PmsmError(
            "--respect-freezes needs a change calendar: no configuration (.pmsm.yaml or "
            "[tool.pmsm]) with 'change_calendar:' applies to this plan",
            plan_file,
        )
    if output is not None:
        read = [config, calendar.ics if calendar else None]
        refuse_inputs(output, [*_inputs(plan_file, overlays, templates), *(p for p in read if p)])
    chosen = choose_format(fmt, output, [*RENDERERS], "md")
    group = _choose_group(group_by)
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
        suggest=not no_suggest,
        calendar=calendar,
        respect_freezes=respect_freezes,
    )
    for warning in view.warnings:
        sys.stderr.write(warning.render("warning") + "\n")

    render = renderer(chosen)
    with _DelayedProgress(len(view.rows), started, f"writing {entry.what}") as progress:
        options = RenderOptions(
            group_by=group,
            templates=[templates] if templates is not None else [],
            progress=progress.update,
        )
        result = render(view, options)

    write_or_print(
        result,
        output,
        f"{view.counts.activities} activities ({view.counts.suggested} suggested), "
        f"{view.start} to {view.finish}, {view.counts.critical} critical",
    )


def _inputs(plan_file: Path, overlays: list[Path], templates: Path | None) -> list[Path]:
    """What ``pmsm plan`` reads: the plan, the catalog with its overlays, the templates."""
    from pmsm_cli.files.paths import catalog_sources

    own_templates = [p for p in templates.rglob("*") if p.is_file()] if templates else []
    return [plan_file, *catalog_sources(overlays), *own_templates]


def _choose_group(value: str) -> GroupBy:
    for choice in ("pmbok", "phase", "process", "stage"):
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
