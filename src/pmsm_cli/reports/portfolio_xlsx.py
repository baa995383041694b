"""``pmsm portfolio --format xlsx``: the report as a workbook a PMO can sort and filter.

Text typed by users (project and service names, purposes, messages) is
always written as a text cell, never as a formula: a project named
``=HYPERLINK(...)`` stays a name.

Two runs make the same bytes when ``SOURCE_DATE_EPOCH`` is set: the
workbook's created and modified dates come from ``pmsm_cli.clock``, and the
parts of the package are stamped 1980-01-01 rather than with the time of the
run, as openpyxl stamps them.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from pmsm_cli.clock import output_time
from pmsm_cli.portfolio.build import PortfolioReport
from pmsm_cli.reports.portfolio import booking_side, category_title, service_cell

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

Cell = str | int | float | None

RANKING_SHEET = "Ranking"
ROI_SHEET = "By ROI alone"
CHANGES_SHEET = "Rank changes"
INVESTMENT_SHEET = "Investment"
BOOKINGS_SHEET = "Booking conflicts"
FLAGS_SHEET = "Flags"
NOTES_SHEET = "Notes"


def _sheet(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append(list(headers))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row_no, row in enumerate(rows, start=2):
        for col_no, value in enumerate(row, start=1):
            cell = ws.cell(row=row_no, column=col_no)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    ws.freeze_panes = "A2"
    for col_no, header in enumerate(headers, start=1):
        longest = max([len(header), *(len(str(r[col_no - 1] or "")) for r in rows)])
        letter = get_column_letter(col_no)
        ws.column_dimensions[letter].width = min(60, longest + 2)


def workbook_bytes(report: PortfolioReport) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ranking = wb.active
    assert ranking is not None
    ranking.title = RANKING_SHEET
    _sheet(
        ranking,
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
        wb.create_sheet(ROI_SHEET),
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
        wb.create_sheet(CHANGES_SHEET),
        ["Ranks above", "Ranks below", "Against ROI alone", "Why"],
        [[c.above.name, c.below.name, "moved above", c.reason] for c in report.changes]
        + [
            [h.upper.name, h.lower.name, "held below, within the band", h.reason]
            for h in report.holds
        ],
    )
    _sheet(
        wb.create_sheet(INVESTMENT_SHEET),
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
        wb.create_sheet(BOOKINGS_SHEET),
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
        wb.create_sheet(FLAGS_SHEET),
        ["Where", "What to look at"],
        [[f.where(), f.message] for f in report.flags],
    )
    _sheet(wb.create_sheet(NOTES_SHEET), ["About the ranking"], [[n] for n in report.notes])
    from openpyxl.writer.excel import ExcelWriter

    made = output_time().astimezone(dt.timezone.utc).replace(tzinfo=None)  # openpyxl's UTC
    wb.properties.created = wb.properties.modified = made
    buffer = io.BytesIO()
    # What Workbook.save does, less its stamping `modified` with the current time.
    ExcelWriter(wb, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED)).save()
    return _without_part_times(buffer.getvalue())


def _without_part_times(package: bytes) -> bytes:
    """The same workbook with every part stamped 1980-01-01, zip's first day (a small copy)."""
    copy = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(zipfile.ZipInfo(info.filename), source.read(info))
    return copy.getvalue()
