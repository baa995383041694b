"""The plans and the service portfolio file, as the portfolio report reads them.

A repeated service id or name is an error at its line; the plans are loaded all
at once so that every broken one is reported together. Each plan becomes a
:class:`PlanEntry`: its service looked up, its ROI and its investment per §2.1
category over the charter's horizon.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.files.yamlio import YamlDocument, load_yaml
from pmsm_cli.models.plan import CostLine
from pmsm_cli.models.portfolio import Service, ServicePortfolio
from pmsm_cli.plan.load import LoadedPlan, load_plan
from pmsm_cli.plan.validation import validate
from pmsm_cli.records import record


@record
class LoadedServices:
    path: Path
    doc: YamlDocument
    portfolio: ServicePortfolio

    def find(self, name: str) -> Service | None:
        """The service a plan means: by id, else by name, ignoring case and spacing."""
        for service in self.portfolio.services:
            if service.id == name:
                return service
        wanted = _fold(name)
        for service in self.portfolio.services:
            if _fold(service.name) == wanted or _fold(service.id) == wanted:
                return service
        return None


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_services(path: Path) -> LoadedServices:
    """Read a service portfolio file; a repeated id or name is an error at its line."""
    doc = load_yaml(path, "service portfolio file")
    portfolio = validate(ServicePortfolio, doc, "service portfolio file")
    problems: list[Problem] = []
    first_id: dict[str, int] = {}
    first_name: dict[str, int] = {}
    for index, service in enumerate(portfolio.services):
        for seen, key, value in (
            (first_id, "id", service.id),
            (first_name, "name", _fold(service.name)),
        ):
            if value in seen:
                earlier = doc.position(("services", seen[value], key))[0]
                _, line, column = doc.locate(("services", index, key))
                problems.append(
                    Problem(
                        f"the service {key} '{getattr(service, key)}' is used twice (first on "
                        f"line {earlier}); each service must be listed once",
                        path,
                        line,
                        column,
                    )
                )
            else:
                seen[value] = index
        if service.package_type is not None and service.strategic_class is not None:
            _, line, column = doc.locate(("services", index, "strategic_class"), prefer_key=True)
            problems.append(
                Problem(
                    "'strategic_class' is the older name of 'package_type', and this service "
                    "gives both; keep 'package_type' only",
                    path,
                    line,
                    column,
                )
            )
    if problems:
        raise PmsmError(problems)
    return LoadedServices(path, doc, portfolio)


def load_plans(paths: Sequence[Path]) -> list[LoadedPlan]:
    """Load every plan, reporting the problems of all broken plans together."""
    plans: list[LoadedPlan] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            plans.append(load_plan(path))
        except PmsmError as error:
            problems.extend(error.problems)
    if problems:
        raise PmsmError(problems)
    return plans


@record
class PlanEntry:
    """One plan as the portfolio sees it."""

    loaded: LoadedPlan
    service_name: str | None  # as the plan writes it
    service: Service | None  # the portfolio entry it matches, if any
    roi: float | None  # percent
    roi_source: str | None  # "derived" from the charter's figures, or "stated"
    investment: dict[str, float]  # category id -> amount over the charter's horizon

    @property
    def path(self) -> Path:
        return self.loaded.path

    @property
    def name(self) -> str:
        return self.loaded.plan.project.name

    @property
    def priority(self) -> int | None:
        """The service's strategic priority (1 = most strategic); None when it has none."""
        return self.service.strategic_priority if self.service else None

    @property
    def package_type(self) -> str | None:
        return self.service.package if self.service else None

    @property
    def tie_key(self) -> tuple[str, str]:
        return (self.name.casefold(), str(self.path))

    @property
    def horizon_years(self) -> int:
        return self.loaded.plan.charter.horizon_years

    @property
    def total_investment(self) -> float:
        return sum(self.investment.values())

    def describe_service(self) -> str:
        """'service 'Payroll' (priority 1)', or why there is no priority."""
        if self.service is None:
            if self.service_name is None:
                return "no service named"
            return f"service '{self.service_name}' (not in the service portfolio)"
        if self.service.strategic_priority is None:
            return f"service '{self.service.name}' (no strategic priority)"
        return f"service '{self.service.name}' (priority {self.service.strategic_priority})"


def investment_by_category(costs: Sequence[CostLine], horizon_years: int) -> dict[str, float]:
    """Cost lines summed per category; recurring lines count once per year of the horizon."""
    totals: dict[str, float] = {}
    for line in costs:
        amount = line.amount * (horizon_years if line.recurring else 1)
        totals[line.category] = totals.get(line.category, 0.0) + amount
    return totals


def plan_entry(loaded: LoadedPlan, services: LoadedServices) -> PlanEntry:
    plan = loaded.plan
    charter = plan.charter
    # The charter's own figures beat a stated ROI: they are what the business case rests on.
    roi, source = charter.derived_roi, "derived"
    if roi is None:
        roi, source = charter.roi, "stated"
    name = plan.project.service
    return PlanEntry(
        loaded=loaded,
        service_name=name,
        service=services.find(name) if name else None,
        roi=roi,
        roi_source=source if roi is not None else None,
        investment=investment_by_category(charter.costs, charter.horizon_years),
    )
