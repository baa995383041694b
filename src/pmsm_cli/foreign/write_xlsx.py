"""The missing activities as rows added to a copy of an Excel plan, on the plan's own sheet.

Written with openpyxl, loading the whole workbook (not pmsm's own workbook
writer, which builds pmsm's layout from a plan): the copy must be the PM's
workbook, with its other sheets, title rows, column widths, formats and
formulas. The new rows go right below the last task row, each cell styled as
the cell above it (fonts, borders, date and number formats), holding values of
the kind the column holds: real dates where the column has dates, numbers
where it has numbers (a lone predecessor too, as Excel stores "12"), text in
the column's notation ("10 Tage") where it has text. Names are indented as
the sheet indents them (Excel's indent, or spaces). Text is always stored as
text, never as a formula, and text that a spreadsheet would take for one gets
the apostrophe (render.csvfile).

What openpyxl does not keep is lost in the copy: charts and images, and
pivot tables' caches; the PM's original is never changed, so nothing is lost
there. If rows below the table hold something (notes under the plan), the new
rows are inserted above them; openpyxl does not rewrite formulas that pointed
at the moved cells.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from copy import copy
from datetime import date, datetime
from typing import Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.foreign.notation import DateNotation, date_notation, duration_notation
from pmsm_cli.foreign.placement import Placed
from pmsm_cli.foreign.rows import NewRow, new_rows
from pmsm_cli.foreign.timing import Span
from pmsm_cli.foreign.write_table import indent_step, list_separator
from pmsm_cli.readers.model import ForeignPlan
from pmsm_cli.readers.xlsx_plan import header_of, load_for_copy
from pmsm_cli.render.csvfile import neutralise

_ROW = re.compile(r"\d+$")


def write_xlsx_copy(plan: ForeignPlan, placed: Placed, spans: Mapping[str, Span]) -> bytes:
    """The bytes of a copy of ``plan``'s workbook with one row per placed task added."""
    places = [t.where for t in plan.tasks if t.where.sheet is not None and t.where.cell]
    if not places:
        raise PmsmError("the workbook has no task rows to add the missing activities to", plan.path)
    workbook = load_for_copy(plan.path)
    sheet = workbook[places[0].sheet]
    header = header_of(sheet, plan.path, plan.options)
    columns = header.columns
    header_row = header.index + 1
    last = max(_row_number(str(w.cell)) for w in places)
    body = [
        [cell.value for cell in row]
        for row in sheet.iter_rows(min_row=header_row + 1, max_row=last)
    ]
    style = _Styles.learn(sheet, body, columns, plan, header_row)
    rows = new_rows(plan, placed, spans, columns)
    if not (style.indent or style.spaces or "outline_level" in columns or "wbs" in columns):
        rows = rows[1:]  # a flat list: a summary row would read as one more task
    _make_room(sheet, last, len(rows))
    for offset, row in enumerate(rows, start=1):
        _write_row(sheet, last, last + offset, row, columns, style)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


