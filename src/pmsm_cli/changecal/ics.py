"""Reading the change calendar from the iCalendar (.ics) file a change manager publishes.

Which events count (the rest of the file is left alone):

* a **freeze**, a **maintenance** window or a **CAB** meeting is an event
  with that word among its ``CATEGORIES`` (also ``change freeze``,
  ``maintenance window``, ``cab meeting``, ``change advisory board``), or,
  without such a category, whose ``SUMMARY`` starts with ``Freeze:``,
  ``Change freeze:``, ``Maintenance:``, ``Maintenance window:`` or ``CAB:``
  (``-`` may stand for the colon);
* the event's other categories name the environments it applies to; none
  means every environment;
* the name is the summary without its tag, the reason the ``DESCRIPTION``.

Dates are what the plan needs: days. A timed event covers the days it
touches, in its own time zone; an all-day event ends the day before its
``DTEND``, as RFC 5545 says. Recurring events (``RRULE``, ``RDATE``,
``EXDATE``, and occurrences moved or cancelled with ``RECURRENCE-ID``) are
expanded with python-dateutil over the dates a plan asks about; rules that
repeat more often than daily are refused (a calendar of days has no use for
them, and expanding them over years would take long).

The file is read with the ``icalendar`` library; both are imported only when
a configuration names an .ics file. Like a configuration, the file may not
be pmsm's: a message about it says where (file and line) and what was
expected, never what the line holds (see pmsm_cli.files.quoting).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from pmsm_cli.changecal.model import EventKind, Recurring
from pmsm_cli.errors import PmsmError

WHAT = "change calendar"
_TAGS: dict[str, EventKind] = {
    "freeze": "freeze",
    "change freeze": "freeze",
    "change-freeze": "freeze",
    "maintenance": "maintenance",
    "maintenance window": "maintenance",
    "maintenance-window": "maintenance",
    "cab": "cab",
    "cab meeting": "cab",
    "change advisory board": "cab",
}
_PREFIX = re.compile(
    r"\s*(change\s+freeze|freeze|maintenance\s+window|maintenance|cab)\s*[:\-\u2013]\s*",
    re.IGNORECASE,
)
# NAME, then ;param=value pairs (values may be quoted and hold ':'), then ':'.
_PARAM_VALUE = r'(?:"[^"]*"|[^";:,]*)'
_CONTENT_LINE = re.compile(rf"[A-Za-z0-9-]+(?:;[A-Za-z0-9-]+={_PARAM_VALUE}(?:,{_PARAM_VALUE})*)*:")
_TOO_OFTEN = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})
DEFAULT_NAMES: dict[EventKind, str] = {
    "freeze": "change freeze",
    "maintenance": "maintenance window",
    "cab": "CAB meeting",
}


@dataclass
class _Block:
    """Where one VEVENT is in the file: its BEGIN line, and each property's first line."""

    line: int
    properties: dict[str, int] = field(default_factory=dict)

    def at(self, name: str) -> int:
        return self.properties.get(name.upper(), self.line)


def read_ics(path: Path) -> tuple[Recurring, ...]:
    """The tagged events of ``path``; PmsmError (file and line) for a file that is not one."""
    from pmsm_cli.files.reading import read_text

    text = read_text(path, WHAT, quote_content=False)
    blocks = _scan(text, path)
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception:  # the library's messages quote the file; ours does not
        raise PmsmError(
            "this is not an iCalendar file that can be read (RFC 5545)", path, 1
        ) from None
    found: list[Recurring] = []
    moved: dict[str, list[dt.date]] = {}  # UID -> occurrences moved or cancelled elsewhere
    masters: dict[str, int] = {}  # UID -> index in found of the recurring event
    events = list(calendar.walk("VEVENT"))
    if len(events) != len(blocks):  # pragma: no cover - the scan and the library agree
        raise PmsmError("this iCalendar file's events could not be told apart", path, 1)
    untagged = 0
    for event, block in zip(events, blocks, strict=True):
        kind, name = _tag(event)
        if kind is None:
            untagged += 1
            continue
        recurrence = event.get("RECURRENCE-ID")
        if recurrence is not None:
            moved.setdefault(str(event.get("UID", "")), []).append(
                _day(_value(recurrence, path, block, "RECURRENCE-ID"))
            )
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        entry = _event(event, block, path, kind, name)
        if recurrence is not None:
            entry = replace(entry, rule=None, rdates=(), exdates=())
        elif entry.rule is not None or entry.rdates:
            masters[str(event.get("UID", ""))] = len(found)
        found.append(entry)
    for uid, days in moved.items():
        index = masters.get(uid)
        if index is not None:
            master = found[index]
            found[index] = replace(master, exdates=(*master.exdates, *days))
    if untagged and not found:
        raise PmsmError(
            f"none of the {untagged} events of this change calendar is tagged as a freeze, a "
            "maintenance window or a CAB meeting; tag them with CATEGORIES (freeze, "
            "maintenance, cab) or a SUMMARY that starts 'Freeze:', 'Maintenance:' or 'CAB:'",
            path,
            1,
        )
    return tuple(found)


