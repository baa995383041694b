"""The pictures of ``pmsm status --format html``, drawn as inline SVG.

* :func:`gantt`: each activity's baseline bar above its actual and forecast
  bar, so slippage shows as the lower bar running past the upper one;
* :func:`ev_chart`: planned value over time (the baseline's S-curve) with
  earned value and actual cost as of the date;
* :func:`spi_cpi_chart`: schedule and cost performance indices on one plane,
  with 1.0 (exactly on plan) dividing it into quadrants.
"""

from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup

from pmsm_cli.control.tracking import ActivityProgress, StatusReport
from pmsm_cli.formatting.numbers import short_money
from pmsm_cli.render.timeline import ONE_DAY, Rows, TimeScale, date_ticks, short_date
from pmsm_cli.reports import fmt
from pmsm_cli.reports.htmlkit import el, number
from pmsm_cli.reports.svg import (
    AMBER,
    AS_OF,
    BASELINE,
    GRID,
    HALO,
    INK,
    LATE,
    MUTED,
    ON_TIME,
    nice_step,
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


# --- earned value over time ---------------------------------------------------------------

EV_W, EV_H = 560, 340
EV_L, EV_R, EV_T, EV_B = 64, 24, 24, 44


def ev_chart(report: StatusReport) -> Markup:
    ev = report.earned_value
    curve = report.pv_curve
    label = "Planned value over time, with earned value and actual cost as of the date"
    if not curve:
        return svg(EV_W, 60, label, text(10, 30, "No baselined cost to chart.", fill=MUTED))
    first = curve[0][0]
    last = max(curve[-1][0], report.as_of) + ONE_DAY
    top = max(ev.bac, ev.ac, ev.ev, *(v for _, v in curve)) or 1.0
    step = nice_step(top)
    y_max = step * -(-top // step)  # round up to a whole step
    plot_w, plot_h = EV_W - EV_L - EV_R, EV_H - EV_T - EV_B

    def x(day: dt.date) -> float:
        return EV_L + (day - first).days / (last - first).days * plot_w

    def y(value: float) -> float:
        return EV_T + plot_h - value / y_max * plot_h

    parts: list[Markup] = []
    tick = 0.0
    while tick <= y_max + step / 2:
        parts.append(el("line", x1=EV_L, x2=EV_L + plot_w, y1=y(tick), y2=y(tick), stroke=GRID))
        parts.append(text(EV_L - 6, y(tick) + 4, short_money(tick), fill=MUTED, text_anchor="end"))
        tick += step
    for day, name in date_ticks(first, last):
        parts.append(text(x(day), EV_T + plot_h + 18, name, fill=MUTED, text_anchor="middle"))
    parts.append(
        el(
            "line",
            x1=EV_L,
            x2=EV_L + plot_w,
            y1=y(ev.bac),
            y2=y(ev.bac),
            stroke=INK,
            stroke_dasharray="6 4",
        )
    )
    parts.append(text(EV_L + 4, y(ev.bac) - 5, f"BAC {fmt.money(ev.bac)}", fill=INK))
    points = " ".join(f"{number(x(d))},{number(y(v))}" for d, v in curve)
    parts.append(el("polyline", points=points, fill="none", stroke=BASELINE, stroke_width=2.5))
    as_of_x = x(report.as_of)
    parts.append(
        el(
            "line",
            x1=as_of_x,
            x2=as_of_x,
            y1=EV_T,
            y2=EV_T + plot_h,
            stroke=AS_OF,
            stroke_dasharray="5 3",
        )
    )
    markers = [
        ("PV", ev.pv, BASELINE, "#ffffff"),
        ("EV", ev.ev, ON_TIME, ON_TIME),
        ("AC", ev.ac, LATE if ev.ac > ev.ev else AMBER, LATE if ev.ac > ev.ev else AMBER),
    ]
    # Labels go on the roomier side of the as-of line, 15 px apart, inside the plot.
    right = as_of_x < EV_L + plot_w * 0.6
    ordered = sorted(markers, key=lambda m: -m[1])  # top to bottom
    label_ys: list[float] = []
    for _, value, _, _ in ordered:
        wanted = y(value) + 4
        label_ys.append(max(wanted, label_ys[-1] + 15) if label_ys else wanted)
    overflow = label_ys[-1] - (EV_T + plot_h - 4)
    if overflow > 0:
        label_ys = [ly - overflow for ly in label_ys]
    for (name, value, stroke, fill), label_y in zip(ordered, label_ys, strict=True):
        parts.append(
            el("circle", cx=as_of_x, cy=y(value), r=5, fill=fill, stroke=stroke, stroke_width=2)
        )
        parts.append(
            text(
                as_of_x + (9 if right else -9),
                label_y,
                f"{name} {fmt.money(value)}",
                text_anchor="start" if right else "end",
                font_weight="600",
                **HALO,
            )
        )
    parts.append(
        text(EV_L, EV_H - 8, "grey line: planned value (PV) from the baseline", fill=MUTED)
    )
    return svg(EV_W, EV_H, label, *parts)


# --- SPI / CPI ----------------------------------------------------------------------------

Q_SIZE = 340
Q_M = 52  # margin for axis labels
INDEX_LIMIT = 2.0


def spi_cpi_chart(report: StatusReport) -> Markup:
    ev = report.earned_value
    label = "Schedule performance index (SPI) against cost performance index (CPI)"
    points = [
        (a, a.ev / a.pv, a.ev / a.actual_cost)
        for a in report.activities
        if a.in_baseline and not a.out_of_scope and a.pv > 0 and a.actual_cost > 0
    ]
    values = [v for _, s, c in points for v in (s, c)]
    if ev.spi is not None and ev.cpi is not None:
        values += [ev.spi, ev.cpi]
    # 0.5 to 1.5 at least; wider for the points, but never past 0 and INDEX_LIMIT: one
    # activity with a tiny planned value would otherwise squash everything else.
    lo = math.floor(max(0.0, min([0.5, *values]) - 0.1) * 10) / 10
    hi = math.ceil(min(INDEX_LIMIT, max([1.5, *values]) + 0.1) * 10) / 10
    side = Q_SIZE - 2 * Q_M

    def pos(value: float) -> float:
        return (min(max(value, lo), hi) - lo) / (hi - lo) * side

    def px(spi: float) -> float:
        return Q_M + pos(spi)

    def py(cpi: float) -> float:
        return Q_M + side - pos(cpi)

    one_x, one_y = px(1.0), py(1.0)
    parts: list[Markup] = [
        el("rect", x=Q_M, y=Q_M, width=one_x - Q_M, height=one_y - Q_M, fill="#fdf6e3"),
        el("rect", x=one_x, y=Q_M, width=Q_M + side - one_x, height=one_y - Q_M, fill="#e6f4ea"),
        el("rect", x=Q_M, y=one_y, width=one_x - Q_M, height=Q_M + side - one_y, fill="#fbe9e7"),
        el(
            "rect",
            x=one_x,
            y=one_y,
            width=Q_M + side - one_x,
            height=Q_M + side - one_y,
            fill="#fdf6e3",
        ),
        el("rect", x=Q_M, y=Q_M, width=side, height=side, fill="none", stroke=GRID),
        el("line", x1=one_x, x2=one_x, y1=Q_M, y2=Q_M + side, stroke=MUTED),
        el("line", x1=Q_M, x2=Q_M + side, y1=one_y, y2=one_y, stroke=MUTED),
        text(Q_M + side - 4, Q_M + 14, "ahead, under budget", fill=ON_TIME, text_anchor="end"),
        text(Q_M + 4, Q_M + side - 6, "behind, over budget", fill=LATE),
    ]
    step = nice_step(hi - lo, 6)
    for n in range(math.ceil(lo / step - 1e-9), math.floor(hi / step + 1e-9) + 1):
        tick = n * step
        parts.append(text(px(tick), Q_M + side + 16, f"{tick:g}", fill=MUTED, text_anchor="middle"))
        parts.append(text(Q_M - 6, py(tick) + 4, f"{tick:g}", fill=MUTED, text_anchor="end"))
    parts.append(text(Q_M + side / 2, Q_SIZE - 10, "SPI: schedule (EV / PV)", text_anchor="middle"))
    parts.append(
        text(
            14,
            Q_M + side / 2,
            "CPI: cost (EV / AC)",
            text_anchor="middle",
            transform=f"rotate(-90 14 {number(Q_M + side / 2)})",
        )
    )
    for a, spi, cpi in points:
        outside = not (lo <= spi <= hi and lo <= cpi <= hi)  # drawn at the edge, hollow
        parts.append(
            el(
                "circle",
                el("title", f"{a.id}: SPI {spi:.2f}, CPI {cpi:.2f}"),
                cx=px(spi),
                cy=py(cpi),
                r=4,
                fill="none" if outside else MUTED,
                fill_opacity=None if outside else 0.7,
                stroke=MUTED,
            )
        )
    if ev.spi is not None and ev.cpi is not None:
        cx, cy = px(ev.spi), py(ev.cpi)
        parts.append(
            el(
                "circle",
                el("title", f"project: SPI {ev.spi:.2f}, CPI {ev.cpi:.2f}"),
                cx=cx,
                cy=cy,
                r=8,
                fill=INK,
                stroke="#ffffff",
                stroke_width=2,
            )
        )
        parts.append(
            text(
                cx + (12 if cx < Q_M + side * 0.6 else -12),
                cy - 10,
                f"project {ev.spi:.2f} / {ev.cpi:.2f}",
                font_weight="600",
                **HALO,
                text_anchor="start" if cx < Q_M + side * 0.6 else "end",
            )
        )
    else:
        parts.append(
            text(
                Q_M + side / 2,
                Q_M + side / 2,
                "no index yet: nothing planned or spent",
                fill=MUTED,
                text_anchor="middle",
            )
        )
    parts.append(text(Q_M, 20, "SPI and CPI (1.0 = on plan)", font_weight="600", font_size=13))
    return svg(Q_SIZE, Q_SIZE, label, *parts)
