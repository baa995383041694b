"""What every reader of a foreign plan fills: tasks as the project manager wrote them.

A foreign plan is one kept in another tool (MS Project, GanttProject, a
spreadsheet, Jira, Markdown). Readers keep the project manager's own words and
structure and record where each task came from, so that a finding can point
at the row, cell or task the project manager will look for. Nothing here knows
about the catalog: matching tasks to ITIL activities comes later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from pmsm_cli.errors import Problem
from pmsm_cli.readers import ReadOptions
from pmsm_cli.records import record

LinkType = Literal["FS", "SS", "FF", "SF"]


@record(slots=True)
class Where:
    """Where a task sits in its source file, in the terms that file's program shows."""

    path: Path
    line: int | None = None  # 1-based, for text formats (CSV, Markdown)
    column: int | None = None  # 1-based
    sheet: str | None = None  # for workbooks
    cell: str | None = None  # "B7"
    uid: str | None = None  # MS Project's UID, GanttProject's task id, Jira's issue key

    def __str__(self) -> str:
        if self.sheet is not None:
            return f"{self.path}, sheet '{self.sheet}', cell {self.cell}"
        if self.line is not None:
            text = f"{self.path}:{self.line}"
            return f"{text}:{self.column}" if self.column is not None else text
        if self.uid is not None:
            return f"{self.path} (task UID {self.uid})"
        return str(self.path)


@record(slots=True)
class Link:
    """A dependency on another task of the same plan, as the source tool states it."""

    predecessor: str  # the other task's ForeignTask.id
    type: LinkType = "FS"
    lag_days: float = 0.0  # working days; negative is a lead


@dataclass(slots=True)
class ForeignTask:
    """One task, summary task or milestone of a foreign plan."""

    id: str  # unique within the plan: the source's own id where it has one
    name: str  # exactly as written in the source
    where: Where
    outline_level: int = 1  # 1 = top level
    parent: str | None = None  # the id of the summary task above it
    summary: bool = False
    milestone: bool = False
    duration_days: float | None = None  # working days
    start: date | None = None
    finish: date | None = None
    predecessors: tuple[Link, ...] = ()
    resources: tuple[str, ...] = ()
    notes: str = ""
    percent_complete: float | None = None  # 0 to 100
    status: str | None = None  # the source's own word ("Done", "In Progress"), if it has one
    labels: tuple[str, ...] = ()  # Jira labels, GanttProject custom columns and the like
    wbs: str | None = None  # the outline number the source shows ("1.2.3"), if it has one
    # The catalog activity the source itself names for the task (a "Catalog ID"
    # column), "none" for none; taken as a confirmed match (foreign/audit.py).
    catalog: str | None = None


@dataclass(slots=True)
class ForeignPlan:
    """A whole foreign plan: its tasks in source order, summaries before their children."""

    path: Path
    format: str  # the reader's name in the registry
    tasks: list[ForeignTask] = field(default_factory=list)
    title: str | None = None
    start: date | None = None
    # What the reader had to leave out or could not take as written (a link to
    # a task that is not in the file), one problem each, for the check to show.
    warnings: list[Problem] = field(default_factory=list)
    # What it was read with (--columns, --sheet, --date-format): a fix writes its copy from
    # the same reading, so it finds the same header row (foreign.audit.read_foreign sets it).
    options: ReadOptions = field(default_factory=ReadOptions)


def nest_by_outline(tasks: Iterable[ForeignTask]) -> None:
    """Set each task's parent, and mark summary tasks, from the outline levels in file order.

    A task belongs to the nearest task above it with a smaller outline level, as
    MS Project and spreadsheets show an outline.
    """
    stack: list[ForeignTask] = []  # the task above at each outline level, innermost last
    for task in tasks:
        while stack and stack[-1].outline_level >= task.outline_level:
            stack.pop()
        if stack:
            task.parent = stack[-1].id
            stack[-1].summary = True
        stack.append(task)
