"""ITIL 4, PMBOK 7 and PRINCE2: the mappings, the vocabulary switch, the ITIL 4 activities.

Expected names and citations below are written out from the publications'
numbering (ITIL 4 Foundation §5: practices in alphabetical order within each
group; PMBOK Guide 7th ed. §2.1-§2.8), not copied from pmsm's output.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.catalogs.frameworks import mapping_tables, view
from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import MAPPED, Catalog
from pmsm_cli.models.sources import Source

if TYPE_CHECKING:
    from tests.conftest import Run

REPO = Path(__file__).resolve().parents[2]
HR_PLAN = REPO / "examples" / "hr-self-service-portal" / "pmsm.yaml"
FAX_PLAN = REPO / "examples" / "retire-fax-service" / "pmsm.yaml"
Write = Callable[[str, str], Path]


# -- the mappings, as catalog data -----------------------------------------------


def test_every_process_function_phase_and_group_has_each_mapping(catalog: Catalog) -> None:
    missing = [
        (entry.id, framework)
        for section, frameworks in MAPPED.items()
        for entry in getattr(catalog, section)
        for framework in frameworks
        if not any(m.framework == framework for m in catalog.mappings_of.get(entry.id, ()))
    ]
    assert missing == []
    # The sections are not empty: 22 processes, 4 functions, 5 phases, 5 process groups.
    counts = [len(getattr(catalog, s)) for s in MAPPED]
    assert counts == [22, 4, 5, 5]
    assert len(catalog.mappings) == 22 + 4 + 5 * 2 + 5 * 2


@pytest.mark.parametrize(
    ("entry", "framework", "names"),
    [
        ("change-management", "itil4", ["Change Enablement"]),
        ("release-deployment-management", "itil4", ["Release Management", "Deployment Management"]),
        (
            "service-asset-configuration-management",
            "itil4",
            ["Service Configuration Management", "IT Asset Management"],
        ),
        ("event-management", "itil4", ["Monitoring and Event Management"]),
        ("request-fulfilment", "itil4", ["Service Request Management"]),
        ("capacity-management", "itil4", ["Capacity and Performance Management"]),
        ("service-desk", "itil4", ["Service Desk"]),
        ("technical-management", "itil4", ["Infrastructure and Platform Management"]),
        ("application-management", "itil4", ["Software Development and Management"]),
        ("continual-service-improvement", "itil4", ["Improve"]),
        ("planning", "pmbok7", ["Planning", "Uncertainty"]),
        ("closing", "prince2", ["Closing a project"]),
    ],
)
def test_the_export_carries_each_mapping(
    pmsm: Run,
    entry: str,
    framework: str,
    names: list[str],
) -> None:
    result = pmsm("catalog", "export", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    entries = {e["id"]: e for s in MAPPED for e in data[s]}
    found = [m for m in entries[entry]["mappings"] if m["framework"] == framework]
    assert [m["names"] for m in found] == [names]


def test_the_export_has_the_mappings_of_every_entry(pmsm: Run) -> None:
    data = json.loads(pmsm("catalog", "export", "--format", "json").stdout)
    for section, frameworks in MAPPED.items():
        for entry in data[section]:
            got = sorted(m["framework"] for m in entry["mappings"])
            assert got == sorted(frameworks), entry["id"]
            assert all(m["names"] and m["source"] for m in entry["mappings"]), entry["id"]


def test_a_document_source_is_cited_by_its_name_and_section(catalog: Catalog) -> None:
    assert catalog.element_by_id["itil4-change-enablement"].source.cite() == (
        "ITIL 4 Foundation §5.2.4"
    )
    assert catalog.element_by_id["pmbok7-uncertainty"].source.cite() == ("PMBOK Guide 7th ed. §2.8")
    assert catalog.element_by_id["prince2-closing"].source.cite() == (
        "PRINCE2 7th ed., Processes: Closing a project"
    )
    # The whitepaper is a document like the others.
    assert catalog.process_by_id["change-management"].source.cite() == "Third Sky whitepaper §3.2"
    # A chapter, and a source read before the catalog named its document.
    assert Source(document="itil4-foundation", section="ch. 5").cite() == ("itil4-foundation ch. 5")


def test_a_source_names_a_seed_or_a_document() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=r"names a 'document'.*not a 'seed' as well"):
        Source.model_validate({"seed": "004", "document": "itil4-foundation"})
    with pytest.raises(ValidationError, match=r"names a 'document'.*and not neither"):
        Source.model_validate({"section": "3.2"})
    with pytest.raises(ValidationError, match=re.escape("section number such as 3.2")):
        Source.model_validate({"seed": "004", "section": "ch. 3"})


def test_an_unknown_document_is_named_at_its_line(write: Write) -> None:
    overlay = write(
        "org.yaml",
        "framework_elements:\n"
        "  - id: itil4-another-practice\n"
        "    title: Another practice\n"
        "    framework: itil4\n"
        "    kind: practice\n"
        "    description: A practice a later edition may add to the framework.\n"
        '    source: {document: itil-five, section: "1.2"}\n',
    )
    with pytest.raises(PmsmError) as caught:
        load_catalog([overlay])
    (problem,) = caught.value.problems
    # Line 7; the value itil-five starts after "    source: {document: ", 23 characters.
    assert (problem.path, problem.line, problem.column) == (overlay, 7, 24)
    assert "is not a document listed under 'documents:'" in problem.message


def test_a_mapping_to_the_wrong_framework_is_refused(write: Write) -> None:
    overlay = write(
        "org.yaml",
        "mappings:\n"
        "  - id: planning-pmbok7-again\n"
        "    entry: planning\n"
        "    framework: pmbok7\n"
        "    to: [pmbok7-planning, itil4-plan]\n"
        '    source: {document: pmbok-7, section: "2.4"}\n'
        "  - id: change-management-pmbok7\n"
        "    entry: change-management\n"
        "    framework: pmbok7\n"
        "    to: [pmbok7-delivery]\n"
        '    source: {document: pmbok-7, section: "2.6"}\n',
    )
    with pytest.raises(PmsmError) as caught:
        load_catalog([overlay])
    found = sorted((p.line, p.column, p.message) for p in caught.value.problems)
    assert [(line, column) for line, column, _ in found] == [(3, 12), (5, 27), (9, 16)]
    assert "'planning' has a second mapping to pmbok7" in found[0][2]
    assert "'itil4-plan' belongs to ITIL 4, but this mapping is to PMBOK 7" in found[1][2]
    assert "'change-management' is in 'processes', which is mapped to itil4" in found[2][2]


def test_disabling_an_entry_drops_its_mappings(write: Write) -> None:
    overlay = write("org.yaml", "disable: [it-operations-management]\n")
    catalog = load_catalog([overlay])
    assert "it-operations-management" not in catalog.mappings_of
    assert len(catalog.mappings) == 45  # 46 less the one of that function
    assert "itil4-infrastructure-and-platform-management" in catalog.element_by_id


# -- the vocabulary ----------------------------------------------------------------


def _without(plan: Path, ids: list[str], target: Path) -> Path:
    """A copy of ``plan`` without the activities ``ids`` and without dependencies on them."""
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    for activity in ids:
        start = next(n for n, line in enumerate(lines) if line.strip() == f"- id: {activity}")
        end = start + 1
        while end < len(lines) and lines[end].startswith("    "):
            end += 1
        del lines[start:end]
    text = "".join(lines)
    for activity in ids:
        text = re.sub(rf"\[{activity}\]", "[]", text)
        text = re.sub(rf"{activity}, |, {activity}", "", text)
    target.write_text(text, encoding="utf-8")
    return target


def test_itil4_vocabulary_changes_the_process_names_and_nothing_else(
    pmsm: Run,
    tmp_path: Path,
) -> None:
    plan = _without(
        HR_PLAN, ["cab-approval", "evt-configure-monitoring", "sacm-add-cis"], tmp_path / "p.yaml"
    )
    args = ("check", str(plan), "--isolated", "--format", "concise")
    before = pmsm(*args)
    after = pmsm(*args, "--vocabulary", "itil4")
    assert before.exit_code == after.exit_code == 1
    old, new = before.stdout.splitlines(), after.stdout.splitlines()
    assert len(old) == len(new) == 4  # three findings and the summary
    renames = {
        "of Change Management,": "of Change Enablement,",
        "of Event Management,": "of Monitoring and Event Management,",
        "of Service Asset and Configuration Management,": (
            "of Service Configuration Management + IT Asset Management,"
        ),
    }
    changed = 0
    for was, now in zip(old, new, strict=True):
        expected = was
        for v3, itil4 in renames.items():
            expected = expected.replace(v3, itil4)
        assert now == expected
        changed += now != was
    assert changed == 3
    assert "(cab-approval) of Change Enablement" in after.stdout


def test_vocabulary_from_the_configuration(
    pmsm: Run,
    tmp_path: Path,
) -> None:
    plan = _without(HR_PLAN, ["cab-approval"], tmp_path / "pmsm.yaml")
    (tmp_path / ".pmsm.yaml").write_text("vocabulary: [itil4]\n", encoding="utf-8")
    result = pmsm("check", str(plan), "--format", "concise")
    assert "(cab-approval) of Change Enablement" in result.stdout
    # The flag beats the configuration: itil-v3 is the catalog's own names.
    result = pmsm("check", str(plan), "--format", "concise", "--vocabulary", "itil-v3")
    assert "(cab-approval) of Change Management" in result.stdout


def test_an_unknown_vocabulary_is_an_input_error(
    pmsm: Run,
    write: Write,
) -> None:
    result = pmsm("check", str(HR_PLAN), "--vocabulary", "itil5")
    assert result.exit_code == 2
    assert "--vocabulary: 'itil5' is not a framework pmsm knows" in result.stderr
    config = write(".pmsm.yaml", "select: [ALL]\nvocabulary: itil5\n")
    result = pmsm("check", str(HR_PLAN), "--config", str(config))
    assert result.exit_code == 2
    assert f"{config}:2:" in result.stderr
    assert "Traceback" not in result.output


def test_the_view_renames_and_keeps_ids(catalog: Catalog) -> None:
    itil4 = view(catalog, vocabulary=["itil4", "pmbok7"])
    assert itil4.process_by_id["change-management"].title == "Change Enablement"
    assert itil4.phase_by_id["service-operation"].title == "Deliver and Support"
    assert itil4.group_by_id["executing"].title == "Project Work + Team + Delivery"
    assert itil4.activity_by_id["chg-submit-rfc"] == catalog.activity_by_id["chg-submit-rfc"]
    assert [p.id for p in itil4.processes] == [p.id for p in catalog.processes]
    # PRINCE2 names phases and groups; the first framework that maps an entry wins.
    prince2 = view(catalog, vocabulary=["prince2", "itil4"])
    assert prince2.group_by_id["closing"].title == "Closing a project"
    assert prince2.process_by_id["change-management"].title == "Change Enablement"
    # The catalog itself is unchanged.
    assert catalog.process_by_id["change-management"].title == "Change Management"


def test_plan_status_and_explain_speak_the_vocabulary(
    pmsm: Run,
) -> None:
    result = pmsm("plan", str(HR_PLAN), "--group-by", "process", "--vocabulary", "itil4")
    assert result.exit_code == 0, result.output
    assert "### Change Enablement" in result.stdout
    assert "### Change Management" not in result.stdout
    result = pmsm("explain", "CHG002")
    assert "Change Management: ITIL 4 Change Enablement (ITIL 4 Foundation §5.2.4)" in (
        result.stdout
    )
    assert "Planning: PMBOK 7 Planning + Uncertainty (PMBOK Guide 7th ed. §2.4)" in result.stdout
    result = pmsm("catalog", "show", "release-deployment-management")
    assert "in ITIL 4" in result.stdout
    assert "Release Management + Deployment Management (ITIL 4 Foundation §5.2.9)" in (
        result.stdout
    )


# -- the ITIL 4 activities ------------------------------------------------------------


ITIL4_ACTIVITIES = [
    "ocm-plan-organizational-change",
    "rlm-agree-stakeholder-engagement",
    "sdn-design-service-experience",
    "wtm-plan-skills-and-staffing",
    "mr-define-outcome-measures",
    "mr-report-outcomes-benefits",
    "rsk-align-with-organizational-risk",
]


def _missing(output: str) -> list[str]:
    return re.findall(r"\(([a-z0-9-]+)\)", output)


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (HR_PLAN, ITIL4_ACTIVITIES),
        # A retirement designs no service experience and staffs no new service.
        (
            FAX_PLAN,
            [
                "ocm-plan-organizational-change",
                "rlm-agree-stakeholder-engagement",
                "mr-define-outcome-measures",
                "mr-report-outcomes-benefits",
                "rsk-align-with-organizational-risk",
            ],
        ),
    ],
)
def test_itil4_activities_are_expected_only_where_configured(
    pmsm: Run,
    tmp_path: Path,
    plan: Path,
    expected: list[str],
) -> None:
    copy = tmp_path / "pmsm.yaml"
    copy.write_text(plan.read_text(encoding="utf-8"), encoding="utf-8")
    args = ("check", str(copy), "--select", "ACT001", "--format", "json")
    assert pmsm(*args).exit_code == 0
    (tmp_path / ".pmsm.yaml").write_text("frameworks: [itil-v3, itil4]\n", encoding="utf-8")
    result = pmsm(*args)
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    # Every finding is at 'activities:'; their order there is the report's, not the catalog's.
    assert sorted(_missing(f["message"])[0] for f in findings) == sorted(expected)
    # Each cites its own practice's section of ITIL 4 Foundation.
    cited = {_missing(f["message"])[0]: f["source"] for f in findings}
    assert cited["ocm-plan-organizational-change"] == "ITIL 4 Foundation §5.1.6"
    assert cited["rsk-align-with-organizational-risk"] == "ITIL 4 Foundation §5.1.10"


def test_the_organizational_change_starts_before_the_readiness_assessment(
    catalog: Catalog,
) -> None:
    plan = catalog.activity_by_id["ocm-plan-organizational-change"]
    assert plan.framework == "itil4" and plan.pmbok_group == "planning"
    assert plan.depends_on == ["charter-approved", "identify-stakeholders"]
    v3 = [a.id for a in catalog.activities if a.framework == "itil-v3"]
    # 56 of §3.2 and the rest of the v3 catalog: 109 since install-production-infrastructure
    # and migrate-data joined (issue 14), counted with `pmsm catalog list`.
    assert "ocm-plan-organizational-change" not in v3 and len(v3) == 109


# -- the documentation's tables ---------------------------------------------------


def test_the_documented_tables_are_the_catalogs() -> None:
    from pmsm_cli.docgen.catalogpage import catalog_pages

    assert mapping_tables(load_catalog()) in catalog_pages()["reference/catalog.md"]


def test_init_writes_the_vocabulary_into_its_documents(
    pmsm: Run,
    tmp_path: Path,
) -> None:
    folder = tmp_path / "portal"
    args = ("init", str(folder), "--defaults", "--kind", "new-service", "--name", "Portal")
    result = pmsm(*args, "--service", "HR portal", "--start", "2026-03-02", "--vocabulary", "itil4")
    assert result.exit_code == 0, result.output
    charter = (folder / "charter.md").read_text(encoding="utf-8")
    assert "- Change Enablement (CHG)" in charter
    assert "Change Management" not in charter
    # The plan keeps its ids: the scope names processes as before.
    assert "  - change-management" in (folder / "pmsm.yaml").read_text(encoding="utf-8")
