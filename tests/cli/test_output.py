"""``-o FILE`` alike for every command: the format from the ending, never over an input.

Each command is run as a user types it (typer's CliRunner). The guard is
tried with each way of naming an input again: the same name, ``./``, ``..``,
a symbolic link and a hard link; afterwards the input is byte for byte what
it was, and a link is still a link.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.fuzz.helpers import run

from pmsm_cli.cli.output import choose_format
from pmsm_cli.errors import PmsmError
from pmsm_cli.files.paths import builtin_catalog_files
from pmsm_cli.lint.reporters import REPORTERS
from pmsm_cli.render import RENDERERS
from pmsm_cli.reports.status import RENDERERS as STATUS_FORMATS

REPO = Path(__file__).resolve().parents[2]
PORTFOLIO = REPO / "examples" / "portfolio"
COMPLETE = str(REPO / "tests" / "lint" / "base.pmsm.yaml")  # passes every check
OVERLAY = "activities:\n  - id: slm-create-sla\n    duration: 10\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The README's portfolio example with a configuration, an overlay and templates.

    The current folder is the project, so that relative names (``./x``) work.
    """
    folder = tmp_path / "p"
    shutil.copytree(PORTFOLIO, folder)
    (folder / "org.yaml").write_text(OVERLAY, encoding="utf-8")
    (folder / "more.yaml").write_text(OVERLAY, encoding="utf-8")
    (folder / "shared.yaml").write_text("catalog: more.yaml\n", encoding="utf-8")
    (folder / ".pmsm.yaml").write_text("extends: shared.yaml\n", encoding="utf-8")
    (folder / "other-config.yaml").write_text("ignore: [REQ005]\n", encoding="utf-8")
    (folder / "tpl").mkdir()
    shutil.copy(REPO / "templates" / "plan.md.j2", folder / "tpl" / "plan.md.j2")
    (folder / "out").mkdir()
    monkeypatch.chdir(folder)
    return folder


# --- never over an input --------------------------------------------------------------


@dataclass(frozen=True)
class Command:
    args: tuple[str, ...]  # the command line before -o; {p} is the project folder
    victim: str  # an input, relative to the project folder
    shown: str = ""  # how the command names that input in its message, if not {p}/victim

    def argv(self, project: Path) -> list[str]:
        return [arg.format(p=project) for arg in self.args]


PLAN = "{p}/payroll-upgrade/pmsm.yaml"
AS_OF = ("--as-of", "2026-05-06")
COMMANDS = {
    "plan": Command(("plan", PLAN, "-f", "md"), "payroll-upgrade/pmsm.yaml"),
    "check": Command(("check", PLAN, "-f", "json"), "payroll-upgrade/pmsm.yaml"),
    "status": Command(
        ("status", "{p}/payroll-upgrade", *AS_OF, "-f", "md"), "payroll-upgrade/pmsm.yaml"
    ),
    "portfolio": Command(
        ("portfolio", "{p}", "-s", "{p}/services.yaml", "-f", "md"), "services.yaml"
    ),
    "catalog export": Command(
        ("catalog", "export", "-f", "markdown", "--catalog", "{p}/org.yaml"), "org.yaml"
    ),
}


def _message(output: str | Path, shown: object) -> str:
    # Named as the user gave it (Path drops a leading "./").
    output = Path(output)
    return (
        f"{output}: error: this file is an input of this command (the same file as '{shown}'); "
        "writing the output here would destroy it. Choose another output file\n"
    )


def _refused(project: Path, command: Command, output: str | Path, victim: str) -> None:
    before = (project / victim).read_bytes()
    result = run(*command.argv(project), "-o", output)
    shown = command.shown or f"{project}/{victim}"
    assert (result.exit_code, result.stderr) == (2, _message(output, shown))
    assert result.stdout == ""
    assert (project / victim).read_bytes() == before


@pytest.mark.parametrize("name", COMMANDS)
def test_the_same_name(project: Path, name: str) -> None:
    command = COMMANDS[name]
    _refused(project, command, f"{project}/{command.victim}", command.victim)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_relative_name(project: Path, name: str) -> None:
    command = COMMANDS[name]
    _refused(project, command, f"./{command.victim}", command.victim)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_name_through_dot_dot(project: Path, name: str) -> None:
    command = COMMANDS[name]
    _refused(project, command, f"out/../{command.victim}", command.victim)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_symbolic_link(project: Path, name: str) -> None:
    command = COMMANDS[name]
    link = project / "out" / "link.md"
    link.symlink_to(project / command.victim)
    _refused(project, command, link, command.victim)
    assert link.is_symlink() and link.resolve() == (project / command.victim).resolve()


@pytest.mark.parametrize("name", COMMANDS)
def test_a_hard_link(project: Path, name: str) -> None:
    command = COMMANDS[name]
    link = project / "out" / "hard.md"
    os.link(project / command.victim, link)
    _refused(project, command, link, command.victim)
    assert link.stat().st_ino == (project / command.victim).stat().st_ino


