"""The earned-value pictures of ``pmsm status --format html``, drawn as inline SVG.

* :func:`ev_chart`: planned value over time (the baseline's S-curve) with
  earned value and actual cost as of the date;
* :func:`spi_cpi_chart`: schedule and cost performance indices on one plane,
  with 1.0 (exactly on plan) dividing it into quadrants.

The Gantt chart beside them is :mod:`pmsm_cli.reports.status_gantt`.
"""

from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup

from pmsm_cli.control.tracking import StatusReport
from pmsm_cli.formatting.numbers import short_money
from pmsm_cli.render.timeline import ONE_DAY, date_ticks
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
)

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
