"""iCalendar, read back by the ``icalendar`` library."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any

import pytest

from pmsm_cli.export import ics
from pmsm_cli.export.outline import ExportError
from pmsm_cli.plan.load import parse_plan

if TYPE_CHECKING:
    from tests.export.conftest import Case

icalendar = pytest.importorskip(
    "icalendar", reason="icalendar is not installed (pip install icalendar)"
)

STAMP = datetime(2026, 2, 1, 9, 30, tzinfo=timezone.utc)


def _calendar(case: Case, stamp: datetime = STAMP) -> tuple[bytes, Any]:
    data = ics.export(case.scheduled, case.plan, case.catalog, stamp=stamp)
    return data, icalendar.Calendar.from_ical(data)


def _events(calendar: Any) -> dict[str, tuple[date, date, str, list[str]]]:
    found = {}
    for event in calendar.walk("VEVENT"):
        categories = event.get("CATEGORIES")
        names = [str(c) for c in categories.cats] if categories else []
        found[str(event["UID"])] = (
            event.decoded("DTSTART"),
            event.decoded("DTEND"),
            str(event["SUMMARY"]),
            names,
        )
    return found


def test_small_plan_events(small):
    _, calendar = _calendar(small)
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "Booking service"
    project = "booking-service@pmsm"
    # All-day events end the day after their last day (RFC 5545 §3.6.1).
    assert _events(calendar) == {
        # the milestones (hand-worked dates in conftest.py)
        f"milestone-kickoff.{project}": (
            date(2026, 3, 2),
            date(2026, 3, 3),
            "Kick-off",
            ["Milestone"],
        ),
        f"milestone-go-live.{project}": (
            date(2026, 3, 13),
            date(2026, 3, 14),
            "Go-live",
            ["Milestone"],
        ),
        f"milestone-project-closed.{project}": (
            date(2026, 3, 20),
            date(2026, 3, 21),
            "Project closed",
            ["Milestone"],
        ),
        # the planned CAB (the cab-approval milestone, Thu 12 March) ...
        f"cab-cab-approval.{project}": (
            date(2026, 3, 12),
            date(2026, 3, 13),
            "CAB approves the production change",
            ["CAB", "Milestone"],
        ),
        # ... and the day it approved RFC-1
        f"rfc-rfc-1-approved.{project}": (
            date(2026, 3, 12),
            date(2026, 3, 13),
            "CAB approved RFC-1: Deploy the booking service to production",
            ["CAB"],
        ),
        # RFC-1's change window, Fri 13 to Sat 14 March
        f"rfc-rfc-1-window.{project}": (
            date(2026, 3, 13),
            date(2026, 3, 15),
            "Change window RFC-1: Deploy the booking service to production",
            ["Change window"],
        ),
        # early life support, Fri 13 to Thu 19 March
        f"els-early-life-support.{project}": (
            date(2026, 3, 13),
            date(2026, 3, 20),
            "Provide early life support",
            ["Early life support"],
        ),
    }


def test_events_are_all_day_stamped_and_in_date_order(small):
    _, calendar = _calendar(small)
    events = calendar.walk("VEVENT")
    starts = [e.decoded("DTSTART") for e in events]
    assert starts == sorted(starts)
    for event in events:
        assert type(event.decoded("DTSTART")) is date  # a date, not a date-time
        assert event.decoded("DTSTAMP") == STAMP
    statuses = {str(e["UID"]).split(".")[0]: str(e.get("STATUS", "")) for e in events}
    assert statuses["rfc-rfc-1-window"] == "CONFIRMED"  # RFC-1 is approved


def test_uids_are_stable_between_exports(small):
    _, first = _calendar(small)
    _, later = _calendar(small, datetime(2026, 3, 1, tzinfo=timezone.utc))
    assert list(_events(first)) == list(_events(later))


def test_realistic_plan(realistic):
    data, calendar = _calendar(realistic)
    events = _events(calendar)
    tasks = realistic.scheduled.schedule.tasks
    milestones = {i for i, t in tasks.items() if t.duration == 0}
    assert {
        uid.split(".")[0].split("-", 1)[1] for uid in events if uid.startswith("milestone-")
    } == (milestones - {"cab-approval"})
    els = tasks["early-life-support"]
    start, end, _, _ = events["els-early-life-support.customer-portal@pmsm"]
    assert (start, end) == (els.early_start, date.fromordinal(els.early_finish.toordinal() + 1))
    # RFC-2026-118 is only submitted: its window is tentative, and no CAB
    # approval day is known yet.
    window = next(e for e in calendar.walk("VEVENT") if "window" in str(e["UID"]))
    assert (window.decoded("DTSTART"), window.decoded("DTEND")) == (
        date(2027, 2, 20),
        date(2027, 2, 22),
    )
    assert str(window["STATUS"]) == "TENTATIVE"
    assert not any(uid.startswith("rfc-") and "-approved." in uid for uid in events)
    # Content lines are folded at 75 octets and end with CRLF.
    lines = data.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_text_survives_escaping_and_folding(write):
    path = write(
        "odd.pmsm.yaml",
        """\
project: {name: "Pörtal; phase 2, \\"beta\\"", kind: improvement, start: 2026-01-05}
activities:
  - id: m
    name: "Ünïcödé milestone; with, commas \\\\ and a very long name that needs folding 日本語日本語日本語"
    milestone: true
""",
    )
    from pmsm_cli.catalogs.load import load_catalog
    from pmsm_cli.plan.resolve import schedule_plan

    plan = parse_plan(path.read_text(), path).plan
    catalog = load_catalog([])
    data = ics.export(schedule_plan(plan, catalog, suggest=False), plan, catalog, stamp=STAMP)
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == plan.activities[0].name
    # icalendar hands X- properties over as written: escaped as TEXT (§3.3.11).
    assert str(calendar["X-WR-CALNAME"]) == 'Pörtal\\; phase 2\\, "beta"'
    assert str(event["UID"]) == "milestone-m.p-rtal-phase-2-beta@pmsm"
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    data.decode("utf-8")  # folding never splits a UTF-8 character


def test_a_window_that_ends_before_it_starts_is_refused(write, small):
    path = write(
        "bad.pmsm.yaml",
        """\
project: {name: P, kind: improvement, start: 2026-01-05}
change_requests:
  - {id: RFC-9, kind: service, title: T, window_start: 2026-02-10, window_end: 2026-02-09}
""",
    )
    from pmsm_cli.catalogs.load import load_catalog
    from pmsm_cli.plan.resolve import schedule_plan

    plan = parse_plan(path.read_text(), path).plan
    catalog = load_catalog([])
    with pytest.raises(ExportError) as caught:
        ics.export(schedule_plan(plan, catalog, suggest=False), plan, catalog)
    assert caught.value.loc == ("change_requests", 0, "window_end")
    assert "ends on 2026-02-09 before it starts on 2026-02-10" in str(caught.value)


def test_the_stamp_follows_source_date_epoch(small: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    first = ics.export(small.scheduled, small.plan, small.catalog)
    assert first == ics.export(small.scheduled, small.plan, small.catalog)
    stamps = {e.decoded("DTSTAMP") for e in icalendar.Calendar.from_ical(first).walk("VEVENT")}
    assert stamps == {datetime(2026, 1, 1, tzinfo=timezone.utc)}
