"""``pmsm plan -o plan.xlsx``: the plan as an Excel workbook (openpyxl).

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

openpyxl's write-only mode streams rows to the file instead of keeping a
cell object per value: about twice as fast and far lighter on 10,000
activities.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from pmsm_cli import workbook_layout as layout
from pmsm_cli.models.plan import ActivityStatus
from pmsm_cli.planview import PlanView, Row
from pmsm_cli.render import RenderOptions

if TYPE_CHECKING:
    from openpyxl.workbook.workbook import Workbook

# openpyxl's type stubs do not describe write-only sheets fully (no
# column_dimensions, untyped rules), so sheets and rules are plain Any here.
Sheet = Any

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0"
HEADER_FILL = "DDE4EE"
CRITICAL_FILL = "F8D7DA"  # light red: rows on the critical path
BAR_FILL = "5B8DB8"  # Gantt bar
CRITICAL_BAR_FILL = "C0392B"  # Gantt bar on the critical path
MAX_WIDTH = 45
STATUSES: tuple[str, ...] = ActivityStatus.__args__  # type: ignore[attr-defined]
MAX_COLUMNS = 16_384  # Excel's limit
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
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    wb.properties.creator = "pmsm"
    wb.properties.title = _clean(f"{view.name}: activity plan")
    writer = _Writer(wb)
    writer.activities(view, options)
    writer.gantt(view)
    writer.summary(view)
    writer.requirements(view)
    writer.risks(view)
    writer.stakeholders(view)
    writer.changes(view)
    writer.source(view)
    buffer = io.BytesIO()
    wb.save(buffer)
    options.progress(len(view.rows))
    return buffer.getvalue()


def _clean(text: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cleaned: str = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    return cleaned[: layout.SOURCE_CELL_LIMIT]


class _Writer:
    """Writes sheets; knows how to turn each kind of value into a cell."""

    def __init__(self, wb: Workbook) -> None:
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        self.wb = wb
        self._cell: Any = WriteOnlyCell
        self._error_codes = frozenset(ERROR_CODES)
        self._illegal = ILLEGAL_CHARACTERS_RE
        self.header_font = Font(bold=True)
        self.header_fill = PatternFill("solid", fgColor=HEADER_FILL)
        self.header_border = Border(bottom=Side(style="thin", color="7F8FA6"))
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.rotated = Alignment(text_rotation=90, horizontal="center")

    # -- cells -----------------------------------------------------------------

    def cell(self, ws: Sheet, value: Any, number_format: str | None = None) -> Any:
        """A value as a cell: text stays text, dates get a date format."""
        if isinstance(value, str):
            text = value
            if self._illegal.search(text):
                text = self._illegal.sub("\ufffd", text)
            text = text[: layout.SOURCE_CELL_LIMIT]
            if text.startswith("=") or text in self._error_codes:
                # openpyxl would store these as a formula or an error value.
                c = self._cell(ws, value=text)
                c.data_type = "s"
                return c
            return text
        if isinstance(value, dt.date):
            c = self._cell(ws, value=value)
            c.number_format = number_format or DATE_FORMAT
            return c
        if number_format is not None and value is not None:
            c = self._cell(ws, value=value)
            c.number_format = number_format
            return c
        return value

    def header(self, ws: Sheet, titles: Sequence[str]) -> None:
        cells = []
        for title in titles:
            c = self._cell(ws, value=title)
            c.font = self.header_font
            c.fill = self.header_fill
            c.border = self.header_border
            c.alignment = self.wrap
            cells.append(c)
        ws.append(cells)

    def table(
        self,
        title: str,
        headers: Sequence[str],
        rows: Iterable[Sequence[Any]],
        formats: dict[int, str] | None = None,
    ) -> Sheet:
        """A sheet holding one table: header, frozen first row, filter, sized columns."""
        ws = self.wb.create_sheet(title)
        rows = list(rows)
        self.size_columns(ws, headers, rows)
        ws.freeze_panes = "A2"
        if rows:
            ws.auto_filter.ref = f"A1:{_letter(len(headers))}{len(rows) + 1}"
        self.header(ws, headers)
        formats = formats or {}
        for row in rows:
            ws.append([self.cell(ws, v, formats.get(i)) for i, v in enumerate(row)])
        return ws

    def size_columns(
        self, ws: Sheet, headers: Sequence[str], rows: Sequence[Sequence[Any]]
    ) -> None:
        # Column sizes must be set before the first row is streamed.
        for i, title in enumerate(headers):
            longest = len(title)
            for row in rows:
                value = row[i]
                width = 10 if isinstance(value, dt.date) else len(str(value or ""))
                longest = max(longest, width)
            ws.column_dimensions[_letter(i + 1)].width = min(MAX_WIDTH, max(8, longest + 2))

    @staticmethod
    def printable(ws: Sheet) -> None:
        """Print landscape, one page wide, the header row repeated on every page."""
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "1:1"

    # -- sheets ----------------------------------------------------------------

    def activities(self, view: PlanView, options: RenderOptions) -> None:
        from openpyxl.formatting.rule import FormulaRule

        rule: Any = FormulaRule
        from openpyxl.styles import Font, PatternFill
        from openpyxl.worksheet.datavalidation import DataValidation

        keys = [key for key, _ in layout.ACTIVITY_COLUMNS]
        headers = [title for _, title in layout.ACTIVITY_COLUMNS]
        values = [[_activity_value(row, key) for key in keys] for row in view.rows]
        ws = self.wb.create_sheet(layout.ACTIVITIES_SHEET)
        self.size_columns(ws, headers, values)
        last = len(values) + 1
        end = _letter(len(keys))
        ws.freeze_panes = "C2"  # the header and the id and name stay in view
        self.printable(ws)
        ws.auto_filter.ref = f"A1:{end}{last}"

        def column(key: str) -> str:
            return _letter(keys.index(key) + 1)

        if values:
            status = DataValidation(
                type="list",
                formula1='"' + ",".join(STATUSES) + '"',
                allow_blank=False,
                showErrorMessage=True,
                errorTitle="Unknown status",
                error="Choose one of: " + ", ".join(STATUSES),
            )
            status.add(f"{column('status')}2:{column('status')}{last}")
            percent = DataValidation(
                type="whole",
                operator="between",
                formula1="0",
                formula2="100",
                allow_blank=True,
                showErrorMessage=True,
                error="A whole number from 0 to 100",
            )
            percent.add(f"{column('percent_complete')}2:{column('percent_complete')}{last}")
            dates = DataValidation(
                type="date",
                operator="greaterThan",
                formula1="1",
                allow_blank=True,
                showErrorMessage=True,
                error="A date, e.g. 2026-03-02",
            )
            for key in ("actual_start", "actual_finish"):
                dates.add(f"{column(key)}2:{column(key)}{last}")
            for validation in (status, percent, dates):
                ws.data_validations.append(validation)
            # Formatting rules rather than fixed fills, so highlights follow a sort.
            ws.conditional_formatting.add(
                f"A2:{end}{last}",
                rule(
                    formula=[f"${column('critical')}2=TRUE"],
                    fill=PatternFill("solid", bgColor=CRITICAL_FILL),
                    font=Font(bold=True),
                ),
            )
            ws.conditional_formatting.add(
                f"A2:{end}{last}",
                rule(
                    formula=[f"${column('suggested')}2=TRUE"],
                    font=Font(italic=True, color="6B7280"),
                ),
            )
        self.header(ws, headers)
        percent_col = keys.index("percent_complete")
        for done, row in enumerate(values, 1):
            ws.append(
                [
                    self.cell(ws, v, "0" if i == percent_col and v is not None else None)
                    for i, v in enumerate(row)
                ]
            )
            if done % 250 == 0:
                options.progress(done)

    def gantt(self, view: PlanView) -> None:
        from openpyxl.formatting.rule import FormulaRule

        rule: Any = FormulaRule
        from openpyxl.styles import PatternFill

        ws = self.wb.create_sheet(layout.GANTT_SHEET)
        fixed = ["ID", "Activity", "Start", "Finish", "Days", "Critical"]
        first_week = view.start - dt.timedelta(days=view.start.weekday())
        weeks = (view.finish - first_week).days // 7 + 1
        # One column a week; a plan longer than Excel's columns gets wider columns.
        step = -(-weeks // (MAX_COLUMNS - len(fixed)))
        columns = -(-weeks // step)
        span = 7 * step
        ws.column_dimensions["A"].width = 18
        ws.column_dimensions["B"].width = 40
        for i in range(3, 5):
            ws.column_dimensions[_letter(i)].width = 11
        ws.column_dimensions["E"].width = 6
        ws.column_dimensions["F"].width = 8
        first_col = len(fixed) + 1
        for i in range(columns):
            ws.column_dimensions[_letter(first_col + i)].width = 3.2
        ws.freeze_panes = f"{_letter(first_col)}2"
        self.printable(ws)
        ws.row_dimensions[1].height = 62
        last = len(view.rows) + 1
        if view.rows:
            area = f"{_letter(first_col)}2:{_letter(first_col + columns - 1)}{last}"
            w = _letter(first_col)
            within = f"AND($C2<={w}$1+{span - 1},$D2>={w}$1)"
            ws.conditional_formatting.add(
                area,
                rule(
                    formula=[f"AND({within},$F2=TRUE)"],
                    fill=PatternFill("solid", bgColor=CRITICAL_BAR_FILL),
                    stopIfTrue=True,
                ),
            )
            ws.conditional_formatting.add(
                area,
                rule(formula=[within], fill=PatternFill("solid", bgColor=BAR_FILL)),
            )
        header = []
        for title in fixed:
            c = self._cell(ws, value=title)
            c.font = self.header_font
            c.fill = self.header_fill
            header.append(c)
        for i in range(columns):
            c = self._cell(ws, value=first_week + dt.timedelta(days=span * i))
            c.number_format = "dd mmm yy"
            c.alignment = self.rotated
            c.fill = self.header_fill
            header.append(c)
        ws.append(header)
        for row in view.rows:
            ws.append(
                [
                    self.cell(ws, row.id),
                    self.cell(ws, row.name),
                    self.cell(ws, row.start),
                    self.cell(ws, row.finish),
                    row.duration,
                    row.critical,
                ]
            )

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
        rows: list[list[Any]] = [[k, v, f] for k, v, f in facts]
        ws = self.wb.create_sheet(layout.SUMMARY_SHEET)
        ws.column_dimensions["A"].width = 30
        ws.column_dimensions["B"].width = 50
        ws.column_dimensions["C"].width = 12
        ws.column_dimensions["D"].width = 10
        self.header(ws, ["Item", "Value"])
        for key, value, fmt in rows:
            ws.append([self.cell(ws, key), self.cell(ws, value, fmt)])
        ws.append([])
        self.header(ws, ["Milestone", "ID", "Date", "Float"])
        for m in view.milestones:
            ws.append([self.cell(ws, m.name), m.id, self.cell(ws, m.start), m.float])
        ws.append([])
        self.header(ws, ["Critical path", "ID", "Start", "Finish"])
        for r in view.critical_path:
            ws.append(
                [self.cell(ws, r.name), r.id, self.cell(ws, r.start), self.cell(ws, r.finish)]
            )
        if view.warnings:
            ws.append([])
            self.header(ws, ["Warning"])
            for w in view.warnings:
                ws.append([self.cell(ws, w.message)])

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
        ws = self.wb.create_sheet(layout.SOURCE_SHEET)
        ws.sheet_state = "hidden"
        limit = layout.SOURCE_CELL_LIMIT
        for line in view.source_text.splitlines():
            parts = [line[i : i + limit] for i in range(0, len(line), limit)] or [""]
            ws.append([self._text(ws, part) for part in parts])

    def _text(self, ws: Sheet, text: str) -> Any:
        c = self._cell(ws, value=None)
        c.value = self._illegal.sub("\ufffd", text)
        c.data_type = "s"
        return c


def _activity_value(row: Row, key: str) -> Any:
    """The Activities sheet cell for one column key of ``workbook_layout``."""
    if key == "process":
        return row.process_title or None
    if key == "phase":
        return row.phase_title or None
    if key == "pmbok_group":
        return row.pmbok_group_title or None
    if key == "stage":
        return row.stage_title or None
    if key == "depends_on":
        return row.depends_on_text or None
    value: Any = getattr(row, key)
    return value


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))
