"""Cell values as planning tools write them: durations, predecessors, dates, percentages."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.readers.model import Where
from pmsm_cli.readers.values import (
    RawLink,
    ValueProblem,
    dates,
    duration,
    links,
    names,
    normalise,
    percent,
)

HERE = Where(Path("plan.csv"), line=7)


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("5 days", 5.0),
        ("5d", 5.0),
        ("5 Tage", 5.0),
        ("1 Tag", 1.0),
        ("2w", 10.0),  # a week is 5 working days
        ("3 wks", 15.0),
        ("2 Wo.", 10.0),
        ("0 days", 0.0),
        ("40h", 5.0),  # 8 hours a day
        ("16 Std.", 2.0),
        ("4 hrs", 0.5),
        ("1 mon", 20.0),  # a month is 20 working days
        ("1 M", 20.0),  # German month: capital M
        ("480 m", 1.0),  # English minutes: small m
        ("4 days?", 4.0),  # MS Project's estimate mark
        ("2,5 Tage", 2.5),
        ("3 jours", 3.0),
        ("2 sem", 10.0),
        ("5 días", 5.0),
        ("7", 7.0),  # a bare number is days
    ],
)
def test_durations_in_ms_projects_units(text: str, days: float) -> None:
    assert duration(text) == days


def test_a_bare_number_takes_the_unit_of_its_heading() -> None:
    assert duration("16", unit_days=0.125) == 2.0
    assert duration(24, unit_days=0.125) == 3.0


@pytest.mark.parametrize("text", ["five days", "5 parsecs", "5 days 3", "-2 days"])
def test_what_is_not_a_duration_says_what_is_expected(text: str) -> None:
    with pytest.raises(ValueProblem, match=r"is not a duration; expected a number and a unit"):
        duration(text)


def test_empty_and_not_available_are_no_duration() -> None:
    assert duration("") is None
    assert duration("NA") is None
    assert duration("NV") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", [RawLink("3", "FS", 0.0)]),
        ("3FS+2 days", [RawLink("3", "FS", 2.0)]),
        ("4SS", [RawLink("4", "SS", 0.0)]),
        ("5;6", [RawLink("5", "FS", 0.0), RawLink("6", "FS", 0.0)]),
        ("5, 6", [RawLink("5", "FS", 0.0), RawLink("6", "FS", 0.0)]),
        ("7EA-1d", [RawLink("7", "FS", -1.0)]),
        ("3EA+2 Tage", [RawLink("3", "FS", 2.0)]),
        ("3AA", [RawLink("3", "SS", 0.0)]),
        ("3EE+1 Tag", [RawLink("3", "FF", 1.0)]),
        ("3AE", [RawLink("3", "SF", 0.0)]),
        ("3EA+2,5 Tage;4", [RawLink("3", "FS", 2.5), RawLink("4", "FS", 0.0)]),
        ("8FS+1 wk", [RawLink("8", "FS", 5.0)]),
        ("2FS+4h", [RawLink("2", "FS", 0.5)]),
        ("3FS+50%", [RawLink("3", "FS", 0.0, 50.0)]),
        ("1.2EA+2 Tage", [RawLink("1.2", "FS", 2.0)]),
        ("3FD", [RawLink("3", "FS", 0.0)]),  # French fin-début
        ("3CC", [RawLink("3", "SS", 0.0)]),  # Spanish comienzo-comienzo
    ],
)
def test_predecessors_in_english_and_german(text: str, expected: list[RawLink]) -> None:
    assert links(text) == expected


def test_a_lag_in_an_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueProblem, match=r"the lag in '3FS\+2 parsecs' has a unit"):
        links("3FS+2 parsecs")


def test_resource_names_without_ms_projects_units() -> None:
    assert names("Anna[50%]; Bob") == ("Anna", "Bob")
    assert names("Schmidt,Yilmaz") == ("Schmidt", "Yilmaz")
    assert names("@alice") == ("alice",)


def test_percentages() -> None:
    assert percent("50%") == 50.0
    assert percent("12,5 %") == 12.5
    assert percent(0.5, fraction=True) == 50.0
    assert percent(80) == 80.0
    with pytest.raises(ValueProblem, match="from 0 to 100"):
        percent("150%")


def test_headings_compare_without_case_blanks_colon_or_unit() -> None:
    assert normalise("  Task   Name: ") == "task name"
    assert normalise("Duration (days)") == "duration"
    assert normalise("% Complete") == "% complete"


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
