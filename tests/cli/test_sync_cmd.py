"""``pmsm sync PLAN plan.xlsx`` from the command line: summary, --diff, --dry-run, refusals."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook
from tests.syncbooks import PLAN, copy_pair, edit, rows_by_id, write_plan_and_workbook

from pmsm_cli.workbook.layout import ACTIVITIES_SHEET, SOURCE_SHEET

if TYPE_CHECKING:
    from tests.conftest import Run

EDITS = {
    "charter-approved": {"owner": "Head of HR", "status": "done"},
    "build": {"actual_start": dt.datetime(2026, 3, 16), "percent_complete": 0.5},
}
# The two lines sync adds after charter-approved's depends_on, and build's percent 20 -> 50
# (0.5 in a cell formatted 0%); build gains actual_start before its percent_complete.
EXPECTED = PLAN.replace(
    "    depends_on: [develop-charter-tco]\n",
    "    depends_on: [develop-charter-tco]\n    owner: Head of HR\n    status: done\n",
).replace(
    "    percent_complete: 20  # as of the last steering meeting\n",
    "    actual_start: 2026-03-16\n    percent_complete: 50  # as of the last steering meeting\n",
)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return write_plan_and_workbook(tmp_path_factory.mktemp("pristine"))


@pytest.fixture(scope="module")
def pristine_edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    plan, workbook = write_plan_and_workbook(tmp_path_factory.mktemp("edited"))
    edit(workbook, EDITS, formats={("build", "percent_complete"): "0%"})
    return plan, workbook


@pytest.fixture
def pair(pristine: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """The plan and its workbook as pmsm plan wrote it."""
    return copy_pair(pristine, tmp_path)


@pytest.fixture
def edited(pristine_edited: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """The plan and its workbook with EDITS made in it."""
    return copy_pair(pristine_edited, tmp_path)


def test_sync_writes_the_edits_and_says_what_changed(pmsm: Run, edited: tuple[Path, Path]) -> None:
    plan, workbook = edited
    result = pmsm("sync", plan, workbook)
    assert result.exit_code == 0, result.stderr
    assert plan.read_text(encoding="utf-8") == EXPECTED
    assert result.stdout == ""
    # charter-approved: owner, status; build: actual_start, percent_complete -> 2 activities.
    assert result.stderr.splitlines()[0] == (
        f"{plan}: updated 2 activities from {workbook}: owner (1), status (1), "
        "actual_start (1), percent_complete (1)"
    )
    # Now the workbook describes the plan as it was; a second sync says so and writes nothing.
    again = pmsm("sync", plan, workbook)
    assert again.exit_code == 2
    assert "has changed since this workbook was written" in again.stderr
    assert plan.read_text(encoding="utf-8") == EXPECTED


def test_diff_prints_the_change_and_writes_nothing(pmsm: Run, edited: tuple[Path, Path]) -> None:
    plan, workbook = edited
    result = pmsm("sync", plan, workbook, "--diff")
    assert result.exit_code == 0, result.stderr
    assert plan.read_text(encoding="utf-8") == PLAN
    assert result.stdout.startswith(f"--- a/{plan}\n+++ b/{plan}\n")
    added = [line for line in result.stdout.splitlines() if line.startswith("+ ")]
    removed = [line for line in result.stdout.splitlines() if line.startswith("- ")]
    assert added == [
        "+    owner: Head of HR",
        "+    status: done",
        "+    actual_start: 2026-03-16",
        "+    percent_complete: 50  # as of the last steering meeting",
    ]
    assert removed == ["-    percent_complete: 20  # as of the last steering meeting"]
    assert "would update 2 activities" in result.stderr
    assert "nothing written" in result.stderr


def test_dry_run_lists_each_change_and_writes_nothing(pmsm: Run, edited: tuple[Path, Path]) -> None:
    plan, workbook = edited
    rows = rows_by_id(workbook)
    result = pmsm("sync", plan, workbook, "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert plan.read_text(encoding="utf-8") == PLAN
    assert (
        f"  build: percent_complete 20 -> 50  (plan.xlsx row {rows['build']})"
        in result.stderr.splitlines()
    )
    assert (
        f"  charter-approved: owner (empty) -> Head of HR  (plan.xlsx row {rows['charter-approved']})"
        in result.stderr.splitlines()
    )


def test_an_untouched_workbook_writes_nothing(pmsm: Run, pair: tuple[Path, Path]) -> None:
    plan, workbook = pair
    before = plan.stat().st_mtime_ns
    result = pmsm("sync", plan, workbook)
    assert result.exit_code == 0
    assert result.stderr == f"{plan}: no edits in {workbook} to take over; nothing written\n"
    assert plan.stat().st_mtime_ns == before


def test_force_applies_the_workbook_to_a_changed_plan(pmsm: Run, edited: tuple[Path, Path]) -> None:
    plan, workbook = edited
    plan.write_text(PLAN.replace("# Release\n", "# Release (moved to April)\n"), "utf-8")
    assert pmsm("sync", plan, workbook).exit_code == 2
    result = pmsm("sync", plan, workbook, "--force")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(f"warning: {plan} changed since {workbook} was written")
    assert plan.read_text(encoding="utf-8") == EXPECTED.replace(
        "# Release\n", "# Release (moved to April)\n"
    )


# -- broken workbooks: one clear error, exit 2, the plan file byte for byte as it was ----------


def truncated(workbook: Path) -> str:
    data = workbook.read_bytes()
    workbook.write_bytes(data[: len(data) // 2])
    return f"{workbook}: error: this is not an Excel workbook (.xlsx) or it is damaged: "


def not_a_workbook(workbook: Path) -> str:
    workbook.write_text("project:\n  name: X\n", encoding="utf-8")
    return f"{workbook}: error: this is not an Excel workbook (.xlsx) or it is damaged: "


def missing_sheet(workbook: Path) -> str:
    book = load_workbook(workbook)
    del book[ACTIVITIES_SHEET]
    book.save(workbook)
    return f"{workbook}: error: the workbook has no 'Activities' sheet"


def missing_source(workbook: Path) -> str:
    book = load_workbook(workbook)
    del book[SOURCE_SHEET]
    book.save(workbook)
    return f"{workbook}: error: the workbook has no 'pmsm-source' sheet"


def renamed_header(workbook: Path) -> str:
    book = load_workbook(workbook)
    book[ACTIVITIES_SHEET]["H1"] = "State"  # Status is column H
    book.save(workbook)
    return f"{workbook}: Activities!H1: error: expected the column header 'Status', found 'State'"


def moved_column(workbook: Path) -> str:
    book = load_workbook(workbook)
    book[ACTIVITIES_SHEET].insert_cols(7)  # a new column before Owner (G): Owner moves to H
    book.save(workbook)
    return f"{workbook}: Activities!G1: error: expected the column header 'Owner', found nothing"


def text_in_a_date_cell(workbook: Path) -> str:
    row = rows_by_id(workbook)["build"]
    edit(workbook, {"build": {"actual_start": "early March"}})
    return (
        f"{workbook}: Activities!P{row}: error: 'Actual start' should be a date (a date cell, "
        "or text written YYYY-MM-DD), but it is 'early March'"
    )


def status_not_in_the_list(workbook: Path) -> str:
    row = rows_by_id(workbook)["build"]
    edit(workbook, {"build": {"status": "finished"}})
    return (
        f"{workbook}: Activities!H{row}: error: 'Status' should be one of not-started, "
        "in-progress, done, blocked, cancelled, not-applicable, but it is 'finished'"
    )


def percent_out_of_range(workbook: Path) -> str:
    row = rows_by_id(workbook)["build"]
    edit(workbook, {"build": {"percent_complete": 120}})
    return (
        f"{workbook}: Activities!R{row}: error: '% complete' should be a whole percentage "
        "from 0 to 100, but it is 120"
    )


def unknown_id(workbook: Path) -> str:
    row = rows_by_id(workbook)["go-live"]
    edit(workbook, {"go-live": {"id": "go-live-2"}})
    return f"{workbook}: Activities!A{row}: error: 'go-live-2' is not an activity of the plan"


def duplicate_row(workbook: Path) -> str:
    rows = rows_by_id(workbook)
    edit(workbook, {"go-live": {"id": "build"}})
    first, again = sorted((rows["build"], rows["go-live"]))
    return (
        f"{workbook}: Activities!A{again}: error: the activity 'build' appears again "
        f"(first on row {first}); keep one row per activity"
    )


def negative_number_in_a_date_cell(workbook: Path) -> str:
    row = rows_by_id(workbook)["build"]
    edit(workbook, {"build": {"actual_start": -5}}, formats={("build", "actual_start"): "d/m/yy"})
    return (
        f"{workbook}: Activities!P{row}: error: 'Actual start' should be a date, but it is the "
        "number -5 formatted as a date, which is no date Excel can show"
    )


def date_in_the_owner_column(workbook: Path) -> str:
    row = rows_by_id(workbook)["build"]
    edit(workbook, {"build": {"owner": dt.datetime(2026, 1, 1)}})
    return (
        f"{workbook}: Activities!G{row}: error: 'Owner' should be text, but it is the date "
        "2026-01-01; format the cell as Text and type it again"
    )


def formula_without_its_value_in_the_id_column(workbook: Path) -> str:
    row = rows_by_id(workbook)["build"]
    edit(workbook, {"build": {"id": "=A2"}})
    return (
        f"{workbook}: Activities!A{row}: error: the cell holds a formula whose value Excel has "
        "not saved; open and save the workbook in Excel or LibreOffice, or type the value"
    )


BREAKAGES: list[Callable[[Path], str]] = [
    truncated,
    not_a_workbook,
    missing_sheet,
    missing_source,
    renamed_header,
    moved_column,
    text_in_a_date_cell,
    status_not_in_the_list,
    percent_out_of_range,
    unknown_id,
    duplicate_row,
    negative_number_in_a_date_cell,
    date_in_the_owner_column,
    formula_without_its_value_in_the_id_column,
]


@pytest.mark.parametrize("breakage", BREAKAGES, ids=[b.__name__ for b in BREAKAGES])
def test_a_broken_workbook_is_one_clear_error_and_nothing_is_written(
    pmsm: Run, edited: tuple[Path, Path], breakage: Callable[[Path], str]
) -> None:
    plan, workbook = edited  # valid edits elsewhere must not be written either
    before = plan.read_bytes()
    expected = breakage(workbook)
    result = pmsm("sync", plan, workbook)
    assert result.exit_code == 2
    assert result.stderr.startswith(expected), result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output
    assert plan.read_bytes() == before
    assert not list(plan.parent.glob(".pmsm.yaml.*"))  # no temporary file left behind


def test_arguments_in_the_wrong_order_are_explained(pmsm: Run, pair: tuple[Path, Path]) -> None:
    plan, workbook = pair
    result = pmsm("sync", workbook, plan)
    assert result.exit_code == 2
    assert "the plan file comes first and the workbook second" in result.stderr


SOFFICE = shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_a_workbook_saved_again_by_libreoffice_syncs_the_same(
    pmsm: Run, edited: tuple[Path, Path], tmp_path: Path
) -> None:
    plan, workbook = edited
    out = tmp_path / "libreoffice"
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    resaved = out / "plan.xlsx"
    assert resaved.read_bytes() != workbook.read_bytes()  # LibreOffice wrote its own file
    result = pmsm("sync", plan, resaved)
    assert result.exit_code == 0, result.stderr
    assert plan.read_text(encoding="utf-8") == EXPECTED
