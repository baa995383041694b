"""GanttProject (.gan): the XML GanttProject saves its projects in.

Read in pure Python through defusedxml (``xmlfile.parse``):

* ``<task>`` elements nest as the outline does: a task with tasks inside is
  a summary task, and its parent is the task around it;
* ``meeting="true"`` marks a milestone;
* ``start`` and ``duration`` (working days); the finish is not stored, so it
  is counted from the start over the project's working days: the weekdays
  ``<default-week>`` does not mark as weekend, less the holidays
  (``<date year month date>``, every year when the year is empty);
* ``complete`` is the percent complete;
* ``<depend id type difference>`` sits on the PREDECESSOR and names its
  successor, so it is turned round here; type 1 is start-to-start, 2
  finish-to-start, 3 finish-to-finish, 4 start-to-finish; ``difference`` is
  the lag in days;
* resources through ``<allocations>`` and ``<resources>``, in file order;
* ``<notes>`` (a CDATA block, trimmed of the blank lines around it);
* custom columns the PM typed in, as "Column: value" labels (computed columns,
  those with a formula, are left out: they are not the PM's words).

A link to a task that is not in the file is left out with a warning (the
same choice as for MS Project XML); links that form a cycle are kept, as
written. The task's ``id`` is GanttProject's ID column.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from xml.etree.ElementTree import Element

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.files.reading import read_bytes
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, LinkType, Where
from pmsm_cli.readers.xmlfile import (
    MAX_NAME,
    MAX_NOTES,
    MAX_OUTLINE_DEPTH,
    MAX_TASKS,
    MAX_VALUE,
    bounded,
    parse,
    quote,
    root_element,
)

NAME = "ganttproject"
DESCRIPTION = "GanttProject"
# The reading options (--sheet, --columns, --date-format) this reader uses; the others
# are refused for its files rather than silently ignored.
USES: frozenset[str] = frozenset()
ENDINGS = (".gan",)

_WHAT = "GanttProject file"
_LINK_TYPES: dict[str, LinkType] = {"1": "SS", "2": "FS", "3": "FF", "4": "SF"}
# Attributes GanttProject writes on its <project> element, in every version
# from 1.x to 3.x; Planner's <project> has none of them.
_SIGNATURE = {"webLink", "view-date", "view-index", "gantt-divider-location"}
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # as date.weekday()
# A task longer than this many working days (about 400 years) is a typing error.
MAX_DURATION = 100_000


def sniff(head: bytes, path: Path) -> bool:
    """A ``<project>`` root without a namespace and with GanttProject's attributes."""
    root = root_element(head)
    if root is None:
        return False
    tag, attributes = root
    if tag != "project" or "xmlns" in attributes or "mrproject-version" in attributes:
        return False
    return bool(_SIGNATURE & attributes.keys()) or b"<!DOCTYPE ganttproject" in head


def read(path: Path, options: ReadOptions) -> ForeignPlan:
    root = parse(read_bytes(path, _WHAT), path, _WHAT)
    if root.tag != "project":
        raise PmsmError(
            f"this is XML, but not a GanttProject file: its root element is <{root.tag}>, "
            "where GanttProject writes <project>",
            path,
        )
    return _Reader(path, root).plan()


