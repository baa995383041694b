"""What `pmsm --help` and `pmsm check` import: nothing that only other commands need.

A check runs on every commit, so its start-up is a budget (see bench/run).
Each case runs the real entry point in a fresh interpreter and lists the
modules it ended with; the libraries below belong to other commands
(openpyxl: Excel; jinja2: templates; ruamel: editing plans; rich: terminal
colours) or to other output formats.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import pmsm_cli

# The subprocesses import the same pmsm as the tests (a checkout's, not an installed one).
SOURCE = str(Path(pmsm_cli.__file__).resolve().parents[1])
BASE = Path(__file__).resolve().parents[1] / "lint" / "base.pmsm.yaml"

# Runs pmsm's entry point with the given arguments, then writes the names of
# all imported modules, one a line, to the file named by the first argument.
PROBE = """
import sys
out, sys.argv = sys.argv[1], ["pmsm", *sys.argv[2:]]
from pmsm_cli.__main__ import main
try:
    main()
except SystemExit:
    pass
with open(out, "w", encoding="utf-8") as stream:
    stream.write("\\n".join(sorted(sys.modules)))
"""

NEVER = {"openpyxl", "jinja2", "ruamel", "rich", "markdown_it", "pygments"}
# Recognising activities in foreign plans (pmsm_cli.matching) is for those plans only.
NEVER |= {"snowballstemmer", "rapidfuzz"}
# Reading a change calendar's .ics file is for configurations that name one.
NEVER |= {"icalendar", "dateutil"}


# pmsm's own modules that `pmsm --help` does not import, and those `pmsm check` on a
# pmsm plan does not: each for other commands, other inputs or other formats.
NOT_FOR_HELP = ("pmsm_cli.lint", "pmsm_cli.models.plan")
NOT_FOR_CHECK = ("pmsm_cli.workbook.read", "pmsm_cli.files.yamledit", "pmsm_cli.matching")
# The base plan is checked without a configuration file (so without a change
# calendar), without --fix, and is no PRINCE2 plan: reading configuration files,
# the calendar's classes, the foreign-plan fixer and the tolerance helpers are
# for other runs.
NOT_FOR_CHECK += (
    "pmsm_cli.lint.config_file",
    "pmsm_cli.changecal.config",
    "pmsm_cli.changecal.model",
    "pmsm_cli.changecal.work",
    "pmsm_cli.lint.foreign_source",
    "pmsm_cli.prince2.tolerances",
)
REPORTERS = {"text": "text", "json": "json_format", "sarif": "sarif"}


def test_every_module_named_here_exists() -> None:
    """A name that no longer exists (a module moved or deleted) is never imported: a test
    asserting it is not imported could never fail."""
    from importlib.util import find_spec

    names = [*NEVER, *NOT_FOR_HELP, *NOT_FOR_CHECK]
    names += [f"pmsm_cli.lint.reporters.{module}" for module in REPORTERS.values()]
    assert [name for name in names if find_spec(name) is None] == []


def imported(tmp_path: Path, *args: str) -> set[str]:
    listing = tmp_path / "modules.txt"
    subprocess.run(
        [sys.executable, "-c", PROBE, str(listing), *args],
        capture_output=True,
        check=True,
        cwd=tmp_path,
        env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "", "PYTHONPATH": SOURCE},
    )
    return set(listing.read_text(encoding="utf-8").split())


def tops(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_help_imports_no_command_and_no_heavy_library(tmp_path: Path) -> None:
    modules = imported(tmp_path, "--help")
    assert tops(modules) & NEVER == set()
    # The command modules load on demand: listing them imports none.
    assert not any(name.startswith("pmsm_cli.cli.") and name.endswith("_cmd") for name in modules)
    assert [name for name in NOT_FOR_HELP if name in modules] == []
    # orjson writes JSON documents (formatting/jsontext.py) and loads when one is written.
    assert "orjson" not in modules


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_check_imports_only_its_own_output_format(tmp_path: Path, fmt: str) -> None:
    modules = imported(tmp_path, "check", str(BASE), "--format", fmt)
    assert tops(modules) & NEVER == set()
    # workbook.read: only for .xlsx inputs; yamledit: only for --fix; matching: only for
    # plans kept in other tools.
    assert [name for name in NOT_FOR_CHECK if name in modules] == []
    reporters = {m for m in modules if m.startswith("pmsm_cli.lint.reporters.")}
    assert reporters == {f"pmsm_cli.lint.reporters.{REPORTERS[fmt]}"}
    # The JSON writer's library loads for the JSON formats (SARIF is JSON) alone.
    assert ("orjson" in modules) == (fmt != "text")


@pytest.mark.parametrize("command", [["change", "add"], ["check"], ["plan"], ["status"], ["init"]])
def test_a_commands_help_builds_no_model(tmp_path: Path, command: list[str]) -> None:
    """A command's help lists its choices without pydantic building the plan model
    (about 100 ms): the choices come from plain lists (models/change_values.py)."""
    modules = imported(tmp_path, *command, "--help")
    assert "pydantic" not in tops(modules)
    assert "pmsm_cli.models.plan" not in modules


def test_a_check_does_not_look_for_pydantic_plugins(tmp_path: Path) -> None:
    # pmsm disables pydantic's plugins; looking for them would import importlib.metadata.
    modules = imported(tmp_path, "check", "--no-cache", str(BASE))
    assert "pydantic" in modules
    assert "importlib.metadata" not in modules


def test_the_plugin_loader_stand_in_covers_what_pydantic_uses() -> None:
    # pmsm_cli.__main__ puts a stand-in for pydantic.plugin._loader that has get_plugins
    # alone; pydantic must import nothing else from that module.
    import re

    import pydantic

    names: set[str] = set()
    for source in Path(pydantic.__file__).parent.rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for found in re.finditer(r"from (?:\.|pydantic\.plugin\.)_loader import ([^\n]+)", text):
            names |= {name.strip() for name in found.group(1).split(",")}
        assert "_loader." not in text.replace("plugin._loader import", ""), source
    assert names == {"get_plugins"}


def test_the_plugin_loader_stand_in_says_no_plugins(tmp_path: Path) -> None:
    probe = (
        "import sys; sys.argv = ['pmsm', 'check', '--help']\n"
        "from pmsm_cli.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from pydantic.plugin._schema_validator import create_schema_validator\n"
        "from pydantic_core import SchemaValidator, core_schema\n"
        "made = create_schema_validator(core_schema.int_schema(), int, 'm', 'int', 'TypeAdapter')\n"
        "assert type(made) is SchemaValidator, made\n"
        "assert 'importlib.metadata' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "", "PYTHONPATH": SOURCE},
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("fmt", ["json", "csv", "md"])
def test_a_plan_written_to_a_pipe_imports_no_terminal_library(tmp_path: Path, fmt: str) -> None:
    # The progress bar is for terminals: with stderr piped (as here) rich is not needed.
    modules = imported(tmp_path, "plan", str(BASE), "--format", fmt)
    assert "pmsm_cli.plan.view" in modules  # the plan was scheduled and written
    assert tops(modules) & {"rich", "openpyxl", "ruamel"} == set()
