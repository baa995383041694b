"""``pmsm plan -o plan.html``: one self-contained page, from the template ``plan.html.j2``.

No scripts, fonts or images from the network: the CSS is inline and the
Gantt chart is an SVG drawn here, so the page opens the same on a laptop in
a meeting room without internet. Jinja2's autoescaping is on, so text from
the plan cannot inject markup.

This module works out the chart's geometry (where each bar, diamond, grid
line and label goes); the template only draws it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pmsm_cli.changecal.model import Freeze
from pmsm_cli.plan.view import Group, PlanView, Row
from pmsm_cli.render import RenderOptions
from pmsm_cli.render.jinja import render_template

LABEL_WIDTH = 330  # room for activity names left of the bars
ROW_HEIGHT = 22
# The widest month label ("May 2027", 11 px text) with some room: its text is not measured.
AXIS_LABEL_WIDTH = 64
AXIS_HEIGHT = 44
TIMELINE_WIDTH = 860  # the chart aims for this width; tiny or huge spans adjust the scale
MIN_DAY = 0.6
MAX_DAY = 30.0
LABEL_CHARS = 46
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Bar:
    row: Row
    y: float
    x: float
    width: float
    slack_x: float  # where the total float ends (the late finish), for the float line
    label: str  # the name, shortened to fit


@dataclass(frozen=True, slots=True)
class Heading:
    title: str
    y: float


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class Shade:
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class FreezeBand:
    """A change freeze across the whole chart; ``freeze`` has its real dates."""

    freeze: Freeze
    x: float
    width: float


@dataclass(frozen=True, slots=True)
class Chart:
    width: float
    height: float
    label_width: int
    axis_height: int
    row_height: int
    bars: tuple[Bar, ...]
    headings: tuple[Heading, ...]
    months: tuple[Tick, ...]
    weeks: tuple[float, ...]
    shades: tuple[Shade, ...]  # non-working days, when the scale shows them
    freezes: tuple[FreezeBand, ...] = ()  # the change calendar's, cut to the chart's dates


def chart(view: PlanView, groups: list[Group]) -> Chart:
    first = view.start
    # One day past the last finish and the last late finish, so every bar fits.
    last = max([view.finish, *(r.late_finish for r in view.rows)]) + dt.timedelta(days=1)
    days = max(1, (last - first).days)
    day = min(MAX_DAY, max(MIN_DAY, TIMELINE_WIDTH / days))

    def x(when: dt.date) -> float:
        return round(LABEL_WIDTH + (when - first).days * day, 2)

    bars: list[Bar] = []
    headings: list[Heading] = []
    y = float(AXIS_HEIGHT)
    for group in groups:
        headings.append(Heading(group.title, y))
        y += ROW_HEIGHT
        for row in group.rows:
            after_finish = row.finish + dt.timedelta(days=0 if row.milestone else 1)
            after_late = row.late_finish + dt.timedelta(days=0 if row.milestone else 1)
            bars.append(
                Bar(
                    row=row,
                    y=y,
                    x=x(row.start),
                    width=max(2.0, x(after_finish) - x(row.start)),
                    slack_x=x(after_late),
                    label=_shorten(row.name),
                )
            )
            y += ROW_HEIGHT
    months = []
    when = dt.date(first.year, first.month, 1)
    step_months = 1 if day * 30 >= 60 else (3 if day * 90 >= 60 else 12)
    while when <= last:
        # The first, partial month is labelled at the chart's left edge.
        months.append(Tick(x(max(when, first)), when.strftime("%b %Y")))
        month = when.month - 1 + step_months
        when = dt.date(when.year + month // 12, month % 12 + 1, 1)
    weeks: list[float] = []
    if day * 7 >= 10:
        monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        while monday <= last:
            weeks.append(x(monday))
            monday += dt.timedelta(days=7)
    shades: list[Shade] = []
    if day >= 4:
        off_days = {i for i, name in enumerate(_WEEKDAYS) if name not in view.workdays}
        holidays = set(view.holidays)
        for n in range(days):
            when = first + dt.timedelta(days=n)
            if when.weekday() in off_days or when in holidays:
                shades.append(Shade(x(when), round(day, 2)))
    freezes = tuple(
        FreezeBand(
            f,
            x(max(f.start, first)),
            round(x(min(f.finish + ONE_DAY, last)) - x(max(f.start, first)), 2),
        )
        for f in view.freezes
        if f.start < last and f.finish >= first
    )
    # Room for the last month's label too: it starts 4 px right of its tick, which may
    # be near the end ("Apr 2027" on a plan that ends on 3 April would be cut off).
    label_end = max((m.x + 4 + AXIS_LABEL_WIDTH for m in months), default=0.0)
    return Chart(
        width=round(max(LABEL_WIDTH + days * day + 20, label_end + 4), 2),
        height=y + 8,
        label_width=LABEL_WIDTH,
        axis_height=AXIS_HEIGHT,
        row_height=ROW_HEIGHT,
        bars=tuple(bars),
        headings=tuple(headings),
        months=tuple(months),
        weeks=tuple(weeks),
        shades=tuple(shades),
        freezes=freezes,
    )


def _shorten(name: str) -> str:
    flat = " ".join(name.split())
    return flat if len(flat) <= LABEL_CHARS else flat[: LABEL_CHARS - 1].rstrip() + "…"


def heat(count: int) -> int:
    """Shade level (0-4) of a coverage cell with ``count`` activities."""
    return 0 if count == 0 else 1 if count == 1 else 2 if count <= 3 else 3 if count <= 6 else 4


def render(view: PlanView, options: RenderOptions) -> str:
    groups = view.groups(options.group_by)
    return render_template(
        "plan.html.j2",
        view,
        options,
        html=True,
        extra={"chart": chart(view, groups), "heat": heat},
    )