@pytest.mark.parametrize(
    ("args", "victim", "shown"),
    [
        # plan: a catalog overlay, a template in --templates
        (("plan", PLAN, "-f", "md", "--catalog", "{p}/org.yaml"), "org.yaml", ""),
        (("plan", PLAN, "-f", "md", "--templates", "{p}/tpl"), "tpl/plan.md.j2", ""),
        # check: a plan found by walking the folder, --config, --catalog, and --diff
        (("check", "{p}", "-f", "json"), "news-feed/pmsm.yaml", ""),
        (("check", "{p}", "-f", "json"), "expenses-app.pmsm.yaml", ""),
        (
            ("check", PLAN, "-f", "json", "--config", "{p}/other-config.yaml"),
            "other-config.yaml",
            "",
        ),
        (("check", PLAN, "-f", "json", "--catalog", "{p}/org.yaml"), "org.yaml", ""),
        (("check", PLAN, "-f", "json", "--diff"), "payroll-upgrade/pmsm.yaml", ""),
        # status: a catalog overlay
        (("status", PLAN, *AS_OF, "-f", "md", "--catalog", "{p}/org.yaml"), "org.yaml", ""),
        # portfolio: a plan found by walking the folder
        (("portfolio", "{p}", "-s", "{p}/services.yaml", "-f", "md"), "news-feed/pmsm.yaml", ""),
    ],
)
def test_every_input_is_guarded(
    project: Path, args: tuple[str, ...], victim: str, shown: str
) -> None:
    _refused(project, Command(args, victim, shown), f"{project}/{victim}", victim)


def test_the_configuration_and_the_files_it_names(project: Path) -> None:
    # The nearest configuration, the file it extends and the overlay that one names;
    # check finds the configuration from the plan's resolved folder, so names it so.
    real = project.resolve()
    for victim in (".pmsm.yaml", "shared.yaml", "more.yaml"):
        command = Command(("check", PLAN, "-f", "json"), victim, f"{real}/{victim}")
        _refused(project, command, f"{project}/{victim}", victim)


@pytest.mark.parametrize(
    "args",
    [
        ("plan", PLAN, "-f", "md"),
        ("check", PLAN, "-f", "json"),
        ("status", PLAN, *AS_OF, "-f", "md"),
        ("catalog", "export", "-f", "json"),
    ],
)
def test_nor_over_the_built_in_catalog(project: Path, args: tuple[str, ...]) -> None:
    builtin = builtin_catalog_files()[0]
    link = project / "out" / "catalog-link.md"
    link.symlink_to(builtin)
    before = builtin.read_bytes()
    result = run(*Command(args, "").argv(project), "-o", link)
    assert (result.exit_code, result.stderr) == (2, _message(link, builtin))
    assert builtin.read_bytes() == before and link.is_symlink()


def test_an_output_beside_the_inputs_is_written(project: Path) -> None:
    # A new file, in the folder that was searched for plans, is nobody's input.
    result = run("check", project, "-o", project / "report.json", "--exit-zero")
    assert result.exit_code == 0, result.output
    assert json.loads((project / "report.json").read_text())["summary"]["files"] == 5


# --- the format from the ending ------------------------------------------------------


def test_status_html_from_the_ending_escapes_plan_text(project: Path) -> None:
    plan = project / "payroll-upgrade" / "pmsm.yaml"
    plan.write_text(
        plan.read_text().replace("name: Payroll 5 upgrade", 'name: "<script>alert(1)</script>"')
    )
    result = run("status", plan, *AS_OF, "-o", "st.html")
    assert result.exit_code == 0, result.output
    page = (project / "st.html").read_text()
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Status: &lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    assert "<script>alert(1)" not in page


@pytest.mark.parametrize(
    ("args", "name", "looks_like"),
    [
        (("check", PLAN, "--exit-zero"), "r.sarif", '"version": "2.1.0"'),
        (("check", PLAN, "--exit-zero"), "r.sarif.json", '"version": "2.1.0"'),
        (("check", PLAN, "--exit-zero"), "r.json", '"summary": {'),
        (("check", PLAN, "--exit-zero"), "r.xml", "<testsuites"),
        (("check", PLAN, "--exit-zero"), "r.md", "## pmsm check\n"),
        (("check", COMPLETE, "--isolated"), "r.txt", "All checks passed (1 file).\n"),
        (("status", PLAN, *AS_OF), "s.md", "# Status: Payroll 5 upgrade\n"),
        (("status", PLAN, *AS_OF), "s.json", '"schema": "pmsm-status/1"'),
        (("status", PLAN, *AS_OF), "s.txt", "Status: Payroll 5 upgrade\n"),
        (("portfolio", "{p}", "-s", "{p}/services.yaml"), "p.htm", "<!DOCTYPE html>"),
        (("catalog", "export"), "c.yml", "processes:\n- id: service-portfolio-management\n"),
        (("catalog", "export"), "c.markdown", "# pmsm catalog\n"),
        (("schema", "plan"), "s.json", '"title": "pmsm plan file"'),
    ],
)
def test_the_ending_picks_the_format(
    project: Path, args: tuple[str, ...], name: str, looks_like: str
) -> None:
    result = run(*Command(args, "").argv(project), "-o", f"out/{name}")
    assert result.exit_code == 0, result.output
    assert looks_like in (project / "out" / name).read_text()


