"""Finding plan files in the paths a user gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.discovery import find_plan_files
from pmsm_cli.errors import PmsmError

Write = Callable[[str, str], Path]


def test_folders_are_searched_and_files_taken_as_given(tmp_path: Path, write: Write) -> None:
    a = write("plans/a/pmsm.yaml", "x")
    b = write("plans/b.pmsm.yaml", "x")
    write("plans/notes.yaml", "x")  # not a plan file name
    write("plans/.git/pmsm.yaml", "x")  # hidden folders are skipped
    odd = write("elsewhere/odd-name.yaml", "x")
    found = find_plan_files([tmp_path / "plans", odd, a])  # a again: listed once
    assert found == [a, b, odd]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(PmsmError, match=r"'.*nowhere' does not exist"):
        find_plan_files([tmp_path / "nowhere"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(PmsmError) as caught:
        find_plan_files([tmp_path / "empty"])
    assert "no plan files (pmsm.yaml or *.pmsm.yaml) in the folder" in str(caught.value)
