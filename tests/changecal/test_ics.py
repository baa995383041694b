"""Reading the change manager's .ics file: which events count, their days, their recurrences;
and a file that is not one, refused with its line and nothing of what it holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.leaks import FOREIGN_FILES, assert_refused_quietly, write_secret
from tests.lint.helpers import BASE

from pmsm_cli.changecal.ics import read_ics
from pmsm_cli.changecal.model import ChangeCalendar
from pmsm_cli.errors import PmsmError

Write = Callable[[str, str], Path]
D = dt.date
PLAN_TEXT = BASE.read_text(encoding="utf-8")


def calendar(write: Write, *events: str) -> ChangeCalendar:
    body = "".join(
        f"BEGIN:VEVENT\nUID:{n}@example.org\n{e}END:VEVENT\n" for n, e in enumerate(events)
    )
    text = f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{body}END:VCALENDAR\n"
    return ChangeCalendar(events=read_ics(write("changes.ics", text)))


def test_tags_from_categories_or_the_summary_and_environments_from_the_other_categories(
    write: Write,
) -> None:
    cal = calendar(
        write,
        "SUMMARY:Year-end\nCATEGORIES:Change Freeze,production,Payroll DB\n"
        "DESCRIPTION:closing\n  the books\nDTSTART;VALUE=DATE:20261214\nDTEND;VALUE=DATE:20270109\n",
        "SUMMARY:Change freeze - Release 5\nDTSTART;VALUE=DATE:20261120\n",
        "SUMMARY:Freeze planning meeting\nDTSTART;VALUE=DATE:20261101\n",  # no tag: not a freeze
        "SUMMARY:Freeze: cancelled one\nSTATUS:CANCELLED\nDTSTART;VALUE=DATE:20261201\n",
    )
    found = cal.freezes_between(D(2026, 1, 1), D(2027, 12, 31))
    assert [(f.name, f.start, f.finish, f.reason, f.environments) for f in found] == [
        # An all-day event without DTEND lasts its one day.
        ("Release 5", D(2026, 11, 20), D(2026, 11, 20), None, ()),
        # Folded lines are joined (the fold's space is dropped, RFC 5545 §3.1).
        (
            "Year-end",
            D(2026, 12, 14),
            D(2027, 1, 8),
            "closing the books",
            ("production", "Payroll DB"),
        ),
    ]


def test_timed_events_cover_the_days_they_touch(write: Write) -> None:
    cal = calendar(
        write,
        # Ends at midnight: the night of Saturday to Sunday is Saturday alone.
        "SUMMARY:Maintenance: night\nDTSTART:20260307T220000\nDTEND:20260308T000000\n",
        # From 23:00 to 01:00 in Berlin: both days, counted where it happens.
        "SUMMARY:Maintenance: late\nDTSTART;TZID=Europe/Berlin:20260313T230000\n"
        "DTEND;TZID=Europe/Berlin:20260314T010000\n",
    )
    (night, late) = cal.windows_for("production", D(2026, 3, 1), D(2026, 3, 1)) or []
    assert sorted(night.days) == [D(2026, 3, 7)]
    assert sorted(late.days) == [D(2026, 3, 13), D(2026, 3, 14)]


def test_recurrences_with_exceptions_and_moved_occurrences(write: Write) -> None:
    cal = calendar(
        write,
        # Every other Tuesday from 2026-03-03 (03-03, 03-17, 03-31, 04-14), four times;
        # 03-17 is moved to Wednesday 03-18 by an event with its RECURRENCE-ID.
        "SUMMARY:CAB: fortnightly\nDTSTART:20260303T100000\nRRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=4\n",
        "SUMMARY:CAB: fortnightly\nDTSTART:20260318T100000\nRECURRENCE-ID:20260317T100000\n",
        "SUMMARY:CAB: extra\nDTSTART;VALUE=DATE:20260401\nRDATE;VALUE=DATE:20260408,20260415\n"
        "EXDATE;VALUE=DATE:20260408\n",
    )
    # The moved occurrence has the UID of its series in real files; here each event has its
    # own, so the series keeps 03-17 and the move adds 03-18.
    assert cal.meetings_between(D(2026, 3, 1), D(2026, 4, 30)) == [
        D(2026, 3, 3),
        D(2026, 3, 17),
        D(2026, 3, 18),
        D(2026, 3, 31),
        D(2026, 4, 1),
        D(2026, 4, 14),
        D(2026, 4, 15),
    ]


def test_a_moved_occurrence_replaces_the_one_of_its_series(write: Write) -> None:
    text = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n"
        "BEGIN:VEVENT\nUID:cab@x\nSUMMARY:CAB: weekly\nDTSTART:20260303T100000\n"
        "RRULE:FREQ=WEEKLY;UNTIL=20260324T235959Z\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:cab@x\nSUMMARY:CAB: weekly\nDTSTART:20260312T100000\n"
        "RECURRENCE-ID:20260310T100000\nEND:VEVENT\n"
        "BEGIN:VEVENT\nUID:cab@x\nSUMMARY:CAB: weekly\nSTATUS:CANCELLED\n"
        "DTSTART:20260317T100000\nRECURRENCE-ID:20260317T100000\nEND:VEVENT\n"
        "END:VCALENDAR\n"
    )
    cal = ChangeCalendar(events=read_ics(write("changes.ics", text)))
    # Tuesdays 03-03 to 03-24; 03-10 moved to Thursday 03-12, 03-17 cancelled.
    assert cal.meetings_between(D(2026, 3, 1), D(2026, 3, 31)) == [
        D(2026, 3, 3),
        D(2026, 3, 12),
        D(2026, 3, 24),
    ]


def test_a_yearly_freeze_is_found_in_any_year(write: Write) -> None:
    cal = calendar(
        write,
        "SUMMARY:Freeze: Year-end\nDTSTART;VALUE=DATE:20251215\nDTEND;VALUE=DATE:20260105\n"
        "RRULE:FREQ=YEARLY\n",
    )
    (freeze,) = cal.freezes_between(D(2031, 1, 2), D(2031, 1, 2))
    assert (freeze.start, freeze.finish) == (D(2030, 12, 15), D(2031, 1, 4))


BAD = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:1@x\n{}END:VEVENT\nEND:VCALENDAR\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("VERSION:2.0\n", 1, "it should start with BEGIN:VCALENDAR"),
        (
            BAD.format("SUMMARY:Freeze: x\nno colon on this line\n"),
            7,
            "not an iCalendar content line",
        ),
        (
            BAD.format("SUMMARY:Freeze: x\nDTSTART;VALUE=DATE:20261\n"),
            7,
            "the DTSTART of this event",
        ),
        (BAD.format("SUMMARY:Freeze: x\n"), 4, "tagged as a change freeze but has no DTSTART"),
        (
            BAD.format("SUMMARY:CAB: x\nDTSTART:20260303T100000\nRRULE:FREQ=HOURLY\n"),
            8,
            "repeats more often than daily",
        ),
        (BAD.format("SUMMARY:Freeze: x\nDTSTART:20260303\nEND:VTODO\n"), 8, "expected END:VEVENT"),
        (
            BAD.format("SUMMARY:Freeze: x\nDTSTART;VALUE=DATE:20260303\n").replace(
                "END:VCALENDAR\n", ""
            ),
            8,
            "END:VCALENDAR is missing",
        ),
        (BAD.format("SUMMARY:Lunch\nDTSTART:20260303T120000\n"), 1, "none of the 1 events"),
    ],
    ids=[
        "no-calendar",
        "no-content-line",
        "bad-date",
        "no-start",
        "hourly",
        "wrong-end",
        "unclosed",
        "untagged",
    ],
)
def test_a_bad_calendar_is_one_error_at_its_line(
    pmsm, tmp_path: Path, write: Write, text: str, line: int, message: str
) -> None:
    write(".pmsm.yaml", "change_calendar: {ics: changes.ics}\n")
    ics = write("changes.ics", text)
    result = pmsm("check", write("pmsm.yaml", PLAN_TEXT), "--no-cache")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{ics}:{line}: error: "), result.stderr
    assert message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


@pytest.mark.parametrize("name", sorted(FOREIGN_FILES))
def test_a_file_that_is_no_calendar_is_refused_without_repeating_it(
    pmsm, tmp_path: Path, write: Write, name: str
) -> None:
    write(".pmsm.yaml", f"change_calendar: {{ics: secrets/{name}}}\n")
    secret = write_secret(tmp_path / "secrets" / name, FOREIGN_FILES[name])
    assert_refused_quietly(pmsm("check", write("pmsm.yaml", PLAN_TEXT), "--no-cache"), secret)


def test_the_ics_file_must_be_inside_the_repository(pmsm, tmp_path: Path, write: Write) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    secret = write_secret(tmp_path / "outside" / "token.ics", "BEGIN:VCALENDAR\n")
    dotfile = write("repo/.pmsm.yaml", "change_calendar:\n  ics: ../outside/token.ics\n")
    plan = write("repo/pmsm.yaml", PLAN_TEXT)
    stderr = assert_refused_quietly(pmsm("check", plan, "--no-cache"), dotfile)
    assert stderr.startswith(
        f"{dotfile}:2:8: error: 'ics' names '../outside/token.ics', which is outside the repository"
    )
    assert str(secret) not in stderr


@pytest.mark.parametrize(
    ("config", "where", "message"),
    [
        (
            "change_calendar:\n  freezes:\n    - {start: 2026-12-20, finish: 2026-12-14, reason: x}\n",
            "3:35",
            "this freeze finishes before it starts",
        ),
        (
            "change_calendar:\n  freezes:\n    - {start: 2026-12-20, finish: 2026-12-24}\n",
            "3:7",
            "reason",
        ),
        ("change_calendar:\n  freezs: []\n", "2:3", "did you mean 'freezes'?"),
        (
            "change_calendar:\n  maintenance_windows:\n    - {environment: production, weekdays: [saturday]}\n",
            "3:44",
            "should be one of",
        ),
        (
            "change_calendar:\n  cab: {meets: [tue], lead_time_days: -1}\n",
            "2:39",
            "should be at least 0",
        ),
        (
            "change_calendar: {ics: nowhere.ics}\n",
            "1:24",
            "'ics' names 'nowhere.ics', which does not exist",
        ),
    ],
    ids=[
        "finish-before-start",
        "no-reason",
        "misspelt-key",
        "bad-weekday",
        "negative-lead",
        "no-file",
    ],
)
def test_a_bad_change_calendar_in_the_configuration(
    pmsm, tmp_path: Path, write: Write, config: str, where: str, message: str
) -> None:
    dotfile = write(".pmsm.yaml", config)
    result = pmsm("check", write("pmsm.yaml", PLAN_TEXT), "--no-cache")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"{dotfile}:{where}: error: "), result.stderr
    assert message in result.stderr and "Traceback" not in result.output


def test_read_ics_says_which_file(tmp_path: Path, write: Write) -> None:
    path = write("x.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    assert read_ics(path) == ()  # an empty calendar is a calendar
    with pytest.raises(PmsmError) as caught:
        read_ics(write("y.ics", "BEGIN:VCALENDAR\nBEGIN:VEVENT\n"))
    assert caught.value.problems[0].path == tmp_path / "y.ics"
