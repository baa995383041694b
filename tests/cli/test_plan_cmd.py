"""``pmsm plan`` as a user runs it: formats, files, errors and warnings."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from openpyxl import load_workbook

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]


def test_markdown_to_stdout_by_default(pmsm: Run, small_plan: Path) -> None:
    result = pmsm("plan", small_plan, "--no-suggest")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Payroll portal: phase \\#1: activity plan\n")
    assert "```mermaid\ngantt\n" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("plan.json", lambda p: json.loads(p.read_text())["project"]["finish"] == "2026-03-19"),
        ("plan.csv", lambda p: p.read_text().startswith("id,name,process,phase,pmbok_group,")),
        ("plan.mmd", lambda p: p.read_text().startswith("gantt\n")),
        ("plan.html", lambda p: p.read_text().startswith("<!DOCTYPE html>")),
        ("plan.md", lambda p: p.read_text().startswith("# Payroll portal")),
        ("plan.xlsx", lambda p: load_workbook(p).sheetnames[0] == "Activities"),
    ],
)
def test_format_from_the_file_name(
    pmsm: Run, small_plan: Path, tmp_path: Path, name: str, check: Callable[[Path], bool]
) -> None:
    out = tmp_path / "out" / name
    result = pmsm("plan", small_plan, "-o", out, "--no-suggest")
    assert result.exit_code == 0, result.output
    assert check(out)
    assert result.stdout == ""
    assert result.stderr == (
        f"wrote {out}: 7 activities (0 suggested), 2026-03-02 to 2026-03-19, 5 critical\n"
    )


def test_explicit_format_wins(pmsm: Run, small_plan: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.txt"
    assert pmsm("plan", small_plan, "-o", out, "--format", "json").exit_code == 0
    assert json.loads(out.read_text())["format_version"] == 1
    result = pmsm("plan", small_plan, "--format", "mermaid")
    assert result.exit_code == 0 and result.stdout.startswith("gantt\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--format", "xlsx"],
            "error: Excel workbook output needs a file: add -o plan.xlsx (it cannot be printed to "
            "the terminal)\n",
        ),
        (
            ["-o", "plan.txt"],
            "error: cannot tell the format from the file name 'plan.txt'; name it with one of "
            ".md .markdown .xlsx .html .htm .mmd .csv .json .xml .tjp .ics, or add --format (md, "
            "xlsx, html, mermaid, csv, json, mspdi, tjp, jira-csv, ics)\n",
        ),
        (
            ["--format", "pdf"],
            "error: unknown format 'pdf'; expected one of: md, xlsx, html, mermaid, csv, json, "
            "mspdi, tjp, jira-csv, ics\n",
        ),
        (
            ["--group-by", "team"],
            "error: unknown --group-by 'team'; expected one of: pmbok, phase, process, stage\n",
        ),
    ],
)
def test_usage_errors(pmsm: Run, small_plan: Path, args: list[str], message: str) -> None:
    result = pmsm("plan", small_plan, *args)
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_never_writes_over_its_input(pmsm: Run, write: Write, small_plan: Path) -> None:
    plan = write("pmsm.md", small_plan.read_text())
    before = plan.read_text()
    result = pmsm("plan", plan, "-o", plan)
    assert result.exit_code == 2
    assert "is an input of this command" in result.stderr
    assert plan.read_text() == before


def test_errors_in_the_plan_are_positioned(pmsm: Run, write: Write) -> None:
    path = write(
        "pmsm.yaml",
        "project:\n  name: X\n  kind: new-service\n  start: 2026-03-02\nactivities:\n"
        "  - {id: a, duration: 1, depends_on: [b]}\n  - {id: b, duration: 1, depends_on: [a]}\n",
    )
    result = pmsm("plan", path)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:7:39: error: activities wait for each other")
    assert "Traceback" not in result.output
    missing = pmsm("plan", path.parent / "nope.yaml")
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


def test_warnings_go_to_stderr(pmsm: Run, write: Write) -> None:
    path = write(
        "pmsm.yaml",
        "project:\n  name: X\n  kind: new-service\n  start: 2026-03-02\n  finish: 2026-03-02\n"
        "activities:\n  - {id: a, duration: 2}\n",
    )
    result = pmsm("plan", path, "--no-suggest", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == (
        f"{path}:5:11: warning: the schedule needs 1 working day more than the target finish of "
        "2026-03-02 allows (it ends on 2026-03-03); the critical activities have negative float\n"
    )
    assert json.loads(result.stdout)["project"]["late_by"] == 1


def test_catalog_overlay_and_templates(
    pmsm: Run, write: Write, small_plan: Path, tmp_path: Path
) -> None:
    overlay = write("org.yaml", "activities:\n  - id: sort-user-test\n    duration: 9\n")
    templates = tmp_path / "tpl"
    templates.mkdir()
    (templates / "plan.md.j2").write_text(
        "{% for r in view.rows if r.id == 'sort-user-test' %}{{ r.duration }}{% endfor %}\n"
    )
    result = pmsm("plan", small_plan, "--catalog", overlay, "--templates", templates)
    assert result.exit_code == 0, result.output
    assert result.stdout == "9"
    gone = pmsm("plan", small_plan, "--templates", tmp_path / "nope")
    assert gone.exit_code == 2 and "templates folder" in gone.stderr


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from pmsm_cli.cli.app import app\n"
        "result = CliRunner().invoke(app, ['plan', '--help'])\n"
        "assert result.exit_code == 0 and '--group-by' in result.stdout\n"
        "heavy = [m for m in ('openpyxl', 'jinja2') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "[]\n"


def test_progress_bar_appears_only_after_a_moment(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from pmsm_cli.cli import console, plan_run

    buffer = io.StringIO()
    fake = Console(file=buffer, force_terminal=True, width=80)
    monkeypatch.setattr(console, "err", lambda: fake)
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # pytest's stderr is no terminal
    monkeypatch.setattr(plan_run, "PROGRESS_DELAY", 60.0)
    # Quick work: done before the delay, so no bar is ever drawn.
    with plan_run._DelayedProgress(100, plan_run._now(), "writing JSON") as progress:
        progress.update(100)
    assert progress.bar is None and buffer.getvalue() == ""
    # Slow work: once the delay has passed the bar shows, and updates move it.
    monkeypatch.setattr(plan_run, "PROGRESS_DELAY", 0.0)
    with plan_run._DelayedProgress(100, plan_run._now(), "writing Excel workbook") as progress:
        assert progress.timer is not None
        progress.timer.join(5)
        assert progress.bar is not None
        progress.update(50)
        assert progress.bar.tasks[0].completed == 50
    assert "writing Excel workbook" in buffer.getvalue()


def test_no_progress_bar_without_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from pmsm_cli.cli import console, plan_run

    piped = Console(file=io.StringIO())  # a pipe or a CI log: not a terminal
    monkeypatch.setattr(console, "err", lambda: piped)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)  # whatever the tester's shell says
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setattr(plan_run, "PROGRESS_DELAY", 0.0)
    with plan_run._DelayedProgress(10, 0.0, "writing") as progress:
        progress.update(5)
    assert progress.timer is None and progress.bar is None


def test_the_endings_plan_writes_are_listed_alike_in_help_and_errors(
    pmsm: Run, small_plan: Path
) -> None:
    # Each format's endings in the order of the registry (render.RENDERERS), each once:
    # .csv is csv's and jira-csv's; .xml (MS Project), .tjp and .ics are there too.
    endings = ".md .markdown .xlsx .html .htm .mmd .csv .json .xml .tjp .ics"
    help_text = " ".join(pmsm("plan", "--help").stdout.split())
    assert f"its ending picks the format ({endings})." in help_text
    result = pmsm("plan", small_plan, "-o", "plan.docx")
    assert result.exit_code == 2
    assert f"name it with one of {endings}, or add --format" in result.stderr


RFC_PLAN = """\
project: {name: Config test, kind: improvement, start: 2026-03-02}
activities:
  - {id: raise-rfc, name: Raise the RFC, duration: 1, process: change-management}
