"""The missing activities added to a copy of an MS Project XML file.

The copy is the original's bytes with text spliced in, never a file rebuilt
from pmsm's model: calendars, resources, assignments, custom fields, baselines
and whatever MS Project wrote that pmsm does not read stay exactly as they
were. Three kinds of text go in:

* one new summary task, "ITIL service transition (added by pmsm)", at the end
  of ``<Tasks>``, with one task per missing activity under it: new UIDs and
  IDs after the highest ones in the file, the catalog title as the name, the
  catalog duration, a note citing the catalog id and its source;
* ``PredecessorLink`` elements in the new tasks: to the PM's tasks that cover
  the activity's catalog predecessors, and to the other new tasks;
* ``PredecessorLink`` elements in the PM's own tasks that must come after a
  new one (their go-live after the added readiness assessment), placed after
  the task's existing links, where the MSPDI schema wants them.

The file is parsed with defusedxml first (``xmlfile.parse``: an entity is
refused); only then does expat find the byte offsets to splice at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from xml.etree.ElementTree import Element
from xml.parsers import expat

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.reading import read_bytes
from pmsm_cli.foreign.placement import SUMMARY_NAME, Placed
from pmsm_cli.foreign.timing import Span
from pmsm_cli.formatting.xml import escape
from pmsm_cli.readers.mspdi import DEFAULT_MINUTES_PER_DAY
from pmsm_cli.readers.mspdi_values import NAMESPACE
from pmsm_cli.readers.xmlfile import local, parse
from pmsm_cli.records import record

_WHAT = "MS Project XML file"
_NS = "{" + NAMESPACE + "}"
DURATION_IN_DAYS = 7  # DurationFormat and LagFormat "d"
FINISH_TO_START = 1  # PredecessorLink Type
DAY_START = time(8, 0)  # MS Project's default start and finish of a working day
DAY_FINISH = time(17, 0)
# Task children the MSPDI schema (mspdi_pj12.xsd) puts after PredecessorLink:
# a new link goes before the first of them when the task has no link yet.
_AFTER_LINKS = frozenset(
    {
        "ActualWorkProtected",
        "ActualOvertimeWorkProtected",
        "ExtendedAttribute",
        "Baseline",
        "OutlineCode",
        "IsPublished",
        "StatusManager",
        "CommitmentStart",
        "CommitmentFinish",
        "CommitmentType",
        "Active",
        "Manual",
        "TimephasedData",
    }
)
_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")


def write_copy(
    path: Path, placed: Placed, spans: dict[str, Span], data: bytes | None = None
) -> bytes:
    """The bytes of ``path`` (MS Project XML) with the placed tasks added.

    ``data``: the file's MS Project XML when it is not the file itself (an .mpp
    that MPXJ wrote out as XML, readers.mpxj.as_mspdi).
    """
    if data is None:
        data = read_bytes(path, _WHAT)
    root = parse(data, path, _WHAT)  # defused: refuses entities before expat below sees them
    layout = _Layout.of(data, path)
    numbers = _Numbers.of(root, path)
    minutes_per_day = _minutes_per_day(root)
    # The summary task takes the first new UID, its children the ones after it.
    uids = {p.activity: numbers.next_uid + 2 + n for n, p in enumerate(placed.tasks)}
    inserts: list[tuple[int, str]] = []
    # Links from the new tasks into the PM's own tasks that follow them.
    incoming: dict[str, list[int]] = {}
    for placement in placed.tasks:
        for task_id in placement.before:
            incoming.setdefault(task_id, []).append(uids[placement.activity])
    for task_id, predecessors in incoming.items():
        task = layout.tasks.get(task_id)
        if task is None:
            raise PmsmError(f"task UID {task_id} is not in the file", path)
        links = "".join(layout.child(_link(uid), 4) for uid in predecessors)
        inserts.append((task.link_offset, links))
    new_tasks = _new_tasks(placed, spans, uids, numbers, minutes_per_day, layout)
    inserts.append((layout.tasks_insert, new_tasks))
    return _splice(data, inserts, layout)


@dataclass(slots=True)
class _TaskPlace:
    link_offset: int  # where a new PredecessorLink goes


@dataclass(slots=True)
class _Layout:
    """Byte offsets and whitespace of the original file."""

    encoding: str
    tasks_insert: int  # just after the last </Task>: where the new tasks go
    newline: str
    indent: str  # one level of indentation ("\t", "  ", or "" for a file on one line)
    base: str  # the indentation of <Task>
    tasks: dict[str, _TaskPlace] = field(default_factory=dict)

    @staticmethod
    def of(data: bytes, path: Path) -> _Layout:
        declared = _ENCODING.match(data[:200])
        encoding = declared[1].decode("ascii") if declared else "utf-8"
        try:
            ascii_based = "a<>".encode(encoding) == b"a<>"
        except LookupError:
            ascii_based = False
        if not ascii_based:
            raise PmsmError(
                f"the file is in the encoding {encoding}; pmsm adds tasks to MS Project XML in "
                "UTF-8 (what MS Project saves) or another encoding based on ASCII: save it "
                "again from MS Project as XML",
                path,
            )
        finder = _OffsetFinder(data)
        if finder.tasks_end is None or not finder.task_end_offsets:
            raise PmsmError(
                "the file has no tasks under <Tasks>: there is nothing to place the missing "
                "activities among",
                path,
            )
        last_task = data.index(b">", finder.task_end_offsets[-1]) + 1
        newline = "\r\n" if b"\r\n" in data[:4096] else "\n" if b"\n" in data else ""
        base, indent = finder.indents(data, encoding)
        return _Layout(encoding, last_task, newline, indent, base, finder.tasks)

    def child(self, element: str, depth: int) -> str:
        """``element`` on its own line at ``depth`` levels below <Task>."""
        if not self.newline:
            return element
        return self.newline + self.base + self.indent * depth + element


class _OffsetFinder:
    """One expat pass recording where the task list ends and where links can go in each task."""

    def __init__(self, data: bytes) -> None:
        self.tasks_end: int | None = None
        self.tasks: dict[str, _TaskPlace] = {}
        self.task_end_offsets: list[int] = []
        self._path: list[str] = []
        self._uid: str | None = None
        self._uid_text: list[str] = []
        self._last_link_end: int | None = None
        self._first_follower: int | None = None
        self._parser = expat.ParserCreate()
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._text
        self._data = data
        self._parser.Parse(data, True)

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        tag = local(name.rpartition(":")[2])
        self._path.append(tag)
        if self._path[1:] == ["Tasks", "Task"]:
            self._uid, self._uid_text = None, []
            self._last_link_end = self._first_follower = None
        elif (
            len(self._path) == 4
            and self._path[1:3] == ["Tasks", "Task"]
            and tag in _AFTER_LINKS
            and self._first_follower is None
        ):
            self._first_follower = self._parser.CurrentByteIndex

    def _end(self, name: str) -> None:
        offset = self._parser.CurrentByteIndex
        if self._path[1:] == ["Tasks"]:
            self.tasks_end = offset
        elif self._path[1:] == ["Tasks", "Task"]:
            uid = "".join(self._uid_text).strip()
            if self._last_link_end is not None:
                where = self._last_link_end
            else:
                # Before the line of the element that follows, so that its line stays whole.
                where = _before_space(self._data, self._first_follower or offset)
            self.tasks[uid] = _TaskPlace(where)
            self.task_end_offsets.append(offset)
        elif self._path[1:] == ["Tasks", "Task", "PredecessorLink"]:
            self._last_link_end = self._data.index(b">", offset) + 1
        self._path.pop()

    def _text(self, text: str) -> None:
        if self._path[1:] == ["Tasks", "Task", "UID"]:
            self._uid_text.append(text)

    def indents(self, data: bytes, encoding: str) -> tuple[str, str]:
        """The indentation of <Task> and one level of it, read off the closing tags."""
        if self.tasks_end is None:
            return "", ""
        outer = _line_indent(data, self.tasks_end, encoding)
        if self.task_end_offsets:
            inner = _line_indent(data, self.task_end_offsets[-1], encoding)
            step = inner[len(outer) :] if inner.startswith(outer) and inner != outer else "\t"
            return inner, step
        return outer + "\t", "\t"


def _before_space(data: bytes, offset: int) -> int:
    """The offset just after the last tag before ``offset``: its whitespace belongs to the next."""
    while offset > 0 and data[offset - 1 : offset] in (b" ", b"\t", b"\r", b"\n"):
        offset -= 1
    return offset


def _line_indent(data: bytes, offset: int, encoding: str) -> str:
    line_start = data.rfind(b"\n", 0, offset) + 1
    text = data[line_start:offset].decode(encoding, errors="replace")
    return text if not text.strip() else ""


@record(slots=True)
class _Numbers:
    next_uid: int  # the highest UID in the file, of a task or named by a link
    next_id: int  # the highest ID
    top_level: int  # tasks at outline level 1

    @staticmethod
    def of(root: Element, path: Path) -> _Numbers:
        uids, ids, top = [0], [0], 0
        container = root.find(_NS + "Tasks")
        for task in [] if container is None else container.findall(_NS + "Task"):
            for tag, values in (("UID", uids), ("ID", ids)):
                text = (task.findtext(_NS + tag) or "").strip()
                if text.lstrip("-").isdigit():
                    values.append(int(text))
            # A link to a UID that is not in the file (a deleted task) must stay
            # dangling: a new task must not take that UID and inherit the link.
            for link in task.findall(_NS + "PredecessorLink"):
                text = (link.findtext(_NS + "PredecessorUID") or "").strip()
                if text.isdigit():
                    uids.append(int(text))
            if (task.findtext(_NS + "OutlineLevel") or "").strip() == "1":
                top += 1
        return _Numbers(max(uids), max(ids), top)


def _minutes_per_day(root: Element) -> int:
    text = (root.findtext(_NS + "MinutesPerDay") or "").strip()
    return int(text) if text.isdigit() and 0 < int(text) <= 1440 else DEFAULT_MINUTES_PER_DAY


def _new_tasks(
    placed: Placed,
    spans: dict[str, Span],
    uids: dict[str, int],
    numbers: _Numbers,
    minutes_per_day: int,
    layout: _Layout,
) -> str:
    top = str(numbers.top_level + 1)
    summary_uid = numbers.next_uid + 1
    starts = [s.start for s in spans.values()]
    finishes = [s.finish for s in spans.values()]
    summary = _task_xml(
        layout,
        [
            ("UID", summary_uid),
            ("ID", numbers.next_id + 1),
            ("Name", SUMMARY_NAME),
            ("IsNull", 0),
            ("WBS", top),
            ("OutlineNumber", top),
            ("OutlineLevel", 1),
            *_dates(min(starts, default=None), max(finishes, default=None)),
            ("Summary", 1),
            ("Notes", "Activities the pmsm catalog expects that this plan does not have yet."),
        ],
    )
    parts = [summary]
    for number, placement in enumerate(placed.tasks, start=1):
        span = spans.get(placement.activity)
        hours = placement.duration_days * minutes_per_day // 60
        links = [
            uids[a.activity] if a.activity is not None else int(a.task_id or 0)
            for a in placement.after
        ]
        fields: list[tuple[str, object]] = [
            ("UID", uids[placement.activity]),
            ("ID", numbers.next_id + 1 + number),
            ("Name", placement.name),
            ("IsNull", 0),
            ("WBS", f"{top}.{number}"),
            ("OutlineNumber", f"{top}.{number}"),
            ("OutlineLevel", 2),
            *_dates(span.start if span else None, span.finish if span else None),
            ("Duration", f"PT{hours}H0M0S"),
            ("DurationFormat", DURATION_IN_DAYS),
            ("Estimated", 0),
            ("Milestone", int(placement.milestone)),
            ("Summary", 0),
            ("Notes", placement.note),
            *(("PredecessorLink", uid) for uid in links),
            ("Active", 1),
            ("Manual", 0),
        ]
        parts.append(_task_xml(layout, fields))
    return "".join(parts)


def _dates(start: date | None, finish: date | None) -> Iterator[tuple[str, object]]:
    if start is not None:
        yield "Start", datetime.combine(start, DAY_START).isoformat()
    if finish is not None:
        yield "Finish", datetime.combine(finish, DAY_FINISH).isoformat()


def _task_xml(layout: _Layout, fields: list[tuple[str, object]]) -> str:
    inner = "".join(
        layout.child(
            _link(int(str(value))) if tag == "PredecessorLink" else _element(tag, value), 1
        )
        for tag, value in fields
    )
    closing = layout.newline + layout.base if layout.newline else ""
    return (
        layout.newline + layout.base if layout.newline else ""
    ) + f"<Task>{inner}{closing}</Task>"


def _field(tag: str, value: object) -> str:
    return _link(int(str(value))) if tag == "PredecessorLink" else _element(tag, value)


def _element(tag: str, value: object) -> str:
    return f"<{tag}>{escape(str(value))}</{tag}>"


def _link(predecessor_uid: int) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{predecessor_uid}</PredecessorUID>"
        f"<Type>{FINISH_TO_START}</Type><CrossProject>0</CrossProject>"
        f"<LinkLag>0</LinkLag><LagFormat>{DURATION_IN_DAYS}</LagFormat></PredecessorLink>"
    )


def _splice(data: bytes, inserts: list[tuple[int, str]], layout: _Layout) -> bytes:
    """The original bytes with each text put in at its offset (in the file's encoding)."""
    out: list[bytes] = []
    previous = 0
    for offset, text in sorted(inserts, key=lambda item: item[0]):
        out.append(data[previous:offset])
        out.append(text.encode(layout.encoding, errors="xmlcharrefreplace"))
        previous = offset
    out.append(data[previous:])
    return b"".join(out)
