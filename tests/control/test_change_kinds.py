"""One validation of change requests: ``pmsm change add`` refuses exactly what CHG003 reports.

Issue 17: ``build_change`` once kept its own field lists and refused an RFC with a
project ``change_type`` that ``pmsm check`` let pass. Here every combination of kind,
change type, approver and a field of the other kind goes through both, and both
must give the same verdict, with the same number of problems.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.lint.helpers import check_file

from pmsm_cli.control.changes import ChangeInput, build_change
from pmsm_cli.errors import PmsmError
from pmsm_cli.lint.result import Settings
from pmsm_cli.plan.load import load_plan

Write = Callable[[str, str], Path]

HEAD = "project: {name: X, kind: new-service, start: 2026-03-02}\n"
TYPES = (None, "scope", "time", "budget", "standard", "normal", "emergency")
APPROVERS = (None, "project-sponsor", "change-advisory-board", "change-authority", "emergency-cab")
# Each kind's own fields are always given (an RFC's environment and window, a project
# request's extra days and cost) so that nothing but a mix-up can refuse it.
OWN: dict[str, dict[str, Any]] = {
    "project": {"extra_days": 5, "extra_cost": 100},
    "service": {"environment": "production", "window_start": "2026-05-01",
                "window_end": "2026-05-02"},
}  # fmt: skip
STRAY = {
    "project": (None, "environment", "window_start", "window_end"),
    "service": (None, "extra_days", "extra_cost"),
}
STRAY_VALUE = {"environment": "staging", "window_start": "2026-06-01",
               "window_end": "2026-06-01", "extra_days": 3, "extra_cost": 50}  # fmt: skip

Case = tuple[str, str | None, str | None, str | None]


def cases() -> list[Case]:
    return [
        (kind, change_type, approver, stray)
        for kind in ("project", "service")
        for change_type, approver, stray in itertools.product(TYPES, APPROVERS, STRAY[kind])
    ]


def fields(case: Case) -> dict[str, Any]:
    kind, change_type, approver, stray = case
    values: dict[str, Any] = {"kind": kind, **OWN[kind]}
    if change_type is not None:
        values["change_type"] = change_type
    if approver is not None:
        values["approver"] = approver
    if stray is not None:
        values[stray] = STRAY_VALUE[stray]
    return values


def verdicts_of_check(write: Write, all_cases: list[Case]) -> list[int]:
    """How many CHG003 findings each case gets in a plan holding them all."""
    lines = [HEAD, "change_requests:\n"]
    for number, case in enumerate(all_cases):
        pairs = ", ".join(f"{key}: {value}" for key, value in fields(case).items())
        lines.append(f"  - {{id: CR-{number}, title: t, {pairs}}}\n")
    result = check_file(write("p.pmsm.yaml", "".join(lines)), Settings(frozenset({"CHG003"})))
    return [
        sum(f"change request 'CR-{number}' " in f.message for f in result.findings)
        for number in range(len(all_cases))
    ]


def verdicts_of_change_add(write: Write, all_cases: list[Case]) -> list[int]:
    """How many problems ``pmsm change add`` (build_change) gives each case; 0 when it writes it."""
    import datetime as dt

    loaded = load_plan(write("empty.pmsm.yaml", HEAD))
    counts = []
    for case in all_cases:
        values = {
            key: dt.date.fromisoformat(value) if key.startswith("window_") else value
            for key, value in fields(case).items()
        }
        try:
            build_change(loaded, ChangeInput(title="t", **values))
        except PmsmError as refused:
            counts.append(len(refused.problems))
        else:
            counts.append(0)
    return counts


def test_check_and_change_add_refuse_the_same_change_requests(write: Write) -> None:
    all_cases = cases()
    # 7 change types x 5 approvers x (1 + 3 other-kind fields) for a project request,
    # x (1 + 2) for an RFC.
    assert len(all_cases) == 7 * 5 * 4 + 7 * 5 * 3 == 245
    by_check = verdicts_of_check(write, all_cases)
    by_change_add = verdicts_of_change_add(write, all_cases)
    assert by_check == by_change_add
    accepted = [case for case, count in zip(all_cases, by_check, strict=True) if count == 0]
    # Worked out by hand from §5.1 and ITIL v3 Service Transition §4.2: a project request
    # with no field of an RFC, a type of its own or none (4) and the sponsor or no approver
    # (2): 8. An RFC with no project field, for each of its types or none (4), three
    # approvers: no approver, the change authority, and the CAB (normal or standard, or
    # no type) or the ECAB (emergency): 12.
    assert len(accepted) == 8 + 12
    # The case of issue 17: an RFC with a project change's type, refused by both.
    issue = all_cases.index(("service", "scope", None, None))
    assert by_check[issue] == by_change_add[issue] == 1
