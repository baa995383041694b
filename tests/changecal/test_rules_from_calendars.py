"""The change calendar's findings, from the configuration and from an .ics file alike.

The issue's test: a plan whose go-live falls inside a configured freeze gets a
finding that says "freeze", names the freeze and its reason; the same from
the change manager's iCalendar file. Dates below are worked out by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.lint.helpers import TODAY

from pmsm_cli.lint import cache
from pmsm_cli.lint.api import Request, check

Write = Callable[[str, str], Path]

# build runs Monday 2026-12-07 to Friday 2026-12-11; go-live, a milestone, follows on
# Monday 2026-12-14, the first day of the year-end freeze.
PLAN = """\
project: {name: Payroll portal, kind: new-service, start: 2026-03-02}
activities:
  - {id: build, duration: 5, start: 2026-12-07}
  - {id: go-live, depends_on: [build]}
"""

CONFIG = """\
change_calendar:
  freezes:
    - {name: Year-end, start: 2026-12-14, finish: 2027-01-08,
       reason: closing the books, environments: [production]}
"""

# The same freeze as the change manager publishes it: an all-day event ends the day
# before its DTEND, so 20270109 makes 2027-01-08 its last day.
ICS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example bank//Change calendar//EN
BEGIN:VEVENT
UID:year-end-2026@example.org
DTSTAMP:20260101T000000Z
SUMMARY:Freeze: Year-end
DESCRIPTION:closing the books
CATEGORIES:production
DTSTART;VALUE=DATE:20261214
DTEND;VALUE=DATE:20270109
END:VEVENT
BEGIN:VEVENT
UID:party@example.org
DTSTAMP:20260101T000000Z
SUMMARY:Christmas party
DTSTART:20261218T180000
END:VEVENT
END:VCALENDAR
"""

EXPECTED = (
    "pmsm.yaml:4:5: CAL004 the go-live 'go-live' is scheduled 2026-12-14, inside the freeze "
    "'Year-end' (2026-12-14 to 2027-01-08, production): closing the books; plan it before or "
    "after the freeze (pmsm plan --respect-freezes shows where it would move)"
)


def findings(path: Path, *select: str) -> list[str]:
    report = check(Request(paths=[path], select=list(select) or ["CAL"], today=TODAY))
    return [
        f"{Path(f.path).name}:{f.line}:{f.column}: {f.code} {f.message}"
        for r in report.results
        for f in r.findings
    ]


def test_a_go_live_in_a_configured_freeze(tmp_path: Path, write: Write) -> None:
    write(".pmsm.yaml", CONFIG)
    assert findings(write("pmsm.yaml", PLAN)) == [EXPECTED]


def test_the_same_go_live_in_a_freeze_of_the_ics_calendar(tmp_path: Path, write: Write) -> None:
    write(".pmsm.yaml", "change_calendar: {ics: calendars/changes.ics}\n")
    write("calendars/changes.ics", ICS.replace("\n", "\r\n"))  # as calendar programs write it
    assert findings(write("pmsm.yaml", PLAN)) == [EXPECTED]


def test_the_same_from_pyproject(tmp_path: Path, write: Write) -> None:
    write(
        "pyproject.toml",
        "[tool.pmsm.change_calendar]\n"
        "freezes = [{name = 'Year-end', start = 2026-12-14, finish = 2027-01-08, "
        "reason = 'closing the books', environments = ['production']}]\n",
    )
    assert findings(write("pmsm.yaml", PLAN)) == [EXPECTED]


def test_without_a_calendar_the_rules_find_nothing(tmp_path: Path, write: Write) -> None:
    write(".pmsm.yaml", "select: [ALL]\n")
    assert findings(write("pmsm.yaml", PLAN)) == []


def test_a_freeze_of_another_environment_does_not_stop_the_go_live(
    tmp_path: Path, write: Write
) -> None:
    write(".pmsm.yaml", CONFIG.replace("[production]", "[staging]"))
    assert findings(write("pmsm.yaml", PLAN)) == []
    # ... unless the RFC that authorises the go-live deploys to that environment.
    rfc = (
        "change_requests:\n"
        "  - {id: RFC-1, kind: service, title: Deploy, environment: Staging, status: approved}\n"
    )
    (message,) = findings(write("pmsm.yaml", PLAN + rfc))
    assert "inside the freeze 'Year-end' (2026-12-14 to 2027-01-08, staging)" in message


def test_a_finished_go_live_is_history(tmp_path: Path, write: Write) -> None:
    write(".pmsm.yaml", CONFIG)
    done = PLAN.replace("depends_on: [build]}", "depends_on: [build], status: done}")
    assert findings(write("pmsm.yaml", done)) == []


def test_a_later_configuration_replaces_the_calendar_it_extends(
    tmp_path: Path, write: Write
) -> None:
    (tmp_path / ".git").mkdir()
    write("org.yaml", CONFIG)
    write("team/.pmsm.yaml", "extends: ../org.yaml\n")
    plan = write("team/pmsm.yaml", PLAN)
    assert len(findings(plan)) == 1
    write("team/.pmsm.yaml", "extends: ../org.yaml\nchange_calendar: {freezes: []}\n")
    assert findings(plan) == []


def test_maintenance_windows_and_cab_meetings_from_the_ics(tmp_path: Path, write: Write) -> None:
    # Production may be changed on the weekend, Saturday 06:00 to Sunday 18:00 (Europe/Berlin),
    # every week; the weekend of 2026-03-21 is cancelled. The CAB meets on Tuesdays; the lead
    # time comes from the configuration, as an .ics cannot say it.
    ics = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example bank//Change calendar//EN
