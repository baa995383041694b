"""Excel plans (.xlsx, .xlsm): MS Project's "Export to Excel", a plan kept in a spreadsheet.

Read with openpyxl in read-only mode, values as last calculated (the
formulas themselves are not run), through the same guarded door as pmsm's own
workbooks (``pmsm_cli.workbook.guard``): defusedxml refuses an entity bomb, and
every part read is bounded in size and packing ratio before it is unpacked.

The sheet that looks like a plan is read (the first whose first rows hold a
header row), unless ``ReadOptions.sheet`` names one. A task's place is its
sheet and the cell of its name. The old binary .xls format is refused with a
message to save the workbook as .xlsx.
"""

from __future__ import annotations

import contextlib
import io
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.reading import read_bytes
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.model import ForeignPlan
from pmsm_cli.readers.table import (
    HEADER_ROWS,
    MAX_COLUMNS,
    MAX_TASKS,
    Header,
    Row,
    Source,
    find_header,
)
from pmsm_cli.readers.table_tasks import read_table
from pmsm_cli.readers.values import CellValue, quote
from pmsm_cli.workbook.guard import XML_BOMB, is_xml_bomb, load_workbook_data

NAME = "xlsx"
DESCRIPTION = "Excel workbook (.xlsx, .xlsm)"
# The reading options (--sheet, --columns, --date-format) this reader uses; the others
# are refused for its files rather than silently ignored.
USES: frozenset[str] = frozenset({"sheet", "columns", "date_format"})
ENDINGS = (".xlsx", ".xlsm", ".xls")

_WHAT = "workbook"
_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_XLS_STREAM = "Workbook".encode("utf-16-le")  # the stream an Excel 97-2003 file keeps its sheets in
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")  # an .xlsx with a password to open


def sniff(head: bytes, path: Path) -> bool:
    if head.startswith(_ZIP):
        return b"xl/" in head or path.suffix.lower() in (".xlsx", ".xlsm")
    if head.startswith(_OLE2):
        # Refused in read() with a clear message; other OLE2 files (.mpp) are not ours.
        return _XLS_STREAM in head or _ENCRYPTED in head or path.suffix.lower() == ".xls"
    return False


def read(path: Path, options: ReadOptions) -> ForeignPlan:
    data = read_bytes(path, _WHAT)
    _refuse_non_xlsx(data, path)
    _refuse_other_zips(data, path)
    with _reading(path):
        workbook = load_workbook_data(data, path)
    try:
        with _reading(path):
            return _read_workbook(workbook, path, options)
    finally:
        workbook.close()


def load_for_copy(path: Path) -> Any:
    """The whole workbook, formulas and styles included, for writing a copy of it.

    The same checks as reading (not an old .xls, no zip bomb, defusedxml);
    then openpyxl loads every part it knows, so that the copy keeps the other
    sheets, the formats and the formulas.
    """
    data = read_bytes(path, _WHAT)
    _refuse_non_xlsx(data, path)
    _refuse_other_zips(data, path)
    with _reading(path):
        return load_workbook_data(data, path, for_copy=True)


def header_of(sheet: Any, path: Path, options: ReadOptions) -> Header:
    """The header row of a sheet (its 1-based row number is ``index + 1``), as read does."""
    with _reading(path):
        return find_header(_top_rows(sheet), Source(path, NAME, sheet=sheet.title), options)


# -- what is not an .xlsx, and zip bombs ------------------------------------------


def _refuse_non_xlsx(data: bytes, path: Path) -> None:
    if data.startswith(_OLE2):
        if _ENCRYPTED in data:
            raise PmsmError(
                "the workbook is protected by a password; save a copy without one "
                "(File > Info > Protect Workbook) and read that",
                path,
            )
        raise PmsmError(
            "this is an Excel 97-2003 workbook (.xls), which pmsm does not read; open it in "
            "Excel or LibreOffice and save it as an Excel workbook (.xlsx)",
            path,
        )
    if not data.startswith(_ZIP):
        raise PmsmError(
            "this is not an Excel workbook (.xlsx): it is not a zip archive as .xlsx files "
            "are; if it is a CSV file, name it .csv",
            path,
        )


