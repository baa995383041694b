"""Rank many plans the way §1.3 advises: service portfolio first, project portfolio second.

Project Portfolio Management ranks projects by ROI; Service Portfolio
Management values the services they serve. The whitepaper's advice (§1.3) is
to look from the service portfolio first: a project with a slightly higher
ROI on a less strategic service should rank below one on a core service. So
plans are ordered by the strategic class of their ``project.service`` (core,
enabling, enhancing; a service the portfolio lacks comes last), then by ROI
(the charter's own figures when it has them, else its stated ``roi``). Every
pair that this order puts the other way round from ROI alone is listed with
the reason.

The report also sums the charters' run/grow/transform investment over each
charter's horizon (§2.1), flags plans whose service is not in the portfolio,
and lists shared environments booked by two plans on the same days (§5.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pmsm_cli.bookings import BookingConflict, booking_conflicts, booking_problems
from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.models.plan import CostLine
from pmsm_cli.models.portfolio import Service, ServicePortfolio
from pmsm_cli.planfile import LoadedPlan, load_plan
from pmsm_cli.validation import validate
from pmsm_cli.yamlio import YamlDocument, load_yaml

# The §2.1 investment categories, in the order reports show them; a charter may
# use other category ids too, which are summed and shown after these.
INVESTMENT_ORDER = ("run", "grow", "transform")


@dataclass(frozen=True)
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


@dataclass(frozen=True)
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
    def weight(self) -> int:
        """Strategic value: the class weight, 0 when the service is not in the portfolio."""
        return self.service.weight if self.service else 0

    @property
    def strategic_class(self) -> str | None:
        return self.service.strategic_class if self.service else None

    @property
    def horizon_years(self) -> int:
        return self.loaded.plan.charter.horizon_years

    @property
    def total_investment(self) -> float:
        return sum(self.investment.values())

    def describe_service(self) -> str:
        """'core service Payroll', or why there is no class."""
        if self.service is not None:
            return f"{self.service.strategic_class} service '{self.service.name}'"
        if self.service_name is None:
            return "no service named"
        return f"service '{self.service_name}' not in the service portfolio"


@dataclass(frozen=True)
class RankedPlan:
    entry: PlanEntry
    rank: int  # 1 = first: service portfolio, then ROI
    roi_rank: int  # by ROI alone

    @property
    def moved(self) -> int:
        """Places gained (positive) or lost (negative) against ranking by ROI alone."""
        return self.roi_rank - self.rank


@dataclass(frozen=True)
class RankChange:
    """A pair the service-portfolio order puts the other way round from ROI alone."""

    above: PlanEntry  # ranks higher here, though its ROI is lower (or unknown)
    below: PlanEntry  # has the higher ROI, but serves a less strategic service

    @property
    def reason(self) -> str:
        above_roi = format_roi(self.above.roi)
        below_roi = format_roi(self.below.roi)
        gap = (
            f"; the ROI gap is {self.below.roi - self.above.roi:.1f} points"
            if self.above.roi is not None and self.below.roi is not None
            else ""
        )
        return (
            f"'{self.above.name}' ({self.above.describe_service()}, ROI {above_roi}) ranks above "
            f"'{self.below.name}' ({self.below.describe_service()}, ROI {below_roi}): the "
            f"service portfolio comes before ROI (§1.3){gap}"
        )


def format_roi(roi: float | None) -> str:
    return "unknown" if roi is None else f"{roi:.1f}%"


@dataclass(frozen=True)
class Flag:
    """Something about one plan a PMO should look at."""

    path: Path
    line: int
    column: int
    message: str

    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class PortfolioReport:
    services_path: Path
    ranking: list[RankedPlan]
    changes: list[RankChange]
    investment: dict[str, float]  # category -> sum over all plans
    flags: list[Flag]
    conflicts: list[BookingConflict]
    categories: list[str] = field(default_factory=list)  # the order to show categories in

    @property
    def total_investment(self) -> float:
        return sum(self.investment.values())


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


def _roi_key(entry: PlanEntry) -> tuple[bool, float]:
    # Unknown ROI sorts after every known one.
    return (entry.roi is None, -(entry.roi or 0.0))


def _tie_key(entry: PlanEntry) -> tuple[str, str]:
    return (entry.name.casefold(), str(entry.path))


def rank(entries: Sequence[PlanEntry]) -> tuple[list[RankedPlan], list[RankChange]]:
    """Order by strategic class then ROI; also the pairs that ROI alone would order otherwise."""
    by_portfolio = sorted(entries, key=lambda e: (-e.weight, *_roi_key(e), *_tie_key(e)))
    by_roi = sorted(entries, key=lambda e: (*_roi_key(e), *_tie_key(e)))
    roi_rank = {id(e): n for n, e in enumerate(by_roi, start=1)}
    ranking = [
        RankedPlan(e, rank=n, roi_rank=roi_rank[id(e)]) for n, e in enumerate(by_portfolio, 1)
    ]
    changes = [
        RankChange(above=a, below=b)
        for i, a in enumerate(by_portfolio)
        for b in by_portfolio[i + 1 :]
        if roi_rank[id(b)] < roi_rank[id(a)]
    ]
    return ranking, changes


def _flags(entry: PlanEntry, services: LoadedServices) -> list[Flag]:
    loaded = entry.loaded
    plan = loaded.plan
    flags: list[Flag] = []

    def flag(loc: tuple[str | int, ...], message: str) -> None:
        _, line, column = loaded.doc.locate(loc)
        flags.append(Flag(loaded.path, line, column, message))

    if entry.service_name is None:
        flag(
            ("project",),
            "the project names no service ('project: service:'), so the service portfolio "
            "cannot value it; it ranks after every plan whose service is known",
        )
    elif entry.service is None:
        flag(
            ("project", "service"),
            f"the service '{entry.service_name}' is not in the service portfolio "
            f"{services.path}; add it there with its strategic class, or correct the name",
        )
    elif entry.service.status == "retired" and plan.project.kind != "retire-service":
        flag(
            ("project", "service"),
            f"the service '{entry.service.name}' is retired in the service portfolio, yet this "
            f"is a '{plan.project.kind}' project",
        )
    if plan.charter.costs and entry.investment.get("run", 0.0) == 0:
        flag(
            ("charter", "costs"),
            "the charter asks for no run-the-business money: who pays to operate the service "
            "once it is live? (§2.1)",
        )
    if entry.roi is None:
        flag(
            ("charter",),
            "the charter has no ROI (no costs and benefits to derive it from, and no stated "
            "'roi'); it ranks last within its service class",
        )
    flags.extend(
        Flag(p.path or loaded.path, p.line or 1, p.column or 1, p.message)
        for p in booking_problems(loaded)
    )
    return flags


def build_report(plans: Sequence[LoadedPlan], services: LoadedServices) -> PortfolioReport:
    entries = [plan_entry(p, services) for p in plans]
    ranking, changes = rank(entries)
    investment: dict[str, float] = dict.fromkeys(INVESTMENT_ORDER, 0.0)
    for entry in entries:
        for category, amount in entry.investment.items():
            investment[category] = investment.get(category, 0.0) + amount
    others = sorted(c for c in investment if c not in INVESTMENT_ORDER)
    return PortfolioReport(
        services_path=services.path,
        ranking=ranking,
        changes=changes,
        investment=investment,
        flags=[f for r in ranking for f in _flags(r.entry, services)],
        conflicts=booking_conflicts(plans),
        categories=[*INVESTMENT_ORDER, *others],
    )


def portfolio_report(paths: Sequence[Path], services_file: Path) -> PortfolioReport:
    """Everything ``pmsm portfolio`` shows, from plan files and folders and a services file."""
    from pmsm_cli.discovery import PLAN_NAMES_IN_WORDS, find_plan_files

    services = load_services(services_file)
    files = find_plan_files(paths)
    if not files:
        names = ", ".join(str(p) for p in paths)
        raise PmsmError(f"no plan files ({PLAN_NAMES_IN_WORDS}) in {names}")
    plans = load_plans(files)
    return build_report(plans, services)
