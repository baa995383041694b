"""The built-in catalog against the reference map, so nothing can silently go missing.

The §3.2 table below is restated by hand from the reference map
(``../shared/reference/whitepaper-map.md``); the map's table is kept in
``tests/data/reference/whitepaper-map-table-3.2.md`` so that the comparison runs
in a plain clone too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.models.catalog import SOURCED_SECTIONS, Catalog

MAP_TABLE = (
    Path(__file__).resolve().parents[1] / "data" / "reference" / "whitepaper-map-table-3.2.md"
)

# ITIL process title -> the catalog ids of its §3.2 activities, in table order.
TABLE_3_2: dict[str, list[str]] = {
    "Service Portfolio Management": ["spm-update-service-definition"],
    "Financial Management": ["fin-determine-charging-method"],
    "Demand Management": ["dem-determine-business-demand"],
    "Service Catalog Management": ["scm-update-service-definition"],
    "Service Level Management": [
        "slm-collect-requirements",
        "slm-create-sla",
        "slm-create-olas",
        "slm-design-reports",
        "slm-build-reports",
        "slm-test-reports",
    ],
    "Availability Management": [
        "avm-bia-risk-assessment",
        "avm-create-availability-plan",
        "avm-test-availability-measures",
    ],
    "Capacity Management": [
        "cap-determine-requirements",
        "cap-create-capacity-plan",
        "cap-test-utilization-measurement",
    ],
    "IT Service Continuity Management": [
        "itscm-bia-risk-assessment",
        "itscm-determine-rto-rpo",
        "itscm-create-continuity-plan",
        "itscm-test-continuity-plan",
    ],
    "Information Security Management": [
        "ism-design-authentication",
        "ism-design-access-permissions",
        "ism-design-audit",
        "ism-design-encryption-at-rest",
        "ism-design-encryption-in-motion",
        "ism-test-security-mechanisms",
    ],
    "Supplier Management": [
        "sup-create-rfp",
        "sup-select-supplier",
        "sup-negotiate-contract",
        "sup-register-supplier-contract",
        "sup-test-engagement-model-sort",
    ],
    "Change Management": ["chg-define-cab", "chg-submit-rfc"],
    "Service Asset & Configuration Management": ["sacm-add-cis", "sacm-map-relationships"],
    "Release & Deployment Management": [
        "rdm-define-release-schedule-packaging-policy",
        "rdm-define-version-control",
        "rdm-define-build-policies",
        "rdm-define-test-environment-controls",
        "rdm-define-deployment-policies",
    ],
    "Knowledge Management": [
        "km-develop-user-documentation",
        "km-develop-support-documentation",
        "km-document-operational-activities",
    ],
    "Event Management": [
        "evt-collect-monitoring-requirements",
        "evt-configure-monitoring",
        "evt-test-monitoring-sort",
    ],
    "Incident Management": [
        "inc-update-categorizations",
        "inc-update-escalation-procedures",
        "inc-train-support",
    ],
    "Request Fulfilment": [
        "rf-define-request-forms",
        "rf-define-approval-procedure",
        "rf-define-fulfilment-procedure",
    ],
    "Problem Management": ["prb-update-known-errors"],
    "Access Management": [
        "acc-define-authority-matrix",
        "acc-define-access-request-procedure",
        "acc-define-termination-audit-procedures",
    ],
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _norm(title: str) -> str:
    return title.lower().replace("&", "and")


def test_the_table_has_19_processes_and_56_activities() -> None:
    assert len(TABLE_3_2) == 19
    assert sum(len(v) for v in TABLE_3_2.values()) == 56


def test_every_table_activity_is_in_the_catalog_under_its_process(catalog: Catalog) -> None:
    processes = {_norm(p.title): p for p in catalog.processes}
    for title, ids in TABLE_3_2.items():
        process = processes[_norm(title)]
        assert process.source.section == "3.2", title
        for activity_id in ids:
            activity = catalog.activity_by_id[activity_id]
            assert activity.process == process.id, activity_id
            assert activity.source.document == "third-sky-whitepaper"
            assert activity.source.section == "3.2"
    table_ids = {i for ids in TABLE_3_2.values() for i in ids}
    cited = {a.id for a in catalog.activities if a.source.section == "3.2"}
    assert cited == table_ids  # nothing else claims §3.2, nothing is missing


def test_the_restated_table_matches_the_reference_map() -> None:
    text = MAP_TABLE.read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([^|]+?) \| ([^|]+?) \|$", text, flags=re.MULTILINE)
    table = {name: cell for name, cell in rows if name not in ("ITIL process", "---")}
    assert len(table) == 19
    for name, cell in table.items():
        assert len(cell.split(";")) == len(TABLE_3_2[name]), name


def test_frameworks_are_complete(catalog: Catalog) -> None:
    assert [g.id for g in sorted(catalog.pmbok_groups, key=lambda g: g.order)] == [
        "initiating",
        "planning",
        "executing",
        "monitoring-controlling",
        "closing",
    ]
    assert [p.id for p in sorted(catalog.phases, key=lambda p: p.order)] == [
        "service-strategy",
        "service-design",
        "service-transition",
        "service-operation",
        "continual-service-improvement",
    ]
    assert {k.id for k in catalog.project_kinds} == {
        "new-service",
        "changed-service",
        "retire-service",
        "process-adoption",
        "improvement",
    }
    assert [s.id for s in sorted(catalog.rd_stages, key=lambda s: s.order)] == [
        "plan-prepare-release",
        "build-test",
        "service-testing-pilots",
        "plan-prepare-deployment",
        "transfer-deploy-retire",
        "verify-deployment",
        "early-life-support",
        "review-close",
    ]
    assert {c.id for c in catalog.investment_categories} == {"run", "grow", "transform"}
    assert {s.id for s in catalog.tco_stages} == {"implement", "operate", "retire"}
    assert {m.id for m in catalog.measures} == {
        "schedule-variance",
        "cost-variance",
        "milestones-missed",
    }
    assert all(m.source.document == "service-project-management" for m in catalog.measures)


def test_release_control_and_closing_items(catalog: Catalog) -> None:
    ids = catalog.activity_by_id
    sort = {a.id for a in catalog.activities if "sort" in a.tags and a.id.startswith("sort-")}
    assert sort == {
        "sort-service-management-test",
        "sort-service-operations-test",
        "sort-service-level-test",
        "sort-user-test",
    }
    for required in (
        "pilot",
        "service-rehearsal",
        "els-define-exit-criteria",
        "early-life-support",
        "verify-deployment",
        "deployment-remedial-action",
        "review-close-deployment",
        "decommission-retiring-services",
        "remove-redundant-assets",
        "deploy-transfer-to-operations",
        "coordinate-shared-environments",
        "evaluate-service-change",
        "establish-project-change-control",
        "knowledge-transfer",
        "validate-operations-in-production",
        "register-documentation",
        "handover-known-errors",
        "handover-improvements",
        "develop-charter-tco",
        "identify-stakeholders",
        "collect-requirements",
        "assess-risks",
    ):
        assert required in ids, required
    # Every R&D stage has activities, and the §4.2 build-and-test items are there.
    assert {a.stage for a in catalog.activities if a.stage} == {s.id for s in catalog.rd_stages}
    assert len([a for a in catalog.activities if "often-missed" in a.tags]) >= 5
    milestones = {a.id for a in catalog.activities if a.milestone}
    assert milestones >= {
        "charter-approved",
        "cab-approval",
        "go-live",
        "els-exit",
        "project-closed",
    }
    assert all(ids[m].duration == 0 for m in milestones)
    # The order the whitepaper implies.
    assert (
        "slm-create-sla" in ids["slm-test-reports"].depends_on
        or "slm-build-reports" in ids["slm-test-reports"].depends_on
    )
    assert "chg-define-cab" in ids["chg-submit-rfc"].depends_on


def test_checklists_risks_and_stakeholders(catalog: Catalog) -> None:
    items = {c.id: [i.id for i in c.items] for c in catalog.requirement_checklists}
    assert items["warranty"] == [
        "warranty-availability",
        "warranty-capacity",
        "warranty-security",
        "warranty-continuity",
    ]
    assert len(items["design-aspects"]) == 5
    assert items["four-ps"] == ["p-people", "p-process", "p-products", "p-partners"]
    assert {"incident-logging", "change-easy-backout"} <= set(items["lifecycle"])
    assert "utility" in items
    assert [r.id for r in catalog.risk_categories] == [
        "service-provider",
        "contract",
        "design",
        "operational",
        "market",
    ]
    assert [f.id for f in catalog.functions] == [
        "application-management",
        "technical-management",
        "service-desk",
        "it-operations-management",
    ]
    assert {
        "customer",
        "user",
        "project-sponsor",
        "service-owner",
        "change-advisory-board",
        "product-manager",
        "service-manager",
        "business-relationship-manager",
        "process-owner",
        "csi-manager",
    } <= {r.id for r in catalog.roles}


def test_every_entry_cites_a_source_and_describes_itself(catalog: Catalog) -> None:
    documents = {d.id for d in catalog.documents}
    for section in SOURCED_SECTIONS:
        for entry in getattr(catalog, section):
            source = entry.source
            # The built-in catalog cites documents; the seed form is for older overlays.
            assert source.seed is None and source.document in documents, entry.id
            if section != "mappings":  # a mapping says why only where it is not one to one
                assert len(entry.description) >= 20, entry.id


def test_retirement_runs_no_rfp(catalog: Catalog) -> None:
    retire = {a.id for a in catalog.activities_for("retire-service")}
    assert "sup-create-rfp" not in retire
    assert {"decommission-retiring-services", "remove-redundant-assets"} <= retire
    assert "scm-update-service-definition" in retire
