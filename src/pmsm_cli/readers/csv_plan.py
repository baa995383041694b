"""CSV plans: MS Project's "Save as CSV", a spreadsheet saved as CSV, a hand-kept task list.

Comma, semicolon (what Excel writes where the decimal mark is a comma) and tab
separated files are read; the separator is found by ``csv.Sniffer`` and
checked against the header row, with each separator tried in turn when the
Sniffer's guess finds no header. Excel's ``sep=;`` first line is honoured.
Quoted fields may run over several lines; a task's line is the first line of
its row, as an editor shows it. The encoding is decided in ``textfile``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.reading import read_bytes
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.model import ForeignPlan
from pmsm_cli.readers.table import HEADER_ROWS, MAX_COLUMNS, Row, Source, header_fields
from pmsm_cli.readers.table_tasks import read_table
from pmsm_cli.readers.textfile import check_lines, decode, decode_head
from pmsm_cli.readers.values import CellValue

NAME = "csv"
DESCRIPTION = "CSV task list (MS Project, Excel, hand-kept)"
# The reading options (--sheet, --columns, --date-format) this reader uses; the others
# are refused for its files rather than silently ignored.
USES: frozenset[str] = frozenset({"columns", "date_format"})
ENDINGS = (".csv", ".txt", ".tsv")

_WHAT = "CSV file"
# A test that tells a header row: the cells of one row -> yes or no.
_HeaderTest = Callable[[Sequence[CellValue]], bool]
_DELIMITERS = ",;\t"
_SAMPLE_LINES = 40  # lines the separator is decided on
_SAMPLE_CHARS = 64 * 1024  # csv.Sniffer's regular expressions slow down on long samples


def sniff(head: bytes, path: Path) -> bool:
    """A row among the first ones names the task column and one more known column."""
    text = decode_head(head)
    if text is None:
        return False
    lines = _whole_lines(text, len(head))
    delimiter, lines = _declared(lines)
    for candidate in [delimiter] if delimiter else list(_DELIMITERS):
        for cells in _sample_rows(lines, candidate):
            fields = header_fields(cells)
            if fields is not None and len(fields) >= 2:
                return True
    return False


def read(path: Path, options: ReadOptions) -> ForeignPlan:
    rows = read_rows(path, _WHAT, _header_found)
    return read_table(rows, Source(path, NAME), options)


# -- what the Jira reader shares --------------------------------------------------


def read_rows(path: Path, what: str, is_header: _HeaderTest) -> list[Row]:
    """Every row of a CSV file, with the first physical line of each, within bounds."""
    text = decode(read_bytes(path, what), path, what)
    check_lines(text, path, what)
    # Lines end at \n, \r or \r\n only, as the csv module sees them (str.splitlines
    # would also split at form feeds and U+2028, inside a quoted note too).
    physical = io.StringIO(text, newline="").readlines()
    delimiter, skipped = _declared(physical)
    offset = len(physical) - len(skipped)
    if delimiter is None:
        delimiter = _delimiter(skipped, is_header)
    return list(_rows(skipped, delimiter, path, what, offset))


def plan_rows(path: Path) -> list[Row]:
    """Every row of a CSV plan, as ``read`` sees them (for writing rows after them)."""
    return read_rows(path, _WHAT, _header_found)


def delimiter_of(text: str) -> str:
    """The separator the rows of a CSV plan's text are read with (for writing more of them)."""
    physical = io.StringIO(text, newline="").readlines()
    delimiter, skipped = _declared(physical)
    return delimiter or _delimiter(skipped, _header_found)


def _header_found(cells: Sequence[CellValue]) -> bool:
    return header_fields(cells) is not None


# -- the separator ----------------------------------------------------------------


def _declared(lines: list[str]) -> tuple[str | None, list[str]]:
    """Excel's ``sep=;`` first line: the separator it names, and the lines after it."""
    if lines and lines[0].strip().lower().startswith("sep=") and len(lines[0].strip()) == 5:
        return lines[0].strip()[4], lines[1:]
    return None, lines


def _delimiter(lines: Sequence[str], is_header: _HeaderTest) -> str:
    """The Sniffer's separator if a header row comes out with it, else the first one that works."""
    sample = "".join(lines[:_SAMPLE_LINES])[:_SAMPLE_CHARS]
    try:
        guess: str | None = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        guess = None
    candidates = ([guess] if guess else []) + [d for d in _DELIMITERS if d != guess]
    for candidate in candidates:
        if any(is_header(cells) for cells in _sample_rows(lines, candidate)):
            return candidate
    # No header with any of them: the one that splits the sample most, so the
    # error lists the headings the user will recognise.
    return guess or max(_DELIMITERS, key=sample.count)


def _sample_rows(lines: Sequence[str], delimiter: str) -> Iterator[list[str]]:
    reader = csv.reader(iter(lines[:_SAMPLE_LINES]), delimiter=delimiter)
    try:
        for number, cells in enumerate(reader):
            if number >= HEADER_ROWS:
                return
            yield cells[:MAX_COLUMNS]
    except csv.Error:
        return


def _whole_lines(text: str, head_length: int) -> list[str]:
    """The sample's lines, without the last one when the sample cut it."""
    lines = io.StringIO(text, newline="").readlines()
    if head_length >= 8192 and lines and not lines[-1].endswith(("\n", "\r")):
        lines.pop()
    return lines


# -- rows -------------------------------------------------------------------------


def _rows(lines: list[str], delimiter: str, path: Path, what: str, offset: int) -> Iterator[Row]:
    reader = csv.reader(iter(lines), delimiter=delimiter)
    first_line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise PmsmError(
                f"the row starting on line {first_line + offset} cannot be read as CSV "
                f"({_reason(exc)})",
                path,
                first_line + offset,
            ) from None
        if reader.line_num == len(lines) and _open_quote(lines[first_line - 1 :]):
            raise PmsmError(
                f"a quoted field that starts on line {first_line + offset} is never closed: "
                'a " is missing',
                path,
                first_line + offset,
            )
        if len(cells) > MAX_COLUMNS:
            cells = cells[:MAX_COLUMNS]
        yield Row(cells, first_line + offset)
        first_line = reader.line_num + 1


def _open_quote(lines: Sequence[str]) -> bool:
    """Whether the last row ran over lines to the end of the file inside quotes.

    The csv module then returns the rest of the file as one field; an odd
    number of quotes in a row of several lines is that, not a real note.
    """
    return len(lines) >= 2 and "".join(lines).count('"') % 2 == 1


def _reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"a field is longer than {csv.field_size_limit():,} characters"
    if "NUL" in text:
        return "it holds a NUL byte: is this a binary file?"
    return text
