"""The workbook, read back with openpyxl and converted by LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook

from pmsm_cli.render import render
from pmsm_cli.workbook import layout

if TYPE_CHECKING:
    from tests.conftest import ViewOf, Write

    from pmsm_cli.plan.view import PlanView


def workbook(view: PlanView, tmp_path: Path) -> tuple[Path, Any]:  # cells read loosely
    data = render(view, "xlsx")
    assert isinstance(data, bytes)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(data)
    return path, load_workbook(path)


def test_sheets_and_activity_columns(plan_view: ViewOf, small_plan: Path, tmp_path: Path) -> None:
    _, wb = workbook(plan_view(small_plan, suggest=False), tmp_path)
    assert wb.sheetnames == [
        "Activities",
        "Gantt",
        "Summary",
        "Requirements",
        "Risks",
        "Stakeholders",
        "Change requests",
        "pmsm-source",
    ]
    assert wb["pmsm-source"].sheet_state == "hidden"
    ws = wb[layout.ACTIVITIES_SHEET]
    header = [c.value for c in ws[1]]
    assert header == [title for _, title in layout.ACTIVITY_COLUMNS]
    rows = {
        r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)
    }
    assert list(rows) == [
        "develop-charter-tco",
        "charter-approved",
        "slm-create-sla",
        "chg-submit-rfc",
        "build",
        "cab-approval",
        "go-live",
    ]
    build = rows["build"]
    # Real dates and numbers (openpyxl reads a date cell back as a datetime at midnight).
    assert build["Start"] == dt.datetime(2026, 3, 11) and build["Finish"] == dt.datetime(
        2026, 3, 18
    )
    assert build["Duration (days)"] == 5 and build["Float (days)"] == 1
    assert build["Critical"] is True and build["Suggested"] is False
    assert build["ITIL process"] == "Release and Deployment Management"
    assert build["R&D stage"] == "Build and test"
    assert build["Status"] == "in-progress"
    assert rows["chg-submit-rfc"]["Depends on"] == "charter-approved+2"
    assert (
        rows["chg-submit-rfc"]["Float (days)"] == 6 and rows["chg-submit-rfc"]["Critical"] is False
    )
    start_cell = ws.cell(row=6, column=header.index("Start") + 1)
    assert start_cell.is_date and start_cell.number_format == "yyyy-mm-dd"


def test_activities_sheet_is_ready_to_work_in(
    plan_view: ViewOf, small_plan: Path, tmp_path: Path
) -> None:
    _, wb = workbook(plan_view(small_plan, suggest=False), tmp_path)
    ws = wb[layout.ACTIVITIES_SHEET]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref == "A1:R8"  # 18 columns, header + 7 activities
    status = next(v for v in ws.data_validations.dataValidation if v.type == "list")
    assert str(status.sqref) == "H2:H8"
    assert status.formula1 == '"not-started,in-progress,done,blocked,cancelled,not-applicable"'
    assert ws.column_dimensions["B"].width > ws.column_dimensions["H"].width > 8
    rules = [(str(rng.sqref), r.formula) for rng in ws.conditional_formatting for r in rng.rules]
    assert ("A2:R8", ["$N2=TRUE"]) in rules  # critical rows highlighted


def test_text_from_the_plan_never_becomes_a_formula(
    plan_view: ViewOf, small_plan: Path, tmp_path: Path
) -> None:
    _, wb = workbook(plan_view(small_plan, suggest=False), tmp_path)
    risk = wb[layout.RISKS_SHEET]["B2"]
    assert risk.value == "=cmd|' /C calc'!A0" and risk.data_type == "s"
    assert wb[layout.RISKS_SHEET]["G2"].value == "-Sam"
    owner = wb[layout.ACTIVITIES_SHEET]["G4"]
    assert owner.value == '=HYPERLINK("http://example.com")' and owner.data_type == "s"
    formulas = [
        (ws.title, c.coordinate)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]
    assert formulas == []


def test_gantt_sheet_has_a_column_a_week(
    plan_view: ViewOf, small_plan: Path, tmp_path: Path
) -> None:
    _, wb = workbook(plan_view(small_plan, suggest=False), tmp_path)
    ws = wb[layout.GANTT_SHEET]
    header = [c.value for c in ws[1]]
    # Mon 2 March to Thu 19 March: weeks of 2, 9 and 16 March.
    assert header[:6] == ["ID", "Activity", "Start", "Finish", "Days", "Critical"]
    assert header[6:] == [
        dt.datetime(2026, 3, 2),
        dt.datetime(2026, 3, 9),
        dt.datetime(2026, 3, 16),
    ]
    rules = [(str(rng.sqref), r.formula) for rng in ws.conditional_formatting for r in rng.rules]
    assert rules == [
        ("G2:I8", ["AND(AND($C2<=G$1+6,$D2>=G$1),$F2=TRUE)"]),
        ("G2:I8", ["AND($C2<=G$1+6,$D2>=G$1)"]),
    ]
    assert ws.freeze_panes == "G2"


def test_other_sheets(plan_view: ViewOf, small_plan: Path, tmp_path: Path) -> None:
    _, wb = workbook(plan_view(small_plan, suggest=False), tmp_path)
    req = list(wb[layout.REQUIREMENTS_SHEET].iter_rows(min_row=2, values_only=True))
    assert req[2][:5] == ("Warranty", "Availability", "warranty-availability", True, None)
    assert req[2][5:] == ("-1 hour of downtime a month at most", "must", "agreed")
    stake = list(wb[layout.STAKEHOLDERS_SHEET].iter_rows(min_row=2, values_only=True))
    assert stake[0][:5] == ("Service Desk", "service-desk", "ITIL function", "@servicedesk", True)
    assert stake[2][4:6] == (False, "No CSI manager yet")
    (change,) = wb[layout.CHANGES_SHEET].iter_rows(min_row=2, values_only=True)
    assert change[:3] == ("RFC-1", "Request for change (RFC)", "Deploy the payroll portal")
    assert change[9] == dt.datetime(2026, 3, 19)
    summary = {r[0]: r[1] for r in wb[layout.SUMMARY_SHEET].iter_rows(values_only=True) if r}
    assert summary["Finish"] == dt.datetime(2026, 3, 19)
    assert summary["Total cost of ownership"] == 80_000
    assert summary["On the critical path"] == 5


def test_source_sheet_holds_the_plan_file(
    plan_view: ViewOf, small_plan: Path, tmp_path: Path
) -> None:
    _, wb = workbook(plan_view(small_plan, suggest=False), tmp_path)
    lines = [
        "".join(c or "" for c in row) for row in wb[layout.SOURCE_SHEET].iter_rows(values_only=True)
    ]
    assert "\n".join(lines) + "\n" == small_plan.read_text(encoding="utf-8")


def test_large_values_are_safe(plan_view: ViewOf, write: Write, tmp_path: Path) -> None:
    long_line = "# " + "x" * 40_000
    path = write(
        "pmsm.yaml",
        # A control character (a bell) no longer gets past the plan model (models/text.py);
        # test_sheetxml shows the writer would still replace one.
        f'{long_line}\nproject:\n  name: "Bell and #N/A"\n  kind: new-service\n'
        "  start: 2026-03-02\nactivities:\n  - {id: a, name: '#N/A', duration: 1}\n",
    )
    _, wb = workbook(plan_view(path, suggest=False), tmp_path)
    assert wb[layout.ACTIVITIES_SHEET]["B2"].value == "#N/A"  # text, not an error value
    assert wb[layout.ACTIVITIES_SHEET]["B2"].data_type == "s"
    assert wb[layout.SUMMARY_SHEET]["B2"].value == "Bell and #N/A"
    first = next(wb[layout.SOURCE_SHEET].iter_rows(max_row=1, values_only=True))
    assert [len(c) for c in first] == [32_767, 40_002 - 32_767]


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_reads_the_same_rows(
    plan_view: ViewOf, payroll_plan: Path, tmp_path: Path
) -> None:
    view = plan_view(payroll_plan)
    path, _ = workbook(view, tmp_path)
    out = tmp_path / "csv"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "csv",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        timeout=180,
        check=True,
    )
    # LibreOffice writes the first sheet, Activities, as it shows it.
    rows = list(csv.reader(io.StringIO((out / "plan.csv").read_text(encoding="utf-8"))))
    assert rows[0] == [title for _, title in layout.ACTIVITY_COLUMNS]
    assert len(rows) == view.counts.activities + 1
    expected = []
    for r in view.rows:
        expected.append(
            [
                r.id,
                r.name,
                r.start.isoformat(),
                r.finish.isoformat(),
                str(r.duration),
                str(r.float),
                "TRUE" if r.critical else "FALSE",
            ]
        )
    idx = [0, 1, 8, 9, 10, 12, 13]
    assert [[row[i] for i in idx] for row in rows[1:]] == expected


def test_source_sheet_packs_lines_and_reads_back(
    plan_view: ViewOf, write: Write, tmp_path: Path
) -> None:
    from pmsm_cli.workbook.read import read_source

    activities = "".join(
        f"  - id: a{n}\n    name: Activity number {n}\n    duration: 1\n"
        + (f"    depends_on: [a{n - 1}]\n" if n else "")
        for n in range(1_500)
    )
    text = (
        "# generated\nproject:\n  name: Packed\n  kind: new-service\n"
        f"  start: 2026-03-02\nactivities:\n{activities}"
    )
    path, wb = workbook(plan_view(write("pmsm.yaml", text), suggest=False), tmp_path)
    lines = text.count("\n")  # 6 + 1,500 * 4 - 1 (a0 has no depends_on) = 6,005
    assert lines == 6_005
    rows = list(wb[layout.SOURCE_SHEET].iter_rows(values_only=True))
    # An activity of n with d digits is (10 + d) + (27 + d) + 16 + (20 + d) = 73 + 3d
    # characters: 1,500 * 73 + 3 * (10 * 1 + 90 * 2 + 900 * 3 + 500 * 4) = 124,170, about
    # 3.8 cells of 32,767 characters, so 4 rows instead of 6,005.
    assert 124_000 < len(text) < 124_300
    assert len(rows) == 4 and all(len(r) == 1 and len(r[0]) <= 32_767 for r in rows)
    book, recorded = read_source(path)
    book.close()
    assert recorded == text
