"""Read back a workbook written by ``pmsm plan`` and edited by a project manager.

Shared by ``pmsm check plan.xlsx`` and ``pmsm sync PLAN plan.xlsx``: one
reader, so both commands accept and refuse the same workbooks.

The workbook carries the plan file it was made from in its hidden
``pmsm-source`` sheet (whole lines packed into cells; older workbooks hold one
line a row: ``workbook_layout.SOURCE_SHEET`` gives the one rule that reads
both), so everything the sheets leave out is still there. What a project manager may change in Excel
is read from the Activities sheet: the columns ``workbook_layout`` lists as
editable (owner, status, actual dates, % complete). Everything else in the
sheets is output and is not read back.

The reader is strict about the layout: a missing sheet, a moved column or a
value that cannot be read is an error naming the sheet and the cell, because
a silently misread workbook would make the check lie and the sync write
nonsense into the plan.

A workbook is untrusted input (it comes back by e-mail). openpyxl parses its
XML with defusedxml when that is installed (a dependency of pmsm), which
refuses entity declarations: an "XML bomb" fails at once instead of eating
memory. The reader checks that this protection is on, and opens the file only
through ``workbook_guard``, which refuses a "zip bomb" before unpacking it.
"""

from __future__ import annotations

import bisect
import contextlib
import zipfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any, get_args

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.plan import ActivityStatus
from pmsm_cli.models.text import printable
from pmsm_cli.records import record
from pmsm_cli.workbook.cells import (
    FORMULA_NOT_SAVED,
    CellError,
    choice_value,
    date_value,
    percent_value,
    text_value,
    unsaved_formulas,
)
from pmsm_cli.workbook.guard import XML_BOMB, ArchiveError, is_xml_bomb, load_workbook
from pmsm_cli.workbook.layout import (
    ACTIVITIES_SHEET,
    ACTIVITY_COLUMNS,
    EDITABLE_ACTIVITY_COLUMNS,
    SOURCE_SHEET,
    column_letter,
)

STATUSES: tuple[str, ...] = get_args(ActivityStatus)
COLUMN_OF: dict[str, int] = {key: i + 1 for i, (key, _header) in enumerate(ACTIVITY_COLUMNS)}
HEADER_OF: dict[str, str] = dict(ACTIVITY_COLUMNS)


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

    def render(self) -> str:
        """``plan.xlsx: Activities!H7: error: ...``: the place as a spreadsheet user names it."""
        problem = self.problems[0]
        place = f" {self.sheet}!{self.cell}:" if self.sheet else ""
        return f"{problem.path}:{place} error: {self.detail}"


def open_workbook(path: Path) -> Any:
    """Open the workbook for reading (openpyxl read-only mode); refuse what is not one."""
    if not path.is_file():
        what = "a folder" if path.is_dir() else "missing"
        raise PmsmError(f"the workbook '{path}' is {what}; give an .xlsx file", path)
    with _reading(path):
        return load_workbook(path)  # the one door: defusedxml, and every part read bounded


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Turn whatever a broken or hostile file makes openpyxl raise into one clear error.

    openpyxl reads sheets lazily, so this wraps the iteration over rows too. It
    also silences openpyxl's warnings about odd cells (a date-formatted number
    outside the calendar, say): this reader judges every cell it needs and says
    what is wrong in words, so the warning would only be noise on stderr (and an
    exception under -W error).
    """
    import warnings

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield
    except ArchiveError as exc:  # the file as a whole, not a cell: no sheet to name
        raise WorkbookError(path, exc.problems[0].message) from None
    except PmsmError:
        raise
    except zipfile.BadZipFile as exc:
        raise WorkbookError(
            path,
            f"this is not an Excel workbook (.xlsx) or it is damaged: {exc}; write it again "
            "with 'pmsm plan PLAN -o plan.xlsx', or save it from Excel as an .xlsx workbook",
        ) from None
    except Exception as exc:
        if is_xml_bomb(exc):
            raise WorkbookError(path, XML_BOMB) from None
        raise WorkbookError(
            path,
            "this workbook cannot be read as the Excel file 'pmsm plan' writes "
            f"({type(exc).__name__}: {exc})",
        ) from None


@record
class SourceSheet:
    """The plan text of a workbook's source sheet, and which row holds each line."""

    text: str
    # first_lines[k]: the number of the plan line that starts row k + 1 of the sheet.
    # Workbooks of earlier versions of pmsm hold one line a row; newer ones pack lines.
    first_lines: tuple[int, ...]

    def row_of(self, line: int) -> int:
        """The row of the source sheet that holds ``line`` of the plan text."""
        return max(1, bisect.bisect_right(self.first_lines, line))

    def cell_of(self, line: int) -> str:
        """``A3``: the cell that holds ``line`` (and goes on in B, C, ... if it is long)."""
        return f"A{self.row_of(line)}"


