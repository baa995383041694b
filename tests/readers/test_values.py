"""Cell values as planning tools write them: durations, predecessors, percentages."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsm_cli.readers.model import Where
from pmsm_cli.readers.values import (
    RawLink,
    ValueProblem,
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


@pytest.mark.parametrize(
    ("text", "known", "expected"),
    [
        # pmsm's own CSV: ids with hyphens, "+N" a lag and "-N" a lead.
        (
            "develop-charter-tco",
            {"develop-charter-tco"},
            [RawLink("develop-charter-tco", "FS", 0.0)],
        ),
        (
            "build-1; wave-2+3",
            {"build", "wave-2"},
            [RawLink("build", "FS", -1.0), RawLink("wave-2", "FS", 3.0)],
        ),
        # An id that is a task of its own wins over the shorter one with a lead.
        ("wave-2", {"wave", "wave-2"}, [RawLink("wave-2", "FS", 0.0)]),
        # Letters that spell a link type at the end of an id: "access" is not "acce" SS.
        ("access", {"access"}, [RawLink("access", "FS", 0.0)]),
        # Jira keys, with a type and a lag after them.
        ("PAY-12SS+2d", {"PAY-12"}, [RawLink("PAY-12", "SS", 2.0)]),
        # Numbers read as before, whether or not the plan has the task.
        ("3FS+2 days", {"3"}, [RawLink("3", "FS", 2.0)]),
        ("9", {"3"}, [RawLink("9", "FS", 0.0)]),
    ],
)
def test_predecessors_named_by_the_plans_own_ids(
    text: str, known: set[str], expected: list[RawLink]
) -> None:
    assert links(text, known) == expected


def test_a_hyphenated_id_the_plan_does_not_have_is_not_a_predecessor() -> None:
    with pytest.raises(ValueProblem, match=r"'develop-charter' is not a predecessor"):
        links("develop-charter", {"develop"})


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
