"""``pmsm plan -o plan.xlsx``: the plan as an Excel workbook.

Sheets, named in ``workbook_layout``: Activities (the columns a project
manager filters and edits, with a status drop-down; critical rows
highlighted), Gantt (one column a week; bars drawn by conditional
formatting, so they follow edited dates), Summary, Requirements, Risks,
Stakeholders, Change requests, and the hidden ``pmsm-source`` holding the
plan file itself so that the workbook can be read back.

Dates are real dates and numbers real numbers. Text from the plan is always
stored as text: ``=cmd|' /C calc'!A0`` stays those characters and never
becomes a formula, and characters Excel cannot store (control codes) become
U+FFFD.

Cells are written by ``workbook/write.py``, our own streaming SpreadsheetML
writer: openpyxl's cell objects took about 7 seconds on 10,000 activities,
the writer well under one (see its docstring for what else was measured).
The Gantt sheet is ``render/excel_gantt.py``; column widths, row heights and
the header's look are ``render/excel_look.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pmsm_cli.models.plan import ActivityStatus
from pmsm_cli.plan.view import PlanView, Row
from pmsm_cli.render import RenderOptions
from pmsm_cli.render.excel_gantt import gantt_sheet
from pmsm_cli.render.excel_look import (
    DATE_FORMAT,
    HEADER_BORDER,
    HEADER_FILL,
    MONEY_FORMAT,
    row_height,
    size_columns,
)
from pmsm_cli.workbook import layout

if TYPE_CHECKING:
    from pmsm_cli.workbook.sheet import Sheet
    from pmsm_cli.workbook.write import Workbook

SUGGESTED_COLOR = "6B7280"  # grey italics: rows suggested from the catalog
CRITICAL_FILL = "F8D7DA"  # light red: rows on the critical path
# The Activities sheet's widest columns, in characters, so that all 18 fit a landscape
# page at a scale still readable (about two thirds): longer text wraps onto more lines
# (ids break at their hyphens). The rest are as wide as their longest value.
ACTIVITY_WIDTHS: dict[str, float] = {
    "id": 18,
    "name": 32,
    "process": 18,
    "phase": 12,
    "pmbok_group": 12,
    "stage": 10,
    "owner": 14,
    "depends_on": 18,
}
# Columns whose text wraps (the others hold dates, numbers, flags and short words).
WRAPPED_ACTIVITY_COLUMNS = frozenset(ACTIVITY_WIDTHS)
STATUSES: tuple[str, ...] = ActivityStatus.__args__  # type: ignore[attr-defined]
REQUIREMENT_HEADERS = (
    "Checklist",
    "Item",
    "Item ID",
    "Covered",
    "Requirement ID",
    "Requirement",
    "Priority",
    "Status",
)
CHANGE_HEADERS = (
    "ID",
    "Kind",
    "Title",
    "Reason",
    "Approver",
    "Status",
    "Approved on",
    "Activity",
    "Environment",
    "Window start",
    "Window end",
    "Extra days",
    "Extra cost",
)


def render(view: PlanView, options: RenderOptions) -> bytes:
    from pmsm_cli.workbook.write import Workbook

    book = Workbook(creator="pmsm", title=f"{view.name}: activity plan")
    writer = _Writer(book)
    writer.activities(view, options)
    gantt_sheet(book, view)
    writer.summary(view)
    writer.requirements(view)
    writer.risks(view)
    writer.stakeholders(view)
    writer.changes(view)
    writer.source(view)
    data = book.save()
    options.progress(len(view.rows))
    return data


class _Writer:
    """Writes sheets; knows the look of each kind of cell."""

    def __init__(self, book: Workbook) -> None:
        from pmsm_cli.workbook.styles import Style

        self.book = book
        self.header_style = book.style(
            Style(
                bold=True,
                fill=HEADER_FILL,
                bottom_border=HEADER_BORDER,
                wrap=True,
                vertical="top",
            )
        )
        self.formats: dict[str | None, int] = {None: 0}
        for code in (DATE_FORMAT, MONEY_FORMAT, "0", "0.0"):
            self.formats[code] = book.style(Style(number_format=code))
        # Cells of tables whose rows may wrap onto several lines: at the top, so that a
        # row reads across; text wraps, the rest keeps its number format.
        self.top: dict[str | None, int] = {
            code: book.style(Style(number_format=code, vertical="top"))
            for code in (None, DATE_FORMAT, MONEY_FORMAT, "0", "0.0")
        }
        self.wrapped = book.style(Style(wrap=True, vertical="top"))

    def header(
        self, ws: Sheet, titles: Sequence[str], widths: dict[int, float] | None = None
    ) -> None:
        """A header row; with ``widths`` (column number -> width), as tall as its titles wrap."""
        height = None
        if widths:
            # Bold titles are wider than body text: a character less to a line.
            columns = [(i, widths[i + 1] - 1) for i in range(len(titles)) if i + 1 in widths]
            height = row_height(titles, columns)
        ws.append(list(titles), [self.header_style] * len(titles), height)

    def table(
        self,
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        formats: dict[int, str] | None = None,
    ) -> Sheet:
        """A sheet holding one table: header, frozen first row, filter, sized columns."""
        ws = self.book.sheet(title)
        rows = list(rows)
        size_columns(ws, headers, rows)
        ws.freeze = "A2"
        ws.print_landscape = True
        if rows:
            ws.autofilter = f"A1:{layout.column_letter(len(headers))}{len(rows) + 1}"
        self.header(ws, headers, ws.widths)
        styles = []
        for i in range(len(headers)):
            column = [row[i] for row in rows if row[i] is not None]
            code = (formats or {}).get(i)
            if code is None and any(isinstance(v, dt.date) for v in column):
                code = DATE_FORMAT  # a styled cell gets no date format of its own
            text = code is None and any(isinstance(v, str) for v in column)
            styles.append(self.wrapped if text else self.top[code])
        wrapped = [(i, ws.widths[i + 1]) for i, s in enumerate(styles) if s == self.wrapped]
        for row in rows:
            ws.append(row, styles, row_height(row, wrapped))
        return ws

    # -- sheets ----------------------------------------------------------------

    def activities(self, view: PlanView, options: RenderOptions) -> None:
        from pmsm_cli.workbook.sheet import Validation
        from pmsm_cli.workbook.styles import Style

        keys = [key for key, _ in layout.ACTIVITY_COLUMNS]
        headers = [title for _, title in layout.ACTIVITY_COLUMNS]
        values = activity_values(view.rows, keys)
        ws = self.book.sheet(layout.ACTIVITIES_SHEET)
        size_columns(ws, headers, values, [ACTIVITY_WIDTHS.get(key) for key in keys])
        last = len(values) + 1
        end = layout.column_letter(len(keys))
        ws.freeze = "C2"  # the header and the id and name stay in view
        ws.print_landscape = True
        ws.autofilter = f"A1:{end}{last}"

        def column(key: str) -> str:
            return layout.column_letter(keys.index(key) + 1)

        if values:
            ws.validations.append(
                Validation(
                    "list",
                    (f"{column('status')}2:{column('status')}{last}",),
                    '"' + ",".join(STATUSES) + '"',
                    allow_blank=False,
                    error_title="Unknown status",
                    error="Choose one of: " + ", ".join(STATUSES),
                )
            )
            percent = column("percent_complete")
            ws.validations.append(
                Validation(
                    "whole",
                    (f"{percent}2:{percent}{last}",),
                    "0",
                    "100",
                    operator="between",
                    error="A whole number from 0 to 100",
                )
            )
            ws.validations.append(
                Validation(
                    "date",
                    tuple(
                        f"{column(key)}2:{column(key)}{last}"
                        for key in ("actual_start", "actual_finish")
                    ),
                    "1",
                    operator="greaterThan",
                    error="A date, e.g. 2026-03-02",
                )
            )
            # Formatting rules rather than fixed fills, so highlights follow a sort.
            ws.conditional(
                f"A2:{end}{last}",
                f"${column('critical')}2=TRUE",
                Style(fill=CRITICAL_FILL, bold=True),
            )
            ws.conditional(
                f"A2:{end}{last}",
                f"${column('suggested')}2=TRUE",
                Style(italic=True, color=SUGGESTED_COLOR),
            )
        self.header(ws, headers, ws.widths)
        dates = ("start", "finish", "actual_start", "actual_finish")
        styles = [
            self.wrapped
            if key in WRAPPED_ACTIVITY_COLUMNS
            else self.top[
                "0" if key == "percent_complete" else DATE_FORMAT if key in dates else None
            ]
            for key in keys
        ]
        wrapped = [
            (i, ws.widths[i + 1]) for i, key in enumerate(keys) if key in WRAPPED_ACTIVITY_COLUMNS
        ]
        for done, row in enumerate(values, 1):
            ws.append(row, styles, row_height(row, wrapped))
            if done % 250 == 0:
                options.progress(done)

    def summary(self, view: PlanView) -> None:
        c = view.charter
        facts: list[tuple[str, Any, str | None]] = [
            ("Project", view.name, None),
            ("Project kind", view.kind_title, None),
            ("Service", view.service, None),
            ("Project manager", view.manager, None),
            ("Start", view.start, None),
            ("Finish", view.finish, None),
            ("Target finish", view.target_finish, None),
            ("Late by (working days)", view.late_by, None),
            ("Working days", view.working_days, None),
            ("Activities", view.counts.activities, None),
            ("Suggested from the catalog", view.counts.suggested, None),
            ("On the critical path", view.counts.critical, None),
            ("Milestones", view.counts.milestones, None),
            ("Total cost of ownership", c.tco, MONEY_FORMAT),
            ("Benefits", c.total_benefits, MONEY_FORMAT),
            ("ROI from the figures (%)", c.derived_roi, "0.0"),
            ("ROI stated (%)", c.roi, "0.0"),
            ("Sponsor", c.sponsor, None),
            ("Customer", c.customer, None),
        ]
        ws = self.book.sheet(layout.SUMMARY_SHEET)
        ws.widths.update({1: 30, 2: 50, 3: 12, 4: 10})
        ws.print_landscape = True
        ws.print_title_rows = 0  # several tables, each with its own header
        self.header(ws, ["Item", "Value"])
        for key, value, fmt in facts:
            ws.append([key, value], [0, self.formats[fmt]])
        ws.skip_row()
        self.header(ws, ["Milestone", "ID", "Date", "Float"])
        for m in view.milestones:
            ws.append([m.name, m.id, m.start, m.float])
        ws.skip_row()
        self.header(ws, ["Critical path", "ID", "Start", "Finish"])
        for r in view.critical_path:
            ws.append([r.name, r.id, r.start, r.finish])
        if view.warnings:
            ws.skip_row()
            self.header(ws, ["Warning"])
            for w in view.warnings:
                ws.append([w.message])

    def requirements(self, view: PlanView) -> None:
        rows: list[list[Any]] = []
        for checklist in view.checklists:
            for item in checklist.items:
                base = [checklist.title, item.title, item.id, item.covered]
                if not item.requirements:
                    rows.append([*base, None, None, None, None])
                for r in item.requirements:
                    rows.append([*base, r.id, r.text, r.priority, r.status])
        self.table(
            layout.REQUIREMENTS_SHEET,
            REQUIREMENT_HEADERS,
            rows,
        )

    def risks(self, view: PlanView) -> None:
        self.table(
            layout.RISKS_SHEET,
            ["ID", "Risk", "Category", "Probability", "Impact", "Response", "Owner", "Status"],
            [
                (
                    *(r.id, r.title, r.category_title, r.probability, r.impact, r.response),
                    r.owner,
                    r.status,
                )
                for r in view.risks
            ],
        )

    def stakeholders(self, view: PlanView) -> None:
        self.table(
            layout.STAKEHOLDERS_SHEET,
            ["Role", "Role ID", "Kind", "Name", "Applies", "Reason", "Contact", "Notes"],
            [
                [s.role_title, s.role, s.kind, s.name, s.applicable, s.reason, s.contact, s.notes]
                for s in view.stakeholders
            ],
        )

    def changes(self, view: PlanView) -> None:
        self.table(
            layout.CHANGES_SHEET,
            CHANGE_HEADERS,
            [
                (
                    *(c.id, c.kind_title, c.title, c.reason, c.approver_title, c.status),
                    *(c.approved_on, c.activity, c.environment, c.window_start, c.window_end),
                    *(c.extra_days, c.extra_cost),
                )
                for c in view.change_requests
            ],
            formats={12: MONEY_FORMAT},
        )

    def source(self, view: PlanView) -> None:
        ws = self.book.sheet(layout.SOURCE_SHEET, hidden=True)
        for row in layout.source_rows(view.source_text):
            ws.append(row)


# Activities columns shown from another attribute of the row, empty when blank.
TITLE_OF: dict[str, str] = {
    "process": "process_title",
    "phase": "phase_title",
    "pmbok_group": "pmbok_group_title",
    "stage": "stage_title",
    "depends_on": "depends_on_text",
}


def activity_values(rows: Sequence[Row], keys: Sequence[str]) -> list[list[Any]]:
    """The Activities sheet cells of each row, for the column keys of ``workbook_layout``."""
    from operator import attrgetter

    # One attrgetter call a row: 10,000 rows x 18 columns is 180,000 values.
    values_of = attrgetter(*(TITLE_OF.get(key, key) for key in keys))
    blank_when_empty = [i for i, key in enumerate(keys) if key in TITLE_OF]
    table = []
    for row in rows:
        values = list(values_of(row))
        for i in blank_when_empty:
            values[i] = values[i] or None
        table.append(values)
    return table
