"""Labelled plans (pmsm_cli.matching.corpus)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.matching.corpus import Label, load_plan

PLAN = """\
source: written for this test
licence: MIT
kind: new-service
tasks:
  - name: Service Transition
    catalog: null
    children:
      - {name: "Change approved at CAB, week 3", catalog: cab-approval}
      - {name: Hypercare, catalog: [early-life-support, els-exit], notes: 4 weeks}
  - {name: Change the logo, catalog: null, decoy: true}
"""


def test_a_plan_becomes_tasks_with_outline_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(PLAN, encoding="utf-8")
    plan = load_plan(path)
    assert (plan.source, plan.licence, plan.kind) == ("written for this test", "MIT", "new-service")
    assert [(t.id, t.name, t.parent, t.outline_level, t.summary) for t in plan.tasks] == [
        ("1", "Service Transition", None, 1, True),
        ("2", "Change approved at CAB, week 3", "1", 2, False),
        ("3", "Hypercare", "1", 2, False),
        ("4", "Change the logo", None, 1, False),
    ]
    assert plan.tasks[2].notes == "4 weeks"
    assert plan.labels == {
        "1": Label((), False),
        "2": Label(("cab-approval",), False),
        "3": Label(("early-life-support", "els-exit"), False),
        "4": Label((), True),
    }
    assert plan.labels["3"].primary == "early-life-support"


def test_an_unquoted_comma_is_caught(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(
        "kind: new-service\ntasks:\n  - {name: Plan, build and test, catalog: null}\n",
        encoding="utf-8",
    )
    with pytest.raises(PmsmError) as caught:
        load_plan(path)
    message = caught.value.problems[0].render()
    assert "'Plan'" in message and "build and test" in message and "quote" in message


def test_a_label_must_be_an_id_a_list_or_null(tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("kind: new-service\ntasks:\n  - {name: Pilot, catalog: 3}\n", encoding="utf-8")
    with pytest.raises(PmsmError) as caught:
        load_plan(path)
    assert "'Pilot'" in caught.value.problems[0].render()
