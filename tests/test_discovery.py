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
    write("plans/.pmsm.yaml", "x")  # so are hidden files: this one is configuration
    write("plans/node_modules/pmsm.yaml", "x")  # and tool folders
    c = write("plans/c/pmsm.yml", "x")
    odd = write("elsewhere/odd-name.yaml", "x")
    found = find_plan_files([tmp_path / "plans", odd, a])  # a again: listed once
    assert found == [a, b, c, odd]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(PmsmError, match=r"'.*nowhere' does not exist"):
        find_plan_files([tmp_path / "nowhere"])
    (tmp_path / "empty").mkdir()
    assert find_plan_files([tmp_path / "empty"]) == []  # the command says what that means
