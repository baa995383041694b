"""Durations and dates written as the source writes them (foreign/notation.py)."""

from __future__ import annotations

from datetime import date

import pytest

from pmsm_cli.foreign.notation import date_notation, duration_notation


@pytest.mark.parametrize(
    ("cells", "days", "expected"),
    [
        (["1 Tag", "10 Tage", "2 Wo.", "16 Std."], 1, "1 Tag"),
        (["1 Tag", "10 Tage", "2 Wo.", "16 Std."], 3, "3 Tage"),
        (["36 Tage?", "0 Tage"], 1, "1 Tage"),  # no "1 Tag" seen: the plural it has
        (["22 days", "1 day", "1 wk", "4 hrs"], 5, "5 days"),
        (["3d", "1d"], 2, "2d"),
        (["3", "10"], 4, "4"),  # bare numbers: the column's unit is days
        (["2 wks"], 2, "2 days"),  # no day cell at all: English days
        ([], 0, "0 days"),
    ],
)
def test_duration_as_the_column_writes_it(cells: list[str], days: int, expected: str) -> None:
    assert duration_notation(cells).write(days) == expected


@pytest.mark.parametrize(
    ("examples", "day", "expected"),
    [
        # MS Project German: weekday, padded day.month.2-digit year.
        ([("Mo 05.01.26", date(2026, 1, 5)), ("Fr 16.01.26", date(2026, 1, 16))],
         date(2026, 3, 4), "Mi 04.03.26"),
        # MS Project English: weekday, month/day/2-digit year, not padded.
        ([("Mon 3/2/26", date(2026, 3, 2)), ("Tue 3/17/26", date(2026, 3, 17))],
         date(2026, 4, 9), "Thu 4/9/26"),
        ([("2026-04-18", date(2026, 4, 18))], date(2026, 5, 1), "2026-05-01"),
        ([("18.4.2026", date(2026, 4, 18))], date(2026, 5, 1), "1.5.2026"),
    ],
)  # fmt: skip
def test_dates_as_the_column_writes_them(
    examples: list[tuple[str, date]], day: date, expected: str
) -> None:
    notation = date_notation(examples)
    assert notation is not None
    assert notation.write(day) == expected


def test_a_date_notation_it_cannot_repeat_gives_none() -> None:
    # Month names, or a time after the date: the new rows leave the dates empty.
    assert date_notation([("5. Mai 2026", date(2026, 5, 5))]) is None
    assert date_notation([("05.05.2026 08:00", date(2026, 5, 5))]) is None
    assert date_notation([]) is None
