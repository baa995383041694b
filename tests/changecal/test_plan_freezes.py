"""``pmsm plan`` with a change calendar: freezes on the Gantt charts, and --respect-freezes.

Dates worked out by hand. build runs Monday 2026-12-07 to Friday 2026-12-11; the go-live
follows on Monday 2026-12-14, the first day of the year-end freeze (to Friday 2027-01-08);
hypercare takes the ten working days from the go-live, 2026-12-14 to 2026-12-25.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import load_workbook

from pmsm_cli.workbook import layout

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]

PLAN = """\
project: {name: Payroll portal, kind: new-service, start: 2026-11-02}
activities:
  - {id: build, duration: 5, start: 2026-12-07}
  - {id: go-live, depends_on: [build]}
  - {id: hypercare, duration: 10, depends_on: [go-live]}
"""
CONFIG = """\
change_calendar:
  freezes:
    - {name: Year-end, start: 2026-12-14, finish: 2027-01-08,
       reason: closing the books, environments: [production]}
    - {name: Summer, start: 2026-07-01, finish: 2026-07-31, reason: holidays}
"""


def plan_with_calendar(write: Write) -> Path:
    write(".pmsm.yaml", CONFIG)
    return write("pmsm.yaml", PLAN)


def dates(pmsm: Run, plan: Path, *flags: str) -> dict[str, tuple[str, str]]:
    result = pmsm("plan", plan, "--no-suggest", "--format", "json", *flags)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["activities"]
    return {row["id"]: (row["start"], row["finish"]) for row in rows}


def test_the_mermaid_chart_shows_the_freezes_of_the_plans_dates(pmsm: Run, write: Write) -> None:
    result = pmsm("plan", plan_with_calendar(write), "--no-suggest", "--format", "mermaid")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # Mermaid's end date is exclusive: the freeze's last day is 2027-01-08. The summer
    # freeze lies before the plan and is left out; ':' is escaped as Mermaid's '#58;'.
    start = lines.index("    section Change freezes")
    assert lines[start + 1 : start + 3] == [
        "    Freeze#58; Year-end (production) :2026-12-14, 2027-01-09",
        "    section Executing",
    ]
    assert "Summer" not in result.stdout


def test_the_html_chart_draws_the_freeze_as_a_band(pmsm: Run, write: Write, tmp_path: Path) -> None:
    out = tmp_path / "plan.html"
    result = pmsm("plan", plan_with_calendar(write), "--no-suggest", "-o", out)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count('<rect class="freeze"') == 1
    assert (
        "<title>Change freeze Year-end: 2026-12-14 to 2027-01-08, production: closing the books"
        "</title>" in page
    )
    assert (
        "<li><strong>Year-end</strong> 2026-12-14 to 2027-01-08 (production): closing the books</li>"
        in page
    )


def test_the_workbook_shows_the_freeze_on_the_gantt_sheet(
    pmsm: Run, write: Write, tmp_path: Path
) -> None:
    out = tmp_path / "plan.xlsx"
    result = pmsm("plan", plan_with_calendar(write), "--no-suggest", "-o", out)
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)[layout.GANTT_SHEET]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    # Three activities, an empty row, then the freeze: 26 days, 14 in December and 8 in January.
    assert [r[0] for r in rows[:3]] == ["build", "go-live", "hypercare"]
    assert all(v is None for v in rows[3])
    assert rows[4][:5] == (
        "freeze",
        "Change freeze: Year-end (production): closing the books",
        dt.datetime(2026, 12, 14),
        dt.datetime(2027, 1, 8),
        26,
    )
    # Weeks from Monday 2026-11-02 to the week of 2026-12-21: eight columns, G to N.
    rules = {(str(r.sqref), rule.formula[0]) for r in ws.conditional_formatting for rule in r.rules}
    assert rules == {
        ("G2:N4", "AND(AND($C2<=G$1+6,$D2>=G$1),$F2=TRUE)"),
        ("G2:N4", "AND($C2<=G$1+6,$D2>=G$1)"),
        ("G2:N4", "OR(AND(G$1<=DATE(2027,1,8),G$1+6>=DATE(2026,12,14)))"),
        ("G6:N6", "AND($C6<=G$1+6,$D6>=G$1)"),
    }


def test_respect_freezes_moves_the_go_live_after_the_freeze(pmsm: Run, write: Write) -> None:
    plan = plan_with_calendar(write)
    assert dates(pmsm, plan) == {
        "build": ("2026-12-07", "2026-12-11"),
        "go-live": ("2026-12-14", "2026-12-14"),
        "hypercare": ("2026-12-14", "2026-12-25"),
    }
    # The freeze ends on Friday 2027-01-08; the next working day is Monday 2027-01-11.
    # Hypercare follows the go-live: 2027-01-11 to 2027-01-22. build is not the change.
    assert dates(pmsm, plan, "--respect-freezes") == {
        "build": ("2026-12-07", "2026-12-11"),
        "go-live": ("2027-01-11", "2027-01-11"),
        "hypercare": ("2027-01-11", "2027-01-22"),
    }
    result = pmsm("plan", plan, "--no-suggest", "--respect-freezes", "--format", "csv")
    assert result.stderr == (
        f"{plan}:4:5: warning: --respect-freezes moved 'go-live' from 2026-12-14 to 2027-01-11, "
        "out of the freeze 'Year-end' (2026-12-14 to 2027-01-08, production): closing the "
        "books; write 'start: 2027-01-11' into the plan to keep it there\n"
    )


def test_respect_freezes_moves_rfc_work_and_what_follows_it(pmsm: Run, write: Write) -> None:
    write(".pmsm.yaml", CONFIG)
    # RFC-1 authorises install (staging is not frozen, so it stays); RFC-2 authorises
    # migrate in production: fixed to Friday 2026-12-11 for three working days, it runs
    # into the freeze on Monday 12-14 and moves to 2027-01-11 to 01-13, and the go-live
    # after it to Thursday 2027-01-14.
    plan = write(
        "pmsm.yaml",
        "project: {name: Payroll portal, kind: new-service, start: 2026-11-02}\n"
        "activities:\n"
        "  - {id: install, duration: 2, start: 2026-12-15}\n"
        "  - {id: migrate, duration: 3, start: 2026-12-11}\n"
        "  - {id: go-live, depends_on: [migrate]}\n"
        "change_requests:\n"
        "  - {id: RFC-1, kind: service, title: Install, activity: install, environment: staging}\n"
        "  - {id: RFC-2, kind: service, title: Migrate, activity: migrate, environment: production}\n",
    )
    assert dates(pmsm, plan, "--respect-freezes") == {
        "install": ("2026-12-15", "2026-12-16"),
        "migrate": ("2027-01-11", "2027-01-13"),
        "go-live": ("2027-01-14", "2027-01-14"),
    }


def test_respect_freezes_needs_a_calendar(pmsm: Run, write: Write) -> None:
    plan = write("pmsm.yaml", PLAN)
    result = pmsm("plan", plan, "--respect-freezes")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{plan}: error: --respect-freezes needs a change calendar")


def test_plan_does_not_write_over_the_calendar(pmsm: Run, write: Write) -> None:
    write(".pmsm.yaml", "change_calendar: {ics: changes.ics}\n")
    ics = write("changes.ics", "BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    result = pmsm("plan", write("pmsm.yaml", PLAN), "--format", "md", "-o", ics)
    assert (
        result.exit_code == 2
        and ics.read_text(encoding="utf-8") == "BEGIN:VCALENDAR\nEND:VCALENDAR\n"
    )
