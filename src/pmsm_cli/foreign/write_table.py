"""The missing activities as rows added to a copy of a CSV plan, in the source's own columns.

The copy is the original file's bytes, untouched, with rows appended in its
encoding (cp1252, UTF-8 with or without a byte-order mark, UTF-16), its
separator, its line ends, its header's columns and its notations: durations
as its cells write them ("2 Tage"), dates likewise ("Mo 05.01.26"),
predecessors by the numbers its ID column (or row order) gives the tasks.
The new rows sit under a summary row, indented (or given an outline level or
WBS number) the way the file shows its outline.

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
from dataclasses import dataclass
from datetime import date

from pmsm_cli.errors import PmsmError
from pmsm_cli.foreign.notation import (
    DateNotation,
    DurationNotation,
    date_notation,
    duration_notation,
)
from pmsm_cli.foreign.placement import SUMMARY_NAME, Placed, Placement
from pmsm_cli.foreign.timing import Span
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.csv_plan import _header_found, delimiter_of, read_rows
from pmsm_cli.readers.model import ForeignPlan, ForeignTask
from pmsm_cli.readers.table import Header, Row, Source, find_header
from pmsm_cli.readers.textfile import decode
from pmsm_cli.readers.values import text_of
from pmsm_cli.render.csvfile import neutralise
from pmsm_cli.yamlio import read_bytes

_WHAT = "CSV file"
_BOMS = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8"))


def write_csv_copy(plan: ForeignPlan, placed: Placed, spans: dict[str, Span]) -> bytes:
    """The bytes of ``plan``'s CSV file with one row per placed task appended."""
    path = plan.path
    raw = read_bytes(path, _WHAT)
    text = decode(raw, path, _WHAT)
    encoding = _encoding(raw)
    rows = read_rows(path, _WHAT, _header_found)
    header = find_header(rows, Source(path, "csv"), ReadOptions())
    layout = _TableLayout.learn(plan, rows, header, text)
    new_rows = _new_rows(plan, placed, spans, header, layout)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=layout.delimiter, lineterminator=layout.newline)
    writer.writerows(new_rows)
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


@dataclass(frozen=True, slots=True)
class _TableLayout:
    delimiter: str
    newline: str
    width: int  # cells in the header row
    list_separator: str  # between predecessors in one cell
    indent: str  # one outline level in the name column ("" when not indented)
    duration: DurationNotation
    dates: DateNotation | None  # None: the new rows leave the date columns empty
    next_id: int  # the number the first new task gets

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
            list_separator=_list_separator(cells("predecessors"), delimiter),
            indent=_indent_step(_raw_names(body, columns["name"])),
            duration=duration_notation(cells("duration")),
            dates=date_notation(examples),
            next_id=_next_id(plan.tasks, "id" in columns),
        )


def _raw_names(body: Sequence[Row], column: int) -> list[str]:
    return [str(r.cells[column]) for r in body if column < len(r.cells) and r.cells[column]]


def _indent_step(names: Sequence[str]) -> str:
    """The smallest indentation a name has: one outline level, as the file writes it."""
    indents = [n[: len(n) - len(n.lstrip(" \t\u00a0"))] for n in names]
    steps = [i for i in indents if i]
    return min(steps, key=len) if steps else ""


def _list_separator(cells: Sequence[str], delimiter: str) -> str:
    """How a cell lists several predecessors: as the file does, else its list separator."""
    for cell in cells:
        for separator in (";", ","):
            if separator in cell:
                return separator
    return delimiter if delimiter in ";," else ";"


def _next_id(tasks: Sequence[ForeignTask], has_ids: bool) -> int:
    """The first free task number: after the highest ID, or after the last row's number."""
    if not has_ids:
        return len(tasks) + 1  # the reader numbers rows without an ID column 1, 2, 3...
    numbers = [int(t.id) for t in tasks if t.id.isdigit()]
    return max(numbers, default=0) + 1


def _new_rows(
    plan: ForeignPlan,
    placed: Placed,
    spans: dict[str, Span],
    header: Header,
    layout: _TableLayout,
) -> list[list[str]]:
    columns = header.columns
    names = {t.id: t.name for t in plan.tasks}
    numbers = {p.activity: layout.next_id + 1 + n for n, p in enumerate(placed.tasks)}
    outlined = layout.indent or "outline_level" in columns or "wbs" in columns
    top = str(sum(1 for t in plan.tasks if t.outline_level == 1) + 1)
    wbs = {p.activity: f"{top}.{n}" for n, p in enumerate(placed.tasks, start=1)}
    # A plan without an ID column names predecessors by WBS code where it has one
    # (as the reader resolves them), else by row number.
    by_wbs = "id" not in columns and "wbs" in columns
    pm_refs = {t.id: (t.wbs or t.id) if by_wbs else t.id for t in plan.tasks}
    new_refs = wbs if by_wbs else {a: str(n) for a, n in numbers.items()}
    rows: list[list[str]] = []
    if outlined:
        starts = [s.start for s in spans.values()]
        finishes = [s.finish for s in spans.values()]
        rows.append(
            _row(
                layout,
                columns,
                {
                    "id": str(layout.next_id),
                    "name": SUMMARY_NAME,
                    "outline_level": "1",
                    "wbs": top,
                    "start": _date(layout, min(starts, default=None)),
                    "finish": _date(layout, max(finishes, default=None)),
                    "notes": "Activities the pmsm catalog expects that this plan does not have.",
                },
            )
        )
    for placement in placed.tasks:
        span = spans.get(placement.activity)
        predecessors = [
            new_refs[a.activity] if a.activity is not None else pm_refs[str(a.task_id)]
            for a in placement.after
        ]
        rows.append(
            _row(
                layout,
                columns,
                {
                    "id": str(numbers[placement.activity]),
                    "name": (layout.indent if outlined else "") + placement.name,
                    "outline_level": "2",
                    "wbs": wbs[placement.activity],
                    "duration": layout.duration.write(placement.duration_days),
                    "start": _date(layout, span.start if span else None),
                    "finish": _date(layout, span.finish if span else None),
                    "predecessors": layout.list_separator.join(predecessors),
                    "notes": _note(placement, names),
                },
            )
        )
    return rows


def _row(layout: _TableLayout, columns: Mapping[str, int], values: dict[str, str]) -> list[str]:
    cells = [""] * layout.width
    for field, value in values.items():
        column = columns.get(field)
        if column is not None and column < layout.width:
            cells[column] = neutralise(value) if field in ("name", "notes") else value
    return cells


def _date(layout: _TableLayout, day: date | None) -> str:
    return layout.dates.write(day) if layout.dates is not None and day is not None else ""


def _note(placement: Placement, names: dict[str, str]) -> str:
    if not placement.before:
        return placement.note
    before = ", ".join(
        f"{task_id} {names.get(task_id, '')}".strip() for task_id in placement.before
    )
    return f"{placement.note} Must finish before: {before}."
