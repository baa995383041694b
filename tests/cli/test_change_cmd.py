"""``pmsm change add`` / ``pmsm change list``: project CRs and RFCs kept apart (§5.1)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

if TYPE_CHECKING:
    from tests.conftest import Run

Write = Callable[[str, str], Path]

PLAN = """\
# Change control demo: comments must survive every 'pmsm change add'.
project:
  name: Portal
  kind: new-service
  start: 2026-03-02  # a Monday
  finish: 2026-03-20  # the agreed end
charter:
  horizon_years: 3
  costs:
    - {item: Build, category: grow-the-business, stage: implement, amount: 60000}
    - {item: Run, category: run-the-business, stage: operate, amount: 10000, recurring: true}
  benefits:
    - {item: Savings, amount: 50000}  # a year
activities:
  - id: build
    name: Build
    duration: 5
  - id: test
    name: Test
    duration: 5
    depends_on: [build]
  - {id: go-live, name: Go live, milestone: true, depends_on: [test]}
# change requests below, newest last
change_requests: []
"""

# The business case by hand: TCO = 60,000 + 10,000 x 3 years = 90,000;
# benefits = 50,000 x 3 = 150,000; ROI = (150,000 - 90,000) / 90,000 = 66.7%.
# The schedule by hand (Mon-Fri): build 03-02..03-06, test 03-09..03-13, go-live 03-16.


def entries(path: Path) -> list[dict[str, object]]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["change_requests"]  # type: ignore[no-any-return]


def test_a_time_request_on_an_activity_moves_the_finish(pmsm: Run, write: Write) -> None:
    path = write("p.pmsm.yaml", PLAN)
    result = pmsm(
        "change", "add", path, "--kind", "project", "--title", "One more week of testing",
        "--extra-days", "5", "--activity", "test", "--reason", "Payroll rules arrived late",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert f"added PCR-1 to {path}: project change request (time), draft" in out
    assert "decided by project-sponsor" in out
    # No extra cost: the ROI stays 66.7%.
    assert "ROI 66.7% before, 66.7% after (TCO 90,000 -> 90,000; benefits 150,000" in out
    # test takes 10 days: 03-09..03-20, so go-live moves from 03-16 to 03-23, past 03-20.
    assert "project finish 2026-03-16 before, 2026-03-23 after, +5 working days" in out
    assert "past the target finish 2026-03-20" in out
    assert entries(path) == [
        {
            "id": "PCR-1",
            "kind": "project",
            "title": "One more week of testing",
            "reason": "Payroll rules arrived late",
            "approver": "project-sponsor",
            "status": "draft",
            "activity": "test",
            "change_type": "time",
            "extra_days": 5,
        }
    ]


def test_comments_and_the_rest_of_the_file_are_kept(pmsm: Run, write: Write) -> None:
    path = write("p.pmsm.yaml", PLAN)
    pmsm("change", "add", path, "--kind", "project", "--title", "More time", "--extra-days", "3")
    text = path.read_text(encoding="utf-8")
    # Everything above 'change_requests' is unchanged, byte for byte.
    head = PLAN.split("change_requests:")[0]
    assert text.startswith(head)
    assert "# Change control demo: comments must survive" in text
    assert "    - {item: Savings, amount: 50000}  # a year\n" in text
    # The empty flow list became a block list with the new entry.
    assert "change_requests:\n  - id: PCR-1\n    kind: project\n" in text
    # Without an activity, the project end moves 3 working days: 03-16 -> 03-19.
    result = pmsm("change", "add", path, "--kind", "project", "--title", "x", "--extra-days", "3")
    assert "project finish 2026-03-16 before, 2026-03-19 after, +3 working days" in result.stdout


def test_budget_requests_recheck_the_roi_with_approved_ones_counted(
    pmsm: Run, write: Write
) -> None:
    path = write("p.pmsm.yaml", PLAN)
    first = pmsm(
        "change", "add", path, "--kind", "project", "--title", "Load-test licences",
        "--extra-cost", "10000", "--approved-on", "2026-03-05",
    )  # fmt: skip
    assert first.exit_code == 0, first.stderr
    # TCO 90,000 + 10,000 = 100,000: ROI (150,000 - 100,000) / 100,000 = 50.0%.
    assert "ROI 66.7% before, 50.0% after (TCO 90,000 -> 100,000" in first.stdout
    assert "(budget), approved" in first.stdout
    second = pmsm(
        "change", "add", path, "--kind", "project", "--title", "A second tester",
        "--change-type", "budget", "--extra-cost", "20000",
    )  # fmt: skip
    # Before now counts PCR-1 (approved): 100,000, 50.0%. After: 120,000,
    # (150,000 - 120,000) / 120,000 = 25.0%.
    assert "ROI 50.0% before, 25.0% after (TCO 100,000 -> 120,000" in second.stdout
    assert [e["id"] for e in entries(path)] == ["PCR-1", "PCR-2"]
    assert entries(path)[0]["approved_on"].isoformat() == "2026-03-05"  # type: ignore[attr-defined]
    assert entries(path)[0]["status"] == "approved"


def test_an_rfc_needs_an_environment_and_a_window(pmsm: Run, write: Write) -> None:
    path = write("p.pmsm.yaml", PLAN)
    bad = pmsm("change", "add", path, "--kind", "service", "--title", "Install hardware")
    assert bad.exit_code == 2
    assert "an RFC needs --environment" in bad.stderr
    assert "an RFC needs a change window" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert path.read_text(encoding="utf-8") == PLAN
    good = pmsm(
        "change", "add", path, "--kind", "service", "--title", "Install hardware",
        "--environment", "production", "--window-start", "2026-03-14",
        "--window-end", "2026-03-15", "--status", "submitted",
    )  # fmt: skip
    assert good.exit_code == 0, good.stderr
    assert "RFC for production, window 2026-03-14 to 2026-03-15, submitted" in good.stdout
    assert "decided by change-advisory-board" in good.stdout
    assert "ROI" not in good.stdout  # an RFC does not re-open the business case
    assert entries(path)[0]["id"] == "RFC-1"
    assert entries(path)[0]["approver"] == "change-advisory-board"


def test_mixing_the_kinds_is_refused_citing_5_1(pmsm: Run, write: Write) -> None:
    path = write("p.pmsm.yaml", PLAN)
    rfc_by_sponsor = pmsm(
        "change", "add", path, "--kind", "service", "--title", "Deploy",
        "--environment", "production", "--window-start", "2026-03-16",
        "--window-end", "2026-03-16", "--approver", "project-sponsor",
    )  # fmt: skip
    assert rfc_by_sponsor.exit_code == 2
    assert "decided by the Change Advisory Board, not the project sponsor" in rfc_by_sponsor.stderr
    assert "(§5.1)" in rfc_by_sponsor.stderr
    cr_to_cab = pmsm(
        "change", "add", path, "--kind", "project", "--title", "More time",
        "--extra-days", "5", "--approver", "change-advisory-board",
    )  # fmt: skip
    assert cr_to_cab.exit_code == 2
    assert "decided by the project sponsor, not the Change Advisory Board" in cr_to_cab.stderr
    assert "(§5.1)" in cr_to_cab.stderr
    fields = pmsm(
        "change", "add", path, "--kind", "project", "--title", "x", "--extra-days", "1",
        "--environment", "staging",
    )  # fmt: skip
    assert "--environment belongs to an RFC (--kind service)" in fields.stderr
    fields = pmsm(
        "change", "add", path, "--kind", "service", "--title", "x", "--environment", "prod",
        "--window-start", "2026-03-16", "--window-end", "2026-03-16", "--extra-cost", "5",
    )  # fmt: skip
    assert "--extra-cost belongs to a project change request (--kind project)" in fields.stderr
    assert path.read_text(encoding="utf-8") == PLAN


def test_rfc_change_types_and_their_approvers(pmsm: Run, write: Write) -> None:
    # ITIL v3 Service Transition §4.2: an emergency change goes to the ECAB, a standard
    # one is authorised in advance (the change authority), a normal one to the CAB.
    path = write("p.pmsm.yaml", PLAN)
    rfc = ("--kind", "service", "--environment", "production",
           "--window-start", "2026-03-16", "--window-end", "2026-03-16")  # fmt: skip
    emergency = pmsm("change", "add", path, *rfc, "--title", "Fix", "--change-type", "emergency")
    assert emergency.exit_code == 0, emergency.stderr
    assert "emergency RFC for production" in emergency.stdout
    standard = pmsm("change", "add", path, *rfc, "--title", "Patch", "--change-type", "standard")
    assert standard.exit_code == 0, standard.stderr
    assert [(e["change_type"], e["approver"]) for e in entries(path)] == [
        ("emergency", "emergency-cab"),
        ("standard", "change-authority"),
    ]
    before = path.read_text(encoding="utf-8")
    to_cab = pmsm(
        "change", "add", path, *rfc, "--title", "Fix", "--change-type", "emergency",
        "--approver", "change-advisory-board",
    )  # fmt: skip
    assert "an emergency RFC goes to the emergency CAB" in to_cab.stderr
    to_ecab = pmsm("change", "add", path, *rfc, "--title", "Add", "--approver", "emergency-cab")
    assert "a normal RFC goes to the CAB or the change authority" in to_ecab.stderr
    scope = pmsm("change", "add", path, *rfc, "--title", "More", "--change-type", "scope")
    assert "--change-type scope is a project change request's type" in scope.stderr
    sponsor_cr = pmsm(
        "change", "add", path, "--kind", "project", "--title", "More", "--extra-days", "2",
        "--approver", "change-authority",
    )  # fmt: skip
    assert "decided by the project sponsor, not the change authority" in sponsor_cr.stderr
    for result in (to_cab, to_ecab, scope, sponsor_cr):
        assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == before


def test_check_and_change_add_refuse_the_same_requests(pmsm: Run, write: Write) -> None:
    # One definition (pmsm_cli.control.change_kinds): an RFC with a project change type, which
    # 'change add' refuses, is a CHG003 finding in a plan, and an RFC with an RFC change
    # type, which 'change add' writes, is not.
    written = write("ok/p.pmsm.yaml", PLAN)
    rfc = ("--kind", "service", "--environment", "production",
           "--window-start", "2026-03-16", "--window-end", "2026-03-16")  # fmt: skip
    added = pmsm("change", "add", written, *rfc, "--title", "a", "--change-type", "normal")
    assert added.exit_code == 0, added.stderr
    assert pmsm("check", written, "--select", "CHG003", "--isolated").exit_code == 0
    refused = pmsm("change", "add", written, *rfc, "--title", "b", "--change-type", "budget")
    assert refused.exit_code == 2
    by_hand = write(
        "bad/p.pmsm.yaml",
        PLAN.replace(
            "change_requests: []",
            "change_requests:\n  - {id: RFC-1, kind: service, title: b, change_type: budget}",
        ),
    )
    result = pmsm("check", by_hand, "--select", "CHG003", "--isolated", "--format", "concise")
    assert result.exit_code == 1
    assert "'change_type' budget is a project change request's type" in result.stdout


def test_ids_dates_and_references_are_checked(pmsm: Run, write: Write) -> None:
    path = write("p.pmsm.yaml", PLAN)
    pmsm("change", "add", path, "--kind", "project", "--title", "a", "--extra-days", "1")
    rfc = ("--environment", "prod", "--window-start", "2026-03-16", "--window-end", "2026-03-16")
    pmsm("change", "add", path, "--kind", "service", "--title", "b", *rfc)
    # One sequence across both kinds: PCR-1, RFC-2, then PCR-3.
    pmsm("change", "add", path, "--kind", "project", "--title", "c", "--extra-cost", "1")
    assert [e["id"] for e in entries(path)] == ["PCR-1", "RFC-2", "PCR-3"]
    before = path.read_text(encoding="utf-8")
    dup = pmsm("change", "add", path, "--kind", "service", "--title", "d", "--id", "RFC-2", *rfc)
    assert "already has a change request with id 'RFC-2'" in dup.stderr
    unknown = pmsm(
        "change", "add", path, "--kind", "project", "--title", "e", "--extra-days", "2",
        "--activity", "nope",
    )  # fmt: skip
    assert "--activity 'nope' is not an activity of this plan" in unknown.stderr
    window = pmsm(
        "change", "add", path, "--kind", "service", "--title", "f", "--environment", "prod",
        "--window-start", "2026-03-16", "--window-end", "2026-03-13",
    )  # fmt: skip
    assert "the change window ends (2026-03-13) before it starts (2026-03-16)" in window.stderr
    approved = pmsm(
        "change", "add", path, "--kind", "project", "--title", "g", "--extra-days", "2",
        "--status", "approved",
    )  # fmt: skip
    assert "status approved needs --approved-on" in approved.stderr
    date = pmsm(
        "change", "add", path, "--kind", "project", "--title", "h", "--extra-days", "2",
        "--approved-on", "16/03/2026",
    )  # fmt: skip
    assert "--approved-on should be a date written YYYY-MM-DD, but it is '16/03/2026'" in (
        date.stderr
    )
    time_without_days = pmsm(
        "change", "add", path, "--kind", "project", "--title", "i", "--change-type", "time"
    )
    assert "a time change request needs --extra-days" in time_without_days.stderr
    for result in (dup, unknown, window, approved, date, time_without_days):
        assert result.exit_code == 2
    assert path.read_text(encoding="utf-8") == before


def test_the_file_passes_the_change_rules_afterwards(pmsm: Run, write: Write) -> None:
    path = write("p.pmsm.yaml", PLAN)
    pmsm("change", "add", path, "--kind", "project", "--title", "a", "--extra-days", "1")
    pmsm(
        "change", "add", path, "--kind", "service", "--title", "b", "--environment", "prod",
        "--window-start", "2026-03-16", "--window-end", "2026-03-16", "--activity", "go-live",
    )  # fmt: skip
    result = pmsm("check", path, "--select", "CHG003,ACT004", "--isolated")
    assert result.exit_code == 0, result.stdout


LISTED = (
    PLAN.replace("    depends_on: [build]\n", "    depends_on: [build]\n    actual_finish: 2026-03-13\n")
    .replace("change_requests: []", """change_requests:
  - {id: PCR-1, kind: project, title: More time, change_type: time, extra_days: 5,
     approver: project-sponsor, status: approved, approved_on: 2026-03-04}
  - {id: RFC-2, kind: service, title: Install hardware, environment: production,
     window_start: 2026-03-07, window_end: 2026-03-08, approver: change-advisory-board,
     status: implemented, approved_on: 2026-03-03, activity: build,
     evaluation: {evaluated_on: 2026-03-12, residual_risk: low}}
  - {id: RFC-3, kind: service, title: Deploy the test tools, environment: production,
     window_start: 2026-03-16, window_end: 2026-03-16, approver: change-advisory-board,
     status: approved, approved_on: 2026-03-10, activity: test}
  - {id: RFC-4, kind: service, title: Open firewall, environment: production,
     window_start: 2026-03-20, window_end: 2026-03-20, status: submitted}