class _Reader:
    def __init__(self, path: Path, root: Element) -> None:
        self.path = path
        self.root = root
        self.warnings: list[Problem] = []
        self.calendar = _Calendar(root)

    def plan(self) -> ForeignPlan:
        tasks, successors = self._outline()
        by_id: dict[str, ForeignTask] = {}
        for task in tasks:
            if task.id in by_id:
                raise PmsmError(
                    f"two tasks have ID {task.id}; GanttProject gives every task its own",
                    self.path,
                )
            by_id[task.id] = task
        self._links(successors, by_id)
        self._resources(by_id)
        starts = [task.start for task in tasks if task.start is not None]
        name = (self.root.get("name") or "").strip()
        return ForeignPlan(
            path=self.path,
            format=NAME,
            tasks=tasks,
            title=bounded(name, MAX_NAME, "project name", "the project", self.path) or None,
            start=min(starts, default=None),
            warnings=self.warnings,
        )

    def _outline(self) -> tuple[list[ForeignTask], list[tuple[ForeignTask, Element]]]:
        """The tasks depth first in file order, and each <depend> with the task it sits on."""
        container = self.root.find("tasks")
        columns = self._custom_columns(container)
        tasks: list[ForeignTask] = []
        successors: list[tuple[ForeignTask, Element]] = []
        # Without recursion, however deep the outline: the stack holds the
        # elements still to visit with their parent and level.
        pending: list[tuple[Element, ForeignTask | None, int]] = [
            (element, None, 1) for element in reversed(_tasks_in(container))
        ]
        while pending:
            element, parent, level = pending.pop()
            if len(tasks) >= MAX_TASKS:
                raise PmsmError(
                    f"the file has more than {MAX_TASKS:,} tasks; pmsm reads at most that "
                    "many in one plan: split it into several projects",
                    self.path,
                )
            task = self._task(element, parent, level, columns)
            tasks.append(task)
            successors.extend((task, depend) for depend in element.findall("depend"))
            children = _tasks_in(element)
            if children:
                task.summary = True
                if level >= MAX_OUTLINE_DEPTH:
                    raise PmsmError(
                        f"task {task.id} {quote(task.name)}: the outline is nested more than "
                        f"{MAX_OUTLINE_DEPTH} levels deep",
                        self.path,
                    )
                pending.extend((child, task, level + 1) for child in reversed(children))
        return tasks, successors

    # -- one task --------------------------------------------------------

    def _task(
        self, element: Element, parent: ForeignTask | None, level: int, columns: dict[str, str]
    ) -> ForeignTask:
        task_id = (element.get("id") or "").strip()
        name = element.get("name") or ""
        if not task_id:
            raise PmsmError(
                f"a task ({quote(name)}) has no id; GanttProject gives every task one",
                self.path,
            )
        who = f"task {bounded(task_id, MAX_VALUE, 'id', 'a task', self.path)}"
        name = bounded(name, MAX_NAME, "name", who, self.path)
        who = f"{who} {quote(name)}" if name else who
        start = self._date(element.get("start"), who)
        duration = self._duration(element.get("duration"), who)
        finish = self._finish(start, duration, who)
        notes = element.findtext("notes")
        return ForeignTask(
            id=task_id,
            name=name,
            where=Where(self.path, uid=task_id),
            outline_level=level,
            parent=parent.id if parent else None,
            milestone=self._flag(element.get("meeting"), "meeting", who),
            duration_days=None if duration is None else float(duration),
            start=start,
            finish=finish,
            notes=bounded(notes.strip(), MAX_NOTES, "notes", who, self.path) if notes else "",
            percent_complete=self._percent(element.get("complete"), who),
            labels=self._labels(element, columns, who),
        )

    def _date(self, text: str | None, who: str) -> date | None:
        if text is None or not text.strip():
            return None
        try:
            return date.fromisoformat(bounded(text.strip(), MAX_VALUE, "start", who, self.path))
        except ValueError:
            raise PmsmError(
                f"{who}: start is {quote(text)}; GanttProject writes dates as 2026-03-02",
                self.path,
            ) from None

    def _duration(self, text: str | None, who: str) -> int | None:
        value = self._int(text, "duration", who)
        if value is not None and not 0 <= value <= MAX_DURATION:
            raise PmsmError(
                f"{who}: duration is {value} days; it goes from 0 to {MAX_DURATION:,}",
                self.path,
            )
        return value

    def _finish(self, start: date | None, duration: int | None, who: str) -> date | None:
        if start is None or duration is None:
            return None
        try:
            return start if duration == 0 else self.calendar.finish(start, duration)
        except OverflowError:
            raise PmsmError(
                f"{who}: starting on {start} and lasting {duration:,} days, it would end after "
                "the year 9999",
                self.path,
            ) from None

    def _percent(self, text: str | None, who: str) -> float | None:
        value = self._int(text, "complete", who)
        if value is not None and not 0 <= value <= 100:
            raise PmsmError(f"{who}: complete is {value}; it goes from 0 to 100", self.path)
        return None if value is None else float(value)

    def _labels(self, element: Element, columns: dict[str, str], who: str) -> tuple[str, ...]:
        labels: list[str] = []
        for prop in element.findall("customproperty"):
            column = columns.get(prop.get("taskproperty-id") or "")
            value = (prop.get("value") or "").strip()
            if column and value:
                labels.append(f"{column}: {bounded(value, MAX_NAME, column, who, self.path)}")
        return tuple(labels)

    # -- links and resources -------------------------------------------------

    def _links(
        self, successors: list[tuple[ForeignTask, Element]], by_id: dict[str, ForeignTask]
    ) -> None:
        found: dict[str, list[Link]] = {}
        for predecessor, depend in successors:
            who = f"task {predecessor.id} {quote(predecessor.name)}"
            successor_id = (depend.get("id") or "").strip()
            kind = (depend.get("type") or "2").strip()
            if kind not in _LINK_TYPES:
                raise PmsmError(
                    f"{who}: a dependency has type {quote(kind)}; GanttProject writes 1 "
                    "(start-to-start), 2 (finish-to-start), 3 (finish-to-finish) or "
                    "4 (start-to-finish)",
                    self.path,
                )
            lag = self._int(depend.get("difference"), "dependency difference", who) or 0
            if successor_id not in by_id:
                self.warnings.append(
                    Problem(
                        f"{who} has a dependency to task {quote(successor_id)}, which is not in "
                        "the file; the link is left out",
                        self.path,
                    )
                )
                continue
            link = Link(predecessor=predecessor.id, type=_LINK_TYPES[kind], lag_days=float(lag))
            found.setdefault(successor_id, []).append(link)
        for successor_id, links in found.items():
            by_id[successor_id].predecessors = tuple(links)

    def _resources(self, by_id: dict[str, ForeignTask]) -> None:
        names: dict[str, str] = {}
        for resource in self.root.iterfind("resources/resource"):
            name = (resource.get("name") or "").strip()
            who = f"resource {quote(resource.get('id') or '')}"
            if name:
                names[(resource.get("id") or "").strip()] = bounded(
                    name, MAX_NAME, "name", who, self.path
                )
        assigned: dict[str, list[str]] = {}
        for allocation in self.root.iterfind("allocations/allocation"):
            task_id = (allocation.get("task-id") or "").strip()
            resource_name = names.get((allocation.get("resource-id") or "").strip())
            if resource_name is None or task_id not in by_id:
                continue  # a resource or task that is not in the file: nothing to show
            task_names = assigned.setdefault(task_id, [])
            if resource_name not in task_names:
                task_names.append(resource_name)
        for task_id, task_names in assigned.items():
            by_id[task_id].resources = tuple(task_names)

    # -- columns and values ----------------------------------------------------

    def _custom_columns(self, container: Element | None) -> dict[str, str]:
        """Custom column id -> its name, for the columns the PM fills in by hand."""
        columns: dict[str, str] = {}
        if container is None:
            return columns
        for prop in container.iterfind("taskproperties/taskproperty"):
            computed = prop.find("simple-select") is not None
            if prop.get("type") == "custom" and not computed and prop.get("id"):
                name = (prop.get("name") or "").strip()
                columns[prop.get("id") or ""] = name[:MAX_VALUE] or "custom column"
        return columns

    def _int(self, text: str | None, what: str, who: str) -> int | None:
        if text is None or not text.strip():
            return None
        try:
            return int(bounded(text.strip(), MAX_VALUE, what, who, self.path))
        except ValueError:
            raise PmsmError(
                f"{who}: {what} is {quote(text)}; a whole number was expected", self.path
            ) from None

    def _flag(self, text: str | None, what: str, who: str) -> bool:
        value = (text or "false").strip().lower()
        if value not in ("true", "false"):
            raise PmsmError(
                f"{who}: {what} is {quote(text or '')}; GanttProject writes true or false",
                self.path,
            )
        return value == "true"


