"""The look of the plan workbook's cells: number formats, the header row's colours,
and each column's width and each row's height, worked out from the text they hold.

Shared by the plan workbook's sheets (``render/excel.py``, ``render/excel_gantt.py``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pmsm_cli.workbook.sheet import Sheet

DATE_FORMAT = "yyyy-mm-dd"
MONEY_FORMAT = "#,##0"
HEADER_FILL = "DDE4EE"
HEADER_BORDER = "7F8FA6"  # thin line under a header row
MAX_WIDTH = 45
MIN_WIDTH = 6
LINE_HEIGHT = 15  # points: one line of 11-point Calibri, the rows' default height


def size_columns(
    ws: Sheet,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widest: Sequence[float | None] = (),
) -> None:
    """Each column as wide as its longest value, at most ``widest`` (else MAX_WIDTH)
    characters; longer text wraps.

    A value's width is the length of its text; a date's (2026-03-02) is 10. Headers
    wrap at their spaces, so a column need only be as wide as a header's longest word:
    "Duration (days)" does not make a column of one- and two-digit numbers wide.
    """
    columns = zip(*rows, strict=True) if rows else (() for _ in headers)
    for i, (title, column) in enumerate(zip(headers, columns, strict=True), 1):
        # map and filter keep the loop over 10,000 cells in C; filter(None) skips blanks.
        longest = max(map(len, map(_shown, filter(None, column))), default=0)
        word = max((len(w) for w in title.split()), default=0)
        cap = (widest[i - 1] if i <= len(widest) else None) or MAX_WIDTH
        # A character of room beside a value, two beside a header's (bold) word.
        ws.widths[i] = min(cap, max(MIN_WIDTH, word + 2, longest + 1))


def row_height(row: Sequence[Any], wrapped: Sequence[tuple[int, float]]) -> float | None:
    """The height a row needs for the text of its ``wrapped`` (column index, width)
    cells; None for one line (the default height).

    Written into the file because spreadsheets do not work it out when they open
    one: LibreOffice shows (and prints) wrapped text cut to one line otherwise.
    """
    lines = 1
    for i, width in wrapped:
        value = row[i]
        # A column of width w holds about w characters of text: the width is counted in
        # digits, which are wider than most letters, and that makes up for the padding.
        if isinstance(value, str) and len(value) > width:
            lines = max(lines, wrapped_lines(value, width))
    return LINE_HEIGHT * lines if lines > 1 else None


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a column of ``width`` characters, wrapped at
    spaces and after hyphens as spreadsheets wrap it (a word too long is cut)."""
    count = 0
    for paragraph in text.split("\n"):
        lines, used = 1, 0.0
        # Each piece: the spaces before it (a break there drops them), then a word or
        # a word's part up to and with its hyphen.
        for spaces, piece in _PIECES.findall(paragraph):
            gap = 1 if used and spaces else 0
            size = len(piece)
            if used and used + gap + size > width:
                lines, used, gap = lines + 1, 0.0, 0
            while size > width:  # a piece too long for a line is cut
                lines, size = lines + 1, size - int(width)
            used += gap + size
        count += lines
    return count


_PIECES = re.compile(r"(\s*)([^\s-]*-+|[^\s-]+)")


def _shown(value: Any) -> str:
    """A cell's text as the sheet shows it: a date as 2026-03-02, a flag as TRUE."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, bool):
        return "FALSE" if not value else "TRUE"
    return str(value)
