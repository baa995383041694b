"""Every pmsm command the README and docs/ show is run, in the page's order.

Each page gets a folder of its own holding what its commands name: the
repository's examples and test data, a plan ``pmsm.yaml`` (a copy of
examples/hr-self-service-portal/pmsm.yaml) and the German MS Project CSV the
foreign-plans page uses. A command must end as the page says: with an error
(exit 2) where the page shows one, else with 0 or 1 (1: findings or a diff),
never with a usage error or a crash. Where the page shows a command's output
in full, without "...", it must be that output.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from tests.docs.shown import Step, steps

if TYPE_CHECKING:
    from tests.conftest import Run

REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").rglob("*.md"))]


def _prepare(folder: Path) -> None:
    shutil.copytree(REPO / "examples", folder / "examples")
    shutil.copytree(REPO / "templates", folder / "templates")
    for part in ("foreign", "plans"):
        shutil.copytree(REPO / "tests" / "data" / part, folder / "tests" / "data" / part)
    shutil.copy(REPO / "examples" / "hr-self-service-portal" / "pmsm.yaml", folder / "pmsm.yaml")
    csv = REPO / "tests" / "data" / "foreign" / "csv" / "lohn-saas-msproject-de.csv"
    shutil.copy(csv, folder / csv.name)


def _shows_error(output: str | None) -> bool:
    if output is None:
        return False
    return any(line.startswith("error:") or ": error: " in line for line in output.splitlines())


def _answers(output: str) -> str | None:
    """What was typed at ``pmsm init``'s questions in a transcript, one answer a line.

    A question line ends in ``:`` (Enter: the default) or holds the answer after
    its last ``): `` (questions with a default in brackets) or its first ``: ``.
    """
    answers = []
    for line in output.splitlines():
        if line.startswith(" ") or not line.strip():
            break  # the report of what was written
        if line.endswith(":"):
            answers.append("")
        elif "): " in line:
            answers.append(line.rsplit("): ", 1)[1])
        elif ": " in line:
            answers.append(line.split(": ", 1)[1])
    return "\n".join(answers) + "\n" if answers else None


def _run(step: Step, folder: Path, pmsm: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    if step.kind == "write":
        (folder / step.name).write_text(step.text, encoding="utf-8")
        return
    if step.kind == "shell":
        done = subprocess.run(step.text, shell=True, cwd=folder, capture_output=True, text=True)
        assert done.returncode == 0, f"{step}: {done.stderr}"
        return
    assert step.args[0] == "pmsm", step
    typed = None
    if step.args[1] == "init" and "--defaults" not in step.args and step.output:
        typed = _answers(step.output)
        monkeypatch.setattr("pmsm_cli.cli.init_cmd.stdin_is_terminal", lambda: typed is not None)
    result = pmsm(*step.args[1:], input=typed)
    expected = {2} if _shows_error(step.output) else {0, 1}
    said = (result.stdout + result.stderr)[-2000:]
    assert result.exit_code in expected, f"{step}: exit code {result.exit_code}\n{said}"
    if step.output is not None and step.output and "..." not in step.output and typed is None:
        assert result.stdout + result.stderr == step.output + "\n", step


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(REPO)) for p in PAGES])
def test_the_commands_shown_run(
    page: Path, pmsm: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    shown = steps(page)
    monkeypatch.chdir(tmp_path)
    _prepare(tmp_path)
    for step in shown:
        _run(step, tmp_path, pmsm, monkeypatch)


def test_the_pages_show_commands() -> None:
    # Not vacuous: the pages that explain a command show it being run.
    counts = {
        p.relative_to(REPO).as_posix(): sum(s.kind == "pmsm" for s in steps(p)) for p in PAGES
    }
    for page in (
        "README.md",
        "docs/getting-started.md",
        "docs/guide/check.md",
        "docs/guide/plan.md",
    ):
        assert counts[page] >= 3, page
    assert sum(counts.values()) >= 80
