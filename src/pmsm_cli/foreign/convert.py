"""A foreign plan as a pmsm plan: every task kept, recognised ones tied to the catalog.

The result is the plan's data (what YAML would load), the place in the
source of each activity (for findings), and for each activity the comments
``pmsm import`` writes above it (where it came from, a possible match to
confirm, a link pmsm had to restate). ``pmsm check`` runs its rules on the
data; ``yamltext`` writes it out.

Two things of a schedule tool have no field in a pmsm plan, and are restated
so that the schedule stays the same:

- **summary tasks**: a summary is kept as an activity of no duration that
  depends on its children (so it finishes when they all have, and whatever
  follows the summary follows them), and its own predecessors are passed
  down to its children (so they start after them, as in MS Project);
- **link types**: pmsm links finish to start. A start-to-start link with lag
  L from a task of duration D is the same constraint as a finish-to-start
  link with lag L - D (the same for finish-to-finish with the successor's
  duration, and start-to-finish with both), so long as the durations stand.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import field
from typing import Any

from pmsm_cli.foreign.kind import KindChoice
from pmsm_cli.matching import TaskMatch
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Waiver
from pmsm_cli.models.text import MAX_TEXT
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, Where
from pmsm_cli.records import record

MAX_LAG = 1000  # working days either way, as the plan model allows
MAX_DURATION = 10_000

# Control characters a one-line text field of the plan refuses (the source may hold them).
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
_NOT_PROSE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
_DONE = re.compile(
    r"^(done|closed|resolved|complete|completed|finished|erledigt|abgeschlossen|fertig)$", re.I
)
_BUSY = re.compile(
    r"^(in progress|in review|started|ongoing|in arbeit|in bearbeitung|läuft)$", re.I
)


@record(slots=True)
class Decision:
    """What one task is taken to be: the matcher's result, or the map file's confirmation."""

    task: ForeignTask
    plan_id: str
    match: TaskMatch
    catalog: str | None  # the catalog activity the task implements
    confirmed: bool = False  # said so in the map file, or in the source's own catalog column
    confirmed_in: str = "the map file"


@record
class Converted:
    data: dict[str, Any]  # the plan, as loading its YAML would give it
    wheres: list[Where]  # activity index -> where the task is in the source
    comments: list[list[str]]  # activity index -> comment lines above it
    header: list[str] = field(default_factory=list)  # comment lines above the plan


def convert(
    plan: ForeignPlan,
    decisions: Sequence[Decision],
    kind: KindChoice,
    catalog: Catalog,
    today: dt.date,
    waivers: Sequence[Waiver] = (),
) -> Converted:
    by_task = {d.task.id: d for d in decisions}
    durations = {d.task.id: _duration(d.task) for d in decisions}
    children: dict[str, list[str]] = {}
    for d in decisions:
        if d.task.parent is not None and d.task.parent in by_task:
            children.setdefault(d.task.parent, []).append(d.task.id)
    inherited: dict[str, list[tuple[Link, str]]] = {}  # task id -> links passed down, from whom
    start = plan.start or min((t.start for t in plan.tasks if t.start), default=today)
    activities: list[dict[str, Any]] = []
    comments: list[list[str]] = []
    for d in decisions:
        notes: list[str] = [_origin(d.task, by_task)]
        if d.confirmed:
            notes.append(
                f"confirmed in {d.confirmed_in} as {d.catalog}" if d.catalog else "confirmed: none"
            )
        elif d.catalog is None and d.match.best is not None and d.match.outcome == "possible":
            best = d.match.best
            notes.append(
                f"possibly {best.catalog} (score {best.score:.2f}): confirm with catalog: "
                f"{best.catalog}"
            )
        own = [(link, "") for link in d.task.predecessors]
        links = own + inherited.get(d.task.id, [])
        ancestors = _ancestors(d.task, by_task)
        if d.task.summary:
            for child in children.get(d.task.id, []):
                inherited.setdefault(child, []).extend(
                    (link, via or d.task.name) for link, via in links
                )
        depends: list[dict[str, Any]] = []
        for link, via in links:
            found = by_task.get(link.predecessor)
            if found is None:
                continue  # the reader already warned of a link to a task not in the file
            if link.predecessor in ancestors:
                notes.append(f"a link to its own summary task '{found.task.name}' left out")
                continue
            if d.task.summary:
                continue  # passed down to the children above
            lag, said = _finish_to_start(link, durations, found.task, d.task)
            if said:
                notes.append(f"{said} on '{found.task.name}'" + (f" (from '{via}')" if via else ""))
            depends.append({"id": found.plan_id, "lag": lag} if lag else {"id": found.plan_id})
        if d.task.summary:
            depends = [{"id": by_task[c].plan_id} for c in children.get(d.task.id, [])]
        activities.append(_activity(d, depends, durations[d.task.id], start, bool(links)))
        comments.append(notes)
    data: dict[str, Any] = {
        "version": 1,
        "project": {
            "name": _one_line(plan.title or plan.path.stem),
            "kind": kind.kind,
            "start": start,
        },
        "activities": activities,
    }
    if waivers:
        data["waivers"] = [w.model_dump(exclude_defaults=True, mode="json") for w in waivers]
    header = [
        f"Imported from {plan.path.name} ({plan.format}) by pmsm import.",
        kind.sentence() + ".",
        "catalog: ties a task to its catalog activity; '# possibly' marks a match to confirm.",
        "Summary tasks have no duration and depend on their tasks; link types other than",
        "finish-to-start are restated as finish-to-start with an adjusted lag (see the comments).",
    ]
    return Converted(data, [d.task.where for d in decisions], comments, header)


def _activity(
    d: Decision, depends: list[dict[str, Any]], duration: int | None, start: dt.date, linked: bool
) -> dict[str, Any]:
    task = d.task
    item: dict[str, Any] = {"id": d.plan_id, "name": _one_line(task.name) or d.plan_id}
    if d.catalog is not None:
        item["catalog"] = d.catalog
    if task.summary:
        item["duration"] = 0
        item["milestone"] = False
    elif task.milestone:
        item["duration"] = 0
        item["milestone"] = True
    elif duration is not None:
        item["duration"] = duration
    if depends:
        item["depends_on"] = depends
    # A task no link places starts where the source says: that date is all pmsm has.
    if not linked and not task.summary and task.start is not None and task.start != start:
        item["start"] = task.start
    if task.resources:
        item["owner"] = _one_line(", ".join(task.resources))
    if task.summary:
        # A summary's progress is its tasks'; kept on it, it would claim work started
        # before the tasks it waits for here.
        return item
    status = _status(task)
    if status != "not-started":
        item["status"] = status
    if task.percent_complete is not None:
        item["percent_complete"] = max(0, min(100, round(task.percent_complete)))
    notes = _NOT_PROSE.sub(" ", task.notes).strip()[:MAX_TEXT]
    if notes:
        item["notes"] = notes
    return item


def _duration(task: ForeignTask) -> int | None:
    """Whole working days: a part day takes a day, as it does in the source's calendar."""
    if task.summary or task.milestone:
        return 0
    if task.duration_days is None:
        return None
    return max(0, min(MAX_DURATION, math.ceil(task.duration_days - 1e-9)))


