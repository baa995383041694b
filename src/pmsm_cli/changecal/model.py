"""The change calendar as plain data: freezes, maintenance windows, CAB meetings.

Built once per configuration (``changecal.config``), carried in the check's
settings to every worker process, so everything here is frozen, hashable and
picklable, and imports nothing heavy. Events read from an iCalendar file may
recur; they are kept as rules (``Recurring``) and expanded only over the
dates a plan asks about (``ChangeCalendar.freezes_between`` and friends), so
one calendar serves plans of any year.

Environments are compared as ``Booking`` environments are (§5.2): without
regard to case or surrounding spaces. A freeze that names none covers every
environment; an RFC that names none is taken to change production, the
environment §5.1 says RFCs protect.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import field
from pathlib import Path
from typing import Literal

from pmsm_cli.records import record

EventKind = Literal["freeze", "maintenance", "cab"]
PRODUCTION = "production"
WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_DAY = dt.timedelta(days=1)
# How far past a change a calendar's maintenance windows are listed, to say where it may move.
WINDOW_LOOKAHEAD = dt.timedelta(days=21)


def same_environment(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def covers(environments: tuple[str, ...], environment: str | None) -> bool:
    """Whether a list of environments (empty: all of them) covers ``environment``."""
    if not environments:
        return True
    wanted = environment if environment and environment.strip() else PRODUCTION
    return any(same_environment(e, wanted) for e in environments)


def span(start: dt.date, finish: dt.date) -> str:
    """'2026-12-18' or '2026-12-18 to 2026-12-20'."""
    if start == finish:
        return start.isoformat()
    return f"{start.isoformat()} to {finish.isoformat()}"


@record
class Freeze:
    """Days on which no change is made to the environments it names (empty: to any)."""

    name: str
    start: dt.date
    finish: dt.date  # the last day of the freeze, inclusive
    reason: str | None
    environments: tuple[str, ...] = ()

    def covers(self, environment: str | None) -> bool:
        return covers(self.environments, environment)

    def overlaps(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and first <= self.finish

    def describe(self) -> str:
        """ "the freeze 'Year-end' (2026-12-15 to 2027-01-04, production): closing the books"."""
        where = ", ".join(self.environments) if self.environments else "every environment"
        reason = self.reason or "the calendar gives no reason"
        return f"the freeze '{self.name}' ({span(self.start, self.finish)}, {where}): {reason}"


@record
class Window:
    """When an environment may be changed: on these weekdays, or on these days."""

    environment: str | None  # None: every environment
    weekdays: frozenset[int] = frozenset()  # date.weekday() values
    days: frozenset[dt.date] = frozenset()
    name: str | None = None  # of the calendar event it comes from

    def covers(self, environment: str | None) -> bool:
        return self.environment is None or covers((self.environment,), environment)

    def open_on(self, day: dt.date) -> bool:
        return day.weekday() in self.weekdays or day in self.days

    def describe(self) -> str:
        """'sat, sun', or "'Weekend maintenance' on 2026-12-19, 2026-12-20 and 4 more days"."""
        if self.weekdays:
            return ", ".join(WEEKDAY_NAMES[d] for d in sorted(self.weekdays))
        name = f"'{self.name}'" if self.name else "calendar events"
        days = sorted(self.days)
        if not days:
            return f"{name}, none on these days or the three weeks after"
        shown = ", ".join(d.isoformat() for d in days[:4])
        rest = len(days) - 4
        more = f" and {rest} more day{'s' * (rest > 1)}" if rest > 0 else ""
        return f"{name} on {shown}{more}"


@record
class Recurring:
    """An event of the iCalendar file, tagged freeze, maintenance or CAB; it may recur.

    ``rule`` is the event's RRULE as text (UNTIL already made a date, see
    ``changecal.ics``), ``length`` the days each occurrence lasts (at least 1).
    """

    kind: EventKind
    name: str
    reason: str | None
    environments: tuple[str, ...]
    start: dt.date
    length: int
    rule: str | None = None
    rdates: tuple[dt.date, ...] = ()
    exdates: tuple[dt.date, ...] = ()
    line: int = 1  # of its BEGIN:VEVENT, for messages

    def starts_between(self, first: dt.date, last: dt.date) -> Iterator[dt.date]:
        """Start days of the occurrences that overlap ``first``..``last``, in order."""
        low = first - dt.timedelta(days=self.length - 1)
        found: set[dt.date] = {d for d in self.rdates if low <= d <= last}
        if self.rule is None:
            if low <= self.start <= last:
                found.add(self.start)
        else:
            from pmsm_cli.changecal.ics import occurrences

            found.update(occurrences(self.rule, self.start, max(low, self.start), last))
        yield from sorted(found - set(self.exdates))


@record
class ChangeCalendar:
    """An organisation's change calendar: from the configuration, its .ics file, or both."""

    freezes: tuple[Freeze, ...] = ()
    windows: tuple[Window, ...] = ()
    cab_weekdays: frozenset[int] = frozenset()
    lead_time_days: int = 0
    events: tuple[Recurring, ...] = ()
    ics: Path | None = field(default=None, compare=True)  # the file the events came from

    @property
    def has_cab(self) -> bool:
        return bool(self.cab_weekdays) or any(e.kind == "cab" for e in self.events)

    def freezes_between(self, first: dt.date, last: dt.date) -> list[Freeze]:
        """Every freeze that has a day in ``first``..``last``, by start date."""
        found = [f for f in self.freezes if f.overlaps(first, last)]
        for event in self._events("freeze"):
            for start in event.starts_between(first, last):
                finish = start + dt.timedelta(days=event.length - 1)
                found.append(Freeze(event.name, start, finish, event.reason, event.environments))
        return sorted(found, key=lambda f: (f.start, f.finish, f.name))

    def windows_for(
        self, environment: str | None, first: dt.date, last: dt.date
    ) -> list[Window] | None:
        """The maintenance windows of ``environment`` on these days and the three weeks
        after (where a change could move to); None when the calendar has none for it
        (then any day will do)."""
        found = [w for w in self.windows if w.covers(environment)]
        until = last + WINDOW_LOOKAHEAD
        for event in self._events("maintenance"):
            if not covers(event.environments, environment):
                continue
            days = {
                start + dt.timedelta(days=n)
                for start in event.starts_between(first, until)
                for n in range(event.length)
            }
            kept = frozenset(d for d in days if first <= d <= until)
            found.append(Window(environment, days=kept, name=event.name))
        has_any = any(w.covers(environment) for w in self.windows) or any(
            covers(e.environments, environment) for e in self._events("maintenance")
        )
        return found if has_any else None

    def meetings_between(self, first: dt.date, last: dt.date) -> list[dt.date]:
        """CAB meeting days from ``first`` to ``last``, both included."""
        days: set[dt.date] = set()
        if self.cab_weekdays:
            day = first
            while day <= last:
                if day.weekday() in self.cab_weekdays:
                    days.add(day)
                day += ONE_DAY
        for event in self._events("cab"):
            days.update(d for d in event.starts_between(first, last) if first <= d <= last)
        return sorted(days)

    def _events(self, kind: EventKind) -> Iterable[Recurring]:
        return (e for e in self.events if e.kind == kind)
