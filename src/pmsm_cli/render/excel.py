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

Cells are written by ``render/sheetxml.py``, our own streaming SpreadsheetML
writer: openpyxl's cell objects took about 7 seconds on 10,000 activities,
the writer well under one (see its docstring for what else was measured).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pmsm_cli import workbook_layout as layout
from pmsm_cli.models.plan import ActivityStatus
from pmsm_cli.planview import PlanView, Row
from pmsm_cli.render import RenderOptions

if TYPE_CHECKING:
    from pmsm_cli.changecal.model import Freeze
    from pmsm_cli.render.sheetxml import Sheet, Workbook

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0"
HEADER_FILL = "DDE4EE"
HEADER_BORDER = "7F8FA6"  # thin line under a header row
SUGGESTED_COLOR = "6B7280"  # grey italics: rows suggested from the catalog
CRITICAL_FILL = "F8D7DA"  # light red: rows on the critical path
BAR_FILL = "5B8DB8"  # Gantt bar
CRITICAL_BAR_FILL = "C0392B"  # Gantt bar on the critical path
FREEZE_FILL = "F6D58E"  # amber: weeks with a change freeze, and the freeze's own bar
FREEZE_ID = "freeze"  # the ID column of a freeze's row on the Gantt sheet
MAX_WIDTH = 45
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
    from pmsm_cli.render.sheetxml import Workbook

    book = Workbook(creator="pmsm", title=f"{view.name}: activity plan")
    writer = _Writer(book)
    writer.activities(view, options)
    writer.gantt(view)
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
        from pmsm_cli.render.sheetxml import Style

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

    def header(self, ws: Sheet, titles: Sequence[str]) -> None:
        ws.append(list(titles), [self.header_style] * len(titles))

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
        if rows:
            ws.autofilter = f"A1:{layout.column_letter(len(headers))}{len(rows) + 1}"
        self.header(ws, headers)
        styles = [self.formats[(formats or {}).get(i)] for i in range(len(headers))]
        for row in rows:
            ws.append(row, styles)
        return ws

    # -- sheets ----------------------------------------------------------------

    def activities(self, view: PlanView, options: RenderOptions) -> None:
        from pmsm_cli.render.sheetxml import Style, Validation

        keys = [key for key, _ in layout.ACTIVITY_COLUMNS]
        headers = [title for _, title in layout.ACTIVITY_COLUMNS]
        values = activity_values(view.rows, keys)
        ws = self.book.sheet(layout.ACTIVITIES_SHEET)
        size_columns(ws, headers, values)
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
        self.header(ws, headers)
        styles = [self.formats["0" if key == "percent_complete" else None] for key in keys]
        for done, row in enumerate(values, 1):
            ws.append(row, styles)
            if done % 250 == 0:
                options.progress(done)

    def gantt(self, view: PlanView) -> None:
        from pmsm_cli.render.sheetxml import MAX_COLUMNS, Style

        ws = self.book.sheet(layout.GANTT_SHEET)
        fixed = ["ID", "Activity", "Start", "Finish", "Days", "Critical"]
        first_week = view.start - dt.timedelta(days=view.start.weekday())
        weeks = (view.finish - first_week).days // 7 + 1
        # One column a week; a plan longer than Excel's columns gets wider columns.
        step = -(-weeks // (MAX_COLUMNS - len(fixed)))
        columns = -(-weeks // step)
        span = 7 * step
        ws.widths.update({1: 18, 2: 40, 3: 11, 4: 11, 5: 6, 6: 8})
        first_col = len(fixed) + 1
        for i in range(columns):
            ws.widths[first_col + i] = 3.2
        ws.freeze = f"{layout.column_letter(first_col)}2"
        ws.print_landscape = True
        last = len(view.rows) + 1
        w = layout.column_letter(first_col)
        end_col = layout.column_letter(first_col + columns - 1)

        def within(row: int) -> str:
            """The week of the column (from the header) meets the dates of ``row``."""
            return f"AND($C{row}<={w}$1+{span - 1},$D{row}>={w}$1)"

        if view.rows:
            area = f"{w}2:{end_col}{last}"
            ws.conditional(
                area,
                f"AND({within(2)},$F2=TRUE)",
                Style(fill=CRITICAL_BAR_FILL),
                stop_if_true=True,
            )
            ws.conditional(area, within(2), Style(fill=BAR_FILL))
            if view.freezes:
                # Behind the bars, the weeks a freeze touches are amber on every row.
                frozen = ",".join(
                    f"AND({w}$1<={_excel_date(f.finish)},{w}$1+{span - 1}>={_excel_date(f.start)})"
                    for f in view.freezes
                )
                ws.conditional(area, f"OR({frozen})", Style(fill=FREEZE_FILL))
        if view.freezes:
            # The freezes themselves, below the activities, as amber bars of their own.
            top = last + 2
            area = f"{w}{top}:{end_col}{top + len(view.freezes) - 1}"
            ws.conditional(area, within(top), Style(fill=FREEZE_FILL))
        title = self.book.style(Style(bold=True, fill=HEADER_FILL))
        week = self.book.style(
            Style(number_format="dd mmm yy", fill=HEADER_FILL, rotation=90, horizontal="center")
        )
        ws.append(
            [*fixed, *(first_week + dt.timedelta(days=span * i) for i in range(columns))],
            [title] * len(fixed) + [week] * columns,
            height=62,
        )
        for row in view.rows:
            ws.append([row.id, row.name, row.start, row.finish, row.duration, row.critical])
        if view.freezes:
            ws.skip_row()
            for freeze in view.freezes:
                days = (freeze.finish - freeze.start).days + 1
                ws.append([FREEZE_ID, freeze_text(freeze), freeze.start, freeze.finish, days])

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


def freeze_text(freeze: Freeze) -> str:
    """'Change freeze: Year-end (production): closing the books'."""
    where = ", ".join(freeze.environments) if freeze.environments else "every environment"
    reason = f": {freeze.reason}" if freeze.reason else ""
    return f"Change freeze: {freeze.name} ({where}){reason}"


def _excel_date(day: dt.date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"


def size_columns(ws: Sheet, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Each column as wide as its longest value (within 8 and MAX_WIDTH characters).

    A value's width is the length of its text; a date's (2026-03-02) is 10.
    """
    columns = zip(*rows, strict=True) if rows else (() for _ in headers)
    for i, (title, column) in enumerate(zip(headers, columns, strict=True), 1):
        # map and filter keep the loop over 10,000 cells in C; filter(None) skips blanks.
        longest = max(map(len, map(str, filter(None, column))), default=0)
        ws.widths[i] = min(MAX_WIDTH, max(8, len(title) + 2, longest + 2))


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