BEGIN:VEVENT
UID:weekend@example.org
SUMMARY:Weekend window
CATEGORIES:maintenance window,production
DTSTART;TZID=Europe/Berlin:20260307T060000
DTEND;TZID=Europe/Berlin:20260308T180000
RRULE:FREQ=WEEKLY;UNTIL=20261231T230000Z
EXDATE;TZID=Europe/Berlin:20260321T060000
END:VEVENT
BEGIN:VEVENT
UID:cab@example.org
SUMMARY:CAB: weekly
DTSTART;TZID=Europe/Berlin:20260303T100000
DURATION:PT2H
RRULE:FREQ=WEEKLY;BYDAY=TU
END:VEVENT
END:VCALENDAR
"""
    write("changes.ics", ics)
    write(".pmsm.yaml", "change_calendar: {ics: changes.ics, cab: {lead_time_days: 5}}\n")
    plan = write(
        "pmsm.yaml",
        PLAN + "change_requests:\n"
        "  - {id: RFC-1, kind: service, title: Deploy, window_start: 2026-03-21}\n"
        "  - {id: RFC-2, kind: service, title: Deploy, window_start: 2026-03-28}\n"
        "  - {id: RFC-3, kind: service, title: Deploy, window_start: 2026-03-10}\n",
    )
    # RFC-1: the weekend of 03-21 is cancelled (the EXDATE takes out the whole occurrence,
    # Saturday and Sunday), so Saturday 03-21 is outside. The windows listed are those from
    # 03-21 to three weeks on (04-11): 03-28, 03-29, 04-04, 04-05 and 04-11. RFC-2 fits.
    # RFC-3 (Tuesday 03-10) is outside; the windows to 03-31 are 03-14, 03-15, 03-28 and
    # 03-29. Its draft, submitted on 2026-03-02 with five days' lead, reaches the CAB on
    # Tuesday 03-10 at the earliest: the day of its window, too late. RFCs without an
    # environment change production. "  - {" 5 + "id: RFC-1, " 11 + "kind: service, " 15 +
    # "title: Deploy, " 15 + "window_start: " 14 = 60: the dates are at column 61.
    assert findings(plan, "CAL002", "CAL003") == [
        "pmsm.yaml:6:61: CAL002 RFC 'RFC-1' changes production on 2026-03-21, outside the "
        "maintenance windows of production ('Weekend window' on 2026-03-28, 2026-03-29, "
        "2026-04-04, 2026-04-05 and 1 more day): its change window is 2026-03-21; move its "
        "window into one",
        "pmsm.yaml:8:61: CAL002 RFC 'RFC-3' changes production on 2026-03-10, outside the "
        "maintenance windows of production ('Weekend window' on 2026-03-14, 2026-03-15, "
        "2026-03-28, 2026-03-29): its change window is 2026-03-10; move its window into one",
        "pmsm.yaml:8:61: CAL003 RFC 'RFC-3' cannot be approved by the CAB before its work "
        "starts on 2026-03-10 (its change window is 2026-03-10): submitted today (2026-03-02) "
        "with the CAB's lead time of 5 days, the first CAB meeting it can reach is on "
        "2026-03-10; submit it earlier or plan the work after that meeting",
    ]


def test_editing_the_ics_file_makes_the_cache_check_again(
    tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "ENABLED", True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("PMSM_NO_CACHE", raising=False)
    write(".pmsm.yaml", "change_calendar: {ics: changes.ics}\n")
    write("changes.ics", ICS)
    plan = write("pmsm.yaml", PLAN)
    assert findings(plan) == [EXPECTED]
    assert findings(plan) == [EXPECTED]  # from the cache
    write("changes.ics", ICS.replace("20261214", "20261215"))
    assert findings(plan) == []


def test_worker_processes_get_the_calendar_too(tmp_path: Path, write: Write) -> None:
    # The calendar travels to the workers in the settings: a parallel run reports the same.
    write(".pmsm.yaml", "change_calendar: {ics: changes.ics}\n")
    write("changes.ics", ICS)
    plans = [write(f"p{n}/pmsm.yaml", PLAN) for n in range(3)]
    report = check(
        Request(paths=plans, select=["CAL"], today=TODAY, jobs=2, min_parallel=1, cache=False)
    )
    assert [f.message for r in report.results for f in r.findings] == [
        EXPECTED.split(": CAL004 ", 1)[1]
    ] * 3


def test_standard_and_emergency_rfcs_need_no_cab_lead_time(tmp_path: Path, write: Write) -> None:
    # The CAB meets on Tuesdays and wants 5 days. Today is Monday 2026-03-02, so a draft
    # submitted today reaches Tuesday 03-10 at the earliest; all three windows are on
    # Saturday 03-07. The normal RFC is late; a standard change is pre-authorised and an
    # emergency one goes to the emergency CAB, which meets when needed.
    write(".pmsm.yaml", "change_calendar: {cab: {meets: [tue], lead_time_days: 5}}\n")
    plan = write(
        "pmsm.yaml",
        PLAN + "change_requests:\n"
        "  - {id: RFC-1, kind: service, title: A, window_start: 2026-03-07}\n"
        "  - {id: RFC-2, kind: service, title: B, window_start: 2026-03-07, "
        "change_type: standard}\n"
        "  - {id: RFC-3, kind: service, title: C, window_start: 2026-03-07, "
        "change_type: emergency, approver: emergency-cab}\n",
    )
    assert [line.split(" RFC ")[1].split()[0] for line in findings(plan, "CAL003")] == ["'RFC-1'"]
