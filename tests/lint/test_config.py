"""Configuration files: found like ruff finds its own, layered, and beaten by flags."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.leaks import (
    FOREIGN_FILES,
    SECRET,
    assert_not_leaked,
    assert_refused_quietly,
    write_secret,
)
from tests.lint.helpers import BASE

from pmsm_cli.errors import PmsmError
from pmsm_cli.lint.api import Request, jobs_for
from pmsm_cli.lint.configfiles import find_config
from pmsm_cli.lint.rules import RULES

if TYPE_CHECKING:
    from tests.conftest import Run
    from typer.testing import Result

    from pmsm_cli.lint.result import Settings

Write = Callable[[str, str], Path]
PLAN = BASE.read_text(encoding="utf-8")


def settings(tmp_path: Path, plan: str = "team/pmsm.yaml", **flags: object) -> Settings:
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
    (tmp_path / ".git").mkdir()  # a repository: its files may name each other across folders
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
    # (the family as the registry has it, so that a new REL rule does not break this test)
    family = {r.code for r in RULES if r.family == "REL"}
    assert "REL001" in chosen.selected and "REL006" not in chosen.selected
    assert set(chosen.selected) == family - {"REL006"}
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


# -- the files a configuration names stay inside its repository ----------------


def repository(tmp_path: Path) -> Path:
    """A git checkout with one plan, as CI has it; a secret lies beside it, outside."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "pmsm.yaml").write_text(PLAN, encoding="utf-8")
    write_secret(tmp_path / "outside" / "token", f"{SECRET}\n")
    return repo


def check(pmsm: Run, repo: Path, *flags: str | Path) -> Result:
    return pmsm("check", repo / "pmsm.yaml", "--format", "concise", *flags)


@pytest.mark.parametrize(
    ("config", "named", "column"),
    [
        ("extends: {outside}\n", "'extends' names '{outside}'", 10),
        ("extends: ../outside/token\n", "'extends' names '../outside/token'", 10),
        ("catalog: {outside}\n", "'catalog' names '{outside}'", 10),
        ("catalog: [org.yaml, ../outside/token]\n", "'catalog' names '../outside/token'", 21),
        ("extends: ../outside/nothing-here\n", "'extends' names '../outside/nothing-here'", 10),
    ],
    ids=["extends-absolute", "extends-relative", "catalog", "catalog-list", "not-there"],
)
def test_a_configuration_cannot_name_a_file_outside_its_repository(
    pmsm: Run, tmp_path: Path, config: str, named: str, column: int
) -> None:
    repo = repository(tmp_path)
    outside = tmp_path / "outside" / "token"
    (repo / "org.yaml").write_text("activities: []\n", encoding="utf-8")
    dotfile = repo / ".pmsm.yaml"
    dotfile.write_text(config.format(outside=outside), encoding="utf-8")
    stderr = assert_refused_quietly(check(pmsm, repo), dotfile)
    # One error, at the value that names the file. A file that is not there gets the
    # same answer as one that is: the message tells nothing about the runner's files.
    assert stderr == (
        f"{dotfile}:1:{column}: error: {named.format(outside=outside)}, which is outside the "
        f"repository ({repo}); a configuration may only name files inside its repository "
        "(give a file outside it on the command line instead)\n"
    )


def test_a_symbolic_link_in_the_repository_cannot_lead_out_of_it(pmsm: Run, tmp_path: Path) -> None:
    repo = repository(tmp_path)
    (repo / "shared").mkdir()
    (repo / "shared" / "base.yaml").symlink_to(tmp_path / "outside" / "token")
    (repo / "shared" / "loop.yaml").symlink_to(repo / "shared" / "loop.yaml")
    dotfile = repo / ".pmsm.yaml"
    for name in ("base.yaml", "loop.yaml"):
        dotfile.write_text(f"extends: shared/{name}\n", encoding="utf-8")
        stderr = assert_refused_quietly(check(pmsm, repo), dotfile)
        assert stderr.startswith(f"{dotfile}:1:10: error: 'extends' names 'shared/{name}', which")
        assert "outside the repository" in stderr


