"""The workbook on paper: landscape, one page wide, header rows on every page.

Read back with openpyxl (the settings) and printed by LibreOffice to PDF (the
pages). Before: LibreOffice printed the Quick start workbook on 23 pages, page 1
holding all 18 Activities columns at a scale no one could read.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from openpyxl import load_workbook
from tests.fuzz.helpers import run

from pmsm_cli.render import render
from pmsm_cli.render.excel import wrapped_lines
from pmsm_cli.workbook import layout

if TYPE_CHECKING:
    from tests.conftest import ViewOf

TABLES = ("Requirements", "Risks", "Stakeholders", "Change requests")


def _workbook(plan_view: ViewOf, plan: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    data = render(plan_view(plan), "xlsx")
    assert isinstance(data, bytes)
    path.write_bytes(data)
    return path


def test_every_sheet_prints_landscape_one_page_wide(
    plan_view: ViewOf, payroll_plan: Path, tmp_path: Path
) -> None:
    wb = load_workbook(_workbook(plan_view, payroll_plan, tmp_path))
    for name in (layout.ACTIVITIES_SHEET, layout.GANTT_SHEET, layout.SUMMARY_SHEET, *TABLES):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape", name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (ws.page_margins.left, ws.page_margins.right) == (0.25, 0.25), name
        assert ws.oddFooter.left.text == "&A" and ws.oddFooter.right.text == "Page &P of &N"
        # The header row on every page; the summary's several tables have headers of their own.
        assert ws.print_title_rows == (None if name == layout.SUMMARY_SHEET else "$1:$1"), name


def test_the_activity_columns_fit_a_page_at_a_readable_scale(
    plan_view: ViewOf, payroll_plan: Path, tmp_path: Path
) -> None:
    ws = load_workbook(_workbook(plan_view, payroll_plan, tmp_path))[layout.ACTIVITIES_SHEET]
    widths = column_widths(ws)[:18]
    # A4 landscape less 2 x 0.25 inch is 11.19 inch, 1,074 pixels at 96 per inch; a column of
    # width w takes 7w + 5 pixels. At 60 % or more: 18 x 5 + 7 x sum <= 1,074 / 0.6 = 1,790,
    # so the widths add up to 242 characters at most (before this issue: about 406).
    assert sum(widths) <= 242
    titles = [t for _, t in layout.ACTIVITY_COLUMNS]
    by_title = dict(zip(titles, widths, strict=True))
    assert by_title["Activity"] == 32 and by_title["ID"] == 18  # the longest, capped
    # A header wraps at its spaces: "Duration (days)" no longer widens a column of numbers.
    assert by_title["Duration (days)"] == len("Duration") + 2


def test_rows_are_as_tall_as_their_wrapped_text(
    plan_view: ViewOf, payroll_plan: Path, tmp_path: Path
) -> None:
    ws = load_workbook(_workbook(plan_view, payroll_plan, tmp_path))[layout.ACTIVITIES_SHEET]
    heights = {row[0].value: ws.row_dimensions[row[0].row].height for row in ws.iter_rows()}
    # "Lifecycle phase" in a column of 12 (11 for bold): "Lifecycle" and "phase", 2 lines.
    assert heights["ID"] == 30
    # "develop-charter-" and "tco" in the ID column (18): 2 lines of 15 points.
    assert heights["develop-charter-tco"] == 30
    # Depends on (18): "develop-charter-", "tco, identify-", "stakeholders": 3 lines.
    assert heights["charter-approved"] == 45
    assert ws["A1"].alignment.wrap_text and ws["B2"].alignment.vertical == "top"


def column_widths(ws: Any) -> list[float]:
    """Each column's width; openpyxl keys neighbouring columns of one width by the first."""
    widths: dict[int, float] = {}
    for dimension in ws.column_dimensions.values():
        for column in range(dimension.min, dimension.max + 1):
            widths[column] = dimension.width
    return [widths[c] for c in sorted(widths)]


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("abc def", 7, 1),
        ("abc def", 6, 2),
        # "Develop the project charter with" is 32 characters; "total cost of ownership" next.
        ("Develop the project charter with total cost of ownership", 32, 2),
        # Broken after hyphens: "collect-service-" (16), "level-", "requirements" (18 > 16).
        ("collect-service-level-requirements", 16, 3),
        ("x" * 40, 16, 3),  # one word, cut: 16 + 16 + 8
        ("a\nb", 10, 2),
    ],
)
def test_wrapped_lines(text: str, width: int, lines: int) -> None:
    assert wrapped_lines(text, width) == lines


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_prints_the_quick_start_workbook_readably(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    made = run("init", demo, "--kind", "new-service", "--name", "Demo service", "--defaults",
               "--start", "2026-12-01")  # fmt: skip
    assert made.exit_code == 0, made.output
    assert run("plan", demo / "pmsm.yaml", "-o", demo / "plan.xlsx").exit_code == 0
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(demo / "plan.xlsx")],
        capture_output=True, timeout=300, check=True,
    )  # fmt: skip
    pdf = tmp_path / "plan.pdf"
    pages = len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf.read_bytes()))
    # Seven printed sheets; the 107 activities take six or seven pages, the Gantt three, the
    # summary two: 16 when looked at on A4 for this test (before: 23, most of them columns
    # cut apart). The paper is the printer's (A4 or Letter), hence some room.
    assert 7 <= pages <= 18
    if shutil.which("pdftotext") is None:
        return  # poppler-utils: the text of page 1 below
    first = subprocess.run(
        ["pdftotext", "-layout", "-f", "1", "-l", "1", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    # Every column's header on page 1, the header row again on page 2, and the footer.
    # ("% complete" wraps after its "%".)
    for title in ("ID", "Activity", "ITIL process", "Status", "Depends on", "complete"):
        assert title in first, title
    assert re.search(r"Activities\s+Page 1 of \d+", first)
    second = subprocess.run(
        ["pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "ITIL process" in second and "complete" in second
