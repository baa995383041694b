"""What one cell of an edited workbook holds, read in the plan's terms.

openpyxl gives a cell as Excel saved it, and Excel saves what it made of what
was typed: ``1/1`` typed as an owner becomes the date 2026-01-01, ``true``
becomes TRUE, a negative number in a date cell shows as ``####`` but reads
(counted back from 1899-12-30) as an old date. A formula whose value was never
saved (a workbook written by a program rather than by Excel) reads as an empty
cell, the same as one nobody typed in. Read naively, each of these would put
something into the plan that nobody wrote, or quietly take something out.

So each column is read by a function that knows what the column should hold
and raises :class:`CellError`, in words, for anything else;
``workbook_read`` adds the sheet and the cell. The choices:

* A text column (ID, Owner) takes text, and a whole number in a cell of the
  General format, which Excel shows as its digits (an employee number). A
  date, a time, TRUE/FALSE or a fraction is refused: Excel shows it in a
  format of the cell's, and guessing that text would be guessing what the
  person typed.
* A date column takes a date cell, or text written YYYY-MM-DD. A number in a
  date cell that Excel cannot show as a date (before its first day) is
  refused with the number, rather than read as a day in 1899.
* A cell showing an error (``#N/A``, ``#REF!``) is refused in every column.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from collections.abc import Collection
from typing import Any

from pmsm_cli.models.text import printable

FORMULA_NOT_SAVED = (
    "the cell holds a formula whose value Excel has not saved; open and save the workbook "
    "in Excel or LibreOffice, or type the value"
)
_AS_TYPED = "format the cell as Text and type it again, so that Excel keeps it as typed"
_DATE = "a date (a date cell, or text written YYYY-MM-DD)"
_TYPE_A_DATE = "type the date, e.g. 2026-03-02"
# The start of a formula element in a sheet's XML: <f>, <f t="shared" .../>, <x:f>.
_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")


class CellError(ValueError):
    """What is wrong with a cell, in words; the reader adds which sheet and cell."""


def shown(value: Any) -> str:
    """A cell's value as a spreadsheet user would recognise it: TRUE, a date, 'text'."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():  # a date cell: openpyxl gives it at midnight
            return f"the date {value.date().isoformat()}"
        return f"the date and time {value.isoformat(sep=' ', timespec='minutes')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):
        return f"the time of day {value.isoformat()}"
    if isinstance(value, dt.timedelta):
        return f"the duration {value}"
    if isinstance(value, str):
        return f"'{printable(value)}'"
    return f"a {type(value).__name__}"  # pragma: no cover - openpyxl gives nothing else


def _value(cell: Any, header: str) -> Any:
    """The cell's value; a cell showing an error is refused, empty text is None."""
    value = cell.value if cell is not None else None
    if getattr(cell, "data_type", None) == "e":
        raise CellError(
            f"'{header}' shows the error {value} instead of a value; correct the cell or clear it"
        )
    if isinstance(value, str):
        return value.strip() or None
    return value


def text_value(cell: Any, header: str) -> str | None:
    """A text column: text, or a whole number shown as its digits."""
    value = _value(cell, header)
    if value is None or isinstance(value, str):
        return value
    general = getattr(cell, "number_format", "General") == "General"
    if general and not isinstance(value, bool):
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
    raise CellError(f"'{header}' should be text, but it is {shown(value)}; {_AS_TYPED}")


def date_value(cell: Any, header: str) -> dt.date | None:
    """A date column: a date cell without a time of day, or text written YYYY-MM-DD."""
    if getattr(cell, "data_type", None) == "e" and cell.value == "#VALUE!":
        # openpyxl makes this of a date cell whose number is past any date, as well as
        # reading a real #VALUE! error; the message covers both.
        raise CellError(
            f"'{header}' should be a date, but it is #VALUE!: an error, or a number formatted "
            f"as a date that is no date Excel can show; {_TYPE_A_DATE}"
        )
    value = _value(cell, header)
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        number = _before_the_calendar(cell, value)
        if number is not None:
            raise CellError(
                f"'{header}' should be a date, but it is the number {number} formatted as a "
                f"date, which is no date Excel can show; {_TYPE_A_DATE}"
            )
        if value.time() != dt.time():
            raise CellError(
                f"'{header}' should be a date without a time of day, but it is {shown(value)}"
            )
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CellError(f"'{header}' should be {_DATE}, but it is {shown(value)}")