def test_pyproject_follows_the_same_rule(pmsm: Run, tmp_path: Path) -> None:
    repo = repository(tmp_path)
    pyproject = repo / "pyproject.toml"
    for key in ("extends", "catalog"):
        pyproject.write_text(
            f'[project]\nname = "x"\n\n[tool.pmsm]\n{key} = "../outside/token"\n',
            encoding="utf-8",
        )
        stderr = assert_refused_quietly(check(pmsm, repo), pyproject)
        # TOML gives no positions: the error points at the [tool.pmsm] line.
        assert stderr.startswith(
            f"{pyproject}:4:1: error: '{key}' names '../outside/token', which is outside"
        )


def test_the_repository_is_the_git_root_above_the_configuration(
    tmp_path: Path, write: Write
) -> None:
    write("team/pmsm.yaml", PLAN)
    write("org/base.yaml", "ignore: [REQ005]\n")
    write("team/.pmsm.yaml", "extends: ../org/base.yaml\n")
    # Not in a git checkout: only the configuration's own folder counts.
    with pytest.raises(PmsmError, match=r"'extends' names '../org/base.yaml', which is outside"):
        settings(tmp_path)
    (tmp_path / ".git").write_text("gitdir: elsewhere\n", encoding="utf-8")  # a worktree's .git
    assert "REQ005" not in settings(tmp_path).selected


def test_the_chain_of_extends_stays_in_the_first_files_repository(
    pmsm: Run,
    tmp_path: Path,
) -> None:
    repo = repository(tmp_path)
    (repo / "org").mkdir()
    (repo / "org" / "base.yaml").write_text("extends: ../../outside/token\n", encoding="utf-8")
    (repo / ".pmsm.yaml").write_text("extends: org/base.yaml\n", encoding="utf-8")
    stderr = assert_refused_quietly(check(pmsm, repo), repo / "org" / "base.yaml")
    assert "'extends' names '../../outside/token', which is outside the repository" in stderr


