"""Dates as planning tools write them, day or month first decided per column."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.readers.dates import dates
from pmsm_cli.readers.model import Where


def _column(*values: object) -> list[tuple[object, Where]]:
    return [(v, Where(Path("plan.csv"), line=n)) for n, v in enumerate(values, start=2)]


def test_iso_dotted_excel_and_ms_project_dates() -> None:
    cells = _column(
        "2026-05-04",
        "04.05.2026",
        "Mo 04.05.26",
        46146,  # Excel serial: 2026-01-01 is 46023, and 4 May is 123 days later
        "46146",
        datetime(2026, 5, 4, 8, 0),
        date(2026, 5, 4),
        "2026-05-04T08:00:00",
        "4 May 2026",
        "May 4, 2026",
        "04/May/26 10:15 AM",  # Jira
        "4. Mai 2026",
        "Monday 4th May 2026",
        "",
        "NA",
    )
    expected = [date(2026, 5, 4)] * 13 + [None, None]
    assert dates(cells, None, "Start") == expected  # type: ignore[arg-type]


def test_a_day_above_12_makes_the_whole_column_day_first() -> None:
    cells = _column("05/01/2026", "13/01/2026", "Mon 02/03/26")
    assert dates(cells, None, "Start") == [  # type: ignore[arg-type]
        date(2026, 1, 5),
        date(2026, 1, 13),
        date(2026, 3, 2),
    ]


def test_a_second_number_above_12_makes_the_whole_column_month_first() -> None:
    cells = _column("Mon 1/5/26", "1/13/2026", "3/2/26")
    assert dates(cells, None, "Start") == [  # type: ignore[arg-type]
        date(2026, 1, 5),
        date(2026, 1, 13),
        date(2026, 3, 2),
    ]


def test_a_column_with_both_orders_is_refused_with_both_places() -> None:
    cells = _column("13/01/2026", "01/13/2026")
    with pytest.raises(PmsmError) as caught:
        dates(cells, None, "Start")  # type: ignore[arg-type]
    assert caught.value.render() == (
        "plan.csv:3: error: the column 'Start' has dates written day first (line 2) and "
        "month first (line 3); write them all one way"
    )


def test_an_ambiguous_column_asks_for_the_date_format() -> None:
    cells = _column("05/01/2026", "06/02/2026")
    with pytest.raises(PmsmError) as caught:
        dates(cells, None, "Start")  # type: ignore[arg-type]
    assert caught.value.render() == (
        "plan.csv:2: error: the dates in the column 'Start' could be day first or month first "
        "(no day above 12 tells which); pass --date-format dmy or --date-format mdy"
    )
    assert dates(cells, "mdy", "Start") == [date(2026, 5, 1), date(2026, 6, 2)]  # type: ignore[arg-type]
    assert dates(cells, "dmy", "Start") == [date(2026, 1, 5), date(2026, 2, 6)]  # type: ignore[arg-type]


def test_the_data_wins_over_a_date_format_that_does_not_fit_it() -> None:
    cells = _column("13/01/2026")
    assert dates(cells, "mdy", "Start") == [date(2026, 1, 13)]  # type: ignore[arg-type]


def test_what_is_not_a_date_is_named_with_its_place() -> None:
    with pytest.raises(PmsmError) as caught:
        dates(_column("2026-05-04", "next Tuesday"), None, "Finish")  # type: ignore[arg-type]
    assert caught.value.render().startswith(
        "plan.csv:3: error: 'next Tuesday' is not a date; expected one like 2026-05-04"
    )
    with pytest.raises(PmsmError, match=r"'31\.02\.2026' is not a date"):
        dates(_column("31.02.2026"), None, "Finish")  # type: ignore[arg-type]
