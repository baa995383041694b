"""The plan model's tracking, booking and evaluation fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.plan.load import load_plan

Write = Callable[[str, str], Path]

BASE = "project:\n  name: P\n  kind: new-service\n  start: 2026-03-02\n"


def test_plans_without_the_new_fields_still_load(write: Write) -> None:
    plan = load_plan(write("pmsm.yaml", BASE + "activities:\n  - id: a\n")).plan
    assert plan.bookings == []
    activity = plan.activities[0]
    assert (activity.baseline_start, activity.baseline_finish, activity.baseline_cost) == (
        None,
        None,
        None,
    )


def test_baseline_bookings_and_evaluation_load(write: Write) -> None:
    text = BASE + (
        "activities:\n"
        "  - id: a\n    baseline_start: 2026-03-02\n    baseline_finish: 2026-03-06\n"
        "    baseline_cost: 1500\n"
        "bookings:\n"
        "  - {environment: staging, start: 2026-03-09, finish: 2026-03-13, activity: a,"
        " purpose: rehearsal}\n"
        "change_requests:\n"
        "  - id: PCR-1\n    kind: project\n    change_type: budget\n    title: More money\n"
        "    extra_cost: 5000\n"
        "  - id: RFC-1\n    kind: service\n    title: Deploy\n"
        "    evaluation:\n"
        "      predicted: 2 s response\n      actual: 3 s response\n"
        "      intended_effects: faster payslips\n"
        "      unintended_effects: [more calls to the service desk, a longer batch]\n"
        "      residual_risk: medium\n      evaluated_on: 2026-04-01\n"
    )
    plan = load_plan(write("pmsm.yaml", text)).plan
    assert plan.activities[0].baseline_cost == 1500
    assert plan.bookings[0].environment == "staging" and plan.bookings[0].activity == "a"
    assert plan.change_requests[0].change_type == "budget"
    evaluation = plan.change_requests[1].evaluation
    assert evaluation is not None
    # One effect written as text becomes a list of one.
    assert evaluation.intended_effects == ["faster payslips"]
    assert evaluation.unintended_effects == ["more calls to the service desk", "a longer batch"]
    assert evaluation.evaluated_on == dt.date(2026, 4, 1)


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        (
            "bookings:\n  - {environment: staging, start: 2026-03-09}\n",
            ":6:5: error: 'bookings' > item 1 needs 'finish', which is missing",
        ),
        (
            # 'money' starts at column 51: "  - {" is 5 characters, "id: X, " 7,
            # "kind: project, " 15, "title: T, " 10 and "change_type: " 13.
            "change_requests:\n  - {id: X, kind: project, title: T, change_type: money}\n",
            ":6:51: error: 'change_type' in 'change_requests' > item 1 ('X') should be one of"
            " 'scope', 'time', 'budget', 'standard', 'normal' or 'emergency'",
        ),
        (
            "change_requests:\n  - id: X\n    kind: service\n    title: T\n"
            # 'verdict' at column 38: 4 spaces, "evaluation: {" 13, "residual_risk: low, " 20.
            "    evaluation: {residual_risk: low, verdict: fine}\n",
            ":9:38: error: unknown key 'verdict' in 'change_requests' > item 1 ('X') >"
            " 'evaluation'",
        ),
    ],
)
def test_mistakes_in_the_new_fields_are_positioned(
    write: Write, snippet: str, expected: str
) -> None:
    with pytest.raises(PmsmError) as caught:
        load_plan(write("pmsm.yaml", BASE + snippet))
    assert expected in str(caught.value)
