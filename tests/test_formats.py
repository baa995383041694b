"""Each family of output formats is one registry, and the command line is made from it.

Two kinds of test. The first compares what a command offers (its --format
choices, the endings its help lists) with its registry, and the registry with
a list written here by hand, so that a format dropped by mistake is caught too.
The second adds a DUMMY format to one registry, in a fresh interpreter, and
shows that the command accepts it by name and by file ending and calls it:
one registry line is the whole of adding a format.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.catalogs import EXPORT_FORMATS
from pmsm_cli.cli.output import ENDINGS, choose_format, endings_of
from pmsm_cli.formats import Format, families
from pmsm_cli.lint.reporters import FORMATS as CHECK_FORMATS
from pmsm_cli.render import RENDERERS
from pmsm_cli.reports import PORTFOLIO_FORMATS, STATUS_FORMATS

if TYPE_CHECKING:
    from tests.conftest import Run

REPO = Path(__file__).resolve().parents[1]
SMALL_PLAN = REPO / "tests" / "data" / "plans" / "small.pmsm.yaml"
PORTFOLIO = REPO / "examples" / "portfolio"
# A plan with a baseline and actuals, so that pmsm status has progress to report.
TRACKED_PLAN = PORTFOLIO / "payroll-upgrade" / "pmsm.yaml"

# Today's formats, written out by hand: the command, its registry, the names in order.
FAMILIES: list[tuple[list[str], Mapping[str, Format], list[str]]] = [
    (
        ["check", "x"],
        CHECK_FORMATS,
        ["text", "concise", "json", "sarif", "github", "gitlab", "junit", "markdown"],
    ),
    (
        ["plan", "x"],
        RENDERERS,
        ["md", "xlsx", "html", "mermaid", "csv", "json", "mspdi", "tjp", "jira-csv", "ics"],
    ),
    (["status", "x"], STATUS_FORMATS, ["text", "md", "json", "html"]),
    (["portfolio", "x"], PORTFOLIO_FORMATS, ["text", "md", "json", "html", "xlsx"]),
    (["catalog", "export"], EXPORT_FORMATS, ["json", "yaml", "markdown"]),
]


def _help(pmsm: Run, command: list[str]) -> str:
    result = pmsm(*command[:-1] if command[-1] == "x" else command, "--help")
    assert result.exit_code == 0, result.output
    return " ".join(result.stdout.split())  # the help's line breaks depend on the width


@pytest.mark.parametrize(("command", "registry", "names"), FAMILIES, ids=lambda v: str(v))
def test_each_command_offers_the_formats_of_its_registry(
    pmsm: Run, command: list[str], registry: Mapping[str, Format], names: list[str]
) -> None:
    assert list(registry) == names
    text = _help(pmsm, command)
    if command[0] == "plan":  # a free --format, its choices in the help's words
        assert f"Output format: {', '.join(names)} (default" in text
    else:
        assert f"--format [{'|'.join(names)}]" in text


def test_plan_output_help_lists_every_ending_of_the_registry(pmsm: Run) -> None:
    listed = ".md .markdown .xlsx .html .htm .mmd .csv .json .xml .tjp .ics"
    assert endings_of(RENDERERS) == listed
    assert f"its ending picks the format ({listed})." in _help(pmsm, ["plan", "x"])


def test_the_exports_are_plan_formats_with_their_own_endings() -> None:
    exports = {
        name: e.endings for name, e in RENDERERS.items() if e.module.startswith("pmsm_cli.export.")
    }
    assert exports == {
        "mspdi": (".xml",),
        "tjp": (".tjp",),
        "jira-csv": (".csv",),
        "ics": (".ics",),
    }
    assert [name for name, entry in RENDERERS.items() if entry.binary] == ["xlsx"]
    assert [name for name, entry in PORTFOLIO_FORMATS.items() if entry.binary] == ["xlsx"]


def test_a_format_shared_by_commands_has_the_same_endings_in_each() -> None:
    # cli/output.py's table is by --format name, so json is .json for every command.
    seen: dict[str, tuple[str, ...]] = {}
    for registry in families():
        for name, entry in registry.items():
            assert seen.setdefault(name, entry.endings) == entry.endings, name
    assert dict(ENDINGS) == seen
    assert ENDINGS["sarif"] == (".sarif", ".sarif.json", ".json")
    assert ENDINGS["yaml"] == (".yaml", ".yml")


def test_the_ending_picks_the_format_of_the_commands_registry() -> None:
    assert choose_format(None, Path("r.sarif.json"), list(CHECK_FORMATS), "text") == "sarif"
    assert choose_format(None, Path("r.xml"), list(CHECK_FORMATS), "text") == "junit"
    assert choose_format(None, Path("p.xml"), list(RENDERERS), "md") == "mspdi"
    assert choose_format(None, Path("p.ics"), list(RENDERERS), "md") == "ics"
    assert choose_format(None, Path("s.htm"), list(STATUS_FORMATS), "text") == "html"
    assert choose_format(None, Path("c.yml"), list(EXPORT_FORMATS), "json") == "yaml"


def test_every_entry_names_a_function_that_exists() -> None:
    for registry in families():
        for name, entry in registry.items():
            assert callable(entry.load()), name


# --- a dummy format, registered with one line --------------------------------------------

# Run in a fresh interpreter: the line adding the dummy comes before pmsm is started,
# as it would be in the registry's own module, so that nothing pmsm made at import
# (the --format choices) predates it.
PROBE = """
import sys
from pmsm_cli.formats import Format
import {registry_module} as family
family.{registry}["dummy"] = Format("dummy_format", "{function}", (".dum",), "dummy"{extra})
from pmsm_cli.__main__ import main
sys.argv = ["pmsm", *sys.argv[1:]]
main()
"""

DUMMY_MODULE = """
def render(report, options):  # pmsm check
    return f"dummy check: {len(report.results)} file(s)\\n"