""")
)  # fmt: skip


def test_list_shows_the_kinds_apart_with_cab_decision_and_evaluation(
    pmsm: Run, write: Write
) -> None:
    path = write("p.pmsm.yaml", LISTED)
    result = pmsm("change", "list", path)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    project, service = out.split("RFCs (decided by the CAB)")
    assert "Project change requests (decided by the sponsor)" in project
    assert "PCR-1" in project and "RFC-" not in project
    assert "PCR-" not in service
    rows = {line.split()[0]: line for line in service.splitlines() if line.startswith("RFC-")}
    assert "approved on 2026-03-03" in rows["RFC-2"]
    assert "evaluated on 2026-03-12, residual risk low" in rows["RFC-2"]
    # RFC-3 authorises 'test', which finished on 2026-03-13; nobody evaluated it yet.
    assert "due (live since 2026-03-13)" in rows["RFC-3"]
    # RFC-4 names no activity, so it goes live with go-live, which has not finished.
    assert "pending" in rows["RFC-4"] and "not live yet" in rows["RFC-4"]

    # As of 2026-03-12, the day before 'test' finished, RFC-3 was not live yet.
    earlier = pmsm("change", "list", path, "--as-of", "2026-03-12").stdout
    assert next(line for line in earlier.splitlines() if line.startswith("RFC-3")).endswith(
        "not live yet"
    )
    data = json.loads(pmsm("change", "list", path, "--format", "json").stdout)
    assert [c["id"] for c in data["project"]] == ["PCR-1"]
    assert data["project"][0]["extra_days"] == 5
    assert [(c["id"], c["cab_decision"], c["evaluation"]) for c in data["service"]] == [
        ("RFC-2", "approved on 2026-03-03", "evaluated on 2026-03-12, residual risk low"),
        ("RFC-3", "approved on 2026-03-10", "due (live since 2026-03-13)"),
        ("RFC-4", "pending", "not live yet"),
    ]


def test_list_of_a_plan_without_change_requests(pmsm: Run, write: Write) -> None:
    path = write("p.pmsm.yaml", PLAN)
    result = pmsm("change", "list", path)
    assert result.exit_code == 0
    assert result.stdout.count("(none)") == 2


def test_the_documented_story_runs_as_shown(
    pmsm: Run, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import re
    import shlex

    repo = Path(__file__).resolve().parents[2]
    readme = (repo / "docs" / "guide" / "change.md").read_text(encoding="utf-8")
    story = readme.split("**Worked example: the §5.1 story.**")[1]
    block = re.search(r"```text\n(.*?)```", story, re.S)
    assert block is not None
    steps = re.split(r"^\$ ", block.group(1), flags=re.M)[1:]
    assert len(steps) == 7
    sed, *runs = steps
    # The first step copies the example without its change requests (as sed does).
    source = (repo / "examples/portfolio/payroll-upgrade/pmsm.yaml").read_text(encoding="utf-8")
    (tmp_path / "payroll.pmsm.yaml").write_text(
        source.split("\nchange_requests:")[0] + "\n", encoding="utf-8"
    )
    assert sed.startswith("sed '/^change_requests:/,$d' examples/portfolio/payroll-upgrade/")
    monkeypatch.chdir(tmp_path)
    codes = []
    for step in runs:
        command, _, expected = step.partition("\n")
        args = shlex.split(command)
        assert args[0] == "pmsm"
        result = pmsm(*args[1:])
        codes.append(result.exit_code)
        assert result.stdout + result.stderr == expected, command
    assert codes == [0, 0, 0, 0, 2, 0]
    ids = [e["id"] for e in entries(tmp_path / "payroll.pmsm.yaml")]
    assert ids == ["PCR-1", "PCR-2", "RFC-3", "RFC-4"]
    # The story's plan passes the change rules, and re-baselining after it works.
    assert pmsm("check", "payroll.pmsm.yaml", "--select", "CHG003,CHG004").exit_code == 0
    assert pmsm("baseline", "payroll.pmsm.yaml", "--force").exit_code == 0


def test_a_flow_list_stays_a_flow_list_with_its_comment(pmsm: Run, write: Write) -> None:
    path = write(
        "f.pmsm.yaml",
        "project: {name: X, kind: new-service, start: 2026-03-02}\n"
        "activities: [{id: a, duration: 2}]\n"
        "change_requests: [{id: RFC-1, kind: service, title: t}]  # written by hand\n",
    )
    result = pmsm(
        "change", "add", path, "--kind", "project", "--title", "More", "--extra-days", "2"
    )
    assert result.exit_code == 0, result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "project: {name: X, kind: new-service, start: 2026-03-02}\n"
        "activities: [{id: a, duration: 2}]\n"
        "change_requests: [{id: RFC-1, kind: service, title: t}, {id: PCR-2, kind: project,"
    )
    assert "# written by hand" in text
    assert [e["id"] for e in entries(path)] == ["RFC-1", "PCR-2"]


def test_a_line_break_in_an_option_cannot_smuggle_yaml_into_the_plan(
    pmsm: Run, write: Write
) -> None:
    path = write("p.pmsm.yaml", PLAN)
    result = pmsm(
        "change", "add", path, "--kind", "project", "--title", "T", "--id", "PCR-\n- id: EVIL"
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "error: --id contains a line break (U+000A) at position 5; this text is one line: "
        "remove it\n"
    )
    assert path.read_text(encoding="utf-8") == PLAN


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--title", "Ring\x07", "--title contains a control character (U+0007) at position 5"),
        # A byte that is not UTF-8 in an argument reaches Python as a lone surrogate.
        (
            "--title",
            "caf\udce9",
            "--title contains half of a surrogate pair (U+DCE9) at position 4",
        ),
        ("--activity", "test\u202e", "--activity contains a text-direction control (U+202E)"),
        ("--reason", "late\x1b[2J", "--reason contains a control character (U+001B) at position 5"),
    ],
)
def test_each_text_option_is_checked(
    pmsm: Run, write: Write, option: str, value: str, message: str
) -> None:
    path = write("p.pmsm.yaml", PLAN)
    args = ["--title", "T", "--extra-days", "1"] if option != "--title" else ["--extra-days", "1"]
    result = pmsm("change", "add", path, "--kind", "project", *args, option, value)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}")
    assert path.read_text(encoding="utf-8") == PLAN


def test_a_reason_may_run_over_lines(pmsm: Run, write: Write) -> None:
    path = write("p.pmsm.yaml", PLAN)
    result = pmsm(
        "change", "add", path, "--kind", "project", "--title", "T", "--extra-days", "1",
        "--reason", "Payroll rules\narrived late",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert entries(path)[0]["reason"] == "Payroll rules\narrived late"


def test_diff_shows_the_entry_that_would_be_added_and_writes_nothing(
    pmsm: Run, write: Write
) -> None:
    path = write("p.pmsm.yaml", PLAN)
    result = pmsm(
        "change", "add", path, "--kind", "project", "--title", "More time", "--extra-days", "3",
        "--diff",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert path.read_text(encoding="utf-8") == PLAN
    assert result.stdout.startswith(f"--- a/{path}\n+++ b/{path}\n")
    assert "-change_requests: []\n+change_requests:\n+  - id: PCR-1\n" in result.stdout
    # What it would do, on stderr: the summary says nothing was written.
    assert result.stderr.startswith(
        f"would add PCR-1 to {path}: project change request (time), draft, decided by "
        "project-sponsor; nothing written\n"
    )
    assert "project finish 2026-03-16 before, 2026-03-19 after, +3 working days" in result.stderr


def test_a_folder_names_its_plan(pmsm: Run, tmp_path: Path) -> None:
    (tmp_path / "pmsm.yaml").write_text(PLAN, encoding="utf-8")
    result = pmsm(
        "change", "add", tmp_path, "--kind", "project", "--title", "x", "--extra-days", "1"
    )
    assert result.exit_code == 0, result.stderr
    assert [e["id"] for e in entries(tmp_path / "pmsm.yaml")] == ["PCR-1"]