def _before_the_calendar(cell: Any, value: dt.datetime) -> str | None:
    """The number in a date cell that comes before the workbook's first day, or None.

    Excel counts days from 1900-01-01 (number 1), or 1904-01-01 (number 0) in a
    workbook that uses the 1904 calendar, and shows ``####`` for anything
    earlier; openpyxl counts on backwards.
    """
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, WINDOWS_EPOCH

    book = getattr(getattr(cell, "parent", None), "parent", None)
    epoch: dt.datetime = getattr(book, "epoch", WINDOWS_EPOCH)  # the day of number 0
    first = dt.datetime(1904, 1, 1) if epoch == CALENDAR_MAC_1904 else dt.datetime(1900, 1, 1)
    if value >= first:
        return None
    number = (value - epoch) / dt.timedelta(days=1)  # before day 1 no leap-year quirk applies
    return str(int(number)) if number.is_integer() else str(number)


def choice_value(cell: Any, header: str, choices: Collection[str]) -> str | None:
    """A column of set words (the status): as people type them, 'In progress' too."""
    value = _value(cell, header)
    if value is None:
        return None
    text = value.lower().replace(" ", "-") if isinstance(value, str) else None
    if text not in choices:
        raise CellError(
            f"'{header}' should be one of {', '.join(choices)}, but it is {shown(value)}"
        )
    return text


def percent_value(cell: Any, header: str) -> int | None:
    """A whole percentage 0-100, or a fraction in a cell formatted as a percentage."""
    value = _value(cell, header)
    if value is None:
        return None
    number: float | None = None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = value * 100 if "%" in str(getattr(cell, "number_format", "")) else value
    elif isinstance(value, str):
        with contextlib.suppress(ValueError):
            number = float(value.rstrip("%").strip())
    if number is None:  # TRUE, a date, a time, words
        raise CellError(
            f"'{header}' should be a percentage from 0 to 100, but it is {shown(value)}"
        )
    if not 0 <= number <= 100 or abs(number - round(number)) > 1e-6:
        raise CellError(
            f"'{header}' should be a whole percentage from 0 to 100, but it is {shown(value)}"
        )
    return round(number)


def unsaved_formulas(sheet: Any) -> frozenset[tuple[int, int]]:
    """(row, column) of every cell of ``sheet`` holding a formula without a saved value.

    The workbook is read for its values (openpyxl's ``data_only``), and such a
    cell then reads as empty, like a cell nobody typed in; only the sheet's XML
    tells the two apart. So that XML is read once more (openpyxl's read-only
    worksheet gives it), and parsed only if it holds a formula at all: a
    workbook from ``pmsm plan`` holds none.
    """
    with sheet._get_source() as source:
        xml = source.read()
    if _FORMULA.search(xml) is None:
        return frozenset()
    # openpyxl's iterparse is defusedxml's, which workbook_read makes sure of.
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.functions import iterparse

    found: set[tuple[int, int]] = set()
    row = column = 0
    for event, element in iterparse(io.BytesIO(xml), events=("start", "end")):
        tag = element.tag.rpartition("}")[2]
        if event == "start":
            # Cells may leave out their reference; they then follow on from the last.
            if tag == "row":
                row, column = int(element.get("r") or row + 1), 0
            elif tag == "c":
                reference = element.get("r")
                row, column = coordinate_to_tuple(reference) if reference else (row, column + 1)
            continue
        if tag == "c":
            parts = {child.tag.rpartition("}")[2]: child for child in element}
            saved = parts.get("v")
            # A formula whose text result is empty is saved as t="str" with an empty value.
            empty_text = element.get("t") in ("str", "s", "inlineStr")
            if "f" in parts and (saved is None or not saved.text) and not empty_text:
                found.add((row, column))
            element.clear()
        elif tag == "row":
            element.clear()
    return frozenset(found)
