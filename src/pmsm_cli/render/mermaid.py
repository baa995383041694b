"""``pmsm plan --format mermaid``: the schedule as a Mermaid Gantt chart.

GitHub and GitLab draw a fenced ```mermaid block in Markdown, so the same
text goes into the Markdown plan. Every bar carries its own start and end
date: Mermaid then draws exactly the dates we scheduled, whatever its own
idea of working days (``excludes`` only shades the weekends and holidays).

Mermaid ends a bar at the start of its end date, so a task finishing on
Friday is written with Saturday as its end. Text is escaped with Mermaid's
entity codes: ``:`` would end a task name, ``#`` starts a comment, ``;``
ends a statement and ``%%`` starts a comment, so they become ``#58;``,
``#35;``, ``#59;`` and ``#37;``; a name that begins with a Mermaid keyword
(``title``, ``section``, ``excludes``...) gets its first letter escaped too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from pmsm_cli.changecal.model import Freeze
from pmsm_cli.plan.view import Group, PlanView, Row
from pmsm_cli.render import RenderOptions

# Mermaid's default maxTextSize: GitHub and GitLab refuse to draw larger diagrams.
MAX_TEXT = 50_000

_SPECIAL = set("#:;%<>")
_KEYWORDS = (
    "gantt",
    "title",
    "section",
    "dateformat",
    "axisformat",
    "tickinterval",
    "excludes",
    "includes",
    "todaymarker",
    "inclusiveenddates",
    "topaxis",
    "weekday",
    "weekend",
    "acctitle",
    "accdescr",
    "click",
    "call",
    "displaymode",
)
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_SHORT = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def escape(text: str) -> str:
    """Text that Mermaid's Gantt parser shows exactly as written."""
    flat = " ".join(text.split())  # no line breaks inside a statement
    out = "".join(f"#{ord(ch)};" if ch in _SPECIAL else ch for ch in flat)
    if out.lower().startswith(_KEYWORDS):
        out = f"#{ord(out[0])};{out[1:]}"
    return out or "-"


def excludes(view: PlanView) -> list[str]:
    """Non-working weekdays and holidays, as Mermaid's ``excludes`` values."""
    off = [_WEEKDAY_NAMES[i] for i, d in enumerate(_SHORT) if d not in view.workdays]
    values = ["weekends"] if off == ["saturday", "sunday"] else off
    return values + [h.isoformat() for h in view.holidays if view.start <= h <= view.finish]


def task_line(row: Row) -> str:
    tags = []
    if row.status == "done":
        tags.append("done")
    elif row.status == "in-progress":
        tags.append("active")
    if row.critical:
        tags.append("crit")
    if row.milestone:
        tags.append("milestone")
        when = f"{row.start.isoformat()}, 0d"
    else:
        # The bar ends at the start of the day after the finish.
        when = f"{row.start.isoformat()}, {(row.finish + dt.timedelta(days=1)).isoformat()}"
    return f"    {escape(row.name)} :{', '.join([*tags, when])}"


def freeze_line(freeze: Freeze) -> str:
    """'Freeze: Year-end (production) :2026-12-14, 2027-01-09'; Mermaid's end is exclusive."""
    where = ", ".join(freeze.environments) if freeze.environments else "every environment"
    after = (freeze.finish + dt.timedelta(days=1)).isoformat()
    return f"    {escape(f'Freeze: {freeze.name} ({where})')} :{freeze.start.isoformat()}, {after}"


def gantt(view: PlanView, groups: Iterable[Group], title_note: str = "") -> str:
    span = (view.finish - view.start).days
    lines = [
        "gantt",
        f"    title {escape(view.name + title_note)}",
        "    dateFormat YYYY-MM-DD",
        f"    axisFormat {'%d %b' if span <= 200 else '%b %Y'}",
    ]
    off = excludes(view)
    if off:  # one statement: a second 'excludes' would replace the first
        lines.append(f"    excludes {', '.join(off)}")
    if view.freezes:
        # The change calendar's freezes first, in a section of their own, so that the bars
        # below can be read against them.
        lines.append("    section Change freezes")
        lines.extend(freeze_line(freeze) for freeze in view.freezes)
    for group in groups:
        lines.append(f"    section {escape(group.title)}")
        lines.extend(task_line(row) for row in group.rows)
    return "\n".join(lines) + "\n"


def key_dates_only(groups: Iterable[Group]) -> list[Group]:
    """The critical activities and milestones of each group: a chart small enough to draw."""
    kept = [
        Group(g.key, g.title, tuple(r for r in g.rows if r.critical or r.milestone)) for g in groups
    ]
    return [g for g in kept if g.rows]


def render(view: PlanView, options: RenderOptions) -> str:
    text = gantt(view, view.groups(options.group_by))
    options.progress(len(view.rows))
    return text
