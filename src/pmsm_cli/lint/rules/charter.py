"""Charter (§2.1): a business case built on the total cost of ownership.

The whitepaper's §2.1: the return on investment needs the Total Cost of
Ownership, meaning the cost to implement, to operate and to retire the
service. Costs fall into three investment categories: run the business
(operate: support labour, infrastructure upkeep, supplier warranty), grow the
business and transform the business. The mistake it names: a charter with
only grow or transform costs, which starves the service once it is live.

In the plan, ``charter.costs`` lines carry a ``category`` (run, grow,
transform) and a ``stage`` (implement, operate, retire); ``recurring`` lines
count once per year of ``horizon_years``. ``roi`` is the stated return in
percent; pmsm derives its own from the figures: (benefits - TCO) / TCO x 100.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.formatting.numbers import money, percent
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.activities import unknown_words
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.models.plan import Charter

RUN = "run"
ROI_TOLERANCE = 0.5  # percentage points: a stated ROI rounded to a whole number still agrees


def _run_costs(ctx: CheckContext) -> Iterator[Hit]:
    if RUN not in {c.id for c in ctx.catalog.investment_categories}:
        return  # an organisation catalog without the category cannot ask for it
    if not any(line.category == RUN for line in ctx.plan.charter.costs):
        yield Hit(
            ("charter", "costs"),
            "the charter has no run-the-business costs (category: run): nothing pays for "
            "support labour, infrastructure upkeep or supplier warranty once the service is "
            "live",
            key=True,
            target=RUN,
        )


def _why_no_roi(charter: Charter) -> str:
    if not charter.costs:
        return "it lists no costs"
    if charter.tco == 0:
        return "its costs add up to 0"
    return "it lists no benefits"


def _roi_derivable(ctx: CheckContext) -> Iterator[Hit]:
    charter = ctx.plan.charter
    if charter.derived_roi is not None:
        return
    why = _why_no_roi(charter)
    if charter.roi is None:
        yield Hit(
            ("charter",),
            f"the charter has no return on investment and its figures cannot give one: {why}",
            key=True,
        )
    else:
        yield Hit(
            ("charter", "roi"),
            f"the charter states an ROI of {charter.roi:g}%, but its figures cannot support "
            f"it: {why}",
        )


def _roi_agrees(ctx: CheckContext) -> Iterator[Hit]:
    charter = ctx.plan.charter
    derived = charter.derived_roi
    if charter.roi is None or derived is None or abs(charter.roi - derived) <= ROI_TOLERANCE:
        return
    tco, benefits = charter.tco, charter.total_benefits
    yield Hit(
        ("charter", "roi"),
        f"the charter states an ROI of {charter.roi:g}%, but its figures give {percent(derived)}: "
        f"(benefits {money(benefits)} - TCO {money(tco)}) / TCO {money(tco)} x 100 over "
        f"{charter.horizon_years} years",
    )


def _tco_stages(ctx: CheckContext) -> Iterator[Hit]:
    present = {line.stage for line in ctx.plan.charter.costs}
    for stage in ctx.catalog.tco_stages:
        if stage.id not in present:
            yield Hit(
                ("charter", "costs"),
                f"the total cost of ownership has no {stage.title.lower()} costs "
                f"(stage: {stage.id}): {stage.description}",
                key=True,
                target=stage.id,
            )


def _unknown_cost_fields(ctx: CheckContext) -> Iterator[Hit]:
    categories = {c.id: c for c in ctx.catalog.investment_categories}
    stages = {s.id: s for s in ctx.catalog.tco_stages}
    for index, line in enumerate(ctx.plan.charter.costs):
        if line.category not in categories:
            yield Hit(
                ("charter", "costs", index, "category"),
                f"cost '{line.item}': "
                + unknown_words(line.category, categories, "investment category"),
                target=line.category,
            )
        if line.stage not in stages:
            yield Hit(
                ("charter", "costs", index, "stage"),
                f"cost '{line.item}': " + unknown_words(line.stage, stages, "TCO stage"),
                target=line.stage,
            )


_COSTS_BAD = dedent("""
    charter:
      horizon_years: 3
      costs:
        - {item: Build the portal, category: grow, stage: implement, amount: 180000}
      benefits:
        - {item: Fewer payroll queries, amount: 120000, recurring: true}
""")
_COSTS_GOOD = dedent("""
    charter:
      horizon_years: 3
      costs:
        - {item: Build the portal, category: grow, stage: implement, amount: 180000}
        - {item: Support and hosting, category: run, stage: operate, amount: 40000, recurring: true}
        - {item: Decommissioning, category: run, stage: retire, amount: 15000}
      benefits:
        - {item: Fewer payroll queries, amount: 220000, recurring: true}
