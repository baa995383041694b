"""Finding a plan's configuration: encodings, broken TOML, symbolic links out of the repository."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.leaks import SECRET, assert_not_leaked, assert_refused_quietly

from pmsm_cli.errors import PmsmError
from pmsm_cli.lint.configfiles import find_config

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]


def refusal(start: Path) -> str:
    with pytest.raises(PmsmError) as caught:
        find_config(start)
    (problem,) = caught.value.problems
    return problem.render()


def test_a_non_utf8_pyproject_with_tool_pmsm_is_an_error(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes(b"[project]\nname = 'Jos\xe9'\n\n[tool.pmsm]\nignore = ['REQ']\n")
    # "[project]\n" is 10 bytes and "name = 'Jos" 11: the bad byte is the 22nd, line 2 column 12.
    assert refusal(tmp_path) == (
        f"{pyproject}:2:12: error: the file is not UTF-8 text: byte 22 of the file cannot be "
        "read as UTF-8; save it as UTF-8"
    )


def test_a_utf16_pyproject_with_tool_pmsm_is_an_error(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes("[tool.pmsm]\nignore = ['REQ']\n".encode("utf-16"))
    # UTF-16 starts with the byte-order mark 0xff 0xfe, which is no UTF-8.
    assert refusal(tmp_path).startswith(
        f"{pyproject}:1:1: error: the file is not UTF-8 text: byte 1"
    )


def test_a_non_utf8_pyproject_without_pmsm_is_not_pmsms_business(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"[project]\nname = 'Jos\xe9'\n")
    assert find_config(tmp_path) is None


def test_broken_toml_is_placed_and_not_quoted(tmp_path: Path, write: Write) -> None:
    pyproject = write("pyproject.toml", f"[tool.pmsm]\nignore = [{SECRET}]\n")
    message = refusal(tmp_path)
    assert_not_leaked(message)
    # tomllib puts the problem at the first character of the bad value: line 2, column 11.
    assert message.startswith(f"{pyproject}:2:11: error: this is not valid TOML: ")


def test_a_tool_key_that_is_not_a_table_is_no_configuration(tmp_path: Path, write: Write) -> None:
    write("pyproject.toml", 'tool = "pmsm"\n# tool.pmsm\n')
    assert find_config(tmp_path) is None


@pytest.mark.parametrize("name", [".pmsm.yaml", "pyproject.toml"])
def test_a_configuration_that_links_out_of_the_repository_is_refused(
    tmp_path: Path, name: str
) -> None:
    secret = tmp_path / "secret"
    secret.write_text(f"[tool.pmsm]\nignore = ['{SECRET}']\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "team").mkdir()
    link = repo / name
    link.symlink_to(secret)
    assert refusal(repo / "team") == (
        f"{link}: error: this configuration file is a symbolic link that leads out of its "
        "repository; pmsm does not follow it (give the file with --config to use it anyway)"
    )
    # A link to a file inside the repository is followed.
    inner = repo / "team" / "shared.yaml"
    inner.write_text("ignore: [REQ]\n", encoding="utf-8")
    link.unlink()
    link.symlink_to(inner)
    if name == ".pmsm.yaml":
        assert find_config(repo / "team") == link


def test_pmsm_check_refuses_it_too(pmsm: Run, tmp_path: Path) -> None:
    secret = tmp_path / "secret"
    secret.write_text(f"{SECRET}\n", encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    plan = repo / "pmsm.yaml"
    plan.write_text("project: {name: P, kind: new-service, start: 2026-03-02}\n", encoding="utf-8")
    (repo / ".pmsm.yaml").symlink_to(secret)
    stderr = assert_refused_quietly(pmsm("check", plan), repo / ".pmsm.yaml")
    assert "symbolic link that leads out of its repository" in stderr


def test_pmsm_check_stops_at_a_non_utf8_pyproject(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "pmsm.yaml"
    plan.write_text("project: {name: P, kind: new-service, start: 2026-03-02}\n", encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_bytes(b"[tool.pmsm]\nignore = ['REQ'] # \xff\n")
    # "[tool.pmsm]\n" is 12 bytes and "ignore = ['REQ'] # " 19: the bad byte is the 32nd.
    expected = (
        f"{pyproject}:2:20: error: the file is not UTF-8 text: byte 32 of the file cannot be "
        "read as UTF-8; save it as UTF-8\n"
    )
    ways: list[list[str | Path]] = [[], ["--config", pyproject]]  # found beside the plan, or named
    for flags in ways:
        result = pmsm("check", plan, *flags)
        assert result.exit_code == 2
        assert result.stderr == expected
