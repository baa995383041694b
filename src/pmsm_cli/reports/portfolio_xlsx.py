"""``pmsm portfolio --format xlsx``: the report as a workbook a PMO can sort and filter.

Written by pmsm's one workbook writer (:mod:`pmsm_cli.workbook.write`), as the
plan's workbook is: text typed by users (project and service names, purposes,
messages, file paths) is always a text cell, never a formula, so a project
named ``=HYPERLINK(...)`` stays a name; characters a workbook cannot hold (a
control character in a folder's name) become U+FFFD instead of stopping the
report; and two runs make the same bytes when ``SOURCE_DATE_EPOCH`` is set.
"""

from __future__ import annotations

from collections.abc import Sequence

from pmsm_cli.portfolio.build import PortfolioReport
from pmsm_cli.reports.portfolio import booking_side, category_title, service_cell
from pmsm_cli.workbook.write import Style, Workbook

Cell = str | int | float | None

RANKING_SHEET = "Ranking"
ROI_SHEET = "By ROI alone"
CHANGES_SHEET = "Rank changes"
INVESTMENT_SHEET = "Investment"
BOOKINGS_SHEET = "Booking conflicts"
FLAGS_SHEET = "Flags"
NOTES_SHEET = "Notes"

HEADER = Style(bold=True)
MAX_WIDTH = 60  # characters: a long purpose or path wraps off screen rather than widening


def _sheet(
    book: Workbook, name: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]
) -> None:
    """A sheet: a bold header row that stays in view, then the rows, each column
    as wide as its longest entry (up to MAX_WIDTH)."""
    sheet = book.sheet(name)
    sheet.freeze = "A2"
    for col_no, header in enumerate(headers, start=1):
        longest = max([len(header), *(len(str(r[col_no - 1] or "")) for r in rows)])
        sheet.widths[col_no] = min(MAX_WIDTH, longest + 2)
    sheet.append(headers, [book.style(HEADER)] * len(headers))
    for row in rows:
        sheet.append([None if value == "" else value for value in row])  # "" is no entry


def workbook_bytes(report: PortfolioReport) -> bytes:
    book = Workbook(creator="pmsm", title="Portfolio")
    _sheet(
        book,
        RANKING_SHEET,
        [
            "Rank",
            "Rank by ROI alone",
            "Project",
            "Service",
            "Strategic priority",
            "Package type",
            "ROI %",
            "ROI from",
            "Investment",
            "Plan file",
        ],
        [
            [
                r.rank,
                r.roi_rank,
                r.entry.name,
                service_cell(r),
                r.entry.priority,
                r.entry.package_type or "",
                None if r.entry.roi is None else round(r.entry.roi, 2),
                r.entry.roi_source or "",
                round(r.entry.total_investment, 2),
                str(r.entry.path),
            ]
            for r in report.ranking
        ],
    )
    _sheet(
        book,
        ROI_SHEET,
        ["Rank by ROI alone", "Project", "ROI %", "Service", "Strategic priority", "Rank"],
        [
            [
                r.roi_rank,
                r.entry.name,
                None if r.entry.roi is None else round(r.entry.roi, 2),
                service_cell(r),
                r.entry.priority,
                r.rank,
            ]
            for r in report.by_roi
        ],
    )
    _sheet(
        book,
        CHANGES_SHEET,
        ["Ranks above", "Ranks below", "Against ROI alone", "Why"],
        [[c.above.name, c.below.name, "moved above", c.reason] for c in report.changes]
        + [
            [h.upper.name, h.lower.name, "held below, within the band", h.reason]
            for h in report.holds
        ],
    )
    _sheet(
        book,
        INVESTMENT_SHEET,
        [
            "Rank",
            "Project",
            "Horizon (years)",
            *(category_title(c) for c in report.categories),
            "Total",
        ],
        [
            [
                r.rank,
                r.entry.name,
                r.entry.horizon_years,
                *(round(r.entry.investment.get(c, 0.0), 2) for c in report.categories),
                round(r.entry.total_investment, 2),
            ]
            for r in report.ranking
        ],
    )
    _sheet(
        book,
        BOOKINGS_SHEET,
        [
            "Environment",
            "Overlap start",
            "Overlap finish",
            "Days",
            "First booking",
            "Where",
            "Second booking",
            "Where",
        ],
        [
            [
                c.environment,
                c.overlap_start.isoformat(),
                c.overlap_finish.isoformat(),
                c.days,
                booking_side(c.first),
                c.first.where(),
                booking_side(c.second),
                c.second.where(),
            ]
            for c in report.conflicts
        ],
    )
    _sheet(
        book,
        FLAGS_SHEET,
        ["Where", "What to look at"],
        [[f.where(), f.message] for f in report.flags],
    )
    _sheet(book, NOTES_SHEET, ["About the ranking"], [[n] for n in report.notes])
    return book.save()
