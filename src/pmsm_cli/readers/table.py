"""The table layer shared by the CSV, Excel and Markdown readers: rows of cells to tasks.

A reader hands over its rows (the cells and where each row sits); this module
finds the header row and recognises the columns by their headings in English,
German, French and Spanish (``vocabulary.yaml``); :mod:`pmsm_cli.readers.table_tasks`
reads the rows under it (dates, durations, predecessors, the outline) into tasks.
The header row may sit below a title and blank rows: the first of the first
``HEADER_ROWS`` rows whose cells name the task column and at least one other
known column is taken.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.plan.load import MAX_ACTIVITIES
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.model import Where
from pmsm_cli.readers.values import (
    CellValue,
    normalise,
    quote,
    text_of,
    vocabulary,
)
from pmsm_cli.records import record

HEADER_ROWS = 30  # how far down the header row is looked for
MAX_TASKS = MAX_ACTIVITIES  # the same bound as a pmsm plan's activities
MAX_COLUMNS = 1_000  # cells of one row that are looked at
MAX_NAME = 1_000  # MS Project allows 255 characters in a name; far beyond is not one
MAX_NOTES = 100_000  # a page of minutes pasted into a note is fine, a megabyte is not
MAX_OUTLINE_DEPTH = 100
_SEEN = 30  # headings listed when no header row is found

FIELDS = (
    "id",
    "name",
    "start",
    "finish",
    "duration",
    "predecessors",
    "resources",
    "outline_level",
    "wbs",
    "percent_complete",
    "notes",
    "status",
    "milestone",
    "summary",
    "catalog",  # the catalog activity the task implements, said in the sheet
)


@record(slots=True)
class Row:
    """One row as the source has it: its cells and where it sits."""

    cells: Sequence[CellValue]
    number: int  # the first physical line (text) or the row number (sheet)
    columns: Sequence[int] | None = None  # 1-based text column of each cell, where known
    indents: Sequence[int] | None = None  # a sheet cell's indent (Format Cells > Alignment)
    percent_format: Sequence[bool] | None = None  # a sheet cell formatted as a percentage


@record(slots=True)
class Source:
    """Where rows come from: a text file (lines) or one sheet of a workbook (cells)."""

    path: Path
    format: str
    sheet: str | None = None

    def where(self, row: Row, column: int) -> Where:
        """The place of a row's cell (0-based ``column``), as the source's program shows it."""
        if self.sheet is not None:
            return Where(self.path, sheet=self.sheet, cell=f"{_letter(column + 1)}{row.number}")
        text_column = row.columns[column] if row.columns and column < len(row.columns) else None
        return Where(self.path, line=row.number, column=text_column)

    def row_place(self, row: Row) -> str:
        return f"row {row.number}" if self.sheet is not None else f"line {row.number}"


@record(slots=True)
class Header:
    """The header row and which column holds which field."""

    index: int  # into the rows
    columns: Mapping[str, int]  # field -> 0-based column
    headings: Sequence[str]  # the header row's cells as written


# -- the header ------------------------------------------------------------------


def find_header(rows: Sequence[Row], source: Source, options: ReadOptions) -> Header:
    """The header row among the first rows, or a PmsmError listing the headings seen."""
    overrides = _overrides(options, source)
    for index, row in enumerate(rows[:HEADER_ROWS]):
        columns = _recognise(row.cells, overrides)
        if columns is not None:
            return Header(index, columns, [text_of(c) for c in row.cells])
    raise _no_header(rows, source, overrides)


def header_fields(cells: Sequence[CellValue]) -> Mapping[str, int] | None:
    """The fields a row names when it is a header row by itself (for sniffing)."""
    return _recognise(cells, {})


def _overrides(options: ReadOptions, source: Source) -> dict[str, str]:
    unknown = sorted(set(options.columns) - set(FIELDS))
    if unknown:
        raise PmsmError(
            f"--columns names {', '.join(quote(f) for f in unknown)}, which pmsm does not "
            f"read; the fields are: {', '.join(FIELDS)}",
            source.path,
        )
    return {f: normalise(h) for f, h in options.columns.items()}


def _recognise(cells: Sequence[CellValue], overrides: Mapping[str, str]) -> dict[str, int] | None:
    """Field -> column for a header row, or None when the row is not one."""
    texts = [normalise(c) if isinstance(c, str) else "" for c in cells[:MAX_COLUMNS]]
    columns: dict[str, int] = {}
    for field_name, heading in overrides.items():
        if heading not in texts:
            return None
        columns[field_name] = texts.index(heading)
    taken = set(columns.values())
    known = vocabulary().columns
    ranks: dict[str, int] = {}
    for position, text in enumerate(texts):
        entry = known.get(text)
        if entry is None or position in taken:
            continue
        field_name, rank = entry
        if field_name in overrides:
            continue
        # The most specific heading wins ("Task Name" over "Summary"), then the leftmost.
        if field_name not in ranks or rank < ranks[field_name]:
            ranks[field_name] = rank
            columns[field_name] = position
    if "name" not in columns:
        return None
    # The task column and one more known column; or the task column among other
    # headings pmsm does not know ("Task", "Team", "Sprint"): a row of headings all the
    # same. A lone "Name" cell is not enough (it is as likely a label in a title block).
    text_cells = sum(1 for t in texts if t)
    if len(columns) >= 2 or "name" in overrides or text_cells >= 2:
        return columns
    return None


def _no_header(rows: Sequence[Row], source: Source, overrides: Mapping[str, str]) -> PmsmError:
    seen = max(
        (r for r in rows[:HEADER_ROWS]),
        key=lambda r: sum(1 for c in r.cells if isinstance(c, str) and c.strip()),
        default=None,
    )
    headings = [text_of(c) for c in seen.cells if isinstance(c, str) and c.strip()] if seen else []
    listed = ", ".join(quote(h) for h in headings[:_SEEN])
    if len(headings) > _SEEN:
        listed += f" and {len(headings) - _SEEN} more"
    where = f" on sheet '{source.sheet}'" if source.sheet else ""
    if overrides:
        wanted = ", ".join(f"{f}={quote(h)}" for f, h in overrides.items())
        message = f"no row in the first {HEADER_ROWS}{where} has the columns given ({wanted})"
    else:
        message = (
            f"no row in the first {HEADER_ROWS}{where} names a task column (such as Task Name, "
            "Name, Vorgangsname, Nom de la tâche or Nombre de tarea) and another known column "
            "(Start, Finish, Duration, Predecessors, Resource Names...)"
        )
    seen_text = f"; the headings seen: {listed}" if listed else "; no headings were found"
    return PmsmError(
        f"{message}{seen_text}. Name the columns with --columns, for example "
        "--columns name=Task,start=Begin",
        source.path,
    )


def _letter(column: int) -> str:
    """Excel's column letters: 1 -> A, 27 -> AA."""
    letters = ""
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
