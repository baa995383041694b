"""MS Project XML (MSPDI): what MS Project writes with File > Save As > XML.

Read in pure Python through defusedxml (``xmlfile.parse``), following the
MSPDI schema (``mspdi_pj12.xsd``):

* every task but the project summary task (UID 0, outline level 0), blank
  rows (``IsNull``) and the placeholders MS Project adds for links to other
  projects (``ExternalTask``);
* the outline from ``OutlineLevel`` (or the depth of ``OutlineNumber``), the
  parent being the nearest task above with a lower level, and ``WBS``;
* durations, which MSPDI always writes as working time in hours
  (``PT40H0M0S``), in working days of the project's ``MinutesPerDay``
  (480 when the file does not say); an elapsed duration (``DurationFormat``
  "ed", "eh", ...) counts calendar time, which is turned into working days
  by the share of the week that is worked;
* start and finish as the dates MS Project shows;
* ``PredecessorLink``: the predecessor's UID, the type (0 FF, 1 FS, 2 SF,
  3 SS; FS when absent, as MS Project reads it) and ``LinkLag`` in tenths of
  a minute of working time (or a percentage of the predecessor's duration
  when ``LagFormat`` says "%");
* resource names through ``Assignments`` and ``Resources``;
* notes and percent complete.

A link to a task that is not in the file is left out with a warning, as MS
Project and MPXJ open such a file without a word: refusing the whole plan for
one broken link would stop the audit of everything else. A link to another
project (``CrossProject``) or to a blank row is left out silently: it is not a
link within this plan. Links that form a cycle are kept: a reader reports the
plan as written, and the check says what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.files.reading import read_bytes
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.model import (
    ForeignPlan,
    ForeignTask,
    Link,
    LinkType,
    Where,
    nest_by_outline,
)
from pmsm_cli.readers.mspdi_values import NAMESPACE, NS, MspdiValues
from pmsm_cli.readers.xmlfile import (
    MAX_NAME,
    MAX_NOTES,
    MAX_OUTLINE_DEPTH,
    MAX_TASKS,
    MAX_VALUE,
    local,
    parse,
    quote,
    root_element,
)
from pmsm_cli.records import record

NAME = "mspdi"
DESCRIPTION = "MS Project XML"
# The reading options (--sheet, --columns, --date-format) this reader uses; the others
# are refused for its files rather than silently ignored.
USES: frozenset[str] = frozenset()
ENDINGS = (".xml",)

_WHAT = "MS Project XML file"

DEFAULT_MINUTES_PER_DAY = 480
_LINK_TYPES: dict[str, LinkType] = {"0": "FF", "1": "FS", "2": "SF", "3": "SS"}
# DurationFormat / LagFormat codes counted in elapsed (calendar) time: em, eh,
# ed, ew, emo, e% and their "estimated" twins (the same plus 32).
_ELAPSED = {4, 6, 8, 10, 12, 20, 36, 38, 40, 42, 44, 52}
_PERCENT = {19, 20, 51, 52}
_UNASSIGNED = "-65535"  # Assignment ResourceUID of a task with no resource


def sniff(head: bytes, path: Path) -> bool:
    """XML whose root element is ``Project`` in MS Project's namespace."""
    root = root_element(head)
    if root is None:
        return False
    tag, attributes = root
    prefix, _, name = tag.rpartition(":")
    declared = attributes.get(f"xmlns:{prefix}" if prefix else "xmlns")
    return name == "Project" and declared == NAMESPACE


def read(path: Path, options: ReadOptions) -> ForeignPlan:
    root = parse(read_bytes(path, _WHAT), path, _WHAT)
    if root.tag != NS + "Project":
        raise PmsmError(
            f"this is XML, but not MS Project XML: its root element is <{local(root.tag)}>, "
            f'where MS Project writes <Project xmlns="{NAMESPACE}">',
            path,
        )
    return _Reader(path, root).plan()


@record(slots=True)
class _Units:
    """How the project turns working minutes into days."""

    minutes_per_day: int
    days_per_week: float  # working days in a week, for elapsed time

    def days(self, minutes: float, elapsed: bool) -> float:
        if elapsed:
            # Calendar time: a day is 1,440 minutes, of which days_per_week in 7 are worked.
            return round(minutes / 1440 * self.days_per_week / 7, 4)
        return round(minutes / self.minutes_per_day, 4)


@dataclass(slots=True)
class _RawLink:
    predecessor: str
    type: LinkType
    lag_minutes: float
    elapsed: bool
    percent: float | None  # a lag given as a share of the predecessor's duration


