"""Dates as planning tools write them, a whole column at a time.

ISO dates, dotted and slashed ones (day or month first, decided per column),
month names in the vocabulary's languages, Excel serials, and the weekdays,
times and ordinals that exports put around them. A date that cannot be read is
an error at its cell (:func:`pmsm_cli.readers.values.error_at`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Literal

from pmsm_cli.readers.model import Where
from pmsm_cli.readers.values import CellValue, error_at, is_empty, quote, vocabulary
from pmsm_cli.records import record

DateOrder = Literal["dmy", "mdy", "ymd"]

_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (with Excel's 1900 leap-day bug)
_SERIAL_RANGE = (1, 2_958_465)  # 1900-01-01 .. 9999-12-31

# A weekday in front ("Mon 05/01/26", "Mo 05.01.26", "lun. 05/01/26", "Monday 8th
# January 2024") and a time behind or in front ("08:00", "8:00 AM", "T08:00:00",
# "02:00 UTC Friday ...") are dropped before the date is read; so are English
# ordinals ("8th", "22nd"). Of "a / b" (the same moment in two time zones) the
# first is read, of a range "Tuesday 19th - Friday 22nd March 2024" the end.
_WEEKDAY = re.compile(r"^[^\W\d_]{2,12}\.?,?\s+(?=\d)")
_TIME = re.compile(
    r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[AaPp]\.?[Mm]\.?)?)\s*"
    r"(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,4})?$"
)
_LEADING_TIME = re.compile(
    r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?\s*(?:[A-Z]{2,4}\s+)?"
)
_ORDINAL = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_RANGE = re.compile(r"\s+[-\u2013\u2014]\s+|\s+(?:to|bis|au|al)\s+")  # hyphen, en and em dash
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})$")
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})\.?[\s/-]*([^\W\d_]+)\.?[\s/,-]*(\d{2}|\d{4})$")
_MONTH_NAME_DAY = re.compile(r"^([^\W\d_]+)\.?\s+(\d{1,2}),?\s+(\d{4})$")
# Excel serials typed as text: five digits are the years 1927 to 2173, and keep
# a year ("2026") or a day number from being taken for one.
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


@record(slots=True)
class _Parsed:
    """A date read as far as its text allows; ``a``/``b`` stay open when day and month may swap."""

    value: date | None = None
    a: int = 0
    b: int = 0
    year: int = 0


def dates(
    cells: Sequence[tuple[CellValue, Where]],
    order: DateOrder | None,
    heading: str,
) -> list[date | None]:
    """Every date of one column, day-first or month-first decided for the whole column.

    "05/01/2026" is 5 January to a German and May 1st to an American; the
    column decides: a first number above 12 makes it day-first, a second one
    above 12 month-first. A column with both is refused, and a column where
    every such date could be either needs ``order`` (``--date-format``).
    """
    parsed = [_parse(value, where) for value, where in cells]
    slashed = [(p, where) for p, (_, where) in zip(parsed, cells, strict=True) if p.year]
    column_order = _column_order(slashed, order, heading)
    result: list[date | None] = []
    for p, (value, where) in zip(parsed, cells, strict=True):
        if not p.year:
            result.append(p.value)
            continue
        day, month = (p.a, p.b) if column_order == "dmy" else (p.b, p.a)
        try:
            result.append(date(p.year, month, day))
        except ValueError:
            raise error_at(
                where,
                f"{quote(value)} is not a date when read "
                f"{'day first' if column_order == 'dmy' else 'month first'}, as the rest "
                f"of the column '{heading}' is",
            ) from None
    return result


def _column_order(
    slashed: Sequence[tuple[_Parsed, Where]], order: DateOrder | None, heading: str
) -> DateOrder:
    day_first = next((w for p, w in slashed if p.a > 12), None)
    month_first = next((w for p, w in slashed if p.b > 12), None)
    if day_first is not None and month_first is not None:
        raise error_at(
            month_first,
            f"the column '{heading}' has dates written day first ({_place(day_first)}) and "
            f"month first ({_place(month_first)}); write them all one way",
        )
    if day_first is not None:
        return "dmy"
    if month_first is not None:
        return "mdy"
    if order in ("dmy", "mdy"):
        return order
    if not slashed or all(p.a == p.b for p, _ in slashed):
        return "dmy"  # nothing to decide: every date reads the same both ways
    raise error_at(
        slashed[0][1],
        f"the dates in the column '{heading}' could be day first or month first "
        f"(no day above 12 tells which); pass --date-format dmy or --date-format mdy",
    )


def _place(where: Where) -> str:
    if where.cell is not None:
        return f"cell {where.cell}"
    return f"line {where.line}" if where.line is not None else str(where)


def _parse(value: CellValue, where: Where) -> _Parsed:
    if is_empty(value):
        return _Parsed()
    if isinstance(value, datetime):
        return _Parsed(value.date())
    if isinstance(value, date):
        return _Parsed(value)
    if isinstance(value, bool):
        raise error_at(where, _date_expected(value))
    if isinstance(value, int | float):
        return _Parsed(_serial(float(value), value, where))
    text = str(value).strip()
    if _SERIAL.match(text):
        return _Parsed(_serial(float(text), value, where))
    text = _clean(text)
    try:
        return _parse_text(text)
    except ValueError:
        raise error_at(where, _date_expected(value)) from None


def _clean(text: str) -> str:
    """The date alone: without weekday, time, ordinal suffix, second time zone or range start."""
    text = text.split(" / ", 1)[0].strip()
    parts = _RANGE.split(text)
    text = parts[-1].strip() if len(parts) > 1 else text
    text = _LEADING_TIME.sub("", text)
    text = _TIME.sub("", _drop_weekday(text)).strip()
    return _ORDINAL.sub(r"\1", text)


def _drop_weekday(text: str) -> str:
    match = _WEEKDAY.match(text)
    if match is None or match[0].strip(" .,").casefold() in vocabulary().months:
        return text  # "May 4, 2026": a month, not a weekday
    return text[match.end() :]


def _parse_text(text: str) -> _Parsed:
    match = _ISO.match(text)
    if match:
        return _Parsed(date(int(match[1]), int(match[2]), int(match[3])))
    match = _NUMERIC.match(text)
    if match:
        a, b, year = int(match[1]), int(match[3]), _year(match[4])
        if match[2] == ".":  # dots are always day first (German, French)
            return _Parsed(date(year, b, a))
        return _Parsed(None, a, b, year)
    match = _DAY_MONTH_NAME.match(text)
    if match:
        return _Parsed(date(_year(match[3]), _month(match[2]), int(match[1])))
    match = _MONTH_NAME_DAY.match(text)
    if match:
        return _Parsed(date(int(match[3]), _month(match[1]), int(match[2])))
    raise ValueError(text)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # MS Project's short dates: "26" is 2026; years 70 to 99 are last century.
        year += 1900 if year >= 70 else 2000
    return year


def _month(name: str) -> int:
    month = vocabulary().months.get(name.casefold().rstrip("."))
    if month is None:
        raise ValueError(name)
    return month


def _serial(serial: float, value: CellValue, where: Where) -> date:
    low, high = _SERIAL_RANGE
    if not low <= serial <= high:
        raise error_at(where, _date_expected(value))
    return _EXCEL_EPOCH + timedelta(days=int(serial))


def _date_expected(value: CellValue) -> str:
    return (
        f"{quote(value)} is not a date; expected one like 2026-05-04, 04.05.2026, "
        "04/05/2026, Mon 04/05/26 or 4 May 2026"
    )
