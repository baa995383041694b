"""The plan a one-plan command works on (cli/lookup.plan_path): a file, or a folder's plan;
and files that are not pmsm plans refused with what to do with them instead."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.conftest import SMALL_PLAN

if TYPE_CHECKING:
    from tests.conftest import Run


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder as pmsm init makes one: its plan is pmsm.yaml."""
    folder = tmp_path / "payroll"
    folder.mkdir()
    shutil.copy(SMALL_PLAN, folder / "pmsm.yaml")
    return folder


def test_plan_finds_the_plan_in_a_folder(pmsm: Run, project: Path) -> None:
    by_folder = pmsm("plan", project, "-f", "csv")
    assert by_folder.exit_code == 0, by_folder.stderr
    assert by_folder.stdout == pmsm("plan", project / "pmsm.yaml", "-f", "csv").stdout


def test_sync_finds_the_plan_in_a_folder(pmsm: Run, project: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "plan.xlsx"
    assert pmsm("plan", project, "-o", workbook).exit_code == 0
    result = pmsm("sync", project, workbook)
    assert result.exit_code == 0, result.stderr
    # The workbook was written from that plan and not edited since: nothing to take over.
    assert result.stderr == (
        f"{project / 'pmsm.yaml'}: no edits in {workbook} to take over; nothing written\n"
    )


def test_a_folder_with_one_named_plan_uses_it(pmsm: Run, tmp_path: Path) -> None:
    shutil.copy(SMALL_PLAN, tmp_path / "payroll.pmsm.yaml")
    (tmp_path / "notes.yaml").write_text("not: a plan\n", encoding="utf-8")
    result = pmsm("plan", tmp_path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == pmsm("plan", tmp_path / "payroll.pmsm.yaml", "-f", "csv").stdout


def test_a_folder_with_several_plans_or_none_is_refused(pmsm: Run, tmp_path: Path) -> None:
    result = pmsm("plan", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path}: error: the folder holds no plan (pmsm.yaml or *.pmsm.yaml); name the plan "
        f"file, or create one with 'pmsm init {tmp_path}'\n"
    )
    shutil.copy(SMALL_PLAN, tmp_path / "b.pmsm.yaml")
    shutil.copy(SMALL_PLAN, tmp_path / "a.pmsm.yaml")
    result = pmsm("status", tmp_path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{tmp_path}: error: the folder holds 2 plans (a.pmsm.yaml, b.pmsm.yaml); name the one "
        "to use\n"
    )


def test_an_excel_workbook_pmsm_did_not_write(pmsm: Run, tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "my-plan.xlsx"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Task", "Start", "Finish"])
    sheet.append(["Build", "2026-03-02", "2026-03-06"])
    book.save(path)
    result = pmsm("plan", path)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{path}: error: this is an Excel workbook pmsm did not write, not a pmsm plan; to check "
        f"it use 'pmsm check {path}', to convert it 'pmsm import {path}'\n"
    )


def test_a_workbook_pmsm_wrote(pmsm: Run, tmp_path: Path) -> None:
    workbook = tmp_path / "plan.xlsx"
    assert pmsm("plan", SMALL_PLAN, "-o", workbook).exit_code == 0
    result = pmsm("status", workbook)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{workbook}: error: this is a workbook 'pmsm plan' wrote, not the plan itself: give "
        "the plan file it was written from; to take the edits made in it into the plan use "
        f"'pmsm sync PLAN {workbook}'\n"
    )


def test_a_plan_kept_in_ms_project(pmsm: Run, tmp_path: Path) -> None:
    xml = tmp_path / "project.xml"
    assert pmsm("plan", SMALL_PLAN, "-o", xml).exit_code == 0
    result = pmsm("baseline", xml)
    assert result.exit_code == 2
    assert result.stderr == (
        f"{xml}: error: this is a plan kept in another tool (MS Project XML); to check it use "
        f"'pmsm check {xml}', to convert it 'pmsm import {xml}'\n"
    )


def test_a_yaml_plan_under_another_name_is_still_read(pmsm: Run, tmp_path: Path) -> None:
    # A plan is recognised by what it holds; .txt is no other tool's plan here.
    path = tmp_path / "plan.txt"
    shutil.copy(SMALL_PLAN, path)
    result = pmsm("plan", path, "-f", "csv")
    assert result.exit_code == 0, result.stderr
