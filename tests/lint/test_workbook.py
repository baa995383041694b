"""Checking a workbook written by ``pmsm plan`` and edited in Excel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.lint.helpers import BASE, check_file
from tests.lint.workbooks import build_workbook

from pmsm_cli.workbook.layout import column_letter
from pmsm_cli.workbook.read import cell_name

if TYPE_CHECKING:
    from tests.conftest import Run

PLAN = BASE.read_text(encoding="utf-8")
# Activities sheet rows as the writer would put them (a few; order as in the plan).
ROWS = [
    {
        "id": "develop-charter-tco",
        "owner": "Anna Berg",
        "status": "done",
        "actual_start": dt.datetime(2026, 1, 5),
        "actual_finish": dt.datetime(2026, 1, 9),
    },
    {
        "id": "collect-requirements",
        "owner": "Anna Berg",
        "status": "in-progress",
        "actual_start": dt.datetime(2026, 1, 13),
        "percent_complete": 40,
    },
    {"id": "assess-risks", "owner": "Anna Berg", "status": "not-started"},
]


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 8, 26, 27, 52, 703)] == ["A", "H", "Z", "AA", "AZ", "AAA"]
    assert cell_name(5, 7) == "G5"


def test_an_unchanged_workbook_passes(tmp_path: Path) -> None:
    result = check_file(build_workbook(tmp_path / "plan.xlsx", PLAN, ROWS))
    assert result.findings == ()


def test_edits_in_the_sheet_are_checked_and_reported_at_their_cell(tmp_path: Path) -> None:
    rows = [dict(r) for r in ROWS]
    # The project manager started the risk assessment in Excel and cleared its owner.
    rows[2].update(status="In progress", owner=None)
    result = check_file(build_workbook(tmp_path / "plan.xlsx", PLAN, rows))
    found = sorted((f.code, f.sheet, f.cell, f.line, f.column) for f in result.findings)
    # Row 4 holds assess-risks (header row + 3rd row); Status is column H (8th).
    assert found == [
        ("SEQ003", "Activities", "H4", 4, 8),  # collect-requirements is not done yet
        ("SEQ006", "Activities", "H4", 4, 8),
    ]


def test_findings_about_what_only_the_plan_file_holds_point_at_the_source_sheet(
    tmp_path: Path,
) -> None:
    text = PLAN.replace("  - {role: service-desk, name: IT service desk}\n", "")
    result = check_file(build_workbook(tmp_path / "plan.xlsx", text, ROWS))
    (finding,) = result.findings
    # 'stakeholders:' is line 36 of the plan file, so row 36 of the hidden sheet.
    assert (finding.code, finding.sheet, finding.cell, finding.line) == (
        "STK002",
        "pmsm-source",
        "A36",
        36,
    )


def test_with_packed_lines_a_finding_names_the_cell_that_holds_its_line(tmp_path: Path) -> None:
    text = PLAN.replace("  - {role: service-desk, name: IT service desk}\n", "")
    path = build_workbook(tmp_path / "plan.xlsx", text, ROWS, lines_per_row=10)
    (finding,) = check_file(path).findings
    # Line 36 is in the fourth row of ten lines (31-40): A4; the line number stays 36.
    assert (finding.code, finding.cell, finding.line) == ("STK002", "A4", 36)
    broken = PLAN.replace("  start: 2026-01-05\n", "  start: soon\n", 1)
    path = build_workbook(tmp_path / "broken.xlsx", broken, ROWS, lines_per_row=10)
    (finding,) = check_file(path).findings
    # Line 9 (project.start) is in the first row (lines 1-10): A1.
    assert (finding.code, finding.cell, finding.line) == ("INP001", "A1", 9)


def test_rows_of_suggested_activities_are_skipped_and_unknown_rows_refused(tmp_path: Path) -> None:
    sparse = PLAN.replace("  - {id: assess-risks, owner: Anna Berg}\n", "")
    rows = [*ROWS]  # assess-risks is now a suggested catalog activity: its row is output only
    result = check_file(build_workbook(tmp_path / "a.xlsx", sparse, rows))
    assert [f.code for f in result.findings] == ["ACT001"]
    rows = [*ROWS, {"id": "build-portal", "owner": "Dev team"}]
    result = check_file(build_workbook(tmp_path / "b.xlsx", PLAN, rows))
    (finding,) = result.findings
    assert (finding.code, finding.cell) == ("INP001", "A5")
    assert "'build-portal' is not an activity of the plan file" in finding.message


@pytest.mark.parametrize(
    ("change", "cell", "message"),
    [
        ({"status": "finished"}, "H4", "'Status' should be one of not-started, in-progress,"),
        ({"actual_start": "next week"}, "P4", "'Actual start' should be a date"),
        (
            {"actual_start": dt.datetime(2026, 1, 14, 9, 30)},
            "P4",
            "'Actual start' should be a date without a time of day",
        ),
        (
            {"percent_complete": 140},
            "R4",
            "'% complete' should be a whole percentage from 0 to 100",
        ),
    ],
)
def test_a_cell_that_cannot_be_read_is_named(
    tmp_path: Path, change: dict[str, object], cell: str, message: str
) -> None:
    rows = [dict(r) for r in ROWS]
    rows[2].update(change)
    result = check_file(build_workbook(tmp_path / "plan.xlsx", PLAN, rows))
    assert result.unreadable
    (finding,) = result.findings
    assert (finding.code, finding.sheet, finding.cell) == ("INP001", "Activities", cell)
    assert finding.message.startswith(message)


def test_percent_and_text_dates_are_read(tmp_path: Path) -> None:
    rows = [dict(r) for r in ROWS]
    rows[1].update(percent_complete="55%", actual_start="2026-01-13")
    assert check_file(build_workbook(tmp_path / "plan.xlsx", PLAN, rows)).findings == ()


def test_a_moved_column_or_a_missing_sheet_is_refused(tmp_path: Path) -> None:
    from pmsm_cli.workbook.layout import ACTIVITY_COLUMNS

    headers = [h for _k, h in ACTIVITY_COLUMNS]
    headers[7] = "State"
    result = check_file(build_workbook(tmp_path / "a.xlsx", PLAN, ROWS, headers=headers))
    (finding,) = result.findings
    assert finding.cell == "H1"
    assert "expected the column header 'Status', found 'State'" in finding.message
    result = check_file(build_workbook(tmp_path / "b.xlsx", PLAN, ROWS, source=False))
    (finding,) = result.findings
    assert "has no 'pmsm-source' sheet" in finding.message
    (tmp_path / "c.xlsx").write_bytes(b"not a zip")
    (finding,) = check_file(tmp_path / "c.xlsx").findings
    assert "not an Excel workbook" in finding.message


def test_a_yaml_error_in_the_source_sheet_points_at_its_row(tmp_path: Path) -> None:
    broken = PLAN.replace("  start: 2026-01-05\n", "  start: soon\n", 1)
    (finding,) = check_file(build_workbook(tmp_path / "plan.xlsx", broken, ROWS)).findings
    # project.start is line 9 of the plan file
    assert (finding.code, finding.sheet, finding.cell, finding.line) == (
        "INP001",
        "pmsm-source",
        "A9",
        9,
    )


def test_the_cli_reads_workbooks(pmsm: Run, tmp_path: Path) -> None:
    rows = [dict(r) for r in ROWS]
    rows[2].update(status="done")
    path = build_workbook(tmp_path / "plan.xlsx", PLAN, rows)
    result = pmsm("check", path, "--format", "concise", "--select", "SEQ003")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == (
        f"{path}:4:8: SEQ003 [error] Activities!H4: 'assess-risks' has started, but "
        "'collect-requirements', which it depends on, has not finished (status: in-progress)"
    )


def test_fix_leaves_a_workbook_alone_and_says_so(pmsm: Run, tmp_path: Path) -> None:
    sparse = PLAN.replace("  - {id: assess-risks, owner: Anna Berg}\n", "")
    path = build_workbook(tmp_path / "plan.xlsx", sparse, ROWS)
    before = path.read_bytes()
    result = pmsm("check", path, "--fix")
    assert result.exit_code == 1
    assert "a workbook is not changed by --fix" in result.stderr
    assert path.read_bytes() == before


def test_an_unreadable_cell_on_the_command_line(pmsm: Run, tmp_path: Path) -> None:
    rows = [dict(r) for r in ROWS]
    rows[2].update(status="finished")
    path = build_workbook(tmp_path / "plan.xlsx", PLAN, rows)
    result = pmsm("check", path, "--format", "concise")
    assert result.exit_code == 2
    assert result.stdout.splitlines()[0] == (
        f"{path}:4:8: INP001 [error] Activities!H4: 'Status' should be one of not-started, "
        "in-progress, done, blocked, cancelled, not-applicable, but it is 'finished'"
    )


def test_a_suggested_row_is_not_a_plan_activity_but_its_cells_must_be_readable(
    tmp_path: Path,
) -> None:
    sparse = PLAN.replace("  - {id: assess-risks, owner: Anna Berg}\n", "")
    rows = [dict(r) for r in ROWS]  # row 4, assess-risks, is now a suggested catalog activity
    rows[2].update(status="finished")  # the reader is shared with pmsm sync, which reads it
    (finding,) = check_file(build_workbook(tmp_path / "plan.xlsx", sparse, rows)).findings
    assert (finding.code, finding.cell) == ("INP001", "H4")
