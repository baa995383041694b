"""``pmsm plan -o plan.html``: one self-contained page, from the template ``plan.html.j2``.

No scripts, fonts or images from the network: the CSS is inline and the
Gantt chart is an SVG drawn here, so the page opens the same on a laptop in
a meeting room without internet. Jinja2's autoescaping is on, so text from
the plan cannot inject markup.

This module works out the chart's geometry (where each bar, diamond, grid
line and label goes) with the one Gantt layout, :mod:`pmsm_cli.render.timeline`;
the template only draws it.
"""

from __future__ import annotations

import datetime as dt

from pmsm_cli.changecal.model import Freeze
from pmsm_cli.plan.view import Group, PlanView, Row
from pmsm_cli.records import record
from pmsm_cli.render import RenderOptions
from pmsm_cli.render.jinja import render_template
from pmsm_cli.render.timeline import ONE_DAY, Rows, TimeScale, mondays, month_name, month_starts

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


@record(slots=True)
class Bar:
    row: Row
    y: float
    x: float
    width: float
    slack_x: float  # where the total float ends (the late finish), for the float line
    label: str  # the name, shortened to fit


@record(slots=True)
class Heading:
    title: str
    y: float


@record(slots=True)
class Tick:
    x: float
    label: str


@record(slots=True)
class Shade:
    x: float
    width: float


@record(slots=True)
class FreezeBand:
    """A change freeze across the whole chart; ``freeze`` has its real dates."""

    freeze: Freeze
    x: float
    width: float


@record(slots=True)
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
    scale = TimeScale(first, LABEL_WIDTH, day, digits=2)
    x = scale.x

    bars: list[Bar] = []
    headings: list[Heading] = []
    rows = Rows(float(AXIS_HEIGHT), ROW_HEIGHT)
    for group in groups:
        headings.append(Heading(group.title, rows.take()))
        for row in group.rows:
            # A milestone is a moment: its bar is the 2-pixel least, at its day's start.
            whole = not row.milestone
            left, width = scale.bar(row.start, row.finish, whole_days=whole, least=2.0)
            late_end = row.late_finish + ONE_DAY if whole else row.late_finish
            y = rows.take()
            bars.append(
                Bar(
                    row=row,
                    y=y,
                    x=left,
                    width=width,
                    slack_x=x(late_end),
                    label=_shorten(row.name),
                )
            )
    y = rows.bottom
    step_months = 1 if day * 30 >= 60 else (3 if day * 90 >= 60 else 12)
    # The first, partial month is labelled at the chart's left edge.
    months = [
        Tick(x(max(when, first)), month_name(when, with_year=True))
        for when in month_starts(first, last, step_months)
    ]
    weeks = [x(monday) for monday in mondays(first, last)] if day * 7 >= 10 else []
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