def _refuse_other_zips(data: bytes, path: Path) -> None:
    """A zip that is no workbook (a .docx, a zip of files) is told apart from a damaged one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise PmsmError(
            f"the workbook is damaged and cannot be opened ({exc}); save it again from Excel",
            path,
        ) from None
    if "xl/workbook.xml" not in names:
        raise PmsmError(
            "this zip archive is not an Excel workbook (it has no xl/workbook.xml); "
            "is it a Word or PowerPoint file, or a zip of several files?",
            path,
        )


@contextlib.contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Whatever a broken or hostile file makes openpyxl raise, as one clear error.

    openpyxl reads sheets lazily, so this wraps the reading of rows too. Its
    warnings about odd content (an unknown extension, a data validation it
    drops) say nothing a project manager can act on, and are silenced.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    except PmsmError:
        raise
    except Exception as exc:
        if is_xml_bomb(exc):
            raise PmsmError(XML_BOMB, path) from None
        raise PmsmError(
            f"the workbook is damaged and cannot be read ({type(exc).__name__}); "
            "open it in Excel or LibreOffice and save it again as .xlsx",
            path,
        ) from None


# -- sheets and rows --------------------------------------------------------------


def _read_workbook(workbook: Any, path: Path, options: ReadOptions) -> ForeignPlan:
    sheets = [ws for ws in workbook.worksheets if hasattr(ws, "iter_rows")]
    if options.sheet is not None:
        chosen = [ws for ws in sheets if ws.title == options.sheet]
        if not chosen:
            raise PmsmError(
                f"the workbook has no sheet {quote(options.sheet)}; its sheets are "
                f"{', '.join(quote(ws.title) for ws in sheets)}",
                path,
            )
        sheets = chosen
    if not sheets:
        raise PmsmError("the workbook has no worksheet (only charts?)", path)
    first_error: PmsmError | None = None
    for sheet in sheets:
        source = Source(path, NAME, sheet=sheet.title)
        top = _top_rows(sheet)
        try:
            header = find_header(top, source, options)
        except PmsmError as exc:
            first_error = first_error or exc
            continue
        rows = top[: header.index + 1] + _body(sheet, header, top[header.index].number, source)
        return read_table(rows, source, options, header=header)
    assert first_error is not None
    if len(sheets) > 1:
        names = ", ".join(quote(ws.title) for ws in sheets)
        raise PmsmError(
            f"none of the sheets ({names}) has a header row naming a task column. On the "
            f"first: {first_error.problems[0].message}; or pick a sheet with --sheet",
            path,
        )
    raise first_error


def _top_rows(sheet: Any) -> list[Row]:
    """The first rows, values only, to look for the header in."""
    rows = []
    for number, cells in enumerate(sheet.iter_rows(max_row=HEADER_ROWS), start=1):
        rows.append(Row([_value(c) for c in cells[:MAX_COLUMNS]], number))
    return rows


def _body(sheet: Any, header: Header, header_row: int, source: Source) -> list[Row]:
    """The rows below the header, with the name cell's indent and the percent cells' format."""
    name_column = header.columns["name"]
    percent_column = header.columns.get("percent_complete")
    last = max(header.columns.values()) + 1
    rows: list[Row] = []
    for number, cells in enumerate(
        sheet.iter_rows(min_row=header_row + 1, max_col=last), start=header_row + 1
    ):
        values = [_value(c) for c in cells]
        if all(v is None or v == "" for v in values):
            continue
        if len(rows) >= MAX_TASKS:
            raise PmsmError(
                f"sheet '{source.sheet}' has more than {MAX_TASKS:,} rows of tasks; pmsm reads "
                f"at most {MAX_TASKS:,} from one plan: split it",
                source.path,
            )
        rows.append(
            Row(
                values,
                number,
                indents=_only(len(cells), name_column, _indent(cells, name_column)),
                percent_format=_only(
                    len(cells), percent_column, _is_percent(cells, percent_column)
                ),
            )
        )
    return rows


def _only(width: int, column: int | None, value: Any) -> Sequence[Any] | None:
    """A per-cell list that holds ``value`` at ``column`` only (the one cell it is asked for)."""
    if column is None or column >= width:
        return None
    return [value if i == column else type(value)() for i in range(width)]


def _indent(cells: Sequence[Any], column: int) -> int:
    if column >= len(cells):
        return 0
    alignment = getattr(cells[column], "alignment", None)
    return int(getattr(alignment, "indent", 0) or 0)


def _is_percent(cells: Sequence[Any], column: int | None) -> bool:
    if column is None or column >= len(cells):
        return False
    return "%" in str(getattr(cells[column], "number_format", "") or "")


def _value(cell: Any) -> CellValue:
    value = getattr(cell, "value", None)
    if isinstance(value, datetime | date | str | bool | int | float) or value is None:
        return value
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)