def plan(view, options):  # pmsm plan
    return f"dummy plan: {view.counts.activities} activities\\n"


def export(scheduled, plan, catalog, *, group_by):  # pmsm plan, an export
    return f"dummy export of {plan.project.name} by {group_by}\\n".encode()


def status(report):  # pmsm status
    return f"dummy status: {type(report).__name__}\\n"


def portfolio(report):  # pmsm portfolio
    return f"dummy portfolio: {len(report.ranking)} plans\\n"


def catalog(catalog):  # pmsm catalog export
    return f"dummy catalog: {len(catalog.activities)} activities\\n"
"""


def _run_with_dummy(
    tmp_path: Path, registry: str, function: str, args: list[str], extra: str = ""
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "dummy_format.py").write_text(DUMMY_MODULE, encoding="utf-8")
    module, _, attribute = registry.partition(":")
    probe = PROBE.format(registry_module=module, registry=attribute, function=function, extra=extra)
    return subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            "PYTHONPATH": f"{tmp_path}:{REPO / 'src'}",
            "PATH": "",
            "NO_COLOR": "1",
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "COLUMNS": "200",
        },
        check=False,
    )


CASES = [
    (
        "pmsm_cli.lint.reporters:FORMATS",
        "render",
        ["check", str(SMALL_PLAN)],
        "dummy check: 1 file(s)\n",
    ),
    ("pmsm_cli.render:RENDERERS", "plan", ["plan", str(SMALL_PLAN)], "dummy plan: "),
    (
        "pmsm_cli.reports:STATUS_FORMATS",
        "status",
        ["status", str(TRACKED_PLAN), "--as-of", "2026-06-30"],
        "dummy status: StatusReport\n",
    ),
    (
        "pmsm_cli.reports:PORTFOLIO_FORMATS",
        "portfolio",
        ["portfolio", str(PORTFOLIO)],
        "dummy portfolio: ",
    ),
    ("pmsm_cli.catalogs:EXPORT_FORMATS", "catalog", ["catalog", "export"], "dummy catalog: "),
]


@pytest.mark.parametrize(
    ("registry", "function", "args", "expected"), CASES, ids=lambda v: str(v)[:30]
)
def test_a_dummy_format_is_offered_and_written_by_name_and_by_ending(
    tmp_path: Path, registry: str, function: str, args: list[str], expected: str
) -> None:
    by_name = _run_with_dummy(tmp_path, registry, function, [*args, "--format", "dummy"])
    assert by_name.returncode in (0, 1), by_name.stderr  # check exits 1 on findings
    assert by_name.stdout.startswith(expected)

    out = tmp_path / "out.dum"
    by_ending = _run_with_dummy(tmp_path, registry, function, [*args, "-o", str(out)])
    assert by_ending.returncode in (0, 1), by_ending.stderr
    assert out.read_text(encoding="utf-8") == by_name.stdout
    assert f"wrote {out}" in by_ending.stderr

    command = args[:2] if args[0] == "catalog" else args[:1]
    shown = _run_with_dummy(tmp_path, registry, function, [*command, "--help"])
    help_text = " ".join(shown.stdout.split())
    assert "|dummy]" in help_text or ", dummy (default" in help_text, help_text


def test_a_dummy_export_gets_the_schedule_and_the_grouping(tmp_path: Path) -> None:
    adapter = ', adapter="pmsm_cli.render.exports:from_schedule"'
    args = ["plan", str(SMALL_PLAN), "--group-by", "phase", "-o", "plan.dum"]
    done = _run_with_dummy(tmp_path, "pmsm_cli.render:RENDERERS", "export", args, adapter)
    assert done.returncode == 0, done.stderr
    # The plan's own name; any grouping but pmbok is the ITIL process in an export.
    assert (tmp_path / "plan.dum").read_text(encoding="utf-8") == (
        "dummy export of Payroll portal: phase #1 by process\n"
    )
