"""Rank many plans the way §1.3 advises: by ROI, with the service deciding when ROIs are close.

Project Portfolio Management ranks projects by ROI; Service Portfolio
Management values the services they serve. §1.3: a project with a slightly
higher ROI on a less strategic service may rank below one on a service that
matters more, "especially if the ROI difference was small". So plans are
ordered by ROI (the charter's own figures when it has them, else its stated
``roi``), and where ROIs lie within a band (``roi_band`` in the services file,
``--roi-band`` on the command line, 5 points by default) the plan on the more
strategic service (lower ``strategic_priority``) goes first. The rule, and why
it is a total order, is in :mod:`pmsm_cli.portfolio.rank`. Both orders are
reported, with the reason for every pair they put the other way round.

The report also sums the charters' run/grow/transform investment over each
charter's horizon (§2.1), flags plans whose service is not in the portfolio,
and lists shared environments booked by two plans on the same days (§5.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import field
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.formatting.numbers import percent
from pmsm_cli.models.portfolio import DEFAULT_ROI_BAND
from pmsm_cli.plan.load import LoadedPlan
from pmsm_cli.portfolio.bookings import BookingConflict, booking_conflicts
from pmsm_cli.portfolio.flags import Flag, plan_flags, services_flags
from pmsm_cli.portfolio.load import (
    LoadedServices,
    PlanEntry,
    load_plans,
    load_services,
    plan_entry,
)
from pmsm_cli.portfolio.rank import holds, moves, roi_order, service_value_order
from pmsm_cli.records import record

# The §2.1 investment categories, in the order reports show them; a charter may
# use other category ids too, which are summed and shown after these.
INVESTMENT_ORDER = ("run", "grow", "transform")


@record
class RankedPlan:
    entry: PlanEntry
    rank: int  # 1 = first: by ROI, the service deciding within the band
    roi_rank: int  # by ROI alone

    @property
    def moved(self) -> int:
        """Places gained (positive) or lost (negative) against ranking by ROI alone."""
        return self.roi_rank - self.rank


def format_roi(roi: float | None) -> str:
    return "unknown" if roi is None else percent(roi)


def format_band(band: float) -> str:
    return f"{band:g}-point"


def _priorities(above: PlanEntry, below: PlanEntry) -> str:
    """Why ``above``'s service counts as the more strategic of the two."""
    if below.priority is None:
        return f"{above.describe_service()} vs {below.describe_service()}"
    assert above.priority is not None  # more strategic than a priority means it has one
    return (
        f"service '{above.service.name if above.service else ''}' has strategic priority "
        f"{above.priority} vs {below.priority} ('{below.service.name if below.service else ''}')"
    )


@record
class RankChange:
    """A pair the ranking puts the other way round from ROI alone."""

    above: PlanEntry  # ranks higher here, though its ROI is lower (or tied, or unknown)
    below: PlanEntry  # leads by ROI alone, but its service is less strategic
    band: float

    @property
    def roi_gap(self) -> float | None:
        if self.above.roi is None or self.below.roi is None:
            return None
        return self.below.roi - self.above.roi

    @property
    def reason(self) -> str:
        gap = self.roi_gap
        if gap is None:
            rois = "neither has an ROI"
        elif gap == 0:
            rois = f"both have ROI {format_roi(self.above.roi)}"
        else:
            rois = (
                f"ROI {format_roi(self.above.roi)} vs {format_roi(self.below.roi)} "
                f"lies within the {format_band(self.band)} band ({gap:.1f} points apart)"
            )
        return (
            f"'{self.above.name}' moved above '{self.below.name}': {rois}; "
            f"{_priorities(self.above, self.below)} (§1.3)"
        )


@record
class RankHold:
    """A pair within the band where the more strategic plan still ranks below."""

    lower: PlanEntry
    upper: PlanEntry
    blocker: PlanEntry  # ranks between them, more than the band above ``lower``
    band: float

    @property
    def reason(self) -> str:
        assert self.lower.roi is not None and self.blocker.roi is not None
        gap = self.blocker.roi - self.lower.roi
        return (
            f"'{self.lower.name}' stays below '{self.upper.name}' although ROI "
            f"{format_roi(self.lower.roi)} vs {format_roi(self.upper.roi)} lies within the "
            f"{format_band(self.band)} band and {_priorities(self.lower, self.upper)}: "
            f"'{self.upper.name}' went before '{self.blocker.name}' "
            f"(ROI {format_roi(self.blocker.roi)}), which '{self.lower.name}' may not pass, "
            f"being {gap:.1f} points below it"
        )