def read_source(path: Path) -> tuple[Any, str]:
    """Open the workbook and rebuild the plan text from its source sheet.

    Returns the open workbook (close it when done) and the plan text.
    """
    book, source = read_source_sheet(path)
    return book, source.text


def read_source_sheet(path: Path) -> tuple[Any, SourceSheet]:
    """``read_source``, knowing also which row of the source sheet holds each line.

    Returns the open workbook (close it when done) and the plan source.
    """
    book = open_workbook(path)
    try:
        if SOURCE_SHEET not in book.sheetnames:
            raise WorkbookError(
                path,
                f"the workbook has no '{SOURCE_SHEET}' sheet, which 'pmsm plan' writes (hidden) "
                "to record the plan file; check the plan file instead, or write the workbook "
                "again with 'pmsm plan'",
            )
        rows: list[str] = []
        with _reading(path):
            for row_number, values in enumerate(
                book[SOURCE_SHEET].iter_rows(values_only=True), start=1
            ):
                parts: list[str] = []
                for column, value in enumerate(values, start=1):
                    if value is None:
                        continue
                    if not isinstance(value, str):
                        raise WorkbookError(
                            path,
                            f"expected a line of the plan file as text, found {value!r}",
                            SOURCE_SHEET,
                            row_number,
                            column,
                        )
                    parts.append(value)  # a line too long for one cell goes on in B, C, ...
                rows.append("".join(parts))  # one line, or several joined by line breaks
    except BaseException:
        book.close()
        raise
    firsts = []
    line = 1
    for row in rows:
        firsts.append(line)
        line += row.count("\n") + 1
    text = "\n".join(rows).rstrip("\n") + "\n"
    return book, SourceSheet(text, tuple(firsts))


def read_activities(
    path: Path, book: Any, plan_ids: Collection[str], is_catalog_id: Callable[[str], bool]
) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
    """Rows of the Activities sheet: where each activity is and its editable values.

    Rows of catalog activities the plan file does not have are the suggested
    ones ``pmsm plan`` adds; they are read too (``pmsm sync`` adds those a
    project manager filled in), and callers tell them apart by ``plan_ids``.
    Any other id is an error.
    """
    if ACTIVITIES_SHEET not in book.sheetnames:
        raise WorkbookError(path, f"the workbook has no '{ACTIVITIES_SHEET}' sheet")
    with _reading(path):
        return _read_activity_rows(path, book, plan_ids, is_catalog_id)


def _read_activity_rows(
    path: Path, book: Any, plan_ids: Collection[str], is_catalog_id: Callable[[str], bool]
) -> tuple[dict[str, int], dict[str, dict[str, Any]]]:
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
    unsaved = unsaved_formulas(sheet)
    where: dict[str, int] = {}
    edits: dict[str, dict[str, Any]] = {}
    for row_number, cells in enumerate(rows, start=2):
        values = {key: (cells[c - 1] if c <= len(cells) else None) for key, c in COLUMN_OF.items()}
        activity_id = _read_cell(path, "id", values["id"], row_number, unsaved)
        if activity_id is None:
            continue
        if activity_id not in plan_ids and not is_catalog_id(activity_id):
            raise WorkbookError(
                path,
                f"'{printable(activity_id)}' is not an activity of the plan file this workbook "
                "was made from; add new activities to the plan file, then run 'pmsm plan' again",
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
            key: _read_cell(path, key, values[key], row_number, unsaved)
            for key in EDITABLE_ACTIVITY_COLUMNS
        }
    return where, edits


def _read_cell(
    path: Path, key: str, cell: Any, row: int, unsaved: Collection[tuple[int, int]]
) -> Any:
    """One cell in the plan's terms (see workbook_cells), or a WorkbookError at that cell."""
    column = COLUMN_OF[key]
    header = HEADER_OF[key]
    try:
        if (row, column) in unsaved:
            raise CellError(FORMULA_NOT_SAVED)
        if key in ("id", "owner"):
            return text_value(cell, header)
        if key == "status":
            return choice_value(cell, header, STATUSES)
        if key in ("actual_start", "actual_finish"):
            return date_value(cell, header)
        return percent_value(cell, header)
    except CellError as error:
        raise WorkbookError(path, str(error), ACTIVITIES_SHEET, row, column) from None
