"""Risks (§3.3): the ITIL risk categories, each considered.

The whitepaper's §3.3 names the categories a service project works through
to find its risks: service provider risks (financial, regulatory, technical,
information security), contract risks, design risks (utility or warranty
not met), operational risks and market risks (the customer changes its
sourcing decision).

In the plan, every ``risks:`` entry has a ``category``. A category in which
the team found nothing is recorded with one entry of ``status: considered``.
An open risk has an owner and a response ``strategy`` (RSK003).
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.activities import unknown_words
from pmsm_cli.lint.rules.common import dedent


def _categories_considered(ctx: CheckContext) -> Iterator[Hit]:
    present = {risk.category for risk in ctx.plan.risks}
    for category in ctx.catalog.risk_categories:
        if category.id not in present:
            yield Hit(
                ("risks",),
                f"no risk in the category '{category.id}' ({category.title}): "
                f"{category.description} If the team found none, record one with "
                "'status: considered'",
                key=True,
                target=category.id,
            )


def _unknown_categories(ctx: CheckContext) -> Iterator[Hit]:
    known = {c.id for c in ctx.catalog.risk_categories}
    for index, risk in enumerate(ctx.plan.risks):
        if risk.category not in known:
            yield Hit(
                ("risks", index, "category"),
                f"risk '{risk.id}': " + unknown_words(risk.category, known, "risk category"),
                target=risk.category,
            )


def _unanswered(ctx: CheckContext) -> Iterator[Hit]:
    for index, risk in enumerate(ctx.plan.risks):
        if risk.status != "open":
            continue  # closed, or a category considered with nothing found
        missing = []
        if not risk.owner:
            missing.append("no owner ('owner:')")
        if risk.strategy is None:
            missing.append("no response strategy ('strategy:' avoid, reduce, transfer or accept)")
        if missing:
            yield Hit(
                ("risks", index),
                f"open risk '{risk.id}' has {' and '.join(missing)}",
                target=risk.id,
            )


RULES = (
    Rule(
        code="RSK001",
        needs=frozenset({"risks"}),
        slug="risk-category-not-considered",
        title="An ITIL risk category was never considered",
        severity="error",
        source=whitepaper("3.3"),
        basis="suggests",
        rationale=(
            "Working through the ITIL risk categories (§3.3) finds the risks a project-only "
            "view misses: the provider's own capability, contracts with suppliers, a design "
            "that misses its warranty, operations unable to contain the change, and the "
            "customer taking the work elsewhere. Each category needs at least one entry, even "
            "if only 'status: considered' to say nothing was found."
        ),
        bad=dedent("""
            risks:
              - {id: R1, title: Vendor release slips, category: contract}
        """),
        good=dedent("""
            risks:
              - {id: R1, title: Vendor release slips, category: contract}
              - {id: R2, title: Payroll team lacks Kubernetes skills, category: service-provider}
              - {id: R3, title: Peak load on pay day exceeds capacity, category: design}
              - {id: R4, title: Service desk not ready at go-live, category: operational}
              - {id: R5, title: HR may outsource payroll, category: market, status: considered}
        """),
        check=_categories_considered,
    ),
    Rule(
        code="RSK002",
        needs=frozenset({"risks"}),
        slug="unknown-risk-category",
        title="A risk's category is not an ITIL risk category",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Risks are classed by the §3.3 categories so the register shows which kinds of "
            "risk were considered. A misspelt category hides the risk from that check."
        ),
        bad=dedent("""
            risks:
              - {id: R1, title: Vendor release slips, category: contracts}
        """),
        good=dedent("""
            risks:
              - {id: R1, title: Vendor release slips, category: contract}
        """),
        check=_unknown_categories,
    ),
    Rule(
        code="RSK003",
        needs=frozenset({"risks"}),
        slug="risk-without-owner-or-strategy",
        title="An open risk has no owner or no response strategy",
        severity="error",
        source=whitepaper("3.3"),
        basis="policy",
        rationale=(
            "§3.3 points project teams to the risk management processes of the PMBOK Guide's "
            "planning group and to ITIL's risk categories for finding risks. A risk found and "
            "then left alone is only a worry written down: each open risk needs someone who "
            "watches it and acts ('owner:'), and a decided way of responding ('strategy:'): "
            "avoid it, reduce its probability or impact, transfer it (to a supplier, an "
            "insurer), or accept it knowingly; 'response:' says how. Asking for both is pmsm's "
            "policy, following the PMBOK Guide 4th edition §11.5 (Plan Risk Responses), whose "
            "'mitigate' is 'reduce' here."
        ),
        bad=dedent("""
            risks:
              - {id: R1, title: Vendor release slips, category: contract}
        """),
        good=dedent("""
            risks:
              - id: R1
                title: Vendor release slips
                category: contract
                strategy: transfer
                response: Penalty clause of 2% a week in the contract
                owner: Procurement
        """),
        check=_unanswered,
    ),
)
