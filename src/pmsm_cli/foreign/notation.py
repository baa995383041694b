"""The source's own way of writing durations and dates, learnt from its rows.

A new row must read like the project manager's: "10 Tage" and "1 Tag" in a
German MS Project export, "3 days" and "1 day" in an English one, "Mo 05.01.26"
or "Mon 3/2/26" for dates. Each notation is learnt from cells the reader has
already understood (the cell's text next to the value it was read as), so
nothing is guessed from a language setting.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from pmsm_cli.readers.values import unit_key, vocabulary
from pmsm_cli.records import record

_AMOUNT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)(\s*)([^\d\s?][^\d?]*?)?\s*\??\s*$")
_DATE = re.compile(
    r"^(?P<weekday>[^\W\d_]+\.?,?\s+)?(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{2,4})$"
)
# Weekday abbreviations MS Project writes, to fill in the days a column never shows.
_WEEKDAYS = (
    ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"),
)


@record(slots=True)
class DurationNotation:
    """Working days as the column writes them: "1 Tag", "2 Tage", or a bare number."""

    one: str | None  # the unit after 1 ("day", "Tag"); None for a bare number
    many: str | None  # the unit after any other amount
    space: str = " "

    def write(self, days: int) -> str:
        unit = self.one if days == 1 else self.many
        return f"{days}{self.space}{unit}" if unit else str(days)


def duration_notation(cells: Iterable[str]) -> DurationNotation:
    """The notation of the cells that give a duration in days; English days when none do."""
    one: str | None = None
    many: str | None = None
    space = " "
    bare = False
    for cell in cells:
        match = _AMOUNT.match(cell)
        if match is None:
            continue
        if match[3] is None:
            bare = True
            continue
        unit = match[3].strip()
        if vocabulary().units.get(unit_key(unit)) != 1.0:
            continue  # hours, weeks: not how a day is written
        space = match[2]
        if match[1] in ("1", "1,0", "1.0"):
            one = one or unit
        else:
            many = many or unit
    if one is None and many is None:
        return DurationNotation(None, None, "") if bare else DurationNotation("day", "days")
    return DurationNotation(one or many, many or one, space)


@record(slots=True)
class DateNotation:
    """A numeric date as the column writes it, with or without a weekday."""

    order: str  # "dmy", "mdy" or "ymd"
    separator: str
    padded: bool  # "05" rather than "5"
    short_year: bool  # "26" rather than "2026"
    weekdays: Sequence[str] | None  # Monday first, each with what follows it ("Mo ")

    def write(self, day: date) -> str:
        def field(value: int) -> str:
            return f"{value:02d}" if self.padded else str(value)

        year = f"{day.year % 100:02d}" if self.short_year else str(day.year)
        parts = {"d": field(day.day), "m": field(day.month), "y": year}
        text = self.separator.join(parts[letter] for letter in self.order)
        return (self.weekdays[day.weekday()] + text) if self.weekdays else text


def date_notation(examples: Iterable[tuple[str, date]]) -> DateNotation | None:
    """The notation that writes every example's date as its text; None when none does.

    ``examples``: a date cell's text and the date the reader took it for.
    """
    pairs = [(text.strip(), value) for text, value in examples if text.strip()]
    if not pairs:
        return None
    seen: dict[int, str] = {}
    candidates: list[DateNotation] = []
    for text, value in pairs[:1]:
        match = _DATE.match(text)
        if match is None:
            return None
        a, b, c = match["a"], match["b"], match["c"]
        for order in ("dmy", "mdy", "ymd"):
            fields = dict(zip(order, (a, b, c), strict=True))
            if int(fields["d"]) == value.day and int(fields["m"]) == value.month:
                short = len(fields["y"]) == 2
                for padded in (True, False):  # the examples below tell which
                    candidates.append(DateNotation(order, match["sep"], padded, short, None))
    for text, value in pairs:
        match = _DATE.match(text)
        if match is not None and match["weekday"]:
            seen[value.weekday()] = match["weekday"]
    weekdays = _weekdays(seen) if seen else None
    if seen and weekdays is None:
        return None
    for candidate in candidates:
        notation = DateNotation(
            candidate.order,
            candidate.separator,
            candidate.padded,
            candidate.short_year,
            weekdays,
        )
        if all(notation.write(value) == text for text, value in pairs):
            return notation
    return None


def _weekdays(seen: dict[int, str]) -> list[str] | None:
    """All seven weekdays in the words and spacing the column uses for those it shows."""
    sample = next(iter(seen.values()))
    word = re.match(r"[^\W\d_]+", sample)
    suffix = sample[word.end() :] if word else " "
    for names in _WEEKDAYS:
        if all(re.match(re.escape(names[day]) + r"\b", text) for day, text in seen.items()):
            return [seen.get(day, names[day] + suffix) for day in range(7)]
    return None
