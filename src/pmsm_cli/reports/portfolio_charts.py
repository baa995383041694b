"""The pictures of ``pmsm portfolio --format html``, drawn as inline SVG.

* :func:`value_roi_chart`: one bubble per plan, the strategic priority of its
  service up the side (most strategic at the top) and ROI along the bottom, so
  close ROIs on services of different value can be seen side by side (§1.3);
  the colour is the service-package type, which does not order the ranking;
* :func:`investment_chart`: each plan's investment split into run, grow and
  transform the business (§2.1).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from markupsafe import Markup

from pmsm_cli.formatting.numbers import short_money
from pmsm_cli.portfolio.build import PortfolioReport, RankedPlan
from pmsm_cli.reports import fmt
from pmsm_cli.reports.htmlkit import el
from pmsm_cli.reports.svg import GRID, HALO, INK, MUTED, nice_step, svg, text, truncate

# The colour of a bubble: its service's package type (ITIL v3); None = none given.
PACKAGE_COLOURS: dict[str | None, str] = {
    "core": "#2b6cb0",
    "enabling": "#319795",
    "enhancing": "#b7791f",
    None: "#718096",
}
CATEGORY_COLOURS = {"run": "#2b6cb0", "grow": "#38a169", "transform": "#805ad5"}
OTHER_COLOUR = "#a0aec0"

W = 860
LEFT, RIGHT, TOP, BOTTOM = 130, 190, 30, 52
NO_ROI_W = 70  # a column left of the axis for plans whose ROI is unknown
BAND_H = 92


def value_roi_chart(report: PortfolioReport) -> Markup:
    ranking = report.ranking
    # One row per strategic priority the plans' services have, most strategic on top;
    # None: no priority (or no service in the portfolio), at the bottom.
    given = sorted({p for r in ranking if (p := r.entry.priority) is not None})
    bands: list[int | None] = [*given]
    if any(r.entry.priority is None for r in ranking):
        bands.append(None)
    height = TOP + BAND_H * len(bands) + BOTTOM
    rois = [r.entry.roi for r in ranking if r.entry.roi is not None]
    has_unknown = any(r.entry.roi is None for r in ranking)
    plot_left = LEFT + (NO_ROI_W if has_unknown else 0)
    plot_w = W - plot_left - RIGHT
    lo, hi = min([0.0, *rois]), max([0.0, *rois])
    step = nice_step(max(hi - lo, 1.0), 6)
    lo, hi = step * math.floor(lo / step), step * math.ceil(hi / step)
    if hi == lo:
        hi = lo + step

    def x(roi: float) -> float:
        return plot_left + (roi - lo) / (hi - lo) * plot_w

    band_top = {priority: TOP + i * BAND_H for i, priority in enumerate(bands)}
    parts: list[Markup] = []
    for i, priority in enumerate(bands):
        y = TOP + i * BAND_H
        parts.append(
            el(
                "rect",
                x=LEFT,
                y=y,
                width=W - LEFT - RIGHT,
                height=BAND_H,
                fill="#f7f9fa" if i % 2 else "#ffffff",
            )
        )
        label = "no priority" if priority is None else f"priority {priority}"
        parts.append(
            text(LEFT - 10, y + BAND_H / 2 + 4, label, text_anchor="end", font_weight="600")
        )
    # The legend of the colours, on the title's line, right of it.
    offset = 440.0
    for package, colour in PACKAGE_COLOURS.items():
        name = package or "no package type"
        parts.append(el("circle", cx=offset + 6, cy=14, r=6, fill=colour, fill_opacity=0.75))
        parts.append(text(offset + 16, 18, name, fill=MUTED, font_size=11))
        offset += 40 + 6.2 * len(name)
    bottom = TOP + BAND_H * len(bands)
    tick = lo
    while tick <= hi + step / 2:
        parts.append(el("line", x1=x(tick), x2=x(tick), y1=TOP, y2=bottom, stroke=GRID))
        parts.append(text(x(tick), bottom + 16, f"{tick:g}%", fill=MUTED, text_anchor="middle"))
        tick += step
    if lo < 0 < hi:
        parts.append(el("line", x1=x(0), x2=x(0), y1=TOP, y2=bottom, stroke=MUTED))
    if has_unknown:
        parts.append(
            text(LEFT + NO_ROI_W / 2, bottom + 16, "no ROI", fill=MUTED, text_anchor="middle")
        )
    parts.append(
        text(plot_left + plot_w / 2, bottom + 38, "ROI (%)", text_anchor="middle", fill=INK)
    )
    parts.append(
        text(
            10,
            18,
            "Strategic priority of the service against ROI",
            font_weight="600",
            font_size=13,
        )
    )

    biggest = max((r.entry.total_investment for r in ranking), default=0.0) or 1.0
    # Plans in the same band are spread over a few lanes so that close ROIs do not hide each other.
    lanes: dict[int | None, int] = {}
    for ranked in ranking:  # in rank order: the better-ranked plan takes the upper lane
        priority = ranked.entry.priority
        lane = lanes.get(priority, 0)
        lanes[priority] = lane + 1
        parts.append(_bubble(ranked, x, band_top[priority], lane, biggest))
    return svg(W, height, "Strategic priority of each plan's service against its ROI", *parts)


def _bubble(
    ranked: RankedPlan, x: Callable[[float], float], band_y: float, lane: int, biggest: float
) -> Markup:
    entry = ranked.entry
    r = 7 + 17 * math.sqrt(entry.total_investment / biggest)
    cx = x(entry.roi) if entry.roi is not None else LEFT + NO_ROI_W / 2
    cy = band_y + BAND_H / 2 + (-1, 1, 0)[lane % 3] * BAND_H / 4.5
    colour = PACKAGE_COLOURS.get(entry.package_type, PACKAGE_COLOURS[None])
    tip = (
        f"{ranked.rank}. {entry.name}\n{entry.describe_service()}\n"
        f"ROI {fmt.percent(entry.roi)}, investment {fmt.money(entry.total_investment)}\n"
        f"rank {ranked.rank}; by ROI alone {ranked.roi_rank}"
    )
    return el(
        "g",
        el("title", tip),
        el("circle", cx=cx, cy=cy, r=r, fill=colour, fill_opacity=0.75, stroke=colour),
        text(cx, cy + 4, str(ranked.rank), fill="#ffffff", font_weight="700", text_anchor="middle"),
        text(cx + r + 5, cy + 4, truncate(entry.name, 26), fill=INK, font_size=11, **HALO),
    )


ROW_H = 26
BAR_LEFT = 230


def investment_chart(report: PortfolioReport) -> Markup:
    ranking = report.ranking
    top = 44
    height = top + ROW_H * len(ranking) + 40
    plot_w = W - BAR_LEFT - 40
    most = max((r.entry.total_investment for r in ranking), default=0.0)
    step = nice_step(most or 1.0, 5)
    scale_max = step * math.ceil((most or 1.0) / step)

    def x(amount: float) -> float:
        return BAR_LEFT + amount / scale_max * plot_w

    parts: list[Markup] = [
        text(10, 18, "Investment over each charter's horizon", font_weight="600", font_size=13)
    ]
    # Legend: the categories in the order the bars stack them.
    offset = float(BAR_LEFT)
    for category in report.categories:
        colour = CATEGORY_COLOURS.get(category, OTHER_COLOUR)
        name = f"{category} the business" if category in CATEGORY_COLOURS else category
        parts.append(el("rect", x=offset, y=24, width=12, height=12, fill=colour))
        parts.append(text(offset + 16, 34, name, fill=MUTED, font_size=11))
        offset += 40 + 6.2 * len(name)
    bottom = top + ROW_H * len(ranking)
    tick = 0.0
    while tick <= scale_max + step / 2:
        parts.append(el("line", x1=x(tick), x2=x(tick), y1=top, y2=bottom, stroke=GRID))
        parts.append(
            text(x(tick), bottom + 16, short_money(tick), fill=MUTED, text_anchor="middle")
        )
        tick += step
    for i, ranked in enumerate(ranking):
        y = top + i * ROW_H
        entry = ranked.entry
        parts.append(
            text(
                BAR_LEFT - 8,
                y + 17,
                f"{ranked.rank}. {truncate(entry.name, 30)}",
                text_anchor="end",
            )
        )
        start = 0.0
        for category in report.categories:
            amount = entry.investment.get(category, 0.0)
            if amount <= 0:
                continue
            parts.append(
                el(
                    "rect",
                    el("title", f"{entry.name}: {category} {fmt.money(amount)}"),
                    x=x(start),
                    y=y + 5,
                    width=max(1.0, x(start + amount) - x(start)),
                    height=ROW_H - 10,
                    fill=CATEGORY_COLOURS.get(category, OTHER_COLOUR),
                )
            )
            start += amount
        parts.append(
            text(x(start) + 6, y + 17, fmt.money(entry.total_investment), fill=MUTED, font_size=11)
        )
    label = "Investment of each plan by run, grow and transform the business"
    return svg(W, height, label, *parts)
