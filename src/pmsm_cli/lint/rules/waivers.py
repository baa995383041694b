"""Waivers: accepted findings whose acceptance has gone stale.

A waiver (``waivers:`` in the plan) or an inline ``# pmsm: ignore[CODE]``
records that a team accepts a finding. Both rot: the plan changes and the
finding disappears while the waiver stays, hiding the next real problem, or
the date the team promised to revisit it passes. These rules report that.
They run after suppression and cannot themselves be waived; turn them off
with ``ignore:`` in the configuration if you must.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.lint.suppression import SuppressionReport
from pmsm_cli.models.plan import Waiver


def _report(ctx: CheckContext) -> SuppressionReport:
    return ctx.suppression or SuppressionReport()


def _covers(waiver: Waiver) -> str:
    return f"{waiver.code} on '{waiver.target}'" if waiver.target else waiver.code


def _expired(ctx: CheckContext) -> Iterator[Hit]:
    for index in _report(ctx).expired:
        waiver = ctx.plan.waivers[index]
        expires = waiver.expires.isoformat() if waiver.expires else "?"
        yield Hit(
            ("waivers", index, "expires"),
            f"the waiver for {_covers(waiver)} expired on {expires}, so the findings it covered "
            "count again; fix the plan, or renew the waiver with a new date",
            target=waiver.code,
        )


def _unused_waivers(ctx: CheckContext) -> Iterator[Hit]:
    for index in _report(ctx).unused_waivers:
        waiver = ctx.plan.waivers[index]
        yield Hit(
            ("waivers", index),
            f"the waiver for {_covers(waiver)} matches no finding; remove it",
            target=waiver.code,
        )


def _unused_inline(ctx: CheckContext) -> Iterator[Hit]:
    for ignore, code in _report(ctx).unused_inline:
        yield Hit(
            (),
            f"'# pmsm: ignore[{code}]' matches no finding on this line; remove it",
            at=(ignore.line, ignore.column),
            target=code,
        )


def _unknown_codes(ctx: CheckContext) -> Iterator[Hit]:
    report = _report(ctx)
    for index in report.unknown_waivers:
        code = ctx.plan.waivers[index].code
        yield Hit(
            ("waivers", index, "code"),
            f"the waiver names '{code}', which is no rule code or family; "
            "see 'pmsm rules' for the codes",
            target=code,
        )
    for ignore, code in report.unknown_inline:
        message = (
            f"'{code}' in '# pmsm: ignore[...]' is no rule code or family; see 'pmsm rules'"
            if code
            else "'# pmsm: ignore' names no rule code; write '# pmsm: ignore[CODE]' so only "
            "that finding is accepted"
        )
        yield Hit((), message, at=(ignore.line, ignore.column), target=code or None)


_WAIVER_GOOD = dedent("""
    waivers:
      - code: REL002
        reason: the portal replaces a paper process 1:1; the steering group accepted the risk
        owner: Head of HR systems
        expires: 2099-12-31
""")

RULES = (
    Rule(
        code="WVR001",
        slug="waiver-expired",
        title="A waiver has passed its expiry date",
        severity="warning",
        source=None,
        basis="housekeeping",
        rationale=(
            "A waiver with an expiry date is a promise to revisit a decision (the GB Advisors "
            "article asks for compliance to be monitored during execution). Once the date "
            "passes the waiver no longer covers anything and the findings count again; this "
            "rule says why they came back."
        ),
        bad=dedent("""
            waivers:
              - {code: REL002, reason: pilot decided later, expires: 2020-01-31}
        """),
        good=_WAIVER_GOOD,
        check=_expired,
        after_suppression=True,
    ),
    Rule(
        code="WVR002",
        slug="unused-waiver",
        title="A waiver matches no finding",
        severity="warning",
        source=None,
        basis="housekeeping",
        rationale=(
            "Monitoring compliance during execution (GB Advisors article) includes the "
            "exceptions: a waiver that matches nothing has outlived its reason, because the "
            "plan was fixed or the target renamed. Left in place it would silently accept "
            "the next finding of that code, so remove it."
        ),
        bad=dedent("""
            activities:
              - id: pilot
            waivers:
              - {code: REL002, reason: no pilot for this release}
        """),
        good=dedent("""
            activities:
              - id: pilot
        """),
        check=_unused_waivers,
        after_suppression=True,
    ),
    Rule(
        code="WVR003",
        slug="unused-inline-ignore",
        title="An inline '# pmsm: ignore[CODE]' matches no finding",
        severity="warning",
        source=None,
        basis="housekeeping",
        rationale=(
            "An inline ignore that no longer matches a finding on its line is noise at best; "
            "at worst it will hide the next real finding there, out of sight of the compliance "
            "monitoring the GB Advisors article asks for. Remove it."
        ),
        bad=dedent("""
            charter:
              costs:  # pmsm: ignore[CHT001]
                - {item: Support, category: run, stage: operate, amount: 40000}
        """),
        good=dedent("""
            charter:
              costs:
                - {item: Support, category: run, stage: operate, amount: 40000}
        """),
        check=_unused_inline,
        after_suppression=True,
    ),
    Rule(
        code="WVR004",
        slug="unknown-rule-code",
        title="A waiver or inline ignore names no known rule",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "A waiver or ignore with a misspelt code accepts nothing, so the finding it was "
            "meant for still fails the check, and a bare '# pmsm: ignore' would accept "
            "anything on its line, defeating the compliance monitoring the GB Advisors "
            "article asks for. Name an existing code or family ('pmsm rules')."
        ),
        bad=dedent("""
            waivers:
              - {code: REL020, reason: no pilot}
        """),
        good=dedent("""
            waivers:
              - {code: REL002, reason: no pilot}
        """),
        check=_unknown_codes,
        after_suppression=True,
    ),
)
