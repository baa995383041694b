"""``pmsm portfolio`` output: text, Markdown, JSON, a self-contained HTML page, or a workbook.

The JSON shape is documented in docs/guide/portfolio.md; keys are
only ever added, and ``schema`` changes if one is removed or changes meaning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pmsm_cli.formats import Loaded
from pmsm_cli.formatting.jsontext import json_document
from pmsm_cli.formatting.numbers import percent
from pmsm_cli.portfolio.bookings import BookingConflict, BookingRef
from pmsm_cli.portfolio.build import PortfolioReport, RankedPlan, band_words, format_roi
from pmsm_cli.reports import PORTFOLIO_FORMATS, fmt
from pmsm_cli.reports.document import (
    Block,
    Bullets,
    Column,
    Document,
    Facts,
    Figure,
    Heading,
    Para,
    Table,
    to_markdown,
    to_text,
)

# 2: strategic_class and strategic_weight gave way to strategic_priority and package_type,
# and rank no longer puts the service before ROI.
JSON_SCHEMA_ID = "pmsm-portfolio/2"

CATEGORY_TITLES = {"run": "Run", "grow": "Grow", "transform": "Transform"}


def category_title(category: str) -> str:
    return CATEGORY_TITLES.get(category, category)


def moved(ranked: RankedPlan) -> str:
    if ranked.moved > 0:
        return f"up {ranked.moved}"
    if ranked.moved < 0:
        return f"down {-ranked.moved}"
    return ""


def service_cell(ranked: RankedPlan) -> str:
    entry = ranked.entry
    if entry.service is not None:
        return entry.service.name
    if entry.service_name is None:
        return "(none named)"
    return f"{entry.service_name} (not in portfolio)"


def booking_side(ref: BookingRef) -> str:
    what = ref.activity_name or ref.activity or ref.purpose or "no activity named"
    if ref.activity and ref.activity_name:
        what = f"{ref.activity_name} ({ref.activity})"
    return f"{ref.project}: {what}, {ref.start.isoformat()} to {ref.finish.isoformat()}"


def priority_cell(ranked: RankedPlan) -> str:
    return "-" if ranked.entry.priority is None else str(ranked.entry.priority)


def build_document(report: PortfolioReport, *, figures: bool = False) -> Document:
    doc = Document(
        title=f"Portfolio of {fmt.plural(len(report.ranking), 'plan')}",
        subtitle=(
            "Ranked by ROI; where two plans' ROIs are at most "
            f"{band_words(report.roi_band, report.roi_band_source)} apart, the plan on the more "
            f"strategic service goes first (§1.3). Services from {report.services_path}."
        ),
    )
    doc.add(*_ranking(report), *_by_roi(report), *_order_changes(report))
    if figures and report.ranking:
        doc.add(*_figures(report))
    doc.add(*_investment(report), *_conflicts(report), *_flags(report))
    return doc


def _ranking(report: PortfolioReport) -> list[Block]:
    return [
        Heading("Ranking"),
        *(Para(note) for note in report.notes),
        Table(
            [
                Column("Rank", numeric=True),
                Column("By ROI alone", numeric=True),
                Column("Moved"),
                Column("Project"),
                Column("Service"),
                Column("Priority", numeric=True),
                Column("Package"),
                Column("ROI", numeric=True),
                Column("ROI from"),
                Column("Investment", numeric=True),
                Column("Plan", nowrap=True),
            ],
            [
                [
                    str(r.rank),
                    str(r.roi_rank),
                    moved(r),
                    r.entry.name,
                    service_cell(r),
                    priority_cell(r),
                    r.entry.package_type or "-",
                    format_roi(r.entry.roi),
                    r.entry.roi_source or "-",
                    fmt.money(r.entry.total_investment),
                    str(r.entry.path),
                ]
                for r in report.ranking
            ],
            empty="no plans",
        ),
    ]


def _by_roi(report: PortfolioReport) -> list[Block]:
    return [
        Heading("By ROI alone"),
        Table(
            [
                Column("By ROI alone", numeric=True),
                Column("Project"),
                Column("ROI", numeric=True),
                Column("Service"),
                Column("Priority", numeric=True),
                Column("Rank", numeric=True),
            ],
            [
                [
                    str(r.roi_rank),
                    r.entry.name,
                    format_roi(r.entry.roi),
                    service_cell(r),
                    priority_cell(r),
                    str(r.rank),
                ]
                for r in report.by_roi
            ],
            empty="no plans",
        ),
    ]


def _order_changes(report: PortfolioReport) -> list[Block]:
    """Why the ranking differs from the order by ROI alone, and where it might have and did not."""
    blocks: list[Block] = [Heading("Why the two orders differ")]
    if report.changes:
        blocks.append(Bullets([change.reason for change in report.changes]))
    else:
        blocks.append(Para("The two orders are the same."))
    if report.holds:
        blocks += [
            Para("Within the band, yet not moved:"),
            Bullets([hold.reason for hold in report.holds]),
        ]
    return blocks


def _figures(report: PortfolioReport) -> list[Block]:
    from pmsm_cli.reports.portfolio_charts import investment_chart, value_roi_chart

    return [
        Figure(
            [value_roi_chart(report)],
            "Strategic priority of each plan's service against its ROI; the bubble's "
            "area is the plan's investment over its horizon, its colour the service-package "
            "type, the number its rank.",
        ),
        Figure(
            [investment_chart(report)],
            "Investment of each plan over its charter's horizon, by category (§2.1), in "
            "rank order.",
        ),
    ]


def _investment(report: PortfolioReport) -> list[Block]:
    blocks: list[Block] = [
        Heading("Investment over each charter's horizon (§2.1)"),
        _investment_table(report),
    ]
    total = report.total_investment
    if total:
        blocks.append(
            Facts(
                [
                    (
                        f"{category_title(c).lower()} the business" if c in CATEGORY_TITLES else c,
                        f"{fmt.money(report.investment.get(c, 0.0))} "
                        f"({percent(report.investment.get(c, 0.0) / total * 100, 'whole')})",
                    )
                    for c in report.categories
                ]
            )
        )
    return blocks


def _conflicts(report: PortfolioReport) -> list[Block]:
    return [
        Heading("Shared environments booked by two plans at once (§5.2)"),
        Table(
            [
                Column("Environment"),
                Column("Overlap", nowrap=True),
                Column("Days", numeric=True),
                Column("First booking"),
                Column("Where", nowrap=True),
                Column("Second booking"),
                Column("Where", nowrap=True),
            ],
            [_conflict_row(c) for c in report.conflicts],
            empty="no environment is booked by two plans on the same days",
        ),
    ]


def _flags(report: PortfolioReport) -> list[Block]:
    return [
        Heading("Flags"),
        Table(
            [Column("Where", nowrap=True), Column("What to look at")],
            [[f.where(), f.message] for f in report.flags],
            empty="nothing to flag",
        ),
    ]


def _investment_table(report: PortfolioReport) -> Table:
    columns = [
        Column("Rank", numeric=True),
        Column("Project"),
        Column("Years", numeric=True),
        *(Column(category_title(c), numeric=True) for c in report.categories),
        Column("Total", numeric=True),
    ]
    rows = [
        [
            str(r.rank),
            r.entry.name,
            str(r.entry.horizon_years),
            *(fmt.money(r.entry.investment.get(c, 0.0)) for c in report.categories),
            fmt.money(r.entry.total_investment),
        ]
        for r in report.ranking
    ]
    rows.append(
        [
            "",
            "All plans",
            "",
            *(fmt.money(report.investment.get(c, 0.0)) for c in report.categories),
            fmt.money(report.total_investment),
        ]
    )
    return Table(columns, rows)


def _conflict_row(conflict: BookingConflict) -> list[str]:
    return [
        conflict.environment,
        f"{conflict.overlap_start.isoformat()} to {conflict.overlap_finish.isoformat()}",
        str(conflict.days),
        booking_side(conflict.first),
        conflict.first.where(),
        booking_side(conflict.second),
        conflict.second.where(),
    ]


# --- JSON ---------------------------------------------------------------------------------


def _money(value: float) -> float:
    return round(value, 2)


def _booking_json(ref: BookingRef) -> dict[str, Any]:
    return {
        "path": str(ref.path),
        "line": ref.line,
        "column": ref.column,
        "project": ref.project,
        "environment": ref.environment,
        "start": ref.start.isoformat(),
        "finish": ref.finish.isoformat(),
        "activity": ref.activity,
        "activity_name": ref.activity_name,
        "purpose": ref.purpose,
    }


def as_json_data(report: PortfolioReport) -> dict[str, Any]:
    """The documented JSON shape (see docs/guide/portfolio.md)."""
    return {
        "schema": JSON_SCHEMA_ID,
        "services": str(report.services_path),
        "roi_band": report.roi_band,
        "roi_band_source": report.roi_band_source,
        "notes": report.notes,
        "plans": [
            {
                "rank": r.rank,
                "roi_rank": r.roi_rank,
                "path": str(r.entry.path),
                "project": r.entry.name,
                "service": r.entry.service_name,
                "service_id": r.entry.service.id if r.entry.service else None,
                "strategic_priority": r.entry.priority,
                "package_type": r.entry.package_type,
                "roi": None if r.entry.roi is None else round(r.entry.roi, 2),
                "roi_source": r.entry.roi_source,
                "horizon_years": r.entry.horizon_years,
                "investment": {c: _money(v) for c, v in r.entry.investment.items()},
                "total_investment": _money(r.entry.total_investment),
            }
            for r in report.ranking
        ],
        "roi_order": [str(r.entry.path) for r in report.by_roi],
        "rank_changes": [
            {
                "above": str(c.above.path),
                "below": str(c.below.path),
                "roi_gap": None if c.roi_gap is None else round(c.roi_gap, 2),
                "reason": c.reason,
            }
            for c in report.changes
        ],
        "rank_holds": [
            {
                "lower": str(h.lower.path),
                "upper": str(h.upper.path),
                "blocker": str(h.blocker.path),
                "reason": h.reason,
            }
            for h in report.holds
        ],
        "investment": {
            **{c: _money(report.investment.get(c, 0.0)) for c in report.categories},
            "total": _money(report.total_investment),
        },
        "booking_conflicts": [
            {
                "environment": c.environment,
                "overlap": {
                    "start": c.overlap_start.isoformat(),
                    "finish": c.overlap_finish.isoformat(),
                    "days": c.days,
                },
                "bookings": [_booking_json(c.first), _booking_json(c.second)],
            }
            for c in report.conflicts
        ],
        "flags": [
            {"path": str(f.path), "line": f.line, "column": f.column, "message": f.message}
            for f in report.flags
        ],
    }


# --- the formats (their registry: pmsm_cli.reports) ------------------------------------


def to_json(report: PortfolioReport) -> str:
    return json_document(as_json_data(report))


def to_html(report: PortfolioReport) -> str:
    from pmsm_cli.reports.document import to_html_body
    from pmsm_cli.reports.htmlkit import page

    doc = build_document(report, figures=True)
    return page(doc.title, to_html_body(doc))


def to_xlsx(report: PortfolioReport) -> bytes:
    from pmsm_cli.reports.portfolio_xlsx import workbook_bytes

    return workbook_bytes(report)


def to_plain_text(report: PortfolioReport) -> str:
    return to_text(build_document(report))


def to_md(report: PortfolioReport) -> str:
    return to_markdown(build_document(report))


# The formats by name, as their functions: the registry is pmsm_cli.reports.
RENDERERS: Mapping[str, Callable[[PortfolioReport], str | bytes]] = Loaded(PORTFOLIO_FORMATS)
