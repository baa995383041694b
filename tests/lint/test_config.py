"""Configuration files: found like ruff finds its own, layered, and beaten by flags."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.lint.helpers import BASE

from pmsm_cli.errors import PmsmError
from pmsm_cli.lint.api import Request, jobs_for
from pmsm_cli.lint.configfiles import find_config

Write = Callable[[str, str], Path]
PLAN = BASE.read_text(encoding="utf-8")


def settings(tmp_path: Path, plan: str = "team/pmsm.yaml", **flags: object):  # type: ignore[no-untyped-def]
    (job,) = jobs_for(Request(paths=[tmp_path / plan], **flags))  # type: ignore[arg-type]
    return job.settings


def test_the_closest_configuration_wins(tmp_path: Path, write: Write) -> None:
    write("team/pmsm.yaml", PLAN)
    write(".pmsm.yaml", "ignore: [REQ]\n")
    assert find_config(tmp_path / "team") == tmp_path / ".pmsm.yaml"
    write("team/.pmsm.yaml", "ignore: [STK004]\n")
    assert find_config(tmp_path / "team") == tmp_path / "team" / ".pmsm.yaml"
    chosen = settings(tmp_path)
    assert "STK004" not in chosen.selected
    assert "REQ001" in chosen.selected  # the parent's file is not read: the closest wins


def test_pyproject_counts_only_with_a_tool_pmsm_table(tmp_path: Path, write: Write) -> None:
    write("team/pmsm.yaml", PLAN)
    write("team/pyproject.toml", "[project]\nname = 'x'\n")
    write("pyproject.toml", "[tool.pmsm]\nignore = ['CHT003']\nfail-level = 'warning'\n")
    assert find_config(tmp_path / "team") == tmp_path / "pyproject.toml"
    chosen = settings(tmp_path)
    assert "CHT003" not in chosen.selected and chosen.fail_level == "warning"


def test_in_one_folder_the_dotfile_beats_pyproject(tmp_path: Path, write: Write) -> None:
    write("pyproject.toml", "[tool.pmsm]\nignore = ['CHT003']\n")
    write(".pmsm.yaml", "ignore: [CHT001]\n")
    assert find_config(tmp_path) == tmp_path / ".pmsm.yaml"


def test_extends_and_severity_and_catalog(tmp_path: Path, write: Write) -> None:
    write("team/pmsm.yaml", PLAN)
    write(
        "org/base.yaml",
        "select: [ALL]\nignore: [REQ005]\nseverity: {STK: info}\ncatalog: org.yaml\n",
    )
    write("org/org.yaml", "activities: []\n")
    write(
        "team/.pmsm.yaml",
        "extends: ../org/base.yaml\nseverity: {STK004: error, unknown-cost-category: warning}\n",
    )
    chosen = settings(tmp_path)
    assert "REQ005" not in chosen.selected
    assert dict(chosen.severity) == {"STK": "info", "STK004": "error", "CHT005": "warning"}
    # the catalog path is relative to the file that names it
    assert chosen.catalog == (tmp_path / "org" / "org.yaml",)


def test_command_line_flags_beat_files(tmp_path: Path, write: Write) -> None:
    write("team/pmsm.yaml", PLAN)
    write("team/.pmsm.yaml", "ignore: [REL001]\nfail-level: info\n")
    chosen = settings(tmp_path, select=["REL"], ignore=["REL006"], fail_level="error")
    # --select starts over (REL001 is back), --ignore removes from it, --fail-level replaces
    assert sorted(chosen.selected) == ["REL001", "REL002", "REL003", "REL004", "REL005"]
    assert chosen.fail_level == "error"


def test_config_flag_and_isolated(tmp_path: Path, write: Write) -> None:
    write("team/pmsm.yaml", PLAN)
    write("team/.pmsm.yaml", "ignore: [REL001]\n")
    write("ci.yaml", "ignore: [CHT]\n")
    chosen = settings(tmp_path, config=tmp_path / "ci.yaml")
    assert "REL001" in chosen.selected and "CHT001" not in chosen.selected
    chosen = settings(tmp_path, isolated=True)
    assert "REL001" in chosen.selected and "CHT001" in chosen.selected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "ignore: [REL01]\n",
            ".pmsm.yaml:1:10: error: 'REL01' is no rule code, family or name; did you mean",
        ),
        (
            "fail_levle: warning\n",
            ".pmsm.yaml:1:1: error: unknown key 'fail_levle' in the top of the file; did you mean 'fail_level'?",
        ),
        (
            "fail-level: fatal\n",
            ".pmsm.yaml:1:13: error: 'fail-level' in the top of the file should be one of 'error', 'warning' or 'info'",
        ),
        (
            "extends: nowhere.yaml\n",
            ".pmsm.yaml:1:10: error: 'extends' names 'nowhere.yaml', which does not exist",
        ),
    ],
)
def test_configuration_errors_name_file_line_and_column(
    tmp_path: Path, write: Write, text: str, message: str
) -> None:
    write("team/pmsm.yaml", PLAN)
    write(".pmsm.yaml", text)
    with pytest.raises(PmsmError) as caught:
        settings(tmp_path)
    assert message in caught.value.render()


def test_extends_in_a_circle_is_an_error(tmp_path: Path, write: Write) -> None:
    write("team/pmsm.yaml", PLAN)
    write("a.yaml", "extends: b.yaml\n")
    write("b.yaml", "extends: a.yaml\n")
    with pytest.raises(PmsmError, match="extend each other in a circle"):
        settings(tmp_path, config=tmp_path / "a.yaml")


def test_unknown_selector_on_the_command_line(tmp_path: Path, write: Write) -> None:
    write("team/pmsm.yaml", PLAN)
    with pytest.raises(PmsmError, match="'XYZ' is no rule code, family or name"):
        settings(tmp_path, select=["XYZ"])
