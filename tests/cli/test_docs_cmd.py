"""``pmsm docs``: the charter and requirements follow the plan; hand edits are kept."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.scaffold import marker

if TYPE_CHECKING:
    from collections.abc import Callable

    from tests.conftest import Run


@pytest.fixture
def project(pmsm: Run, tmp_path: Path) -> Path:
    folder = tmp_path / "p"
    result = pmsm(
        "init", folder, "--kind", "new-service", "--name", "Portal", "--start", "2026-03-02",
        "--defaults",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return folder


def _set_sponsor(folder: Path, name: str) -> None:
    plan = folder / "pmsm.yaml"
    text = plan.read_text(encoding="utf-8")
    assert "\n  sponsor:   # " in text  # the fresh plan leaves it empty, with a comment
    plan.write_text(text.replace("\n  sponsor:   # ", f"\n  sponsor: {name}  # "), encoding="utf-8")


def test_right_after_init_nothing_changes(pmsm: Run, project: Path) -> None:
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    result = pmsm("docs", project)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f" identical  {project / 'charter.md'}\n identical  {project / 'requirements.md'}\n"
    )
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before


def test_the_charter_follows_the_plan_and_the_plan_is_not_written(pmsm: Run, project: Path) -> None:
    _set_sponsor(project, "Dana Whitfield")
    plan_before = (project / "pmsm.yaml").read_bytes()
    assert "Dana Whitfield" not in (project / "charter.md").read_text(encoding="utf-8")

    result = pmsm("docs", project / "pmsm.yaml")
    assert result.exit_code == 0, result.output
    assert f"    update  {project / 'charter.md'}\n" in result.stdout
    charter = (project / "charter.md").read_text(encoding="utf-8")
    assert "| Project sponsor | Dana Whitfield |" in charter
    assert marker.read(charter).state is marker.State.generated
    assert (project / "pmsm.yaml").read_bytes() == plan_before


def test_a_hand_edit_is_kept_unless_forced(pmsm: Run, project: Path) -> None:
    charter = project / "charter.md"
    edited = charter.read_text(encoding="utf-8").replace(
        "## Objectives", "## Objectives\n\nAgreed at the board of 3 March.", 1
    )
    charter.write_text(edited, encoding="utf-8")
    _set_sponsor(project, "Dana Whitfield")

    result = pmsm("docs", project)
    assert result.exit_code == 1
    assert f"    edited  {charter}\n" in result.stdout
    assert f"{charter}: was edited by hand since pmsm generated it, so it was kept" in result.stderr
    assert "pmsm docs --force" in result.stderr
    assert charter.read_text(encoding="utf-8") == edited
    # The requirements were not edited: they are still brought up to date (here: unchanged).
    assert f" identical  {project / 'requirements.md'}\n" in result.stdout

    forced = pmsm("docs", project, "--force")
    assert forced.exit_code == 0, forced.output
    assert f" overwrite  {charter}\n" in forced.stdout
    text = charter.read_text(encoding="utf-8")
    assert "Agreed at the board" not in text and "| Project sponsor | Dana Whitfield |" in text


def test_a_document_without_a_marker_is_kept(pmsm: Run, project: Path) -> None:
    (project / "charter.md").write_text("# Our own charter\n", encoding="utf-8")
    result = pmsm("docs", project)
    assert result.exit_code == 1
    assert "has no pmsm marker (written by hand, or by an older pmsm)" in result.stderr
    assert (project / "charter.md").read_text(encoding="utf-8") == "# Our own charter\n"


def test_diff_shows_the_change_and_writes_nothing(pmsm: Run, project: Path) -> None:
    _set_sponsor(project, "Dana Whitfield")
    before = (project / "charter.md").read_bytes()
    result = pmsm("docs", project, "--diff")
    assert result.exit_code == 0, result.output
    assert f"--- a/{project / 'charter.md'}\n+++ b/{project / 'charter.md'}\n" in result.stdout
    assert "-| Project sponsor | _to be named_ |\n+| Project sponsor | Dana Whitfield |\n" in (
        result.stdout
    )
    assert "requirements.md" not in result.stdout  # unchanged: no diff
    assert (project / "charter.md").read_bytes() == before


def test_check_fails_while_a_document_is_stale(pmsm: Run, project: Path) -> None:
    assert pmsm("docs", project, "--check").exit_code == 0
    _set_sponsor(project, "Dana Whitfield")
    (project / "requirements.md").unlink()
    result = pmsm("docs", project, "--check")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{project / 'charter.md'}: is out of date with the plan\n"
        f"{project / 'requirements.md'}: is missing\n"
        "2 of 2 documents would change; run `pmsm docs` to bring them up to date.\n"
    )
    assert not (project / "requirements.md").exists()


def test_a_named_plan_has_documents_named_after_it(pmsm: Run, project: Path) -> None:
    plan = project / "payroll.pmsm.yaml"
    (project / "pmsm.yaml").rename(plan)
    result = pmsm("docs", plan)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"    create  {project / 'payroll.charter.md'}\n"
        f"    create  {project / 'payroll.requirements.md'}\n"
    )
    last = (project / "payroll.charter.md").read_text(encoding="utf-8").splitlines()[-1]
    assert last.startswith("<!-- generated by pmsm from payroll.pmsm.yaml: ")


def test_a_broken_plan_is_one_error_at_its_line(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "pmsm.yaml"
    plan.write_text("project:\n  name: X\n  kind: new-service\n  start: soon\n", encoding="utf-8")
    result = pmsm("docs", plan)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{plan}:4:10: error: ")
    assert not (tmp_path / "charter.md").exists()


# -- the marker itself -------------------------------------------------------------


def test_the_marker_holds_the_hash_of_the_text_above_it() -> None:
    text = marker.stamp("charter.md", "# Charter\n\nBody\n", "pmsm.yaml")
    body, last = text.rsplit("<!--", 1)
    assert body == "# Charter\n\nBody\n"
    assert last.startswith(" generated by pmsm from pmsm.yaml: ")
    assert marker.read(text) == marker.Reading(marker.State.generated, "pmsm.yaml")


@pytest.mark.parametrize(
    ("change", "state"),
    [
        (lambda t: t.replace("\n", "\r\n"), marker.State.generated),  # an editor's line endings
        (lambda t: t.replace("Body", "Body!"), marker.State.edited),
        (lambda t: t + "Signed: D. W.\n", marker.State.edited),  # a line after the marker
        (lambda t: t.replace("sha256:", "sha256:0"), marker.State.unmarked),  # marker broken
    ],
)
def test_what_counts_as_an_edit(change: Callable[[str], str], state: marker.State) -> None:
    text = marker.stamp("charter.md", "# Charter\n\nBody\n", "pmsm.yaml")
    assert marker.read(change(text)).state is state


def test_files_that_cannot_hold_a_comment_get_no_marker() -> None:
    assert marker.stamp("roles.csv", "a,b\n", "pmsm.yaml") == "a,b\n"
    assert marker.stamp("page.html", "<p>x</p>\n", "pmsm.yaml").startswith("<p>x</p>\n<!-- ")


def test_a_plan_file_name_cannot_break_out_of_the_marker() -> None:
    text = marker.stamp("charter.md", "# C\n", "x --> <script>\n.pmsm.yaml")
    last = text.splitlines()[-1]
    assert last.count("-->") == 1 and last.endswith("-->")
    assert "<script" not in last
    assert marker.read(text).state is marker.State.generated
