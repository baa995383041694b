"""The gap rules of issue 14 beyond their fixtures: the cases one fixture file cannot hold."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.lint.helpers import check_file

from pmsm_cli.lint.rules.early_life import measurable

Write = Callable[[str, str], Path]
HEAD = "project: {name: Payroll portal, kind: new-service, start: 2026-03-02}\n"


def findings(write: Write, text: str, code: str) -> list[tuple[int, int, str]]:
    result = check_file(write("pmsm.yaml", HEAD + text))
    return [(f.line, f.column, f.message) for f in result.findings if f.code == code]


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        # a threshold (5, 20, 99.5%, "no", "without") and a period (2 weeks, a day, ...)
        ("fewer than 5 priority 1 incidents over 2 weeks", True),
        ("no more than 20 payslip questions a day", True),
        ("99.5% availability over 4 weeks", True),
        ("no priority 1 incident for 10 working days", True),
        ("two weeks without a priority 1 incident", True),
        ("fewer than 5 priority 1 incidents daily", True),
        # a period and nothing to measure over it
        ("stable for 2 weeks", False),
        # a threshold and no period
        ("first-contact resolution above 70%", False),
        # "month-end" names a day, not a month: no period here
        ("two month-end payroll cycles without a priority 1 incident", False),
        ("the service is stable", False),
    ],
)
def test_a_measurable_criterion_is_a_threshold_over_a_period(
    criterion: str, expected: bool
) -> None:
    assert measurable(criterion) is expected


def test_criteria_still_to_be_defined_are_not_asked_for(write: Write) -> None:
    # The activity that defines them is planned and not done: nothing to ask yet.
    pending = "activities:\n  - {id: define-authorization-criteria}\n  - {id: cab-approval}\n"
    assert findings(write, pending, "AUT001") == []
    # Dropped with a reason: the decision not to define them is on record.
    dropped = (
        "activities:\n"
        "  - {id: define-authorization-criteria, status: not-applicable,"
        " reason: the CAB's standard checklist is used}\n"
        "  - {id: cab-approval}\n"
    )
    assert findings(write, dropped, "AUT001") == []
    # Not in the plan at all: every authorisation point shows its criteria.
    absent = "activities:\n  - {id: cab-approval}\n"
    assert [(line, column) for line, column, _ in findings(write, absent, "AUT001")] == [(3, 5)]


def test_acceptance_criteria_missing_or_not_agreed(write: Write) -> None:
    (none,) = findings(write, "activities: []\n", "ACC001")
    assert none[:2] == (1, 1) and "no service acceptance criteria" in none[2]
    text = "acceptance:\n  criteria: [payslips match the payroll run]\n"
    (unagreed,) = findings(write, text, "ACC001")
    # at the 'criteria:' key, line 3 after two spaces
    assert unagreed[:2] == (3, 3) and "not agreed yet" in unagreed[2]


def test_a_gate_not_yet_reached_needs_no_signature_date(write: Write) -> None:
    text = (
        "activities:\n  - {id: go-live}\n"
        "acceptance:\n"
        "  criteria: [payslips match the payroll run]\n"
        "  agreed_on: 2026-03-02\n"
        "  signoffs:\n"
        "    - {by: service-owner, name: Head of HR systems, gate: go-live}\n"
        "    - {by: it-operations-management, name: Operations bridge, gate: go-live}\n"
        "    - {by: service-owner, name: Head of HR systems, gate: close}\n"
        "    - {by: it-operations-management, name: Operations bridge, gate: close}\n"
    )
    assert findings(write, text, "ACC002") == []


def test_a_booking_of_another_environment_does_not_count(write: Write) -> None:
    # A booking for the activity on 'test' does not hold the 'staging' it asks for.
    text = (
        "activities:\n"
        "  - {id: load-test, start: 2026-05-04, duration: 3, environment: Staging}\n"
        "bookings:\n"
        "  - {environment: ' staging ', activity: load-test, start: 2026-05-04,"
        " finish: 2026-05-06}\n"
    )
    assert findings(write, text, "ENV002") == []  # case and spaces aside, the same one
    other = text.replace("' staging '", "test")
    ((line, column, message),) = findings(write, other, "ENV002")
    assert (line, column) == (3, 66) and "its bookings are for 'test'" in message


def test_an_open_risk_with_both_is_fine_and_a_closed_one_needs_neither(write: Write) -> None:
    text = (
        "risks:\n"
        "  - {id: R1, title: Slip, category: contract, owner: Procurement, strategy: accept}\n"
        "  - {id: R2, title: Old, category: design, status: closed}\n"
    )
    assert findings(write, text, "RSK003") == []