def _scan(text: str, path: Path) -> list[_Block]:
    """Check the content lines and BEGIN/END nesting; where each VEVENT and property is."""
    logical: list[tuple[int, str]] = []  # (line number, unfolded content line)
    for number, raw in enumerate(text.splitlines(), 1):
        if raw[:1] in (" ", "\t") and logical:
            start, content = logical[-1]
            logical[-1] = (start, content + raw[1:])
        elif raw.strip():
            logical.append((number, raw))
    if not logical or logical[0][1].strip().upper() != "BEGIN:VCALENDAR":
        raise PmsmError(
            "this is not an iCalendar file: it should start with BEGIN:VCALENDAR",
            path,
            logical[0][0] if logical else 1,
        )
    stack: list[str] = []
    blocks: list[_Block] = []
    current: _Block | None = None
    for number, content in logical:
        if not _CONTENT_LINE.match(content):
            raise PmsmError(
                "this is not an iCalendar content line (NAME:value, or NAME;PARAM=x:value)",
                path,
                number,
            )
        name, _, value = content.partition(":")
        name = name.split(";", 1)[0].upper()
        component = value.strip().upper()
        if name == "BEGIN":
            stack.append(component)
            if component == "VEVENT":
                current = _Block(number)
                blocks.append(current)
        elif name == "END":
            if not stack or stack[-1] != component:
                expected = f"END:{stack[-1]}" if stack else "nothing after END:VCALENDAR"
                raise PmsmError(
                    f"this END does not close the component that is open here; expected {expected}",
                    path,
                    number,
                )
            stack.pop()
            if component == "VEVENT":
                current = None
        elif current is not None and stack and stack[-1] == "VEVENT":
            current.properties.setdefault(name, number)
    if stack:
        raise PmsmError(
            f"the file ends inside a component: END:{stack[-1]} is missing",
            path,
            logical[-1][0],
        )
    return blocks


def _tag(event: Any) -> tuple[EventKind | None, str]:
    """What the event is (None: not a change calendar event) and its name."""
    summary = " ".join(str(event.get("SUMMARY", "")).split())
    kind: EventKind | None = None
    for category in _categories(event):
        kind = _TAGS.get(" ".join(category.split()).casefold())
        if kind is not None:
            break
    prefix = _PREFIX.match(summary)
    if prefix is not None:
        word = " ".join(prefix.group(1).split()).casefold()
        if kind is None:
            kind = _TAGS[word]
        if _TAGS[word] == kind:
            summary = summary[prefix.end() :]
    if kind is None:
        return None, ""
    return kind, summary or DEFAULT_NAMES[kind]


def _categories(event: Any) -> list[str]:
    values = event.get("CATEGORIES")
    if values is None:
        return []
    lists = values if isinstance(values, list) else [values]
    return [str(c) for entry in lists for c in getattr(entry, "cats", [entry])]


def _event(event: Any, block: _Block, path: Path, kind: EventKind, name: str) -> Recurring:
    broken = {prop.upper() for prop, _message in getattr(event, "errors", ())}
    for prop in ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE"):
        if prop in broken:
            raise PmsmError(
                f"the {prop} of this event cannot be read; a date is written YYYYMMDD, a time "
                "YYYYMMDDTHHMMSS",
                path,
                block.at(prop),
            )
    if event.get("DTSTART") is None:
        raise PmsmError(
            f"this event is tagged as a {DEFAULT_NAMES[kind]} but has no DTSTART",
            path,
            block.line,
        )
    try:
        start, end = event.start, event.end
    except Exception:
        raise PmsmError(
            "this event's DTSTART, DTEND or DURATION cannot be read together (an end before "
            "the start, or a date with a time)",
            path,
            block.at("DTEND"),
        ) from None
    first = _day(start)
    last = _last_day(start, end)
    if last < first:
        raise PmsmError("this event ends before it starts", path, block.at("DTEND"))
    categories = [c for c in _categories(event) if " ".join(c.split()).casefold() not in _TAGS]
    description = " ".join(str(event.get("DESCRIPTION", "")).split())
    return Recurring(
        kind=kind,
        name=name,
        reason=description[:300] or None,
        environments=tuple(" ".join(c.split()) for c in categories if c.strip()),
        start=first,
        length=(last - first).days + 1,
        rule=_rule(event, start, path, block),
        rdates=tuple(_days(event.get("RDATE"), path, block, "RDATE")),
        exdates=tuple(_days(event.get("EXDATE"), path, block, "EXDATE")),
        line=block.line,
    )


