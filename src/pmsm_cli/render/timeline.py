"""The one Gantt layout: dates to pixels, rows down the page, ticks along the axis.

Both Gantt charts pmsm draws use it: the plan's page (``pmsm plan -o
plan.html``, drawn by the template ``plan.html.j2`` from
:func:`pmsm_cli.render.webpage.chart`) and the status report's baseline
against forecast (:func:`pmsm_cli.reports.status_gantt.gantt`). A bar covers
its days whole: it starts at the left edge of its first day and ends at the
right edge of its last, so a one-day activity is one day wide.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pmsm_cli.records import record

ONE_DAY = dt.timedelta(days=1)
# Month names from our own table: strftime('%b') follows the machine's locale.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@record(slots=True)
class TimeScale:
    """Days along x: ``first`` starts at ``left`` pixels, each day ``per_day`` wide."""

    first: dt.date
    left: float
    per_day: float
    digits: int | None = None  # round positions to this many decimals (None: as computed)

    def x(self, day: dt.date) -> float:
        """Where ``day`` starts."""
        at = self.left + (day - self.first).days * self.per_day
        return at if self.digits is None else round(at, self.digits)

    def bar(
        self, start: dt.date, finish: dt.date, *, whole_days: bool = True, least: float = 0.0
    ) -> tuple[float, float]:
        """x and width of a bar from ``start`` to ``finish`` (its last day, when
        ``whole_days``; else the moment it ends), at least ``least`` pixels wide."""
        end = finish + ONE_DAY if whole_days else finish
        left = self.x(start)
        return left, max(least, self.x(end) - left)


@dataclass(slots=True)
class Rows:
    """Rows of one height down the chart, from ``top``: each ``take`` gives the next y."""

    top: float
    height: float
    taken: int = 0

    def take(self) -> float:
        y = self.top + self.taken * self.height
        self.taken += 1
        return y

    @property
    def bottom(self) -> float:
        """Where the next row would start: the end of the rows taken."""
        return self.top + self.taken * self.height


def mondays(first: dt.date, last: dt.date) -> list[dt.date]:
    """Every Monday from ``first`` to ``last``, both included: the week lines."""
    day = first + dt.timedelta(days=(7 - first.weekday()) % 7)
    found = []
    while day <= last:
        found.append(day)
        day += dt.timedelta(days=7)
    return found


def month_name(day: dt.date, *, with_year: bool = False) -> str:
    name = MONTHS[day.month - 1]
    return f"{name} {day.year}" if with_year else name


def short_date(day: dt.date, *, with_year: bool = False) -> str:
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def month_starts(first: dt.date, last: dt.date, step: int) -> list[dt.date]:
    """The first of every ``step``-th month from ``first``'s month up to ``last``."""
    starts = []
    when = dt.date(first.year, first.month, 1)
    while when <= last:
        starts.append(when)
        month = when.month - 1 + step
        when = dt.date(when.year + month // 12, month % 12 + 1, 1)
    return starts


def date_ticks(first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
    """Labelled ticks: Mondays on short spans, month starts on longer ones, quarters on
    very long ones (the year named at the first tick and at each January)."""
    span = (last - first).days
    if span <= 84:
        return [(day, short_date(day)) for day in mondays(first, last)]
    months = 1 if span <= 500 else 3
    ticks: list[tuple[dt.date, str]] = []
    year, month = first.year, first.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        if (month - 1) % months:
            continue
        day = dt.date(year, month, 1)
        if day > last:
            return ticks
        ticks.append((day, month_name(day, with_year=month == 1 or not ticks)))