@record
class PortfolioReport:
    services_path: Path
    ranking: list[RankedPlan]  # by ROI, the service deciding within the band
    changes: list[RankChange]
    investment: dict[str, float]  # category -> sum over all plans
    flags: list[Flag]
    conflicts: list[BookingConflict]
    categories: list[str] = field(default_factory=list)  # the order to show categories in
    roi_band: float = DEFAULT_ROI_BAND
    roi_band_source: str = "default"  # "default", "services file" or "command line"
    holds: list[RankHold] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # about the ranking as a whole

    @property
    def total_investment(self) -> float:
        return sum(self.investment.values())

    @property
    def by_roi(self) -> list[RankedPlan]:
        """The same plans in the order of ROI alone."""
        return sorted(self.ranking, key=lambda r: r.roi_rank)


def rank(
    entries: Sequence[PlanEntry], band: float = DEFAULT_ROI_BAND
) -> tuple[list[RankedPlan], list[RankChange], list[RankHold]]:
    """Both orders, every pair they put the other way round, and the pairs held back."""
    placements = service_value_order(entries, band)
    order = [p.entry for p in placements]
    by_roi = roi_order(entries)
    roi_rank = {id(e): n for n, e in enumerate(by_roi, start=1)}
    ranking = [RankedPlan(e, rank=n, roi_rank=roi_rank[id(e)]) for n, e in enumerate(order, 1)]
    changes = [RankChange(m.above, m.below, band) for m in moves(order, by_roi)]
    held = [RankHold(h.lower, h.upper, h.blocker, band) for h in holds(placements, band)]
    return ranking, changes, held


def band_words(band: float, band_source: str) -> str:
    """'5 points (the default; ...)': the band and where it was set."""
    where = {
        "default": "the default; set it with --roi-band or 'roi_band' in the services file",
        "services file": "'roi_band' in the services file",
        "command line": "--roi-band",
    }[band_source]
    return f"{band:g} points ({where})"


def _notes(services: LoadedServices) -> list[str]:
    notes: list[str] = []
    if not any(s.strategic_priority is not None for s in services.portfolio.services):
        notes.append(
            f"No service in {services.path} has a 'strategic_priority', so the ranking is by "
            "ROI alone; give each service one (1 = most strategic) to let the service "
            "portfolio order plans whose ROIs are close."
        )
    return notes


def build_report(
    plans: Sequence[LoadedPlan], services: LoadedServices, roi_band: float | None = None
) -> PortfolioReport:
    """The report; ``roi_band`` (from the command line) beats the services file's."""
    if roi_band is not None:
        band, band_source = roi_band, "command line"
    elif services.portfolio.roi_band is not None:
        band, band_source = services.portfolio.roi_band, "services file"
    else:
        band, band_source = DEFAULT_ROI_BAND, "default"
    entries = [plan_entry(p, services) for p in plans]
    ranking, changes, held = rank(entries, band)
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
        flags=[
            *services_flags(entries, services),
            *(f for r in ranking for f in plan_flags(r.entry, services)),
        ],
        conflicts=booking_conflicts(plans),
        categories=[*INVESTMENT_ORDER, *others],
        roi_band=band,
        roi_band_source=band_source,
        holds=held,
        notes=_notes(services),
    )


def portfolio_report(
    paths: Sequence[Path], services_file: Path, roi_band: float | None = None
) -> PortfolioReport:
    """Everything ``pmsm portfolio`` shows, from plan files and folders and a services file."""
    from pmsm_cli.files.discovery import PLAN_NAMES_IN_WORDS, find_plan_files

    services = load_services(services_file)
    files = find_plan_files(paths)
    if not files:
        names = ", ".join(str(p) for p in paths)
        raise PmsmError(f"no plan files ({PLAN_NAMES_IN_WORDS}) in {names}")
    plans = load_plans(files)
    return build_report(plans, services, roi_band)
