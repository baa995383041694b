"""Inline ignores and waivers: what they cover, what they count as, when they go stale."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.lint.helpers import check_file

from pmsm_cli.lint.result import Settings
from pmsm_cli.lint.rules import RULES
from pmsm_cli.lint.suppression import inline_ignores

Write = Callable[[str, str], Path]
HEAD = "project: {name: Payroll portal, kind: new-service, start: 2026-03-02}\n"
# Three stakeholders, none named: three STK004 findings on lines 3, 4 and 5.
UNNAMED = HEAD + "stakeholders:\n  - role: service-desk\n  - role: customer\n  - role: user\n"


def only(*codes: str) -> Settings:
    return Settings(frozenset(codes) | {"WVR001", "WVR002", "WVR003", "WVR004"})


def test_inline_ignore_parsing() -> None:
    text = (
        "a: 1  # pmsm: ignore[STK004, REL]\n"
        "b: '# pmsm: ignore[X]'\n"  # a '#' right after a quote starts no YAML comment
        "c: 2 # not an ignore\n"
        "#pmsm:ignore[CHT001]\n"
        "d: 3  # pmsm: ignore\n"
    )
    found = inline_ignores(text)
    assert [(i.line, i.column, i.codes) for i in found] == [
        (1, 7, ("STK004", "REL")),
        (4, 1, ("CHT001",)),
        (5, 7, ()),
    ]


def test_inline_ignore_waives_the_finding_on_its_line_only(write: Write) -> None:
    text = UNNAMED.replace("  - role: customer\n", "  - role: customer  # pmsm: ignore[STK004]\n")
    result = check_file(write("pmsm.yaml", text), only("STK004"))
    waived = [(f.line, f.waived.kind) for f in result.findings if f.waived]
    active = [f.line for f in result.findings if not f.waived]
    assert waived == [(4, "inline")]
    assert active == [3, 5]


def test_a_family_prefix_in_an_inline_ignore(write: Write) -> None:
    text = UNNAMED.replace("  - role: user\n", "  - role: user  # pmsm: ignore[STK]\n")
    result = check_file(write("pmsm.yaml", text), only("STK004"))
    assert [f.line for f in result.findings if f.waived] == [5]


def test_a_waiver_with_a_target_covers_that_target_only(write: Write) -> None:
    text = UNNAMED + (
        "waivers:\n"
        "  - {code: STK004, target: customer, reason: named at the kick-off, owner: Anna Berg}\n"
    )
    result = check_file(write("pmsm.yaml", text), only("STK004"))
    (waived,) = result.waived
    assert waived.target == "customer"
    assert waived.waived is not None
    assert waived.waived.reason == "named at the kick-off (owner: Anna Berg)"
    assert [f.target for f in result.active] == ["service-desk", "user"]


def test_a_waiver_without_target_covers_every_finding_of_its_code(write: Write) -> None:
    text = (
        UNNAMED
        + "waivers:\n  - {code: STK004, reason: names come next week, expires: 2099-01-31}\n"
    )
    result = check_file(write("pmsm.yaml", text), only("STK004"))
    assert len(result.waived) == 3 and result.active == ()
    assert result.waived[0].waived is not None
    assert result.waived[0].waived.reason == "names come next week (until 2099-01-31)"


def test_waived_findings_are_counted_apart_in_the_summary(write: Write) -> None:
    from pmsm_cli.lint.report import Report

    text = UNNAMED + "waivers:\n  - {code: STK004, target: user, reason: any employee}\n"
    report = Report((check_file(write("pmsm.yaml", text), only("STK004")),))
    summary = report.summary
    # 3 unnamed stakeholders - 1 waived = 2 warnings
    assert (summary.warnings, summary.waived) == (2, 1)
    assert summary.sentence() == "Found 2 findings (2 warnings) in 1 file; 1 waived."


def test_an_expired_waiver_covers_nothing_and_says_so(write: Write) -> None:
    text = UNNAMED + "waivers:\n  - {code: STK004, reason: names later, expires: 2026-03-01}\n"
    # TODAY in the helpers is 2026-03-02: the waiver expired yesterday.
    result = check_file(write("pmsm.yaml", text), only("STK004"))
    assert result.waived == ()
    assert [f.code for f in result.findings] == ["STK004", "STK004", "STK004", "WVR001"]


def test_a_waiver_that_expires_today_still_holds(write: Write) -> None:
    text = UNNAMED + "waivers:\n  - {code: STK004, reason: names later, expires: 2026-03-02}\n"
    result = check_file(write("pmsm.yaml", text), only("STK004"))
    assert len(result.waived) == 3 and result.active == ()


def test_unused_waivers_are_not_reported_for_rules_that_did_not_run(write: Write) -> None:
    text = HEAD + "waivers:\n  - {code: REL002, reason: no pilot}\n"
    # REL002 did not run (only STK004 selected): the waiver cannot be judged.
    result = check_file(write("pmsm.yaml", text), only("STK004"))
    assert result.findings == ()
    # With every rule, REL002 runs and is waived, so the waiver is used.
    all_rules = Settings(frozenset(r.code for r in RULES))
    result = check_file(write("pmsm.yaml", text), all_rules)
    assert [f.code for f in result.waived] == ["REL002"]
    assert "WVR002" not in [f.code for f in result.findings]


def test_waiver_rules_cannot_be_waived(write: Write) -> None:
    text = HEAD + "waivers:\n  - {code: WVR, reason: silence}\n  - {code: REL020, reason: typo}\n"
    codes = [f.code for f in check_file(write("pmsm.yaml", text), only()).findings]
    assert codes == ["WVR004", "WVR004"]  # WVR names no waivable rule; REL020 no rule at all
