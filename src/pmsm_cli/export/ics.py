"""iCalendar (RFC 5545) with the dates people outside the project team need.

Events, all-day (``DTSTART;VALUE=DATE``, ``DTEND`` the day after the last
day, as RFC 5545 §3.6.1 has it for all-day events):

* every **milestone** of the schedule;
* the **CAB**: the ``cab-approval`` activity's date (planned), and the day the
  CAB approved each service change request (``approved_on``, §5.1);
* each RFC's **change window** (``window_start`` to ``window_end``);
* the **early life support** period: the ``early-life-support`` activity from
  its first to its last day (§4.7).

UIDs are built from the project name and pmsm's ids
(``milestone-go-live.booking-service@pmsm``), so re-importing an updated file
updates the events instead of duplicating them. ``DTSTAMP`` is the time of
the export, or ``SOURCE_DATE_EPOCH`` when set (``pmsm_cli.clock``); ``stamp``
fixes it too, for tests.

Written by hand: it is a few lines of text, and the ``icalendar`` library,
which the tests use to read the file back, is not needed at run time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from pmsm_cli import __version__
from pmsm_cli.clock import output_time
from pmsm_cli.export.outline import ExportError, Row, service_changes, slug, work_breakdown
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import ChangeRequest, Plan
from pmsm_cli.plan.resolve import PlanSchedule
from pmsm_cli.records import record

CAB_APPROVAL = "cab-approval"
EARLY_LIFE_SUPPORT = "early-life-support"
LINE_LIMIT = 75  # octets per content line before folding (RFC 5545 §3.1)


@record(slots=True)
class Event:
    uid: str
    first_day: date
    last_day: date  # inclusive; written as DTEND = the day after
    summary: str
    description: str
    categories: tuple[str, ...]
    status: str | None = None  # TENTATIVE / CONFIRMED, for change windows


def export(
    scheduled: PlanSchedule,
    plan: Plan,
    catalog: Catalog,
    *,
    stamp: datetime | None = None,
) -> bytes:
    return render(events(scheduled, plan, catalog), plan, stamp=stamp).encode()


def events(scheduled: PlanSchedule, plan: Plan, catalog: Catalog) -> list[Event]:
    """The calendar's events, in date order."""
    project = slug(plan.project.name)
    found: list[Event] = []
    for group in work_breakdown(scheduled, catalog):
        for row in group.rows:
            event = _activity_event(row, project, plan.project.name)
            if event is not None:
                found.append(event)
    seen: dict[str, int] = {}
    for index, cr in service_changes(plan):
        base = slug(cr.id)
        seen[base] = seen.get(base, 0) + 1
        key = base if seen[base] == 1 else f"{base}-{seen[base]}"
        found.extend(_change_events(index, cr, key, project))
    return sorted(found, key=lambda e: (e.first_day, e.uid))


def _activity_event(row: Row, project: str, project_name: str) -> Event | None:
    activity = row.activity
    kind = activity.catalog_id
    if kind == EARLY_LIFE_SUPPORT:
        categories: tuple[str, ...] = ("Early life support",)
        uid_kind = "els"
    elif kind == CAB_APPROVAL:
        categories = ("CAB", "Milestone") if row.milestone else ("CAB",)
        uid_kind = "cab"
    elif row.milestone:
        categories = ("Milestone",)
        uid_kind = "milestone"
    else:
        return None
    description = [f"pmsm id: {activity.id}"]
    if row.milestone:
        description.append(f"Milestone of {project_name}")
    else:
        days = row.task.duration
        description.append(f"{days} working day{'s' * (days != 1)}, {row.start} to {row.finish}")
    if row.task.critical:
        description.append("On the critical path")
    return Event(
        f"{uid_kind}-{activity.id}.{project}@pmsm",
        row.start,
        row.finish,
        activity.name,
        "\n".join(description),
        categories,
    )


def _change_events(index: int, cr: ChangeRequest, key: str, project: str) -> list[Event]:
    about = [f"{cr.id}: {cr.title}", f"Status: {cr.status}"]
    if cr.environment:
        about.append(f"Environment: {cr.environment}")
    if cr.activity:
        about.append(f"Authorises pmsm activity: {cr.activity}")
    found: list[Event] = []
    if cr.approved_on is not None:
        found.append(
            Event(
                f"rfc-{key}-approved.{project}@pmsm",
                cr.approved_on,
                cr.approved_on,
                f"CAB approved {cr.id}: {cr.title}",
                "\n".join(about),
                ("CAB",),
            )
        )
    first = cr.window_start or cr.window_end
    last = cr.window_end or cr.window_start
    if first is not None and last is not None:
        if last < first:
            raise ExportError(
                f"the change window of '{cr.id}' ends on {last} before it starts on {first}; "
                "window_end must be on or after window_start",
                ("change_requests", index, "window_end"),
            )
        found.append(
            Event(
                f"rfc-{key}-window.{project}@pmsm",
                first,
                last,
                f"Change window {cr.id}: {cr.title}",
                "\n".join(about),
                ("Change window",),
                "CONFIRMED" if cr.status in ("approved", "implemented") else "TENTATIVE",
            )
        )
    return found


def render(found: list[Event], plan: Plan, *, stamp: datetime | None = None) -> str:
    moment = (stamp or output_time()).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//pmsm//pmsm {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(plan.project.name)}",
    ]
    for event in found:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_text(event.uid)}",
            f"DTSTAMP:{moment}",
            f"DTSTART;VALUE=DATE:{event.first_day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(event.last_day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_text(event.summary)}",
            f"DESCRIPTION:{_text(event.description)}",
            "CATEGORIES:" + ",".join(_text(c) for c in event.categories),
            "TRANSP:TRANSPARENT",
        ]
        if event.status:
            lines.append(f"STATUS:{event.status}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newline escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n")):
        value = value.replace(raw, escaped)
    # Other control characters are not allowed in a content line at all.
    return "".join(c for c in value if c == "\t" or (ord(c) >= 0x20 and c != "\x7f"))


def _fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, never inside a UTF-8 character."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = LINE_LIMIT
    for char in line:
        width = len(char.encode())
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = LINE_LIMIT - 1  # continuation lines start with a space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)