def test_portfolio_xlsx_from_the_ending(project: Path) -> None:
    result = run("portfolio", project, "-s", project / "services.yaml", "-o", "p.xlsx")
    assert result.exit_code == 0, result.output
    book = load_workbook(io.BytesIO((project / "p.xlsx").read_bytes()))
    assert book["Ranking"]["C3"].value == "Payroll 5 upgrade"


def test_plain_text_takes_any_text_format(project: Path) -> None:
    result = run("status", PLAN.format(p=project), *AS_OF, "-f", "json", "-o", "s.txt")
    assert result.exit_code == 0, result.output
    assert json.loads((project / "s.txt").read_text())["project"] == "Payroll 5 upgrade"


@pytest.mark.parametrize(
    ("args", "name", "message"),
    [
        (
            ("status", PLAN, *AS_OF, "--format", "text"),
            "x.html",
            "x.html: error: --format text does not write a .html file; name the file with "
            ".txt, or use --format html\n",
        ),
        (
            ("check", PLAN, "--format", "json"),
            "x.md",
            "x.md: error: --format json does not write a .md file; name the file with "
            ".json, or use --format markdown\n",
        ),
        (
            ("plan", PLAN, "--format", "md"),
            "x.html",
            "x.html: error: --format md does not write a .html file; name the file with "
            ".md or .markdown, or use --format html\n",
        ),
        (
            ("catalog", "export", "--format", "yaml"),
            "x.json",
            "x.json: error: --format yaml does not write a .json file; name the file with "
            ".yaml or .yml, or use --format json\n",
        ),
        (
            ("check", PLAN, "--format", "text"),
            "x.html",
            "x.html: error: --format text does not write a .html file; name the file with .txt\n",
        ),
        (
            ("status", PLAN, *AS_OF),
            "st.pdf",
            "error: cannot tell the format from the file name 'st.pdf'; name it with one of "
            ".txt .md .markdown .json .html .htm, or add --format (text, md, json, html)\n",
        ),
        (
            ("status", PLAN, *AS_OF),
            "st.xlsx",
            "error: cannot tell the format from the file name 'st.xlsx'; name it with one of "
            ".txt .md .markdown .json .html .htm, or add --format (text, md, json, html)\n",
        ),
        (
            ("check", PLAN),
            "report",
            "error: cannot tell the format from the file name 'report'; name it with one of "
            ".txt .json .sarif .sarif.json .xml .md .markdown, or add --format (text, concise, "
            "json, sarif, github, gitlab, junit, markdown)\n",
        ),
        (
            ("schema", "plan"),
            "schema.md",
            "error: cannot tell the format from the file name 'schema.md'; name it with one of "
            ".json, or add --format (json)\n",
        ),
    ],
)
def test_a_mismatch_is_refused_and_nothing_written(
    project: Path, args: tuple[str, ...], name: str, message: str
) -> None:
    result = run(*Command(args, "").argv(project), "-o", name)
    assert (result.exit_code, result.stderr) == (2, message)
    assert not (project / name).exists()


# --- choose_format itself ------------------------------------------------------------


def test_choose_format_uses_the_first_format_with_the_ending() -> None:
    plan_formats = list(RENDERERS)
    assert choose_format(None, Path("plan.CSV"), plan_formats, "md") == "csv"  # not jira-csv
    assert choose_format("jira-csv", Path("jira.csv"), plan_formats, "md") == "jira-csv"
    assert choose_format(None, Path("plan.xml"), plan_formats, "md") == "mspdi"
    assert choose_format(None, Path("r.xml"), list(REPORTERS), "text") == "junit"
    assert choose_format("gitlab", Path("cq.json"), list(REPORTERS), "text") == "gitlab"
    assert choose_format("concise", Path("r.txt"), list(REPORTERS), "text") == "concise"
    assert choose_format(None, None, list(STATUS_FORMATS), "text") == "text"
    assert choose_format("json", None, list(STATUS_FORMATS), "text") == "json"


def test_choose_format_refuses_a_name_that_is_only_an_ending() -> None:
    with pytest.raises(PmsmError) as caught:
        choose_format(None, Path(".md"), list(STATUS_FORMATS), "text")
    assert "'.md'" in str(caught.value)


def test_the_case_of_the_ending_does_not_matter() -> None:
    assert choose_format(None, Path("c.YML"), ["json", "yaml", "markdown"], "json") == "yaml"
    assert choose_format(None, Path("S.Html"), list(STATUS_FORMATS), "text") == "html"