"""


def test_the_configuration_is_the_nearest_or_config_and_isolated_ignores_it(
    pmsm: Run, write: Write
) -> None:
    """The vocabulary of the configuration names the process: ITIL 4's 'Change Enablement'
    for ITIL v3's 'Change Management'."""
    beside = write("near/plan.yaml", RFC_PLAN)
    write("near/.pmsm.yaml", "vocabulary: itil4\n")
    alone = write("alone/plan.yaml", RFC_PLAN)
    elsewhere = write("org/.pmsm.yaml", "vocabulary: itil4\n")

    def process_title(*args: object) -> str:
        result = pmsm("plan", *args, "--no-suggest", "-f", "json")
        assert result.exit_code == 0, result.output
        [activity] = json.loads(result.stdout)["activities"]
        return str(activity["process_title"])

    assert process_title(beside) == "Change Enablement"  # the nearest configuration
    assert process_title(beside, "--isolated") == "Change Management"
    assert process_title(alone) == "Change Management"  # none near it
    assert process_title(alone, "--config", elsewhere) == "Change Enablement"
    assert process_title(alone, "--config", elsewhere, "--isolated") == "Change Management"


def test_a_config_that_is_not_there_is_refused(pmsm: Run, write: Write, tmp_path: Path) -> None:
    plan = write("plan.yaml", RFC_PLAN)
    result = pmsm("plan", plan, "--config", tmp_path / "missing.yaml")
    assert result.exit_code == 2
    assert f"the configuration file '{tmp_path / 'missing.yaml'}' does not exist" in result.stderr
    assert result.stdout == ""
