"""The missing activities as rows added to a copy of a CSV plan, in the source's own columns.

The copy is the original file's bytes, untouched, with rows appended in its
encoding (cp1252, UTF-8 with or without a byte-order mark, UTF-16), its
separator, its line ends, its header's columns and its notations: durations
as its cells write them ("2 Tage"), dates likewise ("Mo 05.01.26"),
predecessors by the numbers its ID column (or row order) gives the tasks.
The new rows (``rows``) sit under a summary row, indented (or given an
outline level or WBS number) the way the file shows its outline.

The PM's own rows are not changed: a successor link would have to go into
their Predecessors cells, so instead each new row's note names the tasks it
must finish before ("before 9 Deploy to production"); the PM links them when
they take the rows over. Text cells that a spreadsheet would run as a formula
get the apostrophe pmsm's own CSV export gives them (render.csvfile).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import date

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.reading import read_bytes
from pmsm_cli.foreign.notation import (
    DateNotation,
    DurationNotation,
    date_notation,
    duration_notation,
)
from pmsm_cli.foreign.placement import Placed
from pmsm_cli.foreign.rows import NewRow, new_rows
from pmsm_cli.foreign.timing import Span
from pmsm_cli.readers.csv_plan import delimiter_of, plan_rows
from pmsm_cli.readers.model import ForeignPlan
from pmsm_cli.readers.table import Header, Row, Source, find_header
from pmsm_cli.readers.textfile import decode
from pmsm_cli.readers.values import text_of
from pmsm_cli.records import record
from pmsm_cli.render.csvfile import neutralise

_WHAT = "CSV file"
_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8"))


def write_csv_copy(plan: ForeignPlan, placed: Placed, spans: dict[str, Span]) -> bytes:
    """The bytes of ``plan``'s CSV file with one row per placed task appended."""
    path = plan.path
    raw = read_bytes(path, _WHAT)
    text = decode(raw, path, _WHAT)
    encoding = _encoding(raw)
    rows = plan_rows(path)
    header = find_header(rows, Source(path, "csv"), plan.options)
    layout = _TableLayout.learn(plan, rows, header, text)
    columns = header.columns
    added_rows = new_rows(plan, placed, spans, columns)
    if not (layout.indent or "outline_level" in columns or "wbs" in columns):
        added_rows = added_rows[1:]  # a flat list: a summary row would read as one more task
    out = io.StringIO()
    writer = csv.writer(out, delimiter=layout.delimiter, lineterminator=layout.newline)
    writer.writerows(_cells(row, layout, columns) for row in added_rows)
    added = out.getvalue()
    if text and not text.endswith(("\n", "\r")):
        added = layout.newline + added
    try:
        return raw + added.encode(encoding)
    except UnicodeEncodeError as exc:
        bad = added[exc.start]
        raise PmsmError(
            f"the new rows hold {bad!r}, which the file's encoding ({encoding}) cannot store; "
            "save the plan as UTF-8 CSV and run --fix again",
            path,
        ) from None


def _encoding(raw: bytes) -> str:
    """The encoding to append in: the one the reader decided on, without a second mark."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return encoding
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"  # textfile.decode accepted it, so it is the Windows code page
    return "utf-8"


@record(slots=True)
class _TableLayout:
    delimiter: str
    newline: str
    width: int  # cells in the header row
    list_separator: str  # between predecessors in one cell
    indent: str  # one outline level in the name column ("" when not indented)
    duration: DurationNotation
    dates: DateNotation | None  # None: the new rows leave the date columns empty

    @staticmethod
    def learn(plan: ForeignPlan, rows: Sequence[Row], header: Header, text: str) -> _TableLayout:
        body = rows[header.index + 1 :]
        columns = header.columns

        def cells(field: str) -> list[str]:
            column = columns.get(field)
            if column is None:
                return []
            return [text_of(r.cells[column]) for r in body if column < len(r.cells)]

        by_line = {t.where.line: t for t in plan.tasks}
        examples: list[tuple[str, date]] = []
        for field in ("start", "finish"):
            column = columns.get(field)
            for row in body if column is not None else ():
                task = by_line.get(row.number)
                value = getattr(task, field) if task is not None else None
                if value is not None and column is not None and column < len(row.cells):
                    examples.append((text_of(row.cells[column]), value))
        delimiter = delimiter_of(text)
        return _TableLayout(
            delimiter=delimiter,
            newline="\r\n" if "\r\n" in text else "\n",
            width=len(header.headings),
            list_separator=list_separator(cells("predecessors"), delimiter),
            indent=indent_step(_raw_names(body, columns["name"])),
            duration=duration_notation(cells("duration")),
            dates=date_notation(examples),
        )


def _raw_names(body: Sequence[Row], column: int) -> list[str]:
    return [str(r.cells[column]) for r in body if column < len(r.cells) and r.cells[column]]


def indent_step(names: Sequence[str]) -> str:
    """The smallest indentation a name has: one outline level, as the file writes it."""
    indents = [n[: len(n) - len(n.lstrip(" \t\u00a0"))] for n in names]
    steps = [i for i in indents if i]
    return min(steps, key=len) if steps else ""


def list_separator(cells: Sequence[str], delimiter: str) -> str:
    """How a cell lists several predecessors: as the file does, else its list separator."""
    for cell in cells:
        for separator in (";", ","):
            if separator in cell:
                return separator
    return delimiter if delimiter in ";," else ";"


def _cells(row: NewRow, layout: _TableLayout, columns: Mapping[str, int]) -> list[str]:
    """A new row's cells as text, in the file's notation."""
    indent = layout.indent * (row.level - 1)
    values = {
        "id": str(row.number),
        "name": neutralise(indent + row.name),
        "outline_level": str(row.level),
        "wbs": row.wbs,
        "duration": layout.duration.write(row.duration_days)
        if row.duration_days is not None
        else "",
        "start": _date(layout, row.start),
        "finish": _date(layout, row.finish),
        "predecessors": layout.list_separator.join(row.predecessors),
        "notes": neutralise(row.notes),
        "catalog": row.catalog,
    }
    cells = [""] * layout.width
    for field, value in values.items():
        column = columns.get(field)
        if column is not None and column < layout.width:
            cells[column] = value
    return cells


def _date(layout: _TableLayout, day: date | None) -> str:
    return layout.dates.write(day) if layout.dates is not None and day is not None else ""
