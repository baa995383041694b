"""Rules beyond their fixtures: the registry, the examples, every project kind, edge cases."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.lint.helpers import ALL, BASE, TODAY, check_file, configured

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rules import OWNED_ACTIVITIES, RULES
from pmsm_cli.lint.runner import Job, run
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.load import load_plan
from pmsm_cli.plan.resolve import expected_activities

Write = Callable[[str, str], Path]
HEAD = "project: {name: Payroll portal, kind: new-service, start: 2026-03-02}\n"


def codes_of(path: Path) -> list[str]:
    return [f.code for f in check_file(path).findings]


def test_codes_and_slugs_are_unique_and_well_formed() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.slug for r in RULES}) == len(RULES)
    for rule in RULES:
        assert re.fullmatch(r"[A-Z]{3}\d{3}", rule.code), rule.code
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", rule.slug), rule.slug
        assert rule.rationale.endswith("."), rule.code


def test_every_rule_but_housekeeping_cites_a_catalog_document() -> None:
    documents = {d.id: d.cited_as for d in load_catalog().documents}
    for rule in RULES:
        # Housekeeping (the plan's own consistency) has no source to cite.
        if rule.basis == "housekeeping":
            assert rule.source is None and rule.cited is None, rule.code
            continue
        assert rule.source is not None and rule.source.document in documents, rule.code
        section = rule.source.section
        # The whitepaper by §; PRINCE2 by its practice or process; a web article whole.
        assert section is None or re.fullmatch(
            r"\d+(\.\d+)*|(Practices|Processes): [A-Z][a-z ]+", section
        ), rule.code
        # The rationale cites where the rule comes from, in words a reader knows.
        if section is None:
            cite = documents[rule.source.document]
        elif section[0].isdigit():
            cite = "§" + section
        else:
            cite = section.split(": ")[1]
        assert cite.lower() in rule.rationale.lower(), rule.code


def test_a_rule_is_cited_by_the_name_the_catalog_gives_its_document() -> None:
    by_code = {r.code: r for r in RULES}
    assert by_code["CHT001"].cited == "Third Sky whitepaper §2.1"
    assert by_code["SEQ005"].cited == "GB Advisors article"
    assert by_code["PRN001"].cited == "PRINCE2 7th ed., Processes: Managing a stage boundary"
    assert by_code["WVR001"].cited is None


# Rules about plans kept in other tools: their bad example is such a plan (a CSV task list).
TASK_LIST_EXAMPLES = {"INP002": ".csv"}


def example_messages(
    rule_code: str, example: str, write: Write, ending: str = ".pmsm.yaml"
) -> list[str] | None:
    """Messages of ``rule_code`` for an example (given a project when it has none); None: unreadable.

    The example of a rule across plans holds one YAML document per plan; they
    are checked together, in one run. A first document that starts '# .pmsm.yaml'
    is the configuration they are checked with (the CAL rules' change calendar).
    """
    documents = example.split("---\n")
    settings = ALL
    if documents[0].startswith("# .pmsm.yaml"):
        settings = configured(write(".pmsm.yaml", documents.pop(0)).parent)
    paths = [
        write(f"{rule_code}-{n}{ending}", text)
        if ending != ".pmsm.yaml"
        else write(f"{rule_code}-{n}{ending}", text if text.startswith("project:") else HEAD + text)
        for n, text in enumerate(documents)
    ]
    results = run([Job(path, path.name, settings) for path in paths], today=TODAY, workers=1)
    if any(result.unreadable for result in results):
        return None
    return [f.message for result in results for f in result.findings if f.code == rule_code]


# Excerpts: the good example shows the fix for what the bad one lacks, not a whole plan.
EXCERPTS = {"ACT001"}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_the_examples_of_explain_fail_and_pass(rule: Any, write: Write) -> None:
    bad = example_messages(
        rule.code, rule.bad, write, TASK_LIST_EXAMPLES.get(rule.code, ".pmsm.yaml")
    )
    good = example_messages(rule.code, rule.good, write)
    assert good is not None, "the good example must load"
    if rule.always_on:
        assert bad is None  # the bad example of INP001 does not load
        return
    assert bad, "the bad example must break its rule"
    if rule.code in EXCERPTS:
        assert set(good) < set(bad)
    else:
        assert good == []


def complete_plan(kind: str) -> dict[str, Any]:
    """The base plan's sections with exactly the activities the catalog gives ``kind``."""
    catalog = load_catalog([])
    data = yaml.safe_load(BASE.read_text(encoding="utf-8"))
    data["project"]["kind"] = kind
    plan = Plan.model_validate({"project": data["project"]})
    activities: list[dict[str, Any]] = []
    for entry in expected_activities(plan, catalog):
        item: dict[str, Any] = {"id": entry.id, "owner": "Anna Berg"}
        if entry.id == "early-life-support":
            item["exit_criteria"] = ["fewer than 2 priority 1 incidents over 2 weeks"]
        if entry.id == "readiness-assessment":  # the go/no-go (AUT002)
            item["decided_by"] = "Head of HR systems"
            item["evidence"] = ["readiness test reports"]
        if entry.id in ("pilot", "service-rehearsal"):  # REL009
            item["objectives"] = ["the riskiest areas exercised in real use"]
            item["exit_criteria"] = ["no priority 1 incident over 2 weeks"]
            item["feedback"] = "Weekly survey; what blocks go-live is fixed first"
        activities.append(item)
    data["activities"] = activities
    # The base plan's project change request, and one RFC for each change to production
    # (CHG005): which activities change production depends on the kind.
    data["change_requests"] = [cr for cr in data["change_requests"] if cr["kind"] == "project"]
    for n, entry in enumerate(
        a for a in expected_activities(plan, catalog) if a.touches_production
    ):
        data["change_requests"].append(
            {"id": f"RFC-{n + 1}", "kind": "service", "title": entry.title, "activity": entry.id}
        )
    return data


@pytest.mark.parametrize(
    "kind", ["new-service", "changed-service", "retire-service", "process-adoption", "improvement"]
)
def test_a_complete_plan_of_every_kind_passes(kind: str, write: Write) -> None:
    # The release rules ask only for what the catalog lists for the kind: a process
    # adoption has no service level test and no rehearsal, a retirement no SORT at all.
    path = write("pmsm.yaml", yaml.safe_dump(complete_plan(kind), sort_keys=False))
    result = check_file(path)
    assert [(f.code, f.message) for f in result.findings] == []


def test_specific_rules_own_their_activities_so_nothing_is_reported_twice(write: Write) -> None:
    path = write("pmsm.yaml", HEAD)
    findings = check_file(path).findings
    targets = [f.target for f in findings if f.code == "ACT001"]
    assert not set(targets) & OWNED_ACTIVITIES
    # ... and the specific rules did report them.
    owned_reported = {f.target for f in findings if f.code != "ACT001" and f.target}
    assert {"sort-user-test", "early-life-support", "chg-submit-rfc"} <= owned_reported


def test_missing_user_is_reported_at_the_stakeholders_key(write: Write) -> None:
    path = write("pmsm.yaml", HEAD + "stakeholders:\n  - {role: customer, name: HR director}\n")
    (finding,) = [f for f in check_file(path).findings if f.code == "STK001"]
    assert (finding.line, finding.column, finding.target) == (2, 1, "user")


def test_a_recorded_rfc_satisfies_the_rfc_rule(write: Write) -> None:
    text = HEAD + (
        "change_requests:\n"
        "  - {id: RFC-1, kind: service, title: Deploy, approver: change-advisory-board}\n"
    )
    assert "CHG001" not in codes_of(write("pmsm.yaml", text))


def test_a_service_owner_marked_not_applicable_is_still_missing(write: Write) -> None:
    # pmsm's policy (STK003): a reason does not answer it; a waiver does.
    text = HEAD + (
        "stakeholders:\n  - {role: service-owner, applicable: false, reason: nobody has time}\n"
    )
    (finding,) = [f for f in check_file(write("pmsm.yaml", text)).findings if f.code == "STK003"]
    # "  - {role: service-owner, " is 26 characters: the 'applicable' key is at column 27.
    assert (finding.line, finding.column) == (3, 27)
    assert "record a waiver" in finding.message
    waived = text + "waivers:\n  - {code: STK003, reason: a shared platform, no single owner}\n"
    assert "STK003" not in codes_of(write("waived.pmsm.yaml", waived))


def test_pilot_or_rehearsal_silent_planned_or_both_declined(write: Write) -> None:
    # Neither mentioned: one finding that --fix mends with a pilot. The plan has no
    # 'activities:' key, so it points at the closest place there is: line 1, column 1.
    silent = [f for f in check_file(write("a.pmsm.yaml", HEAD)).findings if f.code == "REL002"]
    assert [(f.line, f.column, f.fix) for f in silent] == [(1, 1, ("pilot",))]
    planned = HEAD + "activities:\n  - id: service-rehearsal\n"
    assert "REL002" not in codes_of(write("b.pmsm.yaml", planned))
    declined = HEAD + (
        "activities:\n"
        "  - {id: pilot, status: not-applicable, reason: 12 users, all in the user test}\n"
        "  - {id: service-rehearsal, status: cancelled, reason: the supplier runs it for 300}\n"
    )
    assert "REL002" not in codes_of(write("c.pmsm.yaml", declined))


def test_an_implemented_rfc_with_nothing_dated_needs_its_actual(write: Write) -> None:
    # Implemented, and neither its activity nor the go-live has a date: live, so CHG006
    # wants the actual performance; the predicted one is there.
    text = HEAD + (
        "change_requests:\n"
        "  - {id: RFC-1, kind: service, title: Deploy, status: implemented,\n"
        "     approved_on: 2026-02-20, evaluation: {predicted: pages in 2 seconds}}\n"
    )
    (finding,) = [f for f in check_file(write("pmsm.yaml", text)).findings if f.code == "CHG006"]
    assert finding.message.startswith("RFC 'RFC-1' is live, but records no actual performance")


def test_go_live_done_with_a_draft_rfc(write: Write) -> None:
    text = HEAD + (
        "activities:\n"
        "  - {id: go-live, status: done, owner: Head of HR systems}\n"
        "change_requests:\n"
        "  - {id: RFC-1, kind: service, title: Deploy, approver: change-advisory-board}\n"
    )
    (finding,) = [f for f in check_file(write("pmsm.yaml", text)).findings if f.code == "CHG004"]
    assert "RFC 'RFC-1' that authorises it is draft" in finding.message
    assert (finding.line, finding.column) == (3, 5)  # the go-live item


def test_a_cycle_does_not_hide_an_unknown_dependency(write: Write) -> None:
    text = HEAD + (
        "activities:\n  - {id: a, depends_on: [b, nowhere]}\n  - {id: b, depends_on: [a]}\n"
    )
    codes = codes_of(write("pmsm.yaml", text))
    assert "SEQ002" in codes and "SEQ001" in codes


def test_scheduling_errors_are_kept_without_their_tracebacks(write: Write) -> None:
    # A traceback would hold the scheduler's frames, and through them every task.
    text = HEAD + (
        "activities:\n  - {id: a, depends_on: [b, nowhere]}\n  - {id: b, depends_on: [a]}\n"
    )
    context = CheckContext(load_plan(write("pmsm.yaml", text)), load_catalog(), TODAY)
    errors = context.scheduling.errors
    assert [e.kind for e in errors] == ["unknown-dependency", "cycle"]
    assert all(e.__traceback__ is None for e in errors)


def test_a_duplicate_id_does_not_stop_the_date_checks(write: Write) -> None:
    text = HEAD.replace("2026-03-02}", "2026-03-02, finish: 2026-03-03}") + (
        "activities:\n  - {id: build, duration: 10}\n  - {id: build, duration: 5}\n"
    )
    codes = codes_of(write("pmsm.yaml", text))
    assert "SEQ007" in codes and "SEQ005" in codes


def test_readiness_test_not_finished_when_the_service_went_live(write: Write) -> None:
    text = HEAD + (
        "activities:\n"
        "  - {id: sort-user-test, owner: Test lead, status: in-progress}\n"
        "  - {id: go-live, depends_on: [], owner: Head of HR, actual_start: 2026-03-09}\n"
    )
    (finding,) = [f for f in check_file(write("pmsm.yaml", text)).findings if f.code == "SEQ004"]
    assert "has gone live" in finding.message and finding.line == 3


def test_severity_override_changes_the_finding(write: Write) -> None:
    from pmsm_cli.lint.result import Settings

    settings = Settings(frozenset({"STK004"}), (("STK", "info"), ("STK004", "error")))
    path = write("pmsm.yaml", HEAD + "stakeholders:\n  - role: service-desk\n")
    (finding,) = check_file(path, settings).findings
    assert finding.severity == "error"  # the code is more specific than the family


def test_every_rule_says_how_strongly_its_source_asks() -> None:
    # A rule that asks for more than its source must say so in its own words, and a
    # rule for a suggestion must accept a recorded decision: the basis is what tells
    # users which is which (pmsm rules, pmsm explain, SARIF).
    from pmsm_cli.lint.rule import BASIS_WORDS
    from pmsm_cli.lint.rules import RULES

    for rule in RULES:
        assert rule.basis in BASIS_WORDS, rule.code
        if rule.basis == "policy":
            assert "policy" in rule.rationale, f"{rule.code} is pmsm's policy but does not say so"