def _finish_to_start(
    link: Link, durations: Mapping[str, int | None], before: ForeignTask, after: ForeignTask
) -> tuple[int, str]:
    """The lag of the finish-to-start link that constrains as ``link`` does, and what was said."""
    lag = round(link.lag_days)
    if link.type == "FS":
        return max(-MAX_LAG, min(MAX_LAG, lag)), ""
    pred = _span(before, durations)
    succ = durations.get(after.id) or 0
    shift = {"SS": pred, "FF": succ, "SF": pred + succ}[link.type]
    written = f"{link.type}{lag:+d}d" if lag else link.type
    fs = max(-MAX_LAG, min(MAX_LAG, lag - shift))
    return fs, f"{written} in the source, as finish-to-start lag {fs}"


def _span(task: ForeignTask, durations: Mapping[str, int | None]) -> int:
    # A summary finishes with its tasks in pmsm, but starts with them in the source.
    if task.summary and task.duration_days is not None:
        return math.ceil(task.duration_days - 1e-9)
    return durations.get(task.id) or 0


def _ancestors(task: ForeignTask, by_task: Mapping[str, Decision]) -> set[str]:
    found: set[str] = set()
    parent = task.parent
    while parent is not None and parent in by_task and parent not in found:
        found.add(parent)
        parent = by_task[parent].task.parent
    return found


def _origin(task: ForeignTask, by_task: Mapping[str, Decision]) -> str:
    text = f"from {_place(task.where)}"
    if task.wbs:
        text += f", outline {task.wbs}"
    if task.parent is not None and task.parent in by_task:
        text += f", under '{_one_line(by_task[task.parent].task.name)}'"
    if task.summary:
        text += ": a summary task"
    return text


def _place(where: Where) -> str:
    if where.sheet is not None:
        return f"sheet '{where.sheet}', cell {where.cell}"
    if where.line is not None:
        return f"line {where.line}"
    return f"task UID {where.uid}" if where.uid is not None else where.path.name


def place_words(where: Where) -> str:
    """Where a task is, as its program shows it: 'line 12', "sheet 'Plan', cell B7"."""
    return _place(where)


def _status(task: ForeignTask) -> str:
    if task.percent_complete is not None:
        if task.percent_complete >= 100:
            return "done"
        if task.percent_complete > 0:
            return "in-progress"
    word = (task.status or "").strip()
    if _DONE.match(word):
        return "done"
    if _BUSY.match(word):
        return "in-progress"
    return "not-started"


def _one_line(text: str) -> str:
    return " ".join(_NOT_ONE_LINE.sub(" ", text).split())[:MAX_TEXT]