def _tasks_in(element: Element | None) -> list[Element]:
    return [] if element is None else element.findall("task")


class _Calendar:
    """The project's working days: the default week less the holidays."""

    def __init__(self, root: Element) -> None:
        week = root.find("calendars/day-types/default-week")
        # 1 marks a weekend day; without a calendar, Saturday and Sunday are.
        self.weekend = {
            number
            for number, day in enumerate(_WEEKDAYS)
            if (week.get(day) == "1" if week is not None else number >= 5)
        }
        if len(self.weekend) == 7:
            self.weekend = set()  # a week without a working day would never end a task
        self.holidays: set[date] = set()
        self.yearly: set[tuple[int, int]] = set()
        for entry in root.iterfind("calendars/date"):
            if (entry.get("type") or "HOLIDAY") == "HOLIDAY":  # not WORKING_DAY, NEUTRAL
                self._holiday(entry)

    def _holiday(self, entry: Element) -> None:
        try:
            month, day = int(entry.get("month") or ""), int(entry.get("date") or "")
            year = (entry.get("year") or "").strip()
            if year:
                self.holidays.add(date(int(year), month, day))
            else:
                date(2000, month, day)  # a leap year: 29 February is a valid yearly day
                self.yearly.add((month, day))
        except (ValueError, OverflowError):
            pass  # GanttProject itself skips a holiday it cannot read

    def working(self, day: date) -> bool:
        return (
            day.weekday() not in self.weekend
            and day not in self.holidays
            and (day.month, day.day) not in self.yearly
        )

    def finish(self, start: date, duration: int) -> date:
        """The last working day of a task of ``duration`` working days from ``start``."""
        day, left = start, duration
        per_week = 7 - len(self.weekend)
        # Whole weeks at a time while far from the end, so that a long task
        # costs no more than a short one; then day by day.
        while left > 2 * per_week:
            weeks = left // per_week - 1
            end = day + timedelta(days=7 * weeks)
            left -= weeks * per_week - self._holidays_between(day, end)
            day = end
        while True:
            if self.working(day):
                left -= 1
                if left <= 0:
                    return day
            day += timedelta(days=1)

    def _holidays_between(self, first: date, end: date) -> int:
        """Holidays on days that would otherwise be worked, from ``first`` up to ``end``."""
        days = {d for d in self.holidays if first <= d < end}
        for year in range(first.year, end.year + 1):
            for month, day in self.yearly:
                try:
                    candidate = date(year, month, day)
                except ValueError:
                    continue  # 29 February in a common year
                if first <= candidate < end:
                    days.add(candidate)
        return sum(1 for d in days if d.weekday() not in self.weekend)