class _Reader(MspdiValues):
    def __init__(self, path: Path, root: Element) -> None:
        super().__init__(path)
        self.root = root
        self.warnings: list[Problem] = []

    def plan(self) -> ForeignPlan:
        units = self._units()
        tasks, links, skipped = self._outline(units)
        by_id = {task.id: task for task in tasks}
        for task in tasks:
            task.predecessors = self._resolve(task, links[task.id], by_id, skipped, units)
        self._assign_resources(by_id)
        return ForeignPlan(
            path=self.path,
            format=NAME,
            tasks=tasks,
            title=self._title(),
            start=self._date(self.root, "StartDate", "the project"),
            warnings=self.warnings,
        )

    def _outline(
        self, units: _Units
    ) -> tuple[list[ForeignTask], dict[str, list[_RawLink]], set[str]]:
        """The tasks in file order with their parents, their links as written, the UIDs left out."""
        tasks: list[ForeignTask] = []
        links: dict[str, list[_RawLink]] = {}
        skipped: set[str] = set()
        for element in self._task_elements():
            uid = self._uid(element)
            if uid in links or uid in skipped:
                raise PmsmError(
                    f"two tasks have UID {uid}; each task's UID must be unique", self.path
                )
            if self._skipped(element, uid):
                skipped.add(uid)
                continue
            tasks.append(self._task(element, uid, units))
            links[uid] = self._links(element, uid)
        nest_by_outline(tasks)
        return tasks, links, skipped

    # -- the project -----------------------------------------------------

    def _units(self) -> _Units:
        per_day = self._int(self.root, "MinutesPerDay", "the project")
        if per_day is None:
            per_day = DEFAULT_MINUTES_PER_DAY
        if not 0 < per_day <= 1440:
            raise PmsmError(
                f"the project's MinutesPerDay is {per_day}; a working day has between 1 and "
                "1,440 minutes",
                self.path,
            )
        per_week = self._int(self.root, "MinutesPerWeek", "the project") or per_day * 5
        days_per_week = min(max(per_week / per_day, 0.0), 7.0) or 5.0
        return _Units(per_day, days_per_week)

    def _title(self) -> str | None:
        for tag in ("Title", "Name"):
            text = self._text(self.root, tag, MAX_NAME, "the project")
            if text and text.strip():
                return text.strip()
        return None

    def _task_elements(self) -> list[Element]:
        container = self.root.find(NS + "Tasks")
        elements = [] if container is None else container.findall(NS + "Task")
        if len(elements) > MAX_TASKS:
            raise PmsmError(
                f"the file has {len(elements):,} tasks; pmsm reads at most {MAX_TASKS:,} in "
                "one plan: split it into several projects",
                self.path,
            )
        return elements

    # -- one task --------------------------------------------------------

    def _uid(self, element: Element) -> str:
        uid = self._int(element, "UID", "a task")
        if uid is None:
            name = element.findtext(NS + "Name") or ""
            raise PmsmError(
                f"a task ({quote(name)}) has no UID; MS Project gives every task one, so the "
                "file was not written by MS Project or was edited by hand",
                self.path,
            )
        return str(uid)

    def _skipped(self, element: Element, uid: str) -> bool:
        """The project summary task, blank rows and other projects' tasks are no work here."""
        who = f"task UID {uid}"
        return (
            uid == "0"
            or self._int(element, "OutlineLevel", who) == 0
            or self._flag(element, "IsNull", who)
            or self._flag(element, "ExternalTask", who)
        )

    def _task(self, element: Element, uid: str, units: _Units) -> ForeignTask:
        who = f"task UID {uid}"
        name = self._text(element, "Name", MAX_NAME, who) or ""
        who = f"task UID {uid} {quote(name)}" if name else who
        wbs = self._text(element, "WBS", MAX_VALUE, who) or None
        milestone = self._flag(element, "Milestone", who)
        return ForeignTask(
            id=uid,
            name=name,
            where=Where(self.path, uid=uid),
            outline_level=self._outline_level(element, who),
            summary=self._flag(element, "Summary", who),
            milestone=milestone,
            duration_days=self._duration(element, who, units),
            start=self._date(element, "Start", who),
            finish=self._date(element, "Finish", who),
            notes=self._text(element, "Notes", MAX_NOTES, who) or "",
            percent_complete=self._percent(element, who),
            wbs=wbs,
        )

    def _outline_level(self, element: Element, who: str) -> int:
        level = self._int(element, "OutlineLevel", who)
        if level is None:
            number = self._text(element, "OutlineNumber", MAX_VALUE, who)
            level = number.count(".") + 1 if number else 1
        if not 1 <= level <= MAX_OUTLINE_DEPTH:
            raise PmsmError(
                f"{who}: OutlineLevel is {level}; pmsm reads outlines from level 1 to "
                f"{MAX_OUTLINE_DEPTH}",
                self.path,
            )
        return level

    def _duration(self, element: Element, who: str, units: _Units) -> float | None:
        text = self._text(element, "Duration", MAX_VALUE, who)
        if not text:
            return None
        minutes = self._minutes(text, who, "Duration")
        return units.days(minutes, self._int(element, "DurationFormat", who) in _ELAPSED)

    def _percent(self, element: Element, who: str) -> float | None:
        value = self._number(element, "PercentComplete", who)
        if value is not None and not 0 <= value <= 100:
            raise PmsmError(
                f"{who}: PercentComplete is {value:g}; it goes from 0 to 100", self.path
            )
        return value

    # -- links -------------------------------------------------------------

    def _links(self, element: Element, uid: str) -> list[_RawLink]:
        who = f"task UID {uid}"
        links: list[_RawLink] = []
        for link in element.findall(NS + "PredecessorLink"):
            if self._flag(link, "CrossProject", who):
                continue  # a task of another project: not a link within this plan
            predecessor = self._int(link, "PredecessorUID", who)
            if predecessor is None:
                continue  # as MS Project: a link without a predecessor links nothing
            kind = self._text(link, "Type", MAX_VALUE, who) or "1"
            if kind not in _LINK_TYPES:
                raise PmsmError(
                    f"{who}: a predecessor link has Type {quote(kind)}; MS Project writes "
                    "0 (finish-to-finish), 1 (finish-to-start), 2 (start-to-finish) or "
                    "3 (start-to-start)",
                    self.path,
                )
            lag = self._number(link, "LinkLag", who) or 0.0
            lag_format = self._int(link, "LagFormat", who)
            percent = lag_format in _PERCENT
            links.append(
                _RawLink(
                    predecessor=str(predecessor),
                    type=_LINK_TYPES[kind],
                    lag_minutes=0.0 if percent else lag / 10,  # tenths of a minute
                    elapsed=lag_format in _ELAPSED,
                    percent=lag if percent else None,
                )
            )
        return links

    def _resolve(
        self,
        task: ForeignTask,
        raw: list[_RawLink],
        by_id: dict[str, ForeignTask],
        skipped: set[str],
        units: _Units,
    ) -> tuple[Link, ...]:
        links: list[Link] = []
        for link in raw:
            predecessor = by_id.get(link.predecessor)
            if predecessor is None:
                if link.predecessor not in skipped:
                    self.warnings.append(
                        Problem(
                            f"task UID {task.id} {quote(task.name)} has a predecessor with UID "
                            f"{link.predecessor}, which is not in the file; the link is left out",
                            self.path,
                        )
                    )
                continue
            if link.percent is not None:
                lag = round(link.percent / 100 * (predecessor.duration_days or 0.0), 4)
            else:
                lag = units.days(link.lag_minutes, link.elapsed)
            links.append(Link(predecessor=predecessor.id, type=link.type, lag_days=lag))
        return tuple(links)

    # -- resources ---------------------------------------------------------

    def _assign_resources(self, by_id: dict[str, ForeignTask]) -> None:
        names: dict[str, str] = {}
        resources = self.root.find(NS + "Resources")
        for resource in [] if resources is None else resources.findall(NS + "Resource"):
            uid = self._int(resource, "UID", "a resource")
            name = self._text(resource, "Name", MAX_NAME, f"resource UID {uid}")
            if uid is not None and name and name.strip():
                names[str(uid)] = name.strip()
        assigned: dict[str, list[str]] = {}
        assignments = self.root.find(NS + "Assignments")
        for assignment in [] if assignments is None else assignments.findall(NS + "Assignment"):
            task_uid = assignment.findtext(NS + "TaskUID")
            resource_uid = assignment.findtext(NS + "ResourceUID")
            if task_uid is None or resource_uid in (None, _UNASSIGNED):
                continue
            name = names.get((resource_uid or "").strip())
            task = by_id.get(task_uid.strip())
            if name is None or task is None:
                continue  # a resource or task that is not in the file: nothing to show
            task_names = assigned.setdefault(task.id, [])
            if name not in task_names:
                task_names.append(name)
        for task_id, task_names in assigned.items():
            by_id[task_id].resources = tuple(task_names)
