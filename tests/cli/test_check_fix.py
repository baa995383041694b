"""``pmsm check --fix`` and ``--diff``: add missing catalog activities, keep everything else."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from tests.lint.helpers import BASE

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]
PLAN = BASE.read_text(encoding="utf-8")
# Taken out of the base plan: two SORT tests, early life support with its criteria
# activity and exit, the closing hand-overs and a §3.2 activity whose dependency
# (slm-create-sla) goes too.
REMOVED = (
    "  - {id: sort-service-level-test, owner: Test manager}\n",
    "  - {id: sort-user-test, owner: Test manager}\n",
    "  - {id: els-define-exit-criteria, owner: Head of HR systems}\n",
    "  - {id: els-exit, owner: Head of HR systems}\n",
    "  - {id: handover-known-errors, owner: Problem manager}\n",
    "  - {id: slm-create-sla, owner: Service level manager}\n",
    "  - {id: slm-create-olas, owner: Service level manager}\n",
)


def sparse() -> str:
    text = PLAN
    for line in REMOVED:
        assert line in text
        text = text.replace(line, "")
    # early-life-support is a block mapping in the base plan; take it out whole
    start = text.index("  - id: early-life-support\n")
    end = text.index("  - {id: review-close-deployment")
    return text[:start] + text[end:]


def test_fix_adds_the_missing_activities_and_the_plan_passes(pmsm: Run, write: Write) -> None:
    path = write("pmsm.yaml", sparse())
    before = pmsm("check", path, "--format", "concise")
    assert before.exit_code == 1
    fixed = pmsm("check", path, "--fix")
    # 8 activities: the 7 removed lines and early-life-support
    assert "--fix added 8 activities" in fixed.stdout
    text = path.read_text(encoding="utf-8")
    # Every comment of the original is still there, in order.
    comments = [line for line in PLAN.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == comments
    # What was not removed is unchanged, line for line, in the same order.
    kept = sparse().splitlines()
    assert [line for line in text.splitlines() if line in set(kept)] == kept
    # early-life-support came back without exit criteria, but the activity that defines
    # them came back too, so the plan passes.
    again = pmsm("check", path)
    assert again.exit_code == 0, again.stdout
    assert fixed.exit_code == 0


def test_fix_places_an_activity_after_what_it_depends_on(pmsm: Run, write: Write) -> None:
    path = write("pmsm.yaml", sparse())
    pmsm("check", path, "--fix")
    lines = path.read_text(encoding="utf-8").splitlines()
    sla = next(i for i, line in enumerate(lines) if line.startswith("  - id: slm-create-sla"))
    # slm-create-sla depends on slm-collect-requirements and scm-update-service-definition
    assert lines[sla - 1] == "  - {id: slm-collect-requirements, owner: Service level manager}"
    assert lines[sla] == (
        "  - id: slm-create-sla  # added by pmsm check --fix: Create or update the service level "
        "agreement (SLA) (Third Sky whitepaper §3.2)"
    )
    assert lines[sla + 1].startswith("  - id: slm-create-olas")


def test_diff_shows_the_fix_and_writes_nothing(pmsm: Run, write: Write) -> None:
    text = sparse()
    path = write("pmsm.yaml", text)
    result = pmsm("check", path, "--diff")
    assert result.exit_code == 1
    assert result.stdout.startswith(f"--- a/{path}\n+++ b/{path}\n")
    added = [line for line in result.stdout.splitlines() if line.startswith("+  - id: ")]
    assert len(added) == 8
    assert not [line for line in result.stdout.splitlines() if line.startswith("-  ")]
    assert "--fix would add 8 activities to 1 file" in result.stderr
    assert path.read_text(encoding="utf-8") == text
    clean = write("clean/pmsm.yaml", PLAN)
    assert pmsm("check", clean, "--diff").exit_code == 0


def test_fix_skips_waived_findings(pmsm: Run, write: Write) -> None:
    text = (
        sparse() + "waivers:\n  - {code: CLS002, reason: problem management is run by the vendor}\n"
    )
    path = write("pmsm.yaml", text)
    pmsm("check", path, "--fix")
    assert "handover-known-errors" not in path.read_text(encoding="utf-8")
    assert pmsm("check", path).exit_code == 0


def test_fix_on_a_plan_without_activities(pmsm: Run, write: Write) -> None:
    path = write(
        "pmsm.yaml", "# my plan\nproject: {name: X, kind: improvement, start: 2026-03-02}\n"
    )
    pmsm("check", path, "--fix")
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# my plan\nproject: {name: X, kind: improvement, start: 2026-03-02}\nactivities:\n- id: "
    )
    result = pmsm("check", path, "--select", "ACT001,REL,CLS,CHG001,CHG002", "--format", "concise")
    assert result.stdout.strip() == "All checks passed (1 file)."
