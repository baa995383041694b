"""Every command's --help: plain value names, the same one-line summary as `pmsm --help`,
and examples at the end that really run."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import typer
from typer.main import get_command

from pmsm_cli.cli import init_cmd
from pmsm_cli.cli.app import COMMANDS, app

if TYPE_CHECKING:
    from tests.conftest import Run

REPO = Path(__file__).resolve().parents[2]


def _command_names() -> list[str]:
    """Every command as typed: the 13 of COMMANDS and the subcommands of the groups."""
    root = get_command(app)
    ctx = typer.Context(root)  # typer carries its own click: no `import click`
    names = []
    for name in COMMANDS:
        names.append(name)
        command = root.get_command(ctx, name)  # type: ignore[attr-defined]
        names += [f"{name} {sub}" for sub in getattr(command, "commands", {})]
    return names


NAMES = _command_names()
# A value's Python type as typer shows it: <str>, <path>, <int>, <list[Path]>, <text|json>.
TYPE_NAME = re.compile(r"<[a-zA-Z_][\w\[\]|, .-]*>")


def test_the_groups_subcommands_are_covered() -> None:
    assert {"catalog list", "catalog show", "catalog validate", "catalog export"} <= set(NAMES)
    assert {"change add", "change list"} <= set(NAMES)


def _help(pmsm: Run, name: str) -> str:
    result = pmsm(*name.split(), "--help")
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _examples(text: str) -> list[str]:
    """The command lines of the Examples section, which must end the help."""
    _, found, tail = text.partition("\nExamples:\n")
    assert found, "no Examples section"
    lines = tail.rstrip("\n").split("\n")
    # Nothing follows: every line is an example (2 spaces) or what it does (6 spaces).
    assert all(re.match(r"  \S|      \S", line) for line in lines), lines
    return [line.strip() for line in lines if re.match(r"  \S", line)]


@pytest.mark.parametrize("name", NAMES)
def test_help_ends_with_two_or_three_examples_of_the_command(pmsm, name: str) -> None:
    commands = _examples(_help(pmsm, name))
    assert 2 <= len(commands) <= 3
    assert all(c.startswith("pmsm ") for c in commands)
    # A group's examples show its subcommands; a command's show itself.
    assert any(c.startswith(f"pmsm {name} ") or c == f"pmsm {name}" for c in commands)


@pytest.mark.parametrize("name", NAMES)
def test_help_shows_no_python_type_names(pmsm, name: str) -> None:
    text = _help(pmsm, name)
    assert TYPE_NAME.findall(text) == []
    usage = text.splitlines()[0]
    assert "{" not in usage and "}" not in usage  # typer's braces around required arguments


def test_value_names_are_words_and_choices(pmsm) -> None:
    text = _help(pmsm, "check")
    assert text.startswith("Usage: pmsm check [OPTIONS] PATH...\n")
    assert "\n  PATH...  Plan files, folders to search" in text
    assert "  -f, --format [text|concise|json|sarif|github|gitlab|junit|markdown]\n" in text
    assert "  -j, --jobs N " in text and "[at least 1]" in text
    text = _help(pmsm, "init")
    assert "  --name NAME " in text  # no metavar: the option's name, in capitals
    assert _help(pmsm, "portfolio").startswith("Usage: pmsm portfolio [OPTIONS] PATH...\n")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_the_summary_in_pmsm_help_is_the_commands_own(pmsm, name: str) -> None:
    own = _help(pmsm, name).split("\n\n")[1]  # the paragraph after the usage line
    assert " ".join(own.split()) == COMMANDS[name][2]


def test_check_is_described_alike_in_both_helps(pmsm) -> None:
    summary = "Check plans for missing ITIL activities, as a linter does."
    assert COMMANDS["check"][2] == summary
    listing = " ".join(pmsm("--help").stdout.split())
    assert f" check {summary} " in listing
    assert f"\n  {summary}\n" in _help(pmsm, "check")


# -- the examples run --------------------------------------------------------------

# Commands in an order where each finds what it needs: a plan to baseline before its
# status, the workbook written after the last change to the plan it is synced into.
ORDER = [
    "init",
    "docs",
    "catalog",
    "explain",
    "rules",
    "schema",
    "baseline",
    "status",
    "change",
    "check",
    "plan",
    "sync",
    "import",
    "portfolio",
]
# `pmsm init my-project`'s questions, answered: the name, the kind, then Enter for the rest.
INIT_ANSWERS = "My project\nnew-service\n" + "\n" * 40
# A task list kept in a spreadsheet.
TASKS = (
    "Task,Start,Finish\nKick-off,2026-03-02,2026-03-02\nBuild the portal,2026-03-03,2026-03-27\n"
)
ORG_CATALOG = "activities:\n  - id: develop-charter-tco\n    duration: 10\n"


def test_the_order_covers_every_command() -> None:
    assert sorted(ORDER) == sorted(COMMANDS)


def test_every_example_runs(pmsm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "org-catalog.yaml").write_text(ORG_CATALOG, encoding="utf-8")
    (tmp_path / "tasks.csv").write_text(TASKS, encoding="utf-8")
    shutil.copytree(REPO / "examples" / "portfolio", tmp_path / "plans")
    for top in ORDER:
        for name in [n for n in NAMES if n.split()[0] == top]:
            for line in _examples(_help(pmsm, name)):
                words = shlex.split(line)
                assert words[0] == "pmsm"
                # The one example that asks questions gets its answers as a person types them.
                asks = line == "pmsm init my-project"
                monkeypatch.setattr(init_cmd, "stdin_is_terminal", lambda asks=asks: asks)
                result = pmsm(*words[1:], input=INIT_ANSWERS if asks else None)
                allowed = (0, 1) if words[1] in ("check", "portfolio") else (0,)
                assert result.exit_code in allowed, f"{line}\n{result.output}"
                assert "error:" not in result.stderr, f"{line}\n{result.stderr}"
