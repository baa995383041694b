"""``pmsm init``'s core: answers -> plan -> documents -> files, checked by content."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.errors import PmsmError
from pmsm_cli.files.yamlio import parse_yaml
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.load import parse_plan
from pmsm_cli.plan.resolve import schedule_plan
from pmsm_cli.scaffold import apply, questions
from pmsm_cli.scaffold.documents import PlannedFile, yaml_scalar
from pmsm_cli.scaffold.project import project_files, scaffold

KINDS = ["new-service", "changed-service", "retire-service", "process-adoption", "improvement"]
START = dt.date(2025, 3, 3)  # a Monday


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def answers(catalog: Catalog, **given: Any) -> questions.Answers:
    values: dict[str, Any] = {"name": "Payroll portal", "kind": "new-service", "start": START}
    values.update(given)
    return questions.collect(catalog, values, {}, None)


def render(catalog: Catalog, **given: Any) -> tuple[Plan, dict[str, str]]:
    plan, files = project_files(answers(catalog, **given), catalog)
    return plan, {f.path: f.content for f in files}


def loaded(text: str) -> Plan:
    return parse_plan(text, Path("pmsm.yaml")).plan


# --- every kind: the plan loads and names everything the whitepaper asks for ---

FUNCTIONS = [
    "application-management",
    "technical-management",
    "service-desk",
    "it-operations-management",
]
ROLES = [
    "customer",
    "user",
    "project-sponsor",
    "product-manager",
    "service-manager",
    "service-owner",
    "business-relationship-manager",
    "process-owner",
    "csi-manager",
    "change-advisory-board",
]
CHECKLIST_ITEMS = [
    "utility-business-requirements",
    "utility-user-needs",
    "warranty-availability",
    "warranty-capacity",
    "warranty-security",
    "warranty-continuity",
    "aspect-business-requirements",
    "aspect-technical-architecture",
    "aspect-processes",
    "aspect-management-tools",
    "aspect-measurement",
    "p-people",
    "p-process",
    "p-products",
    "p-partners",
    "incident-logging",
    "incident-readable-errors",
    "change-easy-deployment",
    "change-easy-backout",
]
RISK_CATEGORIES = ["service-provider", "contract", "design", "operational", "market"]
# Every kind of project charters, plans risks, raises an RFC that the CAB approves,
# goes live, verifies, reviews and hands over (§2, §3, §4.6, §4.8, §5.1, §6).
EVERY_KIND = [
    "develop-charter-tco",
    "identify-stakeholders",
    "charter-approved",
    "collect-requirements",
    "assess-risks",
    "establish-project-change-control",
    "chg-define-cab",
    "chg-submit-rfc",
    "cab-approval",
    "go-live",
    "verify-deployment",
    "review-close-deployment",
    "knowledge-transfer",
    "register-documentation",
    "handover-improvements",
    "project-closed",
]


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_gives_a_plan_that_loads_and_names_every_item(
    catalog: Catalog, kind: str
) -> None:
    plan, files = render(catalog, kind=kind, run_cost=1000.0)
    # What was written reads back as exactly the plan that was built.
    assert loaded(files["pmsm.yaml"]) == plan
    assert plan.project.kind == kind
    assert plan.scope == catalog.kind_by_id[kind].processes

    # §2.1: TCO over implement, operate and retire, with a run-the-business line.
    stages = {c.stage for c in plan.charter.costs}
    assert stages == {"implement", "operate", "retire"}
    operate = [c for c in plan.charter.costs if c.stage == "operate"]
    assert [(c.category, c.recurring, c.amount) for c in operate] == [("run", True, 1000.0)]
    assert plan.charter.benefits and plan.charter.objectives

    # §2.2: customer before users, the four functions and the key roles, all to confirm.
    roles = [s.role for s in plan.stakeholders]
    assert roles[:3] == ["customer", "user", "project-sponsor"]
    assert set(FUNCTIONS + ROLES) == set(roles) and len(roles) == 14
    assert all(s.applicable and s.name is None for s in plan.stakeholders)

    # §3.1 and §3.3: every checklist item and one open risk per category.
    assert list(plan.requirements) == CHECKLIST_ITEMS
    assert [r.category for r in plan.risks] == RISK_CATEGORIES
    assert {r.status for r in plan.risks} == {"open"}

    # §3.2, §4, §6: the kind's activities, in catalog order, depending only on each other.
    ids = [a.id for a in plan.activities]
    expected = [a.id for a in catalog.activities_for(kind, catalog.kind_by_id[kind].processes)]
    assert ids == expected
    assert set(EVERY_KIND) <= set(ids)
    for activity in plan.activities:
        assert {d.id for d in activity.depends_on} <= set(ids), activity.id
        assert activity.owner is None  # the owner is for the project manager to fill

    # §5.1: a draft RFC for the production deployment, for the CAB to approve, and one for
    # each other activity that changes production (CHG005), each naming its activity.
    rfc = plan.change_requests[0]
    assert (rfc.kind, rfc.approver, rfc.status) == ("service", "change-advisory-board", "draft")
    assert rfc.activity in ids
    production = {a for a in ids if catalog.activity_by_id[a].touches_production}
    assert {cr.activity for cr in plan.change_requests} == production | {rfc.activity}
    assert len(plan.change_requests) == len(production | {rfc.activity})
    assert [cr.id for cr in plan.change_requests] == [
        f"RFC-{n}" for n in range(1, len(plan.change_requests) + 1)
    ]

    # The plan schedules without suggestions: nothing is missing from it.
    schedule_plan(plan, catalog, suggest=False)


def test_new_service_has_the_full_release_and_supplier_work(catalog: Catalog) -> None:
    plan, _ = render(catalog, kind="new-service")
    ids = {a.id for a in plan.activities}
    assert {
        "sup-create-rfp",
        "sup-select-supplier",
        "slm-create-sla",
        "sort-service-management-test",
        "sort-service-operations-test",
        "sort-service-level-test",
        "sort-user-test",
        "pilot",
        "service-rehearsal",
        "els-define-exit-criteria",
        "early-life-support",
        "els-exit",
        "handover-known-errors",
        "inc-train-support",
    } <= ids
    assert plan.change_requests[0].activity == "deploy-transfer-to-operations"


def test_retirement_decommissions_and_runs_no_supplier_rfp(catalog: Catalog) -> None:
    plan, files = render(catalog, kind="retire-service", service="Fax gateway")
    ids = [a.id for a in plan.activities]
    for wanted in (
        "decommission-retiring-services",
        "remove-redundant-assets",
        "scm-update-service-definition",  # the service catalog is updated
        "sup-negotiate-contract",  # ending or amending the supplier's contract
    ):
        assert wanted in ids
    for absent in ("sup-create-rfp", "sup-select-supplier", "early-life-support", "pilot"):
        assert absent not in ids
    # The negotiation followed the supplier selection and the risk assessment. With no
    # RFP and no selection it would follow what the RFP followed, collecting requirements,
    # but the risk assessment already comes after that, so it alone remains.
    negotiate = next(a for a in plan.activities if a.id == "sup-negotiate-contract")
    assert [d.id for d in negotiate.depends_on] == ["assess-risks"]
    # A new service keeps every ordering the catalog states, and nothing implied twice:
    # reviewing the deployment follows ELS exit, remedial action and evaluation only.
    review = next(a for a in render(catalog)[0].activities if a.id == "review-close-deployment")
    assert [d.id for d in review.depends_on] == [
        "els-exit",
        "deployment-remedial-action",
        "evaluate-service-change",
    ]
    assert plan.change_requests[0].activity == "decommission-retiring-services"
    assert (
        plan.change_requests[0].title
        == "Switch off Fax gateway and decommission its infrastructure"
    )
    assert plan.charter.costs[0].category == "run"  # a retirement keeps the business running
    assert "- id: sup-create-rfp" not in files["pmsm.yaml"]


# --- dates: scheduled from --start, worked out by hand ---


def test_dates_are_scheduled_from_the_start_date(catalog: Catalog) -> None:
    _, files = render(catalog, kind="new-service", start=dt.date(2025, 3, 3))
    text = files["pmsm.yaml"]

    def comment_before(activity_id: str) -> str:
        match = re.search(r"  # (.*)\n  - id: " + re.escape(activity_id) + "\n", text)
        assert match, activity_id
        return match.group(1)

    # develop-charter-tco, 5 days from Monday 3 March: Mon 3 .. Fri 7.
    assert comment_before("develop-charter-tco").startswith("2025-03-03 to 2025-03-07 | Initiating")
    # identify-stakeholders, 3 days from the start: Mon 3 .. Wed 5.
    assert comment_before("identify-stakeholders").startswith("2025-03-03 to 2025-03-05")
    # charter-approved waits for both: the working day after Fri 7 is Mon 10.
    assert comment_before("charter-approved").startswith("milestone 2025-03-10")
    # collect-requirements, 10 days from Mon 10: 10-14 March (5) and 17-21 March (5).
    assert comment_before("collect-requirements").startswith("2025-03-10 to 2025-03-21")
    # assess-risks, 3 days after Fri 21: Mon 24 .. Wed 26.
    assert comment_before("assess-risks").startswith("2025-03-24 to 2025-03-26")
    # establish-project-change-control, 1 day right after the milestone: Mon 10.
    assert comment_before("establish-project-change-control").startswith("2025-03-10 to 2025-03-10")

    # The loaded plan schedules to the same dates.
    tasks = schedule_plan(loaded(text), catalog, suggest=False).schedule.tasks
    assert (tasks["assess-risks"].early_start, tasks["assess-risks"].early_finish) == (
        dt.date(2025, 3, 24),
        dt.date(2025, 3, 26),
    )


def test_a_weekend_start_moves_to_monday(catalog: Catalog) -> None:
    _, files = render(catalog, start=dt.date(2025, 3, 1))  # a Saturday
    assert (
        "  # 2025-03-03 to 2025-03-07 | Initiating | §2.1\n  - id: develop-charter-tco"
        in files["pmsm.yaml"]
    )
    assert "start: 2025-03-01" in files["pmsm.yaml"]


# --- the charter's business case ---


def test_roi_follows_from_the_costs_and_benefits(catalog: Catalog) -> None:
    plan, files = render(
        catalog,
        implement_cost=50_000.0,
        run_cost=20_000.0,
        retire_cost=5_000.0,
        benefit=60_000.0,
        horizon_years=3,
    )
    # TCO = 50,000 + 20,000 x 3 years + 5,000 = 115,000; benefits = 60,000 x 3 = 180,000.
    # ROI = (180,000 - 115,000) / 115,000 x 100 = 56.52... %
    assert plan.charter.tco == 115_000
    assert plan.charter.total_benefits == 180_000
    assert plan.charter.roi == 56.5
    charter = files["charter.md"]
    assert "| **Total cost of ownership** | | | | | **115,000** |" in charter
    assert "(180,000 - 115,000) / 115,000 = **56.5 %** over 3 years" in charter
    # Run the business: 20,000 x 3 operate + 5,000 retire = 65,000; grow: 50,000.
    assert "- Run the business: 65,000" in charter
    assert "- Grow the business: 50,000" in charter
    assert "No run-the-business costs yet" not in charter


def test_a_charter_without_run_costs_says_so(catalog: Catalog) -> None:
    plan, files = render(catalog)
    assert plan.charter.roi is None
    assert "No run-the-business costs yet" in files["charter.md"]
    assert "Not computable yet" in files["charter.md"]


# --- documents name every item ---


def test_charter_names_the_parties_the_tco_and_the_change_control(catalog: Catalog) -> None:
    _, files = render(catalog, sponsor="Dana Whitfield", customer="HR", users="All 2,400 staff")
    charter = files["charter.md"]
    for text in (
        "| Project sponsor | Dana Whitfield |",
        "| Customer (pays for the service) | HR |",
        "| Users (use it every day) | All 2,400 staff |",
        "| Service Desk (ITIL function) |  | to confirm |",
        "| Technical Management (ITIL function) |",
        "| Service Owner |  | to confirm |",
        "Run the business",
        "| Operate |",
        "| Retire |",
        "| Go-live |",
        "| CAB approves the production change |",
        "| R5 |",
        "**requests for change (RFCs)**",
        "**project change requests**",
    ):
        assert text in charter, text


def test_requirements_document_is_a_checklist_grouped_as_the_whitepaper(catalog: Catalog) -> None:
    _, files = render(catalog)
    doc = files["requirements.md"]
    headings = re.findall(r"^## (.*)$", doc, flags=re.M)
    assert headings == [
        "Utility",
        "Warranty",
        "Five aspects of service design",
        "The four P's of design",
        "Lessons from the lifecycle processes",
        "Ask the ITIL functions (§2.2)",
    ]
    for item in CHECKLIST_ITEMS:
        assert re.search(r"^- \[ \] \*\*.+\*\* \(`" + item + r"`\)", doc, flags=re.M), item
    assert "- [ ] **Service Desk**: for example," in doc


def test_filled_requirements_are_ticked_when_none_is_open(catalog: Catalog) -> None:
    plan, _ = render(catalog)
    raw = plan.model_dump(exclude_unset=True)
    raw["requirements"]["warranty-availability"] = [
        {"text": "Available 07:00-19:00", "status": "met", "priority": "must"},
        {"text": "99.5 % a month", "status": "agreed"},
    ]
    raw["requirements"]["warranty-capacity"] = [{"text": "400 users at once"}]
    filled = Plan.model_validate(raw)
    from pmsm_cli.scaffold.build import schedule
    from pmsm_cli.scaffold.documents import render_documents

    docs = {f.path: f.content for f in render_documents(filled, catalog, schedule(filled, catalog))}
    doc = docs["requirements.md"]
    assert "- [x] **Availability** (`warranty-availability`)" in doc
    assert "  - [x] Available 07:00-19:00 (must, met)" in doc
    assert "  - [ ] 99.5 % a month (agreed)" in doc
    assert "- [ ] **Capacity** (`warranty-capacity`)" in doc  # one still open
    # The plan template writes requirements back as they were.
    assert loaded(docs["pmsm.yaml"]).requirements == filled.requirements


# --- user values are escaped for YAML and Markdown ---

NASTY = [
    'Payroll: "v2" #1',
    "- a list item?",
    "yes",
    "null",
    "~",
    "2025-01-01",
    "0x10",
    "1e3",
    "{a: b}",
    "[x, y]",
    "*alias",
    "&anchor",
    "!tag",
    "%TAG",
    "@at",
    "`tick`",
    "'single' quotes",
    "a # not a comment",
    "Zürich Ü 日本 ✓",
    "trailing colon:",
    "? key",
    "| block",
    "> folded",
]


@pytest.mark.parametrize("name", NASTY)
def test_user_text_round_trips_through_the_plan_file(catalog: Catalog, name: str) -> None:
    plan, files = render(catalog, kind="improvement", name=name, sponsor=name, customer=name)
    back = loaded(files["pmsm.yaml"])
    assert back.project.name == name
    assert back.charter.sponsor == name
    assert back.stakeholders[0].name == name
    assert back == plan


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=0, max_size=60))
def test_the_yaml_filter_reads_back_as_the_same_text(text: str) -> None:
    doc = parse_yaml("key: " + yaml_scalar(text) + "  # a comment\n", Path("x.yaml"))
    assert doc.data == {"key": text}


@pytest.mark.parametrize(
    "value",
    [3, 2.5, 120000.0, True, None, dt.date(2026, 3, 2), ["mon", "tue"], [{"id": "a", "lag": 2}]],
)
def test_the_yaml_filter_keeps_types(value: Any) -> None:
    expected = int(value) if isinstance(value, float) and value.is_integer() else value
    assert yaml.safe_load("key: " + yaml_scalar(value)) == {"key": expected}


# --- answers ---


def test_set_rejects_an_unknown_key_and_lists_the_known_ones(catalog: Catalog) -> None:
    with pytest.raises(PmsmError) as caught:
        questions.parse_sets(["sponser=Ann"], catalog)
    assert str(caught.value) == (
        "error: --set sponser=...: unknown answer 'sponser' (did you mean 'sponsor'?); known "
        "answers: name, kind, service, start, country, subdivision, manager, sponsor, customer, "
        "users, objective, "
        "horizon_years, investment, implement_cost, run_cost, retire_cost, benefit"
    )


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (
            "start=next monday",
            "--set start=...: it should be a date written YYYY-MM-DD, e.g. 2026-03-02",
        ),
        ("run_cost=1,000", "--set run_cost=...: write amounts without thousands commas"),
        ("run_cost=-5", "--set run_cost=...: it should be zero or a positive amount"),
        ("horizon_years=0", "--set horizon_years=...: it should be between 1 and 50 years"),
        ("kind=new", "--set kind=...: 'new' is not a project kind; expected one of: new-service,"),
        ("investment=save", "--set investment=...: 'save' is not a investment category"),
        ("name=", "--set name=...: it is empty; type some text"),
        (
            "name=a\x1bb",
            "--set name=...: it contains a control character (U+001B) at position 2; remove it",
        ),
        ("nokey", "--set expects KEY=VALUE, but got 'nokey'"),
    ],
)
def test_set_values_are_checked(catalog: Catalog, item: str, message: str) -> None:
    with pytest.raises(PmsmError) as caught:
        questions.parse_sets([item], catalog)
    assert message in str(caught.value)


def test_set_parses_typed_values(catalog: Catalog) -> None:
    parsed = questions.parse_sets(
        ["start=2026-03-02", "run_cost=120_000", "horizon_years=5", "sponsor=", "name=A=B"],
        catalog,
    )
    assert parsed == {
        "start": dt.date(2026, 3, 2),
        "run_cost": 120000.0,
        "horizon_years": 5,
        "sponsor": None,
        "name": "A=B",
    }


def test_an_option_and_set_must_agree(catalog: Catalog) -> None:
    with pytest.raises(PmsmError, match="given twice with different values"):
        questions.merge_given({"name": "A"}, {"name": "B"})
    assert questions.merge_given({"name": "A", "kind": None}, {"name": "A"}) == {"name": "A"}


def test_defaults_follow_earlier_answers(catalog: Catalog) -> None:
    got = answers(catalog, kind="retire-service", name="Retire fax", service="Fax gateway")
    assert got.investment == "run"
    assert got.objective.startswith("Withdraw Fax gateway: move its users")
    assert answers(catalog, name="X").service == "X"


def test_answers_file_round_trips_and_is_used_next_time(tmp_path: Path, catalog: Catalog) -> None:
    first = answers(catalog, name='Payroll: "v2"', sponsor="Ann", run_cost=1500.5)
    (tmp_path / questions.ANSWERS_FILE).write_text(questions.answers_text(first), encoding="utf-8")
    stored = questions.read_stored(tmp_path, catalog)
    assert questions.collect(catalog, {}, stored, None) == first
    # A new value given now wins over the stored one; the rest comes from the file.
    second = questions.collect(catalog, {"sponsor": "Bo"}, stored, None)
    assert (second.sponsor, second.name, second.run_cost) == ("Bo", 'Payroll: "v2"', 1500.5)


def test_a_bad_answers_file_is_reported_where_it_is_wrong(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / questions.ANSWERS_FILE).write_text(
        "name: X\nkind: new-service\nstart: soon\ncolour: blue\n", encoding="utf-8"
    )
    with pytest.raises(PmsmError) as caught:
        questions.read_stored(tmp_path, catalog)
    assert [p.render() for p in caught.value.problems] == [
        f"{tmp_path / questions.ANSWERS_FILE}:3:8: error: the answer 'start' is not usable: it "
        "should be a date written YYYY-MM-DD, e.g. 2026-03-02",
        f"{tmp_path / questions.ANSWERS_FILE}:4:1: error: unknown answer 'colour'; known "
        f"answers: {questions.known_keys()}",
    ]


def test_without_a_name_and_no_one_to_ask_it_says_which_option(catalog: Catalog) -> None:
    with pytest.raises(PmsmError, match=r"no project name was given .* give it with --name"):
        questions.collect(catalog, {"kind": "new-service"}, {}, None)


# --- writing: statuses, conflicts, paths ---


def planned(path: str, text: str = "text\n") -> PlannedFile:
    return PlannedFile(path, text, "test")


def test_statuses_follow_copier(tmp_path: Path) -> None:
    (tmp_path / "same.md").write_text("same\n", encoding="utf-8")
    (tmp_path / "mine.md").write_text("my edit\n", encoding="utf-8")
    outcomes = apply.plan_writes(
        tmp_path, [planned("new.md"), planned("same.md", "same\n"), planned("mine.md", "theirs\n")]
    )
    assert [o.status.value for o in outcomes] == ["create", "identical", "conflict"]

    with pytest.raises(apply.Conflicts) as caught:
        apply.decide(outcomes, overwrite=False, confirm=None)
    assert caught.value.problems[0].render() == (
        f"{tmp_path / 'mine.md'}: error: exists with different content; not replaced"
    )
    assert not (tmp_path / "new.md").exists()

    asked: list[str] = []

    def say_no(file: PlannedFile, target: Path) -> bool:
        asked.append(file.path)
        return False

    decided = apply.decide(outcomes, overwrite=False, confirm=say_no)
    assert [o.status.value for o in decided] == ["create", "identical", "skip"]
    assert asked == ["mine.md"]
    apply.write(decided)
    assert (tmp_path / "mine.md").read_text(encoding="utf-8") == "my edit\n"
    assert (tmp_path / "new.md").read_text(encoding="utf-8") == "text\n"

    forced = apply.decide(outcomes, overwrite=True, confirm=None)
    assert [o.status.value for o in forced] == ["create", "identical", "overwrite"]


@pytest.mark.parametrize(
    "relative",
    [
        "/etc/passwd",
        "../outside.md",
        "docs/../../outside.md",
        "C:\\Windows\\x",
        "\\\\server\\x",
        "",
    ],
)
def test_paths_cannot_leave_the_project_folder(tmp_path: Path, relative: str) -> None:
    with pytest.raises(PmsmError, match="refusing to write"):
        apply.target_path(tmp_path / "project", relative)


def test_symbolic_links_cannot_lead_out_of_the_project_folder(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (project / "charter.md").symlink_to(outside / "charter.md")  # dangling, outside
    (project / "docs").symlink_to(outside, target_is_directory=True)
    (project / "inside.md").symlink_to(project / "real.md")
    for relative in ("charter.md", "docs/raci.md"):
        with pytest.raises(PmsmError, match="a symbolic link makes it lead out"):
            apply.target_path(project, relative)
    assert apply.target_path(project, "inside.md") == project / "inside.md"
    assert apply.target_path(project, "docs2/raci.md") == project / "docs2" / "raci.md"


def test_scaffold_writes_nothing_when_a_file_differs(tmp_path: Path, catalog: Catalog) -> None:
    given = {"name": "X", "kind": "improvement", "start": START}
    scaffold(tmp_path, catalog, given)
    (tmp_path / "charter.md").write_text("mine\n", encoding="utf-8")
    (tmp_path / "requirements.md").unlink()
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    with pytest.raises(apply.Conflicts):
        scaffold(tmp_path, catalog, given)
    assert not (tmp_path / "requirements.md").exists()  # not even the missing one
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before


# --- an organisation's templates, in the sandbox ---


def org_templates(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "org"
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def files_with(
    tmp_path: Path, catalog: Catalog, files: dict[str, str], **given: Any
) -> list[PlannedFile]:
    folder = org_templates(tmp_path, files)
    return project_files(answers(catalog, **given), catalog, [folder])[1]


def test_a_template_cannot_reach_python_internals(tmp_path: Path, catalog: Catalog) -> None:
    text = "# Charter\n\n{{ ''.__class__.__mro__ }}\n"
    with pytest.raises(PmsmError) as caught:
        files_with(tmp_path, catalog, {"charter.md.j2": text})
    (problem,) = caught.value.problems
    assert (problem.path, problem.line) == (tmp_path / "org" / "charter.md.j2", 3)
    assert "the template tried something the sandbox forbids" in problem.message
    assert "__class__" in problem.message


def test_a_missing_variable_names_the_template_and_line(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(PmsmError) as caught:
        files_with(tmp_path, catalog, {"requirements.md.j2": "# R\n{{ projekt.name }}\n"})
    (problem,) = caught.value.problems
    assert problem.render() == (
        f"{tmp_path / 'org' / 'requirements.md.j2'}:2: error: the template uses a value that "
        "does not exist: 'projekt' is undefined"
    )


def test_an_organisation_template_replaces_the_built_in_one(
    tmp_path: Path, catalog: Catalog
) -> None:
    files = files_with(
        tmp_path,
        catalog,
        {"charter.md.j2": "Charter of {{ project.name | md }} for {{ charter.sponsor }}\n"},
        sponsor="Ann",
    )
    by_path = {f.path: f.content for f in files}
    # The organisation's text, then pmsm's marker line (pmsm_cli.scaffold.marker).
    body, last = by_path["charter.md"].rsplit("<!-- generated by pmsm from pmsm.yaml:", 1)
    assert body == "Charter of Payroll portal for Ann\n" and last.endswith(" -->\n")
    assert by_path["requirements.md"].startswith("# Requirements: Payroll portal")


def test_a_plan_template_that_breaks_the_plan_is_refused(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(PmsmError) as caught:
        files_with(tmp_path, catalog, {"pmsm.yaml.j2": "project:\n  name: {{ project.name }}\n"})
    assert [p.render() for p in caught.value.problems] == [
        f"pmsm.yaml:2:3: error: 'project' needs '{key}', which is missing (in the plan file "
        f"rendered from {tmp_path / 'org' / 'pmsm.yaml.j2'})"
        for key in ("kind", "start")
    ]


def test_extra_files_are_rendered_with_their_names(tmp_path: Path, catalog: Catalog) -> None:
    files = files_with(
        tmp_path,
        catalog,
        {"init/docs/{{ slug }}-raci.md.j2": "RACI for {{ project.service }}\n"},
        service="HR Self-Service",
    )
    extra = [f for f in files if f.path.startswith("docs/")]
    assert [(f.path, f.content.split("<!-- generated by pmsm ")[0]) for f in extra] == [
        ("docs/hr-self-service-raci.md", "RACI for HR Self-Service\n")
    ]
    # A Markdown file can carry pmsm docs's marker; a file of another kind is left as written.
    assert extra[0].content.endswith(" -->\n")


def test_an_answer_cannot_steer_an_extra_file_out_of_the_project(
    tmp_path: Path, catalog: Catalog
) -> None:
    org = org_templates(tmp_path, {"init/{{ project.service }}.md.j2": "x\n"})
    project = tmp_path / "project"
    given = {"name": "X", "kind": "improvement", "start": START, "service": "../../evil"}
    with pytest.raises(PmsmError) as caught:
        scaffold(project, catalog, given, template_dirs=[org])
    assert "refusing to write '../../evil.md': it would leave the project folder" in str(
        caught.value
    )
    assert not project.exists()
    assert not (tmp_path.parent / "evil.md").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["org"]


def test_a_stated_roi_that_does_not_follow_is_pointed_out(catalog: Catalog) -> None:
    from pmsm_cli.scaffold.build import schedule
    from pmsm_cli.scaffold.documents import render_documents

    plan, _ = render(catalog, implement_cost=100_000.0, run_cost=10_000.0, benefit=50_000.0)
    # TCO = 100,000 + 10,000 x 3 = 130,000; benefits = 150,000; ROI = 20,000 / 130,000 = 15.4 %.
    assert plan.charter.roi == 15.4
    boasted = plan.model_copy(update={"charter": plan.charter.model_copy(update={"roi": 40.0})})
    docs = {
        f.path: f.content for f in render_documents(boasted, catalog, schedule(boasted, catalog))
    }
    assert "= **15.4 %** over 3 years." in docs["charter.md"]
    assert (
        "The business case states 40.0 %, which does not follow from these figures."
        in docs["charter.md"]
    )


def test_the_project_folder_cannot_be_a_file(tmp_path: Path, catalog: Catalog) -> None:
    (tmp_path / "p").write_text("", encoding="utf-8")
    with pytest.raises(PmsmError, match="the project folder is a file"):
        scaffold(tmp_path / "p", catalog, {"name": "X", "kind": "improvement", "start": START})