class _Styles:
    """How the sheet writes each column, learnt from its task rows."""

    def __init__(self) -> None:
        self.indent = False  # names indented with Excel's indent
        self.spaces = ""  # or with spaces: one level
        self.number_ids = False
        self.number_predecessors = False  # a lone predecessor written as a number
        self.duration_numbers = False
        self.date_values = False
        self.durations = duration_notation([])
        self.dates: DateNotation | None = None
        self.separator = ";"

    @staticmethod
    def learn(
        sheet: Any,
        body: list[list[Any]],
        columns: Mapping[str, int],
        plan: ForeignPlan,
        header_row: int,
    ) -> _Styles:
        found = _Styles()

        def values(field: str) -> list[Any]:
            column = columns.get(field)
            if column is None:
                return []
            return [r[column] for r in body if column < len(r) and r[column] not in (None, "")]

        name_column = columns["name"] + 1
        found.indent = any(
            (sheet.cell(row=n, column=name_column).alignment.indent or 0) > 0
            for n in range(header_row + 1, header_row + 1 + len(body))
        )
        found.spaces = indent_step([v for v in values("name") if isinstance(v, str)])
        found.number_ids = any(isinstance(v, int | float) for v in values("id"))
        # Excel keeps a lone predecessor typed as 12 as the number 12, and "12;14" as text.
        found.number_predecessors = any(
            isinstance(v, int | float) and not isinstance(v, bool) for v in values("predecessors")
        )
        durations = values("duration")
        found.duration_numbers = bool(durations) and all(
            isinstance(v, int | float) for v in durations
        )
        found.durations = duration_notation([v for v in durations if isinstance(v, str)])
        dates = values("start") + values("finish")
        found.date_values = any(isinstance(v, datetime | date) for v in dates)
        by_row = {t.where.cell: t for t in plan.tasks}
        examples = []
        for field in ("start", "finish"):
            column = columns.get(field)
            for n, row in enumerate(body, start=header_row + 1):
                task = by_row.get(f"{_letter(columns['name'] + 1)}{n}")
                value = getattr(task, field) if task is not None else None
                cell = row[column] if column is not None and column < len(row) else None
                if isinstance(cell, str) and value is not None:
                    examples.append((cell, value))
        found.dates = date_notation(examples)
        found.separator = list_separator(
            [v for v in values("predecessors") if isinstance(v, str)], ";"
        )
        return found


def _make_room(sheet: Any, last: int, count: int) -> None:
    """Insert rows below the table when something is written there already."""
    below = sheet.iter_rows(min_row=last + 1, max_row=last + count, values_only=True)
    if any(value not in (None, "") for row in below for value in row):
        sheet.insert_rows(last + 1, count)


def _write_row(
    sheet: Any,
    template: int,
    number: int,
    row: NewRow,
    columns: Mapping[str, int],
    style: _Styles,
) -> None:
    values: dict[str, Any] = {
        "id": row.number if style.number_ids else str(row.number),
        "name": (style.spaces * (row.level - 1)) + row.name,
        "outline_level": row.level,
        "wbs": row.wbs,
        "duration": _duration(row, style),
        "start": _date(row.start, style),
        "finish": _date(row.finish, style),
        "predecessors": _predecessors(row, style),
        "notes": row.notes,
        "catalog": row.catalog,
    }
    width = max(columns.values()) + 1
    for place in range(1, width + 1):
        above = sheet.cell(row=template, column=place)
        cell = sheet.cell(row=number, column=place)
        if above.has_style:
            cell._style = copy(above._style)
    for field, value in values.items():
        column = columns.get(field)
        if column is None or value in (None, ""):
            continue
        cell = sheet.cell(row=number, column=column + 1)
        if isinstance(value, str):
            cell.value = neutralise(value)
            cell.data_type = "s"  # text, never a formula
        else:
            cell.value = value
        if field == "name" and style.indent:
            alignment = copy(cell.alignment)
            alignment.indent = row.level - 1
            cell.alignment = alignment


def _predecessors(row: NewRow, style: _Styles) -> Any:
    """As the column holds them: a lone task number as a number where it has numbers."""
    lone = row.predecessors[0] if len(row.predecessors) == 1 else ""
    if style.number_predecessors and lone.isascii() and lone.isdigit():
        return int(lone)
    return style.separator.join(row.predecessors)


def _duration(row: NewRow, style: _Styles) -> Any:
    if row.duration_days is None:
        return None
    return row.duration_days if style.duration_numbers else style.durations.write(row.duration_days)


def _date(day: date | None, style: _Styles) -> Any:
    if day is None:
        return None
    if style.date_values:
        return datetime(day.year, day.month, day.day)
    return style.dates.write(day) if style.dates is not None else None


def _row_number(cell: str) -> int:
    """The row of a cell reference ("B16" -> 16)."""
    match = _ROW.search(cell)
    assert match is not None  # the reader writes every task's cell as letters and digits
    return int(match.group())


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))
