"""``pmsm check FOREIGN_FILE``: rules that apply to a task list, at the places of its file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.conftest import Run
    from typer.testing import Result

FOREIGN = Path(__file__).resolve().parents[1] / "data" / "foreign"
CRM = FOREIGN / "csv" / "crm-release-msproject-en.csv"
PAYMENTS = FOREIGN / "mspdi" / "payments-migration-en.xml"

# A release kept as a CSV: every release activity named the way practitioners write it.
RELEASE = [
    "Task Name,Duration,Predecessors",
    "Submit RFC,1 day,",
    "Define CAB membership,1 day,",
    "Pilot rollout,5 days,2",
    "Operational acceptance test,3 days,4",
    "Go-live,0 days,5",
    "Post-deployment verification,1 day,6",
    "Hypercare,10 days,7",
    "Post implementation review,1 day,8",
]


def _check(pmsm: Run, path: Path, *args: str) -> tuple[Result, Any]:
    result = pmsm("check", path, "--format", "json", "--isolated", *args)
    return result, json.loads(result.stdout) if result.stdout.strip() else None


def _findings(report: dict) -> list[dict]:  # type: ignore[type-arg]
    return list(report["findings"])


def test_a_task_list_gets_one_info_finding_for_what_it_cannot_show(pmsm: Run) -> None:
    result, report = _check(pmsm, CRM, "--select", "INP,CHT,STK", "--kind", "changed-service")
    assert result.exit_code == 0, result.output  # info only
    found = _findings(report)
    assert [f["code"] for f in found] == ["INP002"]
    assert "CSV task list" in found[0]["message"]
    assert "pmsm import crm-release-msproject-en.csv" in found[0]["message"]


def test_an_inferred_kind_is_said(pmsm: Run) -> None:
    # The payments plan's title speaks of a migration: a changed service.
    _result, report = _check(pmsm, PAYMENTS, "--select", "INP002")
    assert (
        "project kind 'changed-service' inferred: title speaks of changing an existing service; "
        "give --kind to choose another"
    ) in [f["message"] for f in _findings(report)]


def test_missing_activity_names_terms_and_the_closest_task(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "release.csv"
    plan.write_text("\n".join(RELEASE) + "\n", encoding="utf-8")
    _result, report = _check(pmsm, plan, "--select", "REL003", "--kind", "new-service")
    found = [f for f in _findings(report) if f["code"] == "REL003"]
    # Hypercare is early life support; its exit is what is missing.
    assert len(found) == 1, found
    assert "'Early life support exit' (els-exit)" in found[0]["message"]
    assert "looked for 'hypercare exit'" in found[0]["message"]


def test_mutation_removing_the_tasks_that_cover_an_activity_makes_it_missing(
    pmsm: Run, tmp_path: Path
) -> None:
    plan = tmp_path / "release.csv"
    plan.write_text("\n".join(RELEASE) + "\n", encoding="utf-8")
    _result, before = _check(pmsm, plan, "--select", "REL005,REL006", "--kind", "new-service")
    assert [f["code"] for f in _findings(before)] == []
    # Without the verification row (line 7), REL005 appears, and nothing else changes.
    plan.write_text("\n".join(RELEASE[:6] + RELEASE[7:]) + "\n", encoding="utf-8")
    _result, after = _check(pmsm, plan, "--select", "REL005,REL006", "--kind", "new-service")
    assert [f["code"] for f in _findings(after)] == ["REL005"]
    # Removing an unrelated row (the pilot) changes neither.
    plan.write_text("\n".join(RELEASE[:3] + RELEASE[4:]) + "\n", encoding="utf-8")
    _result, other = _check(pmsm, plan, "--select", "REL005,REL006", "--kind", "new-service")
    assert [f["code"] for f in _findings(other)] == []


def test_findings_about_a_task_point_at_its_line(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "release.csv"
    # Work on the hypercare row (line 8) has started, but nobody owns it: SEQ006.
    rows = ["Task Name,Duration,% Complete", "Hypercare,10 days,50%"]
    plan.write_text("\n".join(rows) + "\n", encoding="utf-8")
    _result, report = _check(pmsm, plan, "--select", "SEQ006")
    found = _findings(report)
    assert [(f["code"], f["line"]) for f in found] == [("SEQ006", 2)], found
    assert found[0]["message"].startswith("task 'Hypercare': ")


def test_an_ms_project_task_is_named_by_its_uid(pmsm: Run) -> None:
    result = pmsm("check", PAYMENTS, "--select", "SEQ006", "--format", "concise", "--isolated")
    # Task UID 11 (hypercare triage) is not started; UID 2 (pen test, 60 %) has an owner.
    assert result.exit_code == 0, result.output


def test_a_file_no_reader_claims_says_what_it_looks_like(pmsm: Run, tmp_path: Path) -> None:
    binary = tmp_path / "plan.bin"
    binary.write_bytes(b"\x00\x01\x02garbage")
    result = pmsm("check", binary, "--isolated", "--format", "concise")
    assert result.exit_code == 2
    assert "this file is binary data" in result.output
    assert "MS Project XML (mspdi)" in result.output
    assert "YAML" not in result.output.split("pmsm reads")[0]


def test_folder_walks_leave_foreign_files_alone(pmsm: Run, tmp_path: Path) -> None:
    (tmp_path / "plan.csv").write_text("\n".join(RELEASE) + "\n", encoding="utf-8")
    result = pmsm("check", tmp_path, "--isolated")
    assert result.exit_code == 2
    assert "no plan files" in result.output


def test_every_output_format_carries_the_place(pmsm: Run, tmp_path: Path) -> None:
    plan = tmp_path / "release.csv"
    plan.write_text("Task Name,Duration,% Complete\nHypercare,10 days,50%\n", encoding="utf-8")
    for fmt, needle in [
        ("concise", "release.csv:2:1: SEQ006"),
        ("sarif", '"startLine": 2'),
        ("junit", "release.csv:2:1"),
        ("github", "line=2"),
    ]:
        result = pmsm("check", plan, "--select", "SEQ006", "--format", fmt, "--isolated")
        assert needle in result.stdout, (fmt, result.stdout)


def test_what_the_reader_left_out_is_reported_at_its_task(pmsm: Run) -> None:
    # The payments plan links task UID 7 to UID 99, which the file does not hold.
    _result, report = _check(pmsm, PAYMENTS, "--select", "INP002")
    messages = [f["message"] for f in _findings(report)]
    assert (
        "left out of the check: task UID 7 'RFC-4711 raised and approved at CAB' has a "
        "predecessor with UID 99, which is not in the file; the link is left out"
    ) in messages


def test_a_pmsm_plan_with_another_name_is_still_read_as_one(pmsm: Run, tmp_path: Path) -> None:
    # Its '# comment' lines would pass for Markdown headings; its 'project:' says otherwise.
    from tests.lint.helpers import BASE

    plan = tmp_path / "plan.txt"
    plan.write_text(BASE.read_text(encoding="utf-8"), encoding="utf-8")
    result = pmsm("check", plan, "--isolated")
    assert result.exit_code == 0, result.output


def test_fix_leaves_a_foreign_plan_alone_and_says_so(pmsm: Run, tmp_path: Path) -> None:
    # --fix writes a copy (-o, tests/cli/test_check_fix_foreign.py); without one it is refused.
    plan = tmp_path / "release.csv"
    text = "\n".join(RELEASE[:3]) + "\n"
    plan.write_text(text, encoding="utf-8")
    result = pmsm("check", plan, "--fix", "--isolated", "--select", "REL")
    assert result.exit_code == 2
    assert "--fix does not change a plan kept in another tool" in result.output
    assert plan.read_text(encoding="utf-8") == text


def test_a_missing_activity_points_at_the_task_that_came_close(pmsm: Run, tmp_path: Path) -> None:
    # Only a possible match for early life support (its name says more than hypercare),
    # so REL003 reports ELS missing, at that task's line, naming it for the PM to confirm.
    plan = tmp_path / "late.csv"
    plan.write_text(
        "Task Name,Duration\nHypercare: daily triage with the service desk,10 days\n",
        encoding="utf-8",
    )
    _result, report = _check(pmsm, plan, "--select", "REL003", "--kind", "changed-service")
    found = [f for f in _findings(report) if "(early-life-support)" in f["message"]]
    assert len(found) == 1, _findings(report)
    assert found[0]["line"] == 2
    assert (
        "possibly covered by 'Hypercare: daily triage with the service desk' (line 2, score "
    ) in found[0]["message"]
    assert "confirm it in late.pmsm-map.yaml" in found[0]["message"]
