"""The two orders of ``pmsm portfolio``: by ROI alone, and by ROI with the service's value (§1.3).

§1.3: the project portfolio ranks by ROI, yet a project on a service core to the
business's strategy may go before one with a higher ROI on a less strategic
service, "especially if the ROI difference was small". So ROI leads, and the
service decides only between projects whose ROIs lie within a band of each other.

"Within the band" is not transitive (A 30%, B 27%, C 24% with a 5-point band: A-B
and B-C are, A-C is not), so sorting with a pairwise comparison is not defined.
The rule used instead, one project at a time from the top:

    the next project is chosen among those still unplaced whose ROI lies within the
    band of the highest unplaced ROI: the most strategic of them (lowest
    ``strategic_priority``; none counts as less strategic than any), then the higher
    ROI, then the name (case ignored), then the file path.

What this guarantees, and what the report can therefore say of every pair:

* no project ever ranks above one whose ROI is more than the band higher;
* a project ranks above one with a higher ROI only when the two lie within the band
  and its service is strictly more strategic ("moved above", with both figures);
* a project within the band of a higher one, and more strategic, that still ranks
  below it was held back by a third project it may not pass: the one with the
  highest ROI still unplaced when the higher one was chosen ("held below").

Grouping the ROI-sorted projects into fixed bands was the other choice; it is as
simple, but two projects 1 point apart on either side of a band's edge could never
trade places, which is harder to explain than the window above. A band of 0 lets
the service break exact ties only; a band wider than all the ROIs ranks by service
first and ROI second.

Projects without an ROI come after all that have one, ordered by service then name:
no band can be measured from an unknown ROI.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic, Protocol, TypeVar

from pmsm_cli.records import record

# Equal within float noise: ROIs derived from money sums are rarely exact binary
# fractions, and a gap of "exactly" the band must count as within it.
EPSILON = 1e-9


class Rankable(Protocol):
    @property
    def roi(self) -> float | None: ...

    @property
    def priority(self) -> int | None: ...

    @property
    def tie_key(self) -> tuple[str, str]: ...


R = TypeVar("R", bound=Rankable)


def priority_key(entry: Rankable) -> tuple[bool, int]:
    """Lower is more strategic; no priority after every priority."""
    return (entry.priority is None, entry.priority or 0)


def more_strategic(a: Rankable, b: Rankable) -> bool:
    return priority_key(a) < priority_key(b)


def roi_key(entry: Rankable) -> tuple[bool, float, str, str]:
    # Unknown ROI after every known one; equal ROIs by name, then path.
    return (entry.roi is None, -(entry.roi or 0.0), *entry.tie_key)


def roi_order(entries: Sequence[R]) -> list[R]:
    """Highest ROI first, ties by name: the project portfolio's order."""
    return sorted(entries, key=roi_key)


def within(a: float, b: float, band: float) -> bool:
    return abs(a - b) <= band + EPSILON


@record
class Placement(Generic[R]):
    """One step of the rule: the project chosen, and the highest unplaced ROI then."""

    entry: R
    top: R  # the project with the highest ROI still unplaced (the entry itself if it led)


def service_value_order(entries: Sequence[R], band: float) -> list[Placement[R]]:
    """The ranking by ROI with the service deciding within ``band`` points (see the module)."""
    remaining = [e for e in roi_order(entries) if e.roi is not None]
    placed: list[Placement[R]] = []
    while remaining:
        top = remaining[0]
        assert top.roi is not None
        # remaining stays ROI-sorted, so the window is a prefix of it.
        window = [e for e in remaining if e.roi is not None and within(top.roi, e.roi, band)]
        chosen = min(window, key=lambda e: (priority_key(e), *roi_key(e)))
        placed.append(Placement(chosen, top))
        remaining.remove(chosen)
    unknown = sorted(
        (e for e in entries if e.roi is None), key=lambda e: (priority_key(e), *roi_key(e))
    )
    placed.extend(Placement(e, e) for e in unknown)
    return placed


@record
class Move(Generic[R]):
    """``above`` ranks above ``below``, though ``below`` leads it by ROI alone."""

    above: R
    below: R


@record
class Hold(Generic[R]):
    """``lower`` is within the band of ``upper`` and more strategic, yet ranks below it,
    because ``blocker``, more than the band above ``lower``, ranks between them."""

    lower: R
    upper: R
    blocker: R


def moves(order: Sequence[R], by_roi: Sequence[R]) -> list[Move[R]]:
    """Every pair the two orders put the other way round, in the ranking's order."""
    roi_rank = {id(e): n for n, e in enumerate(by_roi)}
    return [
        Move(above=a, below=b)
        for i, a in enumerate(order)
        for b in order[i + 1 :]
        if roi_rank[id(b)] < roi_rank[id(a)]
    ]


def holds(placements: Sequence[Placement[R]], band: float) -> list[Hold[R]]:
    """Pairs within the band where the more strategic project stays below (see the module)."""
    found: list[Hold[R]] = []
    for i, upper in enumerate(placements):
        for later in placements[i + 1 :]:
            lower = later.entry
            u, v = upper.entry.roi, lower.roi
            if u is None or v is None or not within(u, v, band):
                continue
            if more_strategic(lower, upper.entry):
                found.append(Hold(lower=lower, upper=upper.entry, blocker=upper.top))
    return found
