"""The example projects in ``examples/``: they load, and they are complete and coherent.

Each example is a plan a project manager filled in after ``pmsm init``. These
checks are the whitepaper's (§2-§6) as plain assertions, so an example that
drifts (a template change, a catalog change) fails here first.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.plan.load import load_plan
from pmsm_cli.plan.resolve import missing_activities, schedule_plan
from pmsm_cli.scaffold.regenerate import documents

if TYPE_CHECKING:
    from tests.conftest import Run

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
KINDS = {
    "hr-self-service-portal": "new-service",
    "email-to-exchange-online": "changed-service",
    "retire-fax-service": "retire-service",
    # The e-mail move run under PRINCE2 (project.method: prince2), tests/test_prince2.py.
    "email-to-exchange-online-prince2": "changed-service",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_there_is_an_example_of_each_kind() -> None:
    # examples/portfolio/ holds the portfolio examples (several plans and a service file).
    projects = [p.name for p in EXAMPLES.iterdir() if (p / "pmsm.yaml").exists()]
    assert sorted(projects) == sorted(KINDS)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_documents_are_rendered_from_the_plan(catalog: Catalog, name: str) -> None:
    # The documents `pmsm docs` writes (pmsm_cli.scaffold.regenerate), compared whole.
    folder = EXAMPLES / name
    plan = load_plan(folder / "pmsm.yaml").plan
    planned_files = documents(folder / "pmsm.yaml", plan, catalog)
    assert sorted(p.path for p in planned_files) == ["charter.md", "requirements.md"]
    for planned in planned_files:
        path = folder / planned.path
        if os.environ.get("PMSM_UPDATE_EXAMPLES"):
            path.write_text(planned.content, encoding="utf-8")
        assert path.read_text(encoding="utf-8") == planned.content, (
            f"{path} no longer matches its plan; re-render it with `pmsm docs {folder}` "
            "or PMSM_UPDATE_EXAMPLES=1 python -m pytest tests/test_examples.py"
        )


@pytest.mark.parametrize("name", sorted(KINDS))
def test_pmsm_docs_check_finds_the_examples_up_to_date(pmsm: Run, name: str) -> None:
    result = pmsm("docs", EXAMPLES / name, "--check")
    assert result.exit_code == 0, result.output
    assert result.stdout == "2 documents up to date with the plan.\n"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_the_plan_is_complete_and_coherent(catalog: Catalog, name: str) -> None:
    plan = load_plan(EXAMPLES / name / "pmsm.yaml").plan
    assert plan.project.kind == KINDS[name]

    # §3.2, §4, §6: every catalog activity for the kind, each with an owner.
    assert missing_activities(plan, catalog) == []
    assert [a.id for a in plan.activities if not a.owner] == []
    scheduled = schedule_plan(plan, catalog, suggest=False).schedule
    last = max(t.early_finish for t in scheduled.tasks.values())
    assert plan.project.finish is not None and last <= plan.project.finish

    # §2.1: implement, operate and retire costs, run costs per year, ROI that follows.
    charter = plan.charter
    assert {c.stage for c in charter.costs} == {"implement", "operate", "retire"}
    assert any(c.category == "run" and c.stage == "operate" and c.recurring for c in charter.costs)
    assert charter.derived_roi is not None and charter.roi == round(charter.derived_roi, 1)

    # §2.2: every stakeholder named, or not applicable with a reason; customer and users apart.
    for s in plan.stakeholders:
        assert s.name if s.applicable else s.reason, s.role
    roles = {s.role: s for s in plan.stakeholders}
    assert roles["customer"].name != roles["user"].name
    assert roles["service-owner"].applicable and roles["service-desk"].applicable
    functions = [f.id for f in catalog.functions]
    assert set(functions) <= set(roles)

    # §3.1: at least one requirement for every checklist item.
    items = [i.id for c in catalog.requirement_checklists for i in c.items]
    assert [i for i in items if not plan.requirements.get(i)] == []

    # §3.3: every risk category considered, each risk assessed and owned.
    assert {c.id for c in catalog.risk_categories} <= {r.category for r in plan.risks}
    assert all(r.probability and r.impact and r.response and r.owner for r in plan.risks)

    # §5.1: an RFC approved by the CAB before go-live, and a project change request
    # approved by the sponsor; neither kind sent to the other's approver.
    go_live = scheduled.tasks["go-live"].early_start
    rfcs = [c for c in plan.change_requests if c.kind == "service"]
    pcrs = [c for c in plan.change_requests if c.kind == "project"]
    assert {c.approver for c in rfcs} == {"change-advisory-board"}
    assert {c.approver for c in pcrs} == {"project-sponsor"}
    approved = [c for c in rfcs if c.status == "approved"]
    assert approved and all(c.approved_on and c.approved_on <= go_live for c in approved)
    assert any(c.status == "approved" and c.approved_on for c in pcrs)
    ids = {a.id for a in plan.activities}
    assert all(c.activity in ids for c in plan.change_requests if c.activity)


def test_the_retirement_decommissions_without_a_supplier_rfp(catalog: Catalog) -> None:
    plan = load_plan(EXAMPLES / "retire-fax-service" / "pmsm.yaml").plan
    ids = {a.id for a in plan.activities}
    assert {"decommission-retiring-services", "remove-redundant-assets"} <= ids
    assert "scm-update-service-definition" in ids
    assert not {"sup-create-rfp", "sup-select-supplier"} & ids


@pytest.mark.parametrize("name", ["hr-self-service-portal", "email-to-exchange-online"])
def test_pilots_rehearsals_and_early_life_support_have_exit_criteria(
    catalog: Catalog, name: str
) -> None:
    plan = load_plan(EXAMPLES / name / "pmsm.yaml").plan
    by_id = {a.id: a for a in plan.activities}
    for activity_id in ("pilot", "service-rehearsal", "early-life-support"):
        assert by_id[activity_id].exit_criteria, activity_id
