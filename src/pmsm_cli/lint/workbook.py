"""Read back a workbook written by ``pmsm plan`` and edited by a project manager.

The workbook carries the plan file it was made from in its hidden
``pmsm-source`` sheet (one YAML line per row, column A), so everything the
sheets leave out is still there. What a project manager may change in Excel
is read from the Activities sheet: the columns ``workbook_layout`` lists as
editable (owner, status, actual dates, % complete). Everything else in the
sheets is output and is not read back.

The reader is strict about the layout: a missing sheet, a moved column or a
value that cannot be read is an error naming the sheet and the cell, because
a silently misread workbook would make the check lie.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.plan import ActivityStatus
from pmsm_cli.workbook_layout import (
    ACTIVITIES_SHEET,
    ACTIVITY_COLUMNS,
    EDITABLE_ACTIVITY_COLUMNS,
    SOURCE_SHEET,
)

STATUSES: tuple[str, ...] = get_args(ActivityStatus)
COLUMN_OF: dict[str, int] = {key: i + 1 for i, (key, _header) in enumerate(ACTIVITY_COLUMNS)}
HEADER_OF: dict[str, str] = dict(ACTIVITY_COLUMNS)


def column_letter(column: int) -> str:
    """1 -> A, 27 -> AA (Excel's base-26 without a zero)."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    return f"{column_letter(column)}{row}"


class WorkbookError(PmsmError):
    """A problem at one cell of one sheet."""

    def __init__(
        self, path: Path, message: str, sheet: str | None = None, row: int = 1, column: int = 1
    ) -> None:
        self.sheet = sheet
        self.cell = cell_name(row, column) if sheet else None
        self.detail = message  # without the sheet and cell, which a finding carries apart
        where = f"sheet '{sheet}', cell {self.cell}: " if sheet else ""
        super().__init__([Problem(where + message, path, row, column)])


@dataclass(frozen=True)
class WorkbookPlan:
    """The plan text from the source sheet and what the Activities sheet says differently."""

    text: str
    # Activity id -> Activities row, for every row naming a plan activity.
    rows: dict[str, int] = field(default_factory=dict)
    # Activity id -> {field: value} read from the editable columns (None: the cell is empty).
    edits: dict[str, dict[str, Any]] = field(default_factory=dict)


def read_source(path: Path) -> tuple[Any, str]:
    """Open the workbook and rebuild the plan text from its source sheet."""
    import openpyxl

    if not openpyxl.DEFUSEDXML:
        # A workbook is XML that anyone may have written: without defusedxml, openpyxl's
        # sheet parser would expand entities (a "billion laughs" bomb). pmsm depends on it.
        raise WorkbookError(
            path,
            "reading workbooks needs the 'defusedxml' package (and OPENPYXL_DEFUSEDXML not "
            "set to False), which guards against malicious XML; install it with "
            "'pip install defusedxml'",
        )
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkbookError(
            path, f"this is not an Excel workbook written by 'pmsm plan' ({exc})"
        ) from None
    except Exception as exc:  # openpyxl raises its own InvalidFileException
        raise WorkbookError(path, f"this workbook cannot be opened: {exc}") from None
    if SOURCE_SHEET not in book.sheetnames:
        raise WorkbookError(
            path,
            f"the workbook has no '{SOURCE_SHEET}' sheet, which 'pmsm plan' writes (hidden) to "
            "record the plan file; check the plan file instead, or write the workbook again "
            "with 'pmsm plan'",
        )
    lines: list[str] = []
    for row_number, (value,) in enumerate(
        book[SOURCE_SHEET].iter_rows(min_col=1, max_col=1, values_only=True), start=1
    ):
        if value is None:
            lines.append("")
        elif isinstance(value, str):
            lines.append(value)
        else:
            raise WorkbookError(
                path,
                f"expected a line of the plan file as text, found {value!r}",
                SOURCE_SHEET,
                row_number,
                1,
            )
    return book, "\n".join(lines).rstrip("\n") + "\n"


def read_activities(
    path: Path, book: Any, plan_ids: Collection[str], is_catalog_id: Callable[[str], bool]
) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    """Rows of the Activities sheet: where each plan activity is and its editable values.

    Rows of activities the plan file does not have are the suggested catalog
    activities ``pmsm plan`` adds; they are output only and are skipped.
    """
    if ACTIVITIES_SHEET not in book.sheetnames:
        raise WorkbookError(path, f"the workbook has no '{ACTIVITIES_SHEET}' sheet")
    sheet = book[ACTIVITIES_SHEET]
    rows = sheet.iter_rows(max_col=len(ACTIVITY_COLUMNS))
    header = next(rows, ())
    for key, column in COLUMN_OF.items():
        found = header[column - 1].value if column <= len(header) else None
        if found != HEADER_OF[key]:
            raise WorkbookError(
                path,
                f"expected the column header '{HEADER_OF[key]}', found "
                f"{'nothing' if found is None else repr(found)}; the columns must stay in the "
                "order 'pmsm plan' writes them",
                ACTIVITIES_SHEET,
                1,
                column,
            )
    where: dict[str, int] = {}
    edits: dict[str, dict[str, Any]] = {}
    for row_number, cells in enumerate(rows, start=2):
        values = {key: (cells[c - 1] if c <= len(cells) else None) for key, c in COLUMN_OF.items()}
        id_cell = values["id"]
        activity_id = id_cell.value if id_cell is not None else None
        if activity_id is None or (isinstance(activity_id, str) and not activity_id.strip()):
            continue
        activity_id = str(activity_id).strip()
        if activity_id not in plan_ids:
            if is_catalog_id(activity_id):
                continue
            raise WorkbookError(
                path,
                f"'{activity_id}' is not an activity of the plan file this workbook was made "
                "from; add new activities to the plan file, then run 'pmsm plan' again",
                ACTIVITIES_SHEET,
                row_number,
                COLUMN_OF["id"],
            )
        if activity_id in where:
            raise WorkbookError(
                path,
                f"the activity '{activity_id}' appears again (first on row "
                f"{where[activity_id]}); keep one row per activity",
                ACTIVITIES_SHEET,
                row_number,
                COLUMN_OF["id"],
            )
        where[activity_id] = row_number
        edits[activity_id] = {
            key: _read_cell(path, key, values[key], row_number) for key in EDITABLE_ACTIVITY_COLUMNS
        }
    return where, edits


def _read_cell(path: Path, key: str, cell: Any, row: int) -> Any:
    value = cell.value if cell is not None else None
    if isinstance(value, str):
        value = value.strip() or None
    if value is None:
        return None
    column = COLUMN_OF[key]

    def fail(expected: str) -> WorkbookError:
        return WorkbookError(
            path,
            f"'{HEADER_OF[key]}' should be {expected}, but it is {value!r}",
            ACTIVITIES_SHEET,
            row,
            column,
        )

    if key == "owner":
        return str(value)
    if key == "status":
        text = str(value).lower().replace(" ", "-")
        if text not in STATUSES:
            raise fail("one of " + ", ".join(STATUSES))
        return text
    if key in ("actual_start", "actual_finish"):
        if isinstance(value, dt.datetime):
            if value.time() != dt.time():
                raise fail("a date without a time of day")
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise fail("a date (a date cell, or text written YYYY-MM-DD)") from None
    # percent_complete: a whole percent 0-100, or a fraction in a cell formatted as a percentage
    number: float
    if isinstance(value, bool):
        raise fail("a percentage from 0 to 100")
    if isinstance(value, (int, float)):
        number = value * 100 if "%" in str(getattr(cell, "number_format", "")) else value
    else:
        try:
            number = float(str(value).rstrip("%").strip())
        except ValueError:
            raise fail("a percentage from 0 to 100") from None
    if not 0 <= number <= 100 or abs(number - round(number)) > 1e-6:
        raise fail("a whole percentage from 0 to 100")
    return round(number)
