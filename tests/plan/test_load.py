"""Loading plan files: every mistake is one clear message at its line and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.plan.load import load_plan

Write = Callable[[str, str], Path]

GOOD = """\
project:
  name: Payroll portal
  kind: new-service
  start: 2026-03-02
activities:
  - id: slm-create-sla
    duration: 5
  - id: deploy
    name: Deploy the portal
    depends_on: [slm-create-sla, {id: build, lag: 2}]
"""


def messages(path: Path) -> list[str]:
    with pytest.raises(PmsmError) as caught:
        load_plan(path)
    return [p.render() for p in caught.value.problems]


def test_good_plan_loads(write: Write) -> None:
    loaded = load_plan(write("pmsm.yaml", GOOD))
    plan = loaded.plan
    assert plan.project.name == "Payroll portal"
    assert [a.id for a in plan.activities] == ["slm-create-sla", "deploy"]
    deps = plan.activities[1].depends_on
    assert [(d.id, d.lag) for d in deps] == [("slm-create-sla", 0), ("build", 2)]


def test_unknown_key_suggests_the_right_one(write: Write) -> None:
    text = GOOD.replace("    duration: 5\n", "    duraton: 5\n")
    (message,) = messages(write("pmsm.yaml", text))
    assert message.endswith(
        "pmsm.yaml:7:5: error: unknown key 'duraton' in 'activities' > item 1 ('slm-create-sla');"
        " did you mean 'duration'?"
    )


def test_wrong_type_says_what_was_found(write: Write) -> None:
    text = GOOD.replace("duration: 5", "duration: two weeks")
    (message,) = messages(write("pmsm.yaml", text))
    assert message.endswith(
        "pmsm.yaml:7:15: error: 'duration' in 'activities' > item 1 ('slm-create-sla') should be"
        " a whole number, but it is the text 'two weeks'"
    )


def test_missing_field(write: Write) -> None:
    text = GOOD.replace("  start: 2026-03-02\n", "")
    (message,) = messages(write("pmsm.yaml", text))
    assert message.endswith("pmsm.yaml:2:3: error: 'project' needs 'start', which is missing")


def test_bad_date(write: Write) -> None:
    text = GOOD.replace("start: 2026-03-02", "start: next monday")
    (message,) = messages(write("pmsm.yaml", text))
    assert (
        "pmsm.yaml:4:10: error: 'start' in 'project' should be a date written YYYY-MM-DD" in message
    )


def test_bad_status_lists_the_choices(write: Write) -> None:
    text = GOOD.replace("    duration: 5\n", "    duration: 5\n    status: finished\n")
    (message,) = messages(write("pmsm.yaml", text))
    assert (
        ":8:13: error: 'status' in 'activities' > item 1 ('slm-create-sla') should be one of"
        in message
    )
    assert "'done'" in message


def test_several_problems_each_get_a_line(write: Write) -> None:
    text = GOOD.replace("duration: 5", "duration: -1").replace("lag: 2", "lag: soon")
    found = messages(write("pmsm.yaml", text))
    assert len(found) == 2
    assert ":7:15: error: 'duration'" in found[0] and "at least 0" in found[0]
    assert ":10:51: error: 'lag'" in found[1]


def test_duplicate_activity_key_is_not_silently_dropped(write: Write) -> None:
    text = GOOD.replace("    duration: 5\n", "    duration: 5\n    duration: 6\n")
    (message,) = messages(write("pmsm.yaml", text))
    assert ":8:5: error: the key 'duration' appears twice" in message


def test_empty_plan(write: Write) -> None:
    (message,) = messages(write("pmsm.yaml", "\n"))
    assert message.endswith(
        "pmsm.yaml:1:1: error: the plan file is empty; it should be a mapping"
        " that starts with keys such as 'version:', 'project:', 'scope:'"
    )


def test_top_level_list(write: Write) -> None:
    (message,) = messages(write("pmsm.yaml", "- a\n- b\n"))
    assert "should be a mapping of keys such as" in message and "but it is a list" in message


def test_bad_id_explains_the_form(write: Write) -> None:
    text = GOOD.replace("id: deploy", "id: Deploy Portal")
    (message,) = messages(write("pmsm.yaml", text))
    assert (
        ":8:9: error: 'id' in 'activities' > item 2 ('Deploy Portal') should be an id in lowercase letters"
        in message
    )
