"""Service acceptance: criteria agreed while planning, signed off before go-live and close.

ITIL v3 Service Transition has the service accepted against service acceptance
criteria: agreed early, with the people who will own and run the service, and
checked before the service goes live and again before the project hands over
for good. The whitepaper comes close without the word: requirements from the
support organisation (§3.1), the readiness assessment before deployment (§4.4),
operations taking full responsibility after early life support (§4.7). Both
rules here are pmsm's policy, and say so.

In the plan::

    acceptance:
      criteria: [...]          # what the service must show to be accepted
      agreed_on: 2026-02-20    # when the service owner and operations agreed them
      signoffs:
        - {by: service-owner, name: ..., gate: go-live, signed_on: 2026-05-29}
        - {by: it-operations-management, name: ..., gate: close}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import DROPPED, STARTED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.models.plan import AcceptanceGate

# Who accepts the service: its owner, and the operations that will run it.
SIGNERS = {"service-owner": "the service owner", "it-operations-management": "IT operations"}
# Each gate and the catalog activity that marks it.
GATES: dict[AcceptanceGate, str] = {"go-live": "go-live", "close": "project-closed"}
# The work that tests the service against what it must do: criteria agreed after
# any of it has started are fitted to the results.
TESTS = (
    "sort-service-management-test",
    "sort-service-operations-test",
    "sort-service-level-test",
    "sort-user-test",
    "pilot",
    "service-rehearsal",
    "readiness-assessment",
    "go-live",
)


def _first_test(ctx: CheckContext) -> tuple[str, dt.date] | None:
    found: list[tuple[dt.date, str]] = []
    for catalog_id in TESTS:
        entry = ctx.entry(catalog_id)
        if entry is None or entry[1].status in DROPPED:
            continue
        begins = ctx.start_of(entry[1].id)
        if begins is not None:
            found.append((begins, entry[1].id))
    if not found:
        return None
    begins, first = min(found)
    return first, begins


def _criteria(ctx: CheckContext) -> Iterator[Hit]:
    acceptance = ctx.plan.acceptance
    if acceptance is None or not acceptance.criteria:
        yield Hit(
            ("acceptance", "criteria"),
            "no service acceptance criteria: list under 'acceptance: criteria:' what the "
            "service must show before its owner and operations accept it, and agree them "
            "while planning",
            key=True,
        )
        return
    if acceptance.agreed_on is None:
        yield Hit(
            ("acceptance", "criteria"),
            "the service acceptance criteria are not agreed yet: give 'agreed_on:' the day "
            "the service owner and operations agreed them",
            key=True,
        )
        return
    first = _first_test(ctx)
    if first is not None and acceptance.agreed_on > first[1]:
        yield Hit(
            ("acceptance", "agreed_on"),
            f"the service acceptance criteria were agreed on {acceptance.agreed_on.isoformat()}, "
            f"after '{first[0]}' began ({first[1].isoformat()}): criteria agreed once testing "
            "has started get fitted to its results; agree them while planning",
        )


def _signoffs(ctx: CheckContext) -> Iterator[Hit]:
    acceptance = ctx.plan.acceptance
    signoffs = acceptance.signoffs if acceptance else []
    for gate, catalog_id in GATES.items():
        if catalog_id not in ctx.expected_ids:
            continue  # an organisation catalog without the gate
        entry = ctx.entry(catalog_id)
        mine = [(n, s) for n, s in enumerate(signoffs) if s.gate == gate]
        missing = [role for role in SIGNERS if not any(s.by == role for _n, s in mine)]
        if missing:
            roles = " and ".join(f"{SIGNERS[role]} ({role})" for role in missing)
            yield Hit(
                ("acceptance", "signoffs") if acceptance else ("acceptance",),
                f"no sign-off by {roles} at the '{gate}' gate: add "
                f"'{{by: ROLE, name: WHO, gate: {gate}}}' under 'acceptance: signoffs:', and "
                "its 'signed_on:' date once signed",
                key=True,
                target=gate,
            )
        if entry is None or entry[1].status in DROPPED:
            continue
        gate_day = ctx.start_of(entry[1].id)
        passed = entry[1].status in STARTED or entry[1].actual_start is not None
        for n, signoff in mine:
            if signoff.by not in SIGNERS:
                continue
            who = SIGNERS[signoff.by]
            signed = signoff.signed_on
            if signed is None and passed:
                yield Hit(
                    ("acceptance", "signoffs", n),
                    f"'{entry[1].id}' has begun but the sign-off by {who} for it has no "
                    "'signed_on:' date: was the service accepted?",
                    target=gate,
                )
            elif signed is not None and gate_day is not None and signed > gate_day:
                yield Hit(
                    ("acceptance", "signoffs", n, "signed_on"),
                    f"{who} signed the '{gate}' acceptance on {signed.isoformat()}, after "
                    f"'{entry[1].id}' ({gate_day.isoformat()}): the sign-off comes first",
                    target=gate,
                )


RULES = (
    Rule(
        code="ACC001",
        needs=frozenset({"acceptance"}),
        slug="acceptance-criteria-not-agreed",
        title="No service acceptance criteria agreed while planning",
        severity="error",
        source=whitepaper("3.1"),
        basis="policy",
        rationale=(
            "A service is accepted against criteria: what it must do (utility) and how well "
            "(warranty), drawn from the requirements of §3.1 and from what support and "
            "operations need to run it. Agreed while planning, they tell the builders what to "
            "aim at and the testers what to prove; agreed after testing began, they get bent "
            "to fit the results. The plan lists them under 'acceptance: criteria:' with the "
            "day they were agreed ('agreed_on:'), no later than the first test of the service "
            "(readiness tests, pilot, rehearsal) begins. This is pmsm's policy, following the "
            "service acceptance criteria of ITIL v3 Service Transition; the whitepaper asks "
            "for the requirements, not for a separate acceptance."
        ),
        bad=dedent("""
            acceptance:
              criteria: [payslips match the payroll run to the cent for two pay runs]
        """),
        good=dedent("""
            acceptance:
              criteria: [payslips match the payroll run to the cent for two pay runs]
              agreed_on: 2026-03-02
        """),
        check=_criteria,
    ),
    Rule(
        code="ACC002",
        needs=frozenset({"acceptance"}),
        slug="acceptance-not-signed-off",
        title="The service owner and operations do not sign off before go-live and close",
        severity="error",
        source=whitepaper("4.4"),
        basis="policy",
        rationale=(
            "The readiness assessment (§4.4) asks whether the receiving organisation is ready; "
            "early life support ends when operations take full responsibility (§4.7). Both are "
            "acceptances, and an acceptance has names: the service owner, who answers for the "
            "service, and IT operations, who will run it, each sign the service off against the "
            "acceptance criteria before it goes live, and again before the project closes and "
            "its team leaves. A sign-off is dated ('signed_on:') no later than its gate. This "
            "is pmsm's policy, following the service acceptance of ITIL v3 Service Transition."
        ),
        bad=dedent("""
            acceptance:
              criteria: [payslips match the payroll run to the cent for two pay runs]
              agreed_on: 2026-03-02
              signoffs:
                - {by: service-owner, name: Head of HR systems, gate: go-live}
        """),
        good=dedent("""
            acceptance:
              criteria: [payslips match the payroll run to the cent for two pay runs]
              agreed_on: 2026-03-02
              signoffs:
                - {by: service-owner, name: Head of HR systems, gate: go-live}
                - {by: it-operations-management, name: Operations bridge, gate: go-live}
                - {by: service-owner, name: Head of HR systems, gate: close}
                - {by: it-operations-management, name: Operations bridge, gate: close}
        """),
        check=_signoffs,
    ),
)
