"""A country's public holidays in the plan's calendar (``calendar: {country: DE}``).

The dates below are worked out by hand from a wall calendar: in Germany 25 and
26 December and 1 January are public holidays everywhere; 6 January
(Epiphany) only in Bavaria (BY) among others, not in Berlin (BE).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.errors import PmsmError
from pmsm_cli.plan.load import parse_plan
from pmsm_cli.plan.resolve import schedule_plan

if TYPE_CHECKING:
    from tests.conftest import Run

D = dt.date

# Monday 22 December 2025 to early January 2026: Christmas Day is a Thursday,
# the second day a Friday, New Year's Day a Thursday, Epiphany a Tuesday.
PLAN = """\
project:
  name: Year-end cut-over
  kind: new-service
  start: 2025-12-22
  calendar:
{calendar}
activities:
  - {{id: build, name: Build, duration: 5}}
  - {{id: test, name: Test, duration: 3, depends_on: [build]}}
  - {{id: deploy, name: Deploy, duration: 2, depends_on: [test]}}
"""


def dates(calendar: str) -> dict[str, tuple[dt.date, dt.date]]:
    loaded = parse_plan(PLAN.format(calendar=calendar), Path("pmsm.yaml"))
    tasks = schedule_plan(loaded.plan, load_catalog(), suggest=False).schedule.tasks
    return {key: (tasks[key].early_start, tasks[key].early_finish) for key in tasks}


def test_without_a_country_christmas_and_new_year_are_worked() -> None:
    # Today's behaviour, kept for plans that name no country.
    found = dates("    workdays: [mon, tue, wed, thu, fri]")
    assert found["build"] == (D(2025, 12, 22), D(2025, 12, 26))
    assert found["test"] == (D(2025, 12, 29), D(2025, 12, 31))
    assert found["deploy"] == (D(2026, 1, 1), D(2026, 1, 2))


def test_germany_skips_christmas_and_new_year() -> None:
    found = dates("    country: DE")
    # Mon 22, Tue 23, Wed 24; 25 and 26 (holidays) and the weekend off; Mon 29, Tue 30.
    assert found["build"] == (D(2025, 12, 22), D(2025, 12, 30))
    # Wed 31; 1 January (holiday) off; Fri 2; the weekend off; Mon 5.
    assert found["test"] == (D(2025, 12, 31), D(2026, 1, 5))
    # Epiphany is no holiday in the whole of Germany: Tue 6 and Wed 7 January.
    assert found["deploy"] == (D(2026, 1, 6), D(2026, 1, 7))


def test_a_region_adds_its_own_holidays() -> None:
    # Bavaria keeps Epiphany (Tuesday 6 January): deploy takes Wed 7 and Thu 8.
    found = dates("    country: DE\n    subdivision: BY")
    assert found["deploy"] == (D(2026, 1, 7), D(2026, 1, 8))


def test_listed_holidays_still_add_to_the_public_ones() -> None:
    # 24 December as a company shutdown: Mon 22, Tue 23, then Mon 29, Tue 30, Wed 31.
    found = dates("    country: DE\n    holidays: [2025-12-24]")
    assert found["build"] == (D(2025, 12, 22), D(2025, 12, 31))


@pytest.mark.parametrize(
    ("calendar", "line", "column", "words"),
    [
        ("    country: XX", 6, 14, "'XX' is not a country the holidays package knows"),
        ("    country: de", 6, 14, "did you mean DE?"),
        ("    country: DE\n    subdivision: ZZ", 7, 18, "'ZZ' is not a subdivision of DE"),
        ("    subdivision: BY", 6, 18, "a subdivision needs the country it is part of"),
        # YAML 1.1 reads NO (Norway) as false.
        ("    country: NO", 6, 14, 'put it in quotes, e.g. country: "NO"'),
    ],
)
def test_a_bad_country_or_region_is_one_error_at_its_place(
    calendar: str, line: int, column: int, words: str
) -> None:
    with pytest.raises(PmsmError) as raised:
        parse_plan(PLAN.format(calendar=calendar), Path("pmsm.yaml"))
    problems = raised.value.problems
    assert len(problems) == 1
    assert (problems[0].line, problems[0].column) == (line, column)
    assert words in problems[0].message
    assert "Value error" not in problems[0].message


def test_norway_quoted_is_a_country() -> None:
    # Norway also rests on 25 and 26 December and 1 January, and not on Epiphany.
    found = dates('    country: "NO"')
    assert found["test"] == (D(2025, 12, 31), D(2026, 1, 5))
    assert found["deploy"] == (D(2026, 1, 6), D(2026, 1, 7))


@pytest.mark.parametrize(
    ("environ", "country"),
    [
        ({"LANG": "de_DE.UTF-8"}, "DE"),
        ({"LANG": "en_GB.UTF-8", "LC_TIME": "fr_FR.UTF-8"}, "FR"),  # dates follow LC_TIME
        ({"LANG": "de_DE.UTF-8", "LC_ALL": "nl_NL@euro"}, "NL"),  # LC_ALL wins
        ({"LANG": "C.UTF-8"}, None),
        ({"LANG": "en"}, None),  # a language alone names no country
        ({}, None),
    ],
)
def test_the_locale_names_the_default_country(environ: dict[str, str], country: str) -> None:
    from pmsm_cli.scaffold.parsers import locale_country

    assert locale_country(environ) == country


def test_init_takes_the_country_of_the_locale(
    pmsm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    folder = tmp_path / "demo"
    result = pmsm(
        "init",
        folder,
        "--kind",
        "new-service",
        "--name",
        "Demo",
        "--defaults",
        "--start",
        "2026-12-01",
    )
    assert result.exit_code == 0, result.output
    calendar = parse_plan((folder / "pmsm.yaml").read_text(), folder / "pmsm.yaml").plan
    assert (calendar.project.calendar.country, calendar.project.calendar.subdivision) == (
        "DE",
        None,
    )
    answers = (folder / ".pmsm-answers.yaml").read_text()
    assert "country: DE" in answers


def test_init_country_flag_and_region(pmsm: Run, tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    result = pmsm(
        "init",
        folder,
        "--kind",
        "new-service",
        "--name",
        "Demo",
        "--defaults",
        "--country",
        "gb",
        "--set",
        "subdivision=SCT",
    )
    assert result.exit_code == 0, result.output
    plan = parse_plan((folder / "pmsm.yaml").read_text(), folder / "pmsm.yaml").plan
    assert (plan.project.calendar.country, plan.project.calendar.subdivision) == ("GB", "SCT")


def test_init_country_dash_means_none_whatever_the_locale(
    pmsm: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    folder = tmp_path / "demo"
    result = pmsm(
        "init", folder, "--kind", "new-service", "--name", "Demo", "--defaults", "--country", "-"
    )
    assert result.exit_code == 0, result.output
    plan = parse_plan((folder / "pmsm.yaml").read_text(), folder / "pmsm.yaml").plan
    assert plan.project.calendar.country is None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--country", "XX"], "--country: 'XX' is not a country the holidays package knows"),
        (["--country", "GB", "--set", "subdivision=BY"], "'BY' is not a subdivision of GB"),
        (["--country", "-", "--set", "subdivision=BY"], "a subdivision needs a country"),
    ],
)
def test_init_refuses_a_bad_country_or_region(
    pmsm: Run, tmp_path: Path, args: list[str], words: str
) -> None:
    folder = tmp_path / "demo"
    result = pmsm("init", folder, "--kind", "new-service", "--name", "Demo", "--defaults", *args)
    assert result.exit_code == 2
    assert words in result.output
    assert not folder.exists()