def test_files_named_on_the_command_line_may_be_anywhere(pmsm: Run, tmp_path: Path) -> None:
    repo = repository(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    overlay = elsewhere / "org.yaml"
    overlay.write_text("activities: []\n", encoding="utf-8")
    ci = elsewhere / "ci.yaml"
    ci.write_text("ignore: [REQ005]\ncatalog: org.yaml\n", encoding="utf-8")
    assert check(pmsm, repo, "--catalog", overlay).exit_code in (0, 1)
    assert check(pmsm, repo, "--config", ci).exit_code in (0, 1)
    # But a file given with --config names files inside its own folder (or repository) only.
    ci.write_text("extends: ../outside/token\n", encoding="utf-8")
    stderr = assert_refused_quietly(check(pmsm, repo, "--config", ci), ci)
    assert f"which is outside the repository ({elsewhere})" in stderr


# -- errors about a configuration never repeat what it holds --------------------

# Configuration files with a secret where a value or a key should be.
CONFIG_FILES: dict[str, str | bytes] = {
    **FOREIGN_FILES,
    "select-is-text": f"select: {SECRET}\n",
    "fail-level": f"fail-level: {SECRET}\n",
    "severity-key": f"severity: {{{SECRET}: error}}\n",
    "severity-value": f"severity: {{REL: {SECRET}}}\n",
    "ignore-selector": f"ignore: [{SECRET}]\n",
    "misspelt-key": f"selct: {SECRET}\n",
    "extends-is-a-list": f"extends: [{SECRET}]\n",
    "catalog-is-a-mapping": f"catalog: {{{SECRET}: 1}}\n",
}
ROUTES = ["extends", "pyproject-extends", "config-flag"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("kind", sorted(CONFIG_FILES))
def test_errors_about_a_configuration_do_not_repeat_its_content(
    pmsm: Run, tmp_path: Path, route: str, kind: str
) -> None:
    repo = repository(tmp_path)
    # A file of the runner's inside the checkout (as CI writes credentials there).
    secret = write_secret(repo / "ci" / "credentials", CONFIG_FILES[kind])
    flags: list[str | Path] = []
    if route == "extends":
        (repo / ".pmsm.yaml").write_text("extends: ci/credentials\n", encoding="utf-8")
    elif route == "pyproject-extends":
        (repo / "pyproject.toml").write_text(
            '[tool.pmsm]\nextends = "ci/credentials"\n', encoding="utf-8"
        )
    else:
        flags = ["--config", secret]
    assert_refused_quietly(check(pmsm, repo, *flags), secret)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            f"- {SECRET}\n",
            "1:1: error: this is not a pmsm configuration file: it should be a mapping of keys "
            "such as 'select:', 'ignore:', 'severity:', but it is a list",
        ),
        (
            f"token: {SECRET}\n",
            "1:1: error: an unknown key in the top of the file; expected one of: select, "
            "ignore, severity, fail_level, catalog, extends",
        ),
        (
            f"selct: {SECRET}\n",
            "1:1: error: unknown key 'selct' in the top of the file; did you mean 'select'?",
        ),
        (
            f"select: {SECRET}\n",
            "1:9: error: 'select' in the top of the file should be a list (items starting "
            "with '- '), but it is text",
        ),
        (
            f"severity: {{REL: {SECRET}}}\n",
            "1:17: error: an entry in 'severity' should be one of 'error', 'warning' or 'info', "
            "but it is text",
        ),
        (
            f"ignore: [REL, {SECRET}]\n",
            "1:15: error: this is no rule code, family or name; see 'pmsm rules' for the codes",
        ),
        (
            f"key: [{SECRET}\n",
            "2:1: error: this is not valid YAML: ",
        ),
        (
            f"{SECRET}: 1\n{SECRET}: 2\n",
            "2:1: error: a key appears twice in the same mapping (first on line 1); YAML would "
            "silently keep only the last one",
        ),
        (
            f"key: *{SECRET}\n",
            "1:6: error: an alias refers to an anchor that is not defined before it",
        ),
        (
            f"key: !{SECRET} x\n",
            "1:6: error: a YAML tag is not allowed here; write plain text, numbers, dates, "
            "lists and mappings only",
        ),
    ],
    ids=[
        "list",
        "unknown-key",
        "misspelt-key",
        "wrong-type",
        "dict-key",
        "selector",
        "syntax",
        "duplicate-key",
        "alias",
        "tag",
    ],
)
def test_configuration_errors_say_where_and_what_was_expected(
    tmp_path: Path, write: Write, text: str, message: str
) -> None:
    write("team/pmsm.yaml", PLAN)
    config = write(".pmsm.yaml", text)
    with pytest.raises(PmsmError) as caught:
        settings(tmp_path)
    (problem,) = caught.value.problems
    assert_not_leaked(problem.render())
    assert problem.render().startswith(f"{config}:{message}")


def test_a_non_utf8_configuration_names_the_byte(tmp_path: Path, write: Write) -> None:
    write("team/pmsm.yaml", PLAN)
    config = tmp_path / ".pmsm.yaml"
    config.write_bytes(f"ignore: [REL]\n# {SECRET}".encode() + b"\xff\n")
    with pytest.raises(PmsmError) as caught:
        settings(tmp_path)
    # "ignore: [REL]\n" is 14 bytes, "# " 2 and the secret 20: the bad byte is the 37th.
    assert caught.value.render() == (
        f"{config}:2:23: error: the file is not UTF-8 text: byte 37 of the file cannot be "
        "read as UTF-8; save it as UTF-8"
    )
