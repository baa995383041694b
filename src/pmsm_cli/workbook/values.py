"""Values as a workbook stores them, and where they go.

Text loses the characters a workbook cannot hold (control codes, lone
surrogates: U+FFFD instead) and is cut at Excel's 32,767 characters a cell;
a date is a day number of Excel's 1900 date system; a cell is named by its
column letters and row ("C2"). Excel's limits on rows and columns are here too.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import Any

from pmsm_cli.formatting.xml import NOT_XML
from pmsm_cli.workbook.layout import column_letter

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
CELL_LIMIT = 32_767  # characters in one cell
ILLEGAL = NOT_XML  # characters a workbook cannot hold
EPOCH = dt.date(1899, 12, 30)  # day 0 of Excel's 1900 date system (its 1900 leap-day bug included)
EPOCH_TIME = dt.datetime(1899, 12, 30)
EPOCH_ORDINAL = EPOCH.toordinal()


def clean(text: str) -> str:
    """Text as a cell can hold it: illegal characters become U+FFFD, cut at the cell limit."""
    if ILLEGAL.search(text):
        text = ILLEGAL.sub("\ufffd", text)
    return text[:CELL_LIMIT]


def serial(value: dt.date) -> int | float:
    """A date (or date and time) as Excel's day number."""
    if isinstance(value, dt.datetime):
        delta = value.replace(tzinfo=None) - EPOCH_TIME
        days = delta.days + delta.seconds / 86_400 + delta.microseconds / 86_400_000_000
        return days if days % 1 else int(days)
    return (value - EPOCH).days


def is_number(value: Any) -> bool:
    """A Decimal or Fraction (not a complex number, not an infinity)."""
    if not isinstance(value, numbers.Number) or isinstance(value, complex):
        return False
    return math.isfinite(float(value))  # type: ignore[arg-type]


_CELL = re.compile(r"([A-Z]{1,3})([0-9]+)")


def split_cell(cell: str) -> tuple[int, int]:
    """ "C2" -> (3, 2)."""
    match = _CELL.fullmatch(cell)
    if not match:
        raise ValueError(f"not a cell reference: {cell!r}")
    letters, row = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - ord("A") + 1
    return column, int(row)


def absolute_cell(cell: str) -> str:
    """ "C2" -> "$C$2", as a defined name refers to a cell."""
    column, row = split_cell(cell)
    return f"${column_letter(column)}${row}"
