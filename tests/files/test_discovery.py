"""Finding plan files in the paths a user gives."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.discovery import find_plan_files

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


def test_a_plan_found_in_a_folder_may_not_link_out_of_the_repository(tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text("root:x:0:0\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "team").mkdir()
    (repo / "team" / "real.pmsm.yaml").write_text("x\n", encoding="utf-8")
    inner = repo / "team" / "pmsm.yaml"
    inner.symlink_to(repo / "team" / "real.pmsm.yaml")  # inside: followed
    assert find_plan_files([repo / "team"]) == [inner]  # the same plan as its target: once
    outer = repo / "team" / "leak.pmsm.yaml"
    outer.symlink_to(secret)
    # Searched from a subfolder, the repository is still the whole checkout.
    with pytest.raises(PmsmError) as caught:
        find_plan_files([repo / "team"])
    assert caught.value.render() == (
        f"{outer}: error: this plan file is a symbolic link that leads out of the repository "
        f"({repo}); pmsm does not follow it when searching a folder (name it on the command "
        "line to check it anyway)"
    )
    # Named on the command line, it is the user's choice.
    assert find_plan_files([outer]) == [outer]
