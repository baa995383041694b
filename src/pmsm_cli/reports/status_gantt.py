"""The Gantt chart of ``pmsm status --format html``, drawn as inline SVG.

Each activity's baseline bar sits above its actual and forecast bar, so slippage
shows as the lower bar running past the upper one; the bars are placed on the
calendar by the one Gantt layout, :mod:`pmsm_cli.render.timeline`.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from pmsm_cli.control.tracking import ActivityProgress, StatusReport
from pmsm_cli.render.timeline import ONE_DAY, Rows, TimeScale, date_ticks, short_date
from pmsm_cli.reports import fmt
from pmsm_cli.reports.htmlkit import el, number
from pmsm_cli.reports.svg import (
    AS_OF,
    BASELINE,
    GRID,
    INK,
    LATE,
    MUTED,
    ON_TIME,
    svg,
    text,
    truncate,
)

# Gantt geometry, in pixels.
LABEL_W = 300
CHART_W = 900
ROW_H = 28
TOP = 52
LEGEND_H = 46


def _diamond(cx: float, cy: float, r: float, **attrs: object) -> Markup:
    points = f"{number(cx)},{number(cy - r)} {number(cx + r)},{number(cy)} " + (
        f"{number(cx)},{number(cy + r)} {number(cx - r)},{number(cy)}"
    )
    return el("polygon", points=points, **attrs)


def _tooltip(a: ActivityProgress) -> str:
    lines = [f"{a.id}: {a.name}", f"status: {a.status}"]
    if a.in_baseline:
        lines.append(f"baseline: {fmt.date(a.baseline_start)} to {fmt.date(a.baseline_finish)}")
    else:
        lines.append("not in the baseline")
    if a.actual_start or a.actual_finish:
        lines.append(f"actual: {fmt.date(a.actual_start)} to {fmt.date(a.actual_finish)}")
    if not a.finished:
        lines.append(f"forecast: {fmt.date(a.forecast_start)} to {fmt.date(a.forecast_finish)}")
    if a.finish_variance_days is not None:
        lines.append(f"finish variance: {fmt.days(a.finish_variance_days)} working days")
    lines.append(f"{a.percent_complete}% complete")
    return "\n".join(lines)


def gantt(report: StatusReport) -> Markup:
    rows = report.activities
    dates = [report.as_of] + [
        d
        for a in rows
        for d in (
            a.baseline_start,
            a.baseline_finish,
            a.actual_start,
            a.actual_finish,
            a.forecast_start,
            a.forecast_finish,
        )
        if d is not None
    ]
    first, last = min(dates) - 2 * ONE_DAY, max(dates) + 3 * ONE_DAY
    scale = TimeScale(first, LABEL_W, CHART_W / (last - first).days)
    x = scale.x
    bottom = TOP + ROW_H * len(rows)
    width, height = LABEL_W + CHART_W + 12, bottom + LEGEND_H

    parts: list[Markup] = []
    for day, label in date_ticks(first, last):
        parts.append(el("line", x1=x(day), x2=x(day), y1=TOP - 6, y2=bottom, stroke=GRID))
        parts.append(text(x(day) + 3, TOP - 10, label, fill=MUTED, font_size=11))
    lines = Rows(TOP, ROW_H)
    for i, a in enumerate(rows):
        y = lines.take()
        if i % 2:
            parts.append(el("rect", x=0, y=y, width=width, height=ROW_H, fill="#f7f9fa"))
        parts.append(_gantt_row(a, y, scale, report.as_of))

    as_of_x = x(report.as_of + ONE_DAY)  # the end of the as-of day
    parts.append(
        el(
            "line",
            x1=as_of_x,
            x2=as_of_x,
            y1=18,
            y2=bottom,
            stroke=AS_OF,
            stroke_width=1.5,
            stroke_dasharray="5 3",
        )
    )
    parts.append(
        text(
            as_of_x,
            14,
            f"as of {short_date(report.as_of, with_year=True)}",
            fill=AS_OF,
            text_anchor="middle",
            font_weight="600",
        )
    )
    parts.append(_gantt_legend(bottom + 18))
    return svg(
        width,
        height,
        f"Baseline against actual and forecast dates for {report.project}",
        *parts,
    )


def _gantt_row(a: ActivityProgress, y: float, scale: TimeScale, as_of: dt.date) -> Markup:
    x = scale.x
    late = (a.finish_variance_days or 0) > 0
    colour = LATE if late else ON_TIME
    parts: list[Markup] = []
    if a.critical:
        parts.append(el("rect", x=2, y=y + 5, width=4, height=ROW_H - 10, fill=LATE))
    label_colour = MUTED if a.out_of_scope else INK
    parts.append(
        text(
            12,
            y + ROW_H / 2 + 4,
            truncate(a.name, 40),
            fill=label_colour,
            font_weight="600" if a.critical else None,
            text_decoration="line-through" if a.out_of_scope else None,
        )
    )
    base_y, act_y = y + 5, y + 13
    if a.milestone:
        if a.baseline_finish:
            parts.append(_diamond(x(a.baseline_finish), base_y + 3, 5, fill=BASELINE))
        if not a.out_of_scope:
            reached = a.actual_finish is not None
            parts.append(
                _diamond(
                    x(a.forecast_finish),
                    act_y + 5,
                    6,
                    fill=colour if reached else "#ffffff",
                    stroke=colour,
                    stroke_width=1.5,
                )
            )
    else:
        if a.baseline_start and a.baseline_finish:
            left, span = scale.bar(a.baseline_start, a.baseline_finish, least=2.0)
            parts.append(
                el(
                    "rect",
                    x=left,
                    y=base_y,
                    width=span,
                    height=6,
                    rx=2,
                    fill=BASELINE,
                )
            )
        if not a.out_of_scope:
            parts += _work_bars(a, act_y, scale, as_of, colour)
    return el("g", el("title", _tooltip(a)), *parts)


def _work_bars(
    a: ActivityProgress, y: float, scale: TimeScale, as_of: dt.date, colour: str
) -> list[Markup]:
    """Solid for work done (up to the as-of date), pale for the forecast remainder."""
    end = a.forecast_finish + ONE_DAY
    bars: list[Markup] = []
    if a.actual_start is not None:
        solid_end = end if a.finished else min(end, as_of + ONE_DAY)
        if solid_end > a.actual_start:
            left, span = scale.bar(a.actual_start, solid_end, whole_days=False)
            bars.append(
                el(
                    "rect",
                    x=left,
                    y=y,
                    width=span,
                    height=10,
                    rx=2,
                    fill=colour,
                )
            )
    if not a.finished:
        start = a.forecast_start
        if a.actual_start is not None:
            start = max(start, as_of + ONE_DAY)
        if end > start:
            left, span = scale.bar(start, end, whole_days=False)
            bars.append(
                el(
                    "rect",
                    x=left,
                    y=y,
                    width=span,
                    height=10,
                    rx=2,
                    fill=colour,
                    fill_opacity=0.3,
                    stroke=colour,
                    stroke_width=1,
                )
            )
    return bars


def _gantt_legend(y: float) -> Markup:
    items: list[tuple[Markup, str]] = [
        (el("rect", x=0, y=-7, width=22, height=6, rx=2, fill=BASELINE), "baseline"),
        (el("rect", x=0, y=-9, width=22, height=10, rx=2, fill=ON_TIME), "actual, on time"),
        (el("rect", x=0, y=-9, width=22, height=10, rx=2, fill=LATE), "actual, late"),
        (
            el(
                "rect",
                x=0,
                y=-9,
                width=22,
                height=10,
                rx=2,
                fill=ON_TIME,
                fill_opacity=0.3,
                stroke=ON_TIME,
            ),
            "forecast",
        ),
        (_diamond(11, -4, 6, fill=ON_TIME), "milestone reached"),
        (_diamond(11, -4, 6, fill="#ffffff", stroke=LATE, stroke_width=1.5), "milestone due"),
        (el("rect", x=9, y=-11, width=4, height=14, fill=LATE), "critical path"),
        (
            el(
                "line",
                x1=11,
                x2=11,
                y1=-12,
                y2=4,
                stroke=AS_OF,
                stroke_width=1.5,
                stroke_dasharray="5 3",
            ),
            "as-of date",
        ),
    ]
    groups: list[Markup] = []
    offset = 12.0
    for mark, label in items:
        groups.append(
            el(
                "g",
                mark,
                text(28, 0, label, fill=MUTED, font_size=11),
                transform=f"translate({number(offset)},{number(y)})",
            )
        )
        offset += 40 + 6.2 * len(label)
    return el("g", *groups)
