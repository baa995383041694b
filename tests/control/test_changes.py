"""Change control core (§5.1): ids, the business case and the schedule impact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.control.changes import (
    ChangeInput,
    build_change,
    business_case,
    next_id,
    schedule_impact,
)
from pmsm_cli.errors import PmsmError
from pmsm_cli.plan.load import load_plan

if TYPE_CHECKING:
    from pmsm_cli.models.catalog import Catalog

Write = Callable[[str, str], Path]

HEAD = "project: {name: X, kind: new-service, start: 2026-03-02}\n"


def test_ids_follow_the_highest_number_of_either_kind(write: Write) -> None:
    loaded = load_plan(
        write(
            "p.pmsm.yaml",
            HEAD + "change_requests:\n"
            "  - {id: RFC-7, kind: service, title: a}\n"
            "  - {id: CR-99, kind: project, title: b}\n",  # not one of ours: not counted
        )
    )
    assert next_id(loaded.plan, "project") == "PCR-8"
    assert next_id(loaded.plan, "service") == "RFC-8"


def test_no_charter_figures_no_business_case(write: Write) -> None:
    loaded = load_plan(write("p.pmsm.yaml", HEAD + "activities:\n  - {id: a, duration: 2}\n"))
    cr = build_change(loaded, ChangeInput("project", "More money", extra_cost=100))
    assert cr.change_type == "budget"
    assert business_case(loaded.plan, cr) is None


def test_a_rejected_request_does_not_count_in_the_budget(write: Write) -> None:
    loaded = load_plan(
        write(
            "p.pmsm.yaml",
            HEAD + "charter:\n  horizon_years: 1\n"
            "  costs: [{item: a, category: run-the-business, stage: operate, amount: 1000}]\n"
            "  benefits: [{item: b, amount: 1500, recurring: false}]\n"
            "change_requests:\n"
            "  - {id: PCR-1, kind: project, title: a, extra_cost: 500, status: rejected}\n"
            "  - {id: PCR-2, kind: project, title: b, extra_cost: 250, status: implemented,\n"
            "     approved_on: 2026-03-01}\n",
        )
    )
    cr = build_change(loaded, ChangeInput("project", "c", extra_cost=250))
    case = business_case(loaded.plan, cr)
    assert case is not None
    # Before: 1,000 + 250 (PCR-2; PCR-1 was rejected) = 1,250: ROI 250 / 1,250 = 20%.
    # After: 1,500, ROI 0 / 1,500 = 0%.
    assert (case.tco_before, case.tco_after) == (1250, 1500)
    assert case.roi_before == pytest.approx(20.0)
    assert case.roi_after == pytest.approx(0.0)


def test_delaying_a_milestone_moves_it_later(write: Write, catalog: Catalog) -> None:
    loaded = load_plan(
        write(
            "p.pmsm.yaml",
            HEAD + "activities:\n"
            "  - {id: a, duration: 3}\n"
            "  - {id: gate, milestone: true, depends_on: [a]}\n"
            "  - {id: b, duration: 2, depends_on: [gate]}\n",
        )
    )
    cr = build_change(loaded, ChangeInput("project", "wait", extra_days=2, activity="gate"))
    impact = schedule_impact(loaded, catalog, cr)
    # Before: a 03-02..03-04, gate 03-05, b 03-05..03-06.
    # After: gate two working days later, 03-09; b 03-09..03-10.
    assert (impact.finish_before.isoformat(), impact.finish_after.isoformat()) == (
        "2026-03-06",
        "2026-03-10",
    )


def test_every_broken_rule_is_reported_at_once(write: Write) -> None:
    loaded = load_plan(write("p.pmsm.yaml", HEAD))
    with pytest.raises(PmsmError) as caught:
        build_change(
            loaded,
            ChangeInput("service", "x", approver="project-sponsor", extra_days=3),
        )
    messages = [p.message for p in caught.value.problems]
    assert len(messages) == 4  # approver, --extra-days, no environment, no window
    assert all(p.path == loaded.path for p in caught.value.problems)