""")

RULES = (
    Rule(
        code="CHT001",
        needs=frozenset({"charter"}),
        slug="run-costs-missing",
        title="The charter has no run-the-business costs",
        severity="error",
        source=whitepaper("2.1"),
        basis="requires",
        rationale=(
            "The whitepaper (§2.1) names this mistake: a charter that counts only grow- or "
            "transform-the-business money. Running the service (support labour, "
            "infrastructure upkeep, supplier warranty) is run-the-business money, and when the "
            "charter does not ask for it the service is starved once the project team leaves. "
            "Put the run costs, and the case for a larger run budget, in the charter."
        ),
        bad=_COSTS_BAD,
        good=_COSTS_GOOD,
        check=_run_costs,
    ),
    Rule(
        code="CHT002",
        needs=frozenset({"charter"}),
        slug="roi-not-derivable",
        title="The charter's ROI cannot be derived from its costs and benefits",
        severity="error",
        source=whitepaper("2.1"),
        basis="requires",
        rationale=(
            "A return on investment is only as good as the total cost of ownership behind it "
            "(§2.1). pmsm derives the ROI from the charter's cost lines and benefits, "
            "(benefits - TCO) / TCO x 100 over the horizon; a charter without benefits or "
            "costs has no ROI to rank the project by, whatever figure it states."
        ),
        bad=dedent("""
            charter:
              roi: 45
              costs:
                - {item: Build the portal, category: grow, stage: implement, amount: 180000}
        """),
        good=_COSTS_GOOD,
        check=_roi_derivable,
    ),
    Rule(
        code="CHT003",
        needs=frozenset({"charter"}),
        slug="roi-mismatch",
        title="The stated ROI differs from the one the figures give",
        severity="warning",
        source=whitepaper("2.1"),
        basis="policy",
        rationale=(
            "The project portfolio ranks projects by ROI (§1.3), and the ROI must rest on the "
            "total cost of ownership (§2.1). When the stated figure and the one derived from "
            "the charter's own costs and benefits disagree by more than half a point, one of "
            "them is stale, often because run costs were added after the ROI was written. "
            "The whitepaper does not compare the two figures: this is pmsm's policy."
        ),
        bad=dedent("""
            charter:
              horizon_years: 3
              roi: 80
              costs:
                - {item: Build, category: grow, stage: implement, amount: 180000}
                - {item: Support, category: run, stage: operate, amount: 40000, recurring: true}
              benefits:
                - {item: Fewer payroll queries, amount: 150000, recurring: true}
        """),
        good=dedent("""
            charter:
              horizon_years: 3
              roi: 50        # (450000 - 300000) / 300000 x 100
              costs:
                - {item: Build, category: grow, stage: implement, amount: 180000}
                - {item: Support, category: run, stage: operate, amount: 40000, recurring: true}
              benefits:
                - {item: Fewer payroll queries, amount: 150000, recurring: true}
        """),
        check=_roi_agrees,
    ),
    Rule(
        code="CHT004",
        needs=frozenset({"charter"}),
        slug="tco-stage-missing",
        title="The total cost of ownership leaves out a stage (implement, operate, retire)",
        severity="error",
        source=whitepaper("2.1"),
        basis="requires",
        rationale=(
            "The whitepaper (§2.1) builds the ROI on the Total Cost of Ownership: the cost to "
            "implement, to operate and to retire the service. Operating costs recur for the "
            "service's whole life and retiring it costs money too; leaving either out makes "
            "the project look cheaper than the service is. A stage that truly costs nothing "
            "can be stated as a line with amount 0."
        ),
        bad=_COSTS_BAD,
        good=_COSTS_GOOD,
        check=_tco_stages,
    ),
    Rule(
        code="CHT005",
        needs=frozenset({"charter"}),
        slug="unknown-cost-category",
        title="A cost line names an unknown investment category or TCO stage",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Cost lines are classed by investment category (run, grow or transform the "
            "business) and TCO stage (implement, operate, retire), as §2.1 describes. A "
            "misspelt class hides the line from the run-cost and TCO checks."
        ),
        bad=dedent("""
            charter:
              costs:
                - {item: Support, category: running, stage: operate, amount: 40000}
        """),
        good=dedent("""
            charter:
              costs:
                - {item: Support, category: run, stage: operate, amount: 40000}
        """),
        check=_unknown_cost_fields,
    ),
)