def _rule(event: Any, start: Any, path: Path, block: _Block) -> str | None:
    rule = event.get("RRULE")
    if rule is None:
        return None
    if isinstance(rule, list):
        raise PmsmError(
            "this event has more than one RRULE; pmsm reads one (RFC 5545 advises one)",
            path,
            block.at("RRULE"),
        )
    parts = {key.upper(): value for key, value in dict(rule).items()}
    freq = [str(f).upper() for f in parts.get("FREQ", [])]
    if not freq:
        raise PmsmError("this RRULE has no FREQ", path, block.at("RRULE"))
    if freq[0] in _TOO_OFTEN:
        raise PmsmError(
            "this RRULE repeats more often than daily; a change calendar is read in days "
            "(FREQ=DAILY, WEEKLY, MONTHLY or YEARLY)",
            path,
            block.at("RRULE"),
        )
    until = parts.get("UNTIL")
    if until:
        # dateutil refuses a UTC UNTIL with the naive start we expand from: keep its day,
        # in the time zone of the event's start.
        value = until[0]
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            zone = start.tzinfo if isinstance(start, dt.datetime) else None
            value = value.astimezone(zone) if zone is not None else value
        parts["UNTIL"] = [_day(value)]
    text = ";".join(
        f"{key}={','.join(_rule_value(v) for v in values)}" for key, values in parts.items()
    )
    try:
        occurrences(text, _day(start), _day(start), _day(start))
    except Exception:
        raise PmsmError(
            "this RRULE cannot be read as a recurrence rule (RFC 5545 §3.3.10)",
            path,
            block.at("RRULE"),
        ) from None
    return text


def _rule_value(value: Any) -> str:
    """One value of an RRULE part as RFC 5545 writes it (UNTIL is a date by now)."""
    if isinstance(value, dt.date):
        return value.strftime("%Y%m%d")
    return str(value)


def _days(values: Any, path: Path, block: _Block, prop: str) -> Iterable[dt.date]:
    if values is None:
        return []
    lists = values if isinstance(values, list) else [values]
    days = []
    for entry in lists:
        for item in getattr(entry, "dts", [entry]):
            value = getattr(item, "dt", item)
            if isinstance(value, tuple):  # a PERIOD: its start
                value = value[0]
            days.append(_day(_value(value, path, block, prop)))
    return days


def _value(value: Any, path: Path, block: _Block, prop: str) -> dt.date:
    value = getattr(value, "dt", value)
    if not isinstance(value, dt.date):
        raise PmsmError(f"the {prop} of this event is not a date", path, block.at(prop))
    return value


def _day(value: dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _last_day(start: dt.date, end: dt.date | None) -> dt.date:
    """The last day an event covers. An all-day DTEND is exclusive; a timed event that
    ends at midnight ends the day before."""
    if end is None:
        return _day(start)
    if not isinstance(end, dt.datetime):
        return max(_day(start), end - dt.timedelta(days=1))
    if isinstance(start, dt.datetime) and start.tzinfo is not None and end.tzinfo is not None:
        end = end.astimezone(start.tzinfo)
    if end.time() == dt.time(0) and end.date() > _day(start):
        return end.date() - dt.timedelta(days=1)
    return end.date()


def occurrences(rule: str, start: dt.date, first: dt.date, last: dt.date) -> list[dt.date]:
    """Days from ``first`` to ``last`` on which ``rule``, starting on ``start``, recurs."""
    begin = dt.datetime.combine(first, dt.time())
    end = dt.datetime.combine(last, dt.time.max)
    return sorted({d.date() for d in _parsed(rule, start).between(begin, end, inc=True)})


@lru_cache(maxsize=256)
def _parsed(rule: str, start: dt.date) -> Any:
    from dateutil.rrule import rrulestr

    return rrulestr(rule, dtstart=dt.datetime.combine(start, dt.time()))
