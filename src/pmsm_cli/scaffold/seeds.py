"""The wording ``pmsm init`` seeds a new plan with, by project kind.

The catalog says *what* a plan must hold (cost stages, risk categories, ...);
these are starting sentences a project manager edits, worded for each kind of
project (§1.2). A kind added by an organisation's catalog gets the general
wording under ``"*"``. ``{service}`` is replaced by the service's name.
"""

from __future__ import annotations

from pmsm_cli.records import record


@record
class CostSeed:
    """One cost line of the charter's TCO (§2.1), filled from one answer."""

    answer: str  # which amount answer fills it: implement_cost, run_cost, retire_cost
    item: str
    category: str  # an investment category id, or "=investment" for the answer's choice
    stage: str  # a TCO stage id
    recurring: bool


_RUN_EXAMPLES = "support labour, infrastructure upkeep, supplier warranty"

COSTS: dict[str, tuple[CostSeed, ...]] = {
    "new-service": (
        CostSeed(
            "implement_cost",
            "Design, build, test and deploy {service} (project team, licences, hardware)",
            "=investment",
            "implement",
            False,
        ),
        CostSeed("run_cost", f"Run {{service}}: {_RUN_EXAMPLES}", "run", "operate", True),
        CostSeed(
            "retire_cost",
            "Retire {service} at the end of its life: archive data, switch off, dispose of assets",
            "run",
            "retire",
            False,
        ),
    ),
    "changed-service": (
        CostSeed(
            "implement_cost",
            "Design, build, test and deploy the changes to {service}",
            "=investment",
            "implement",
            False,
        ),
        CostSeed(
            "run_cost", f"Run the changed {{service}}: {_RUN_EXAMPLES}", "run", "operate", True
        ),
        CostSeed(
            "retire_cost",
            "Retire what the change replaces: migrate data, switch off, dispose of assets",
            "run",
            "retire",
            False,
        ),
    ),
    "retire-service": (
        CostSeed(
            "implement_cost",
            "Provide the agreed alternative for the remaining users of {service}",
            "=investment",
            "implement",
            False,
        ),
        CostSeed(
            "run_cost",
            "Costs that remain after {service} is switched off (archive storage, records)",
            "run",
            "operate",
            True,
        ),
        CostSeed(
            "retire_cost",
            "Decommission {service}: project team, data archiving, switch-off, asset disposal",
            "run",
            "retire",
            False,
        ),
    ),
    "*": (
        CostSeed(
            "implement_cost",
            "Carry out {service}: design, tools, configuration and training",
            "=investment",
            "implement",
            False,
        ),
        CostSeed(
            "run_cost",
            "Run what {service} adds: people's time, tool licences and upkeep",
            "run",
            "operate",
            True,
        ),
        CostSeed(
            "retire_cost",
            "Retire the tooling of {service} at the end of its life",
            "run",
            "retire",
            False,
        ),
    ),
}

BENEFITS: dict[str, str] = {
    "new-service": "Business benefit of {service} (savings, revenue or avoided costs)",
    "changed-service": "Business benefit of the change to {service}",
    "retire-service": "Run costs no longer paid once {service} is switched off",
    "process-adoption": "Benefit of adopting {service} (less rework, fewer failed changes)",
    "*": "Benefit of {service}",
}

OBJECTIVES: dict[str, str] = {
    "new-service": (
        "Put {service} into production with its support, operations and service level "
        "reporting in place, and hand it over to operations"
    ),
    "changed-service": (
        "Deliver the agreed changes to {service} into production without disrupting its "
        "users, with support and operations ready"
    ),
    "retire-service": (
        "Withdraw {service}: move its users to the agreed alternative, end its agreements "
        "and contracts, and remove its infrastructure and assets"
    ),
    "process-adoption": (
        "Define, standardise and adopt {service}, with its roles, procedures, tools and "
        "training in place"
    ),
    "improvement": (
        "Improve {service} measurably and verify the improvement against agreed measures"
    ),
    "*": "Deliver {service} as this charter describes",
}

# The investment category the implementation cost defaults to (§2.1): a
# retirement keeps the business running; the other kinds grow it.
INVESTMENT: dict[str, str] = {"retire-service": "run", "*": "grow"}

RISKS: dict[str, dict[str, str]] = {
    "retire-service": {
        "service-provider": "Records the law requires us to keep are lost when {service} is "
        "switched off",
        "contract": "Supplier contracts for {service} cannot be ended without penalties, or "
        "renew on their own",
        "design": "The alternative offered to the users of {service} does not cover what they "
        "still use it for",
        "operational": "Something still depends on {service} when it is switched off (an "
        "interface, a report, a user)",
        "market": "The customer reverses the decision or asks for {service} from another provider",
    },
    "*": {
        "service-provider": "We lack the budget, skills or compliance to run {service} well "
        "after go-live",
        "contract": "A supplier of {service} cannot meet its contractual obligations or service "
        "levels",
        "design": "The design of {service} misses a utility or warranty requirement "
        "(availability, capacity, security, continuity)",
        "operational": "The transition of {service} disrupts live services, or operations cannot "
        "keep it stable",
        "market": "The customer moves all or part of {service} to another provider",
    },
}

RFC_TITLES: dict[str, str] = {
    "new-service": "Deploy {service} into production",
    "changed-service": "Deploy the changes to {service} into production",
    "retire-service": "Switch off {service} and decommission its infrastructure",
    "*": "Put the changes of {service} into production",
}

# The activity an RFC authorises: the first of these the plan has (§4.5).
RFC_ACTIVITIES: tuple[str, ...] = (
    "deploy-transfer-to-operations",
    "decommission-retiring-services",
    "deploy-processes-materials",
    "deploy-service-management-capabilities",
    "go-live",
)


def _pick(table: dict[str, str], kind: str) -> str:
    return table.get(kind, table["*"])


def objective(kind: str, service: str) -> str:
    return _pick(OBJECTIVES, kind).format(service=service)


def investment(kind: str) -> str:
    return _pick(INVESTMENT, kind)


def costs(kind: str) -> tuple[CostSeed, ...]:
    return COSTS.get(kind, COSTS["*"])


def benefit(kind: str, service: str) -> str:
    return _pick(BENEFITS, kind).format(service=service)


def risk_title(kind: str, category: str, category_title: str, service: str) -> str:
    titles = RISKS.get(kind, RISKS["*"])
    fallback = f"{category_title}: identify what could go wrong for {{service}}"
    return titles.get(category, fallback).format(service=service)


def rfc_title(kind: str, service: str) -> str:
    return _pick(RFC_TITLES, kind).format(service=service)
