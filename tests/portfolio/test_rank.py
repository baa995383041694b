"""The ranking rule of ``pmsm portfolio`` (§1.3) on bare figures, every order worked out by hand.

The rule (pmsm_cli.portfolio.rank): take the projects one at a time; the next is
the most strategic (lowest priority) of those whose ROI lies within the band of
the highest ROI not yet placed, then the higher ROI, then the name.
"""

from __future__ import annotations

from dataclasses import dataclass

from pmsm_cli.portfolio.rank import Placement, holds, moves, roi_order, service_value_order


@dataclass(frozen=True)
class P:
    name: str
    roi: float | None
    priority: int | None

    @property
    def tie_key(self) -> tuple[str, str]:
        return (self.name.casefold(), self.name)


def names(projects: list[P]) -> list[str]:
    return [p.name for p in projects]


def names_of(placements: list[Placement[P]]) -> list[P]:
    return [p.entry for p in placements]


def ranked(projects: list[P], band: float) -> list[str]:
    return [placement.entry.name for placement in service_value_order(projects, band)]


def test_a_close_roi_on_a_more_strategic_service_goes_first() -> None:
    news = P("news", 26.0, 3)
    payroll = P("payroll", 22.7, 1)
    # 3.3 points apart: within a 5-point band, payroll's priority 1 beats news' 3.
    assert ranked([news, payroll], 5) == ["payroll", "news"]
    # Within a 3-point band it is not close enough: ROI decides.
    assert ranked([news, payroll], 3) == ["news", "payroll"]


def test_the_band_edge_counts_as_within() -> None:
    high = P("high", 25.0, 2)
    assert ranked([high, P("low", 20.0, 1)], 5) == ["low", "high"]  # exactly 5 apart
    assert ranked([high, P("low", 19.99, 1)], 5) == ["high", "low"]  # 5.01 apart
    # 0.1 + 0.2 is 0.30000000000000004 in binary: still exactly the 0.2-point band.
    assert ranked([P("a", 0.1 + 0.2, 2), P("b", 0.1, 1)], 0.2) == ["b", "a"]


def test_chain_a_project_never_passes_one_more_than_the_band_above() -> None:
    # A 30 (priority 3), B 27 (2), C 24 (1); band 5. A-B and B-C lie within it, A-C not.
    a, b, c = P("A", 30, 3), P("B", 27, 2), P("C", 24, 1)
    # 1st: highest unplaced 30, window 25..30 = {A, B}: B (priority 2 before 3).
    # 2nd: highest unplaced 30 (A), window 25..30 = {A}; C (24) is 6 below: A.
    # 3rd: C.
    placements = service_value_order([c, a, b], 5)
    assert [p.entry.name for p in placements] == ["B", "A", "C"]
    assert [(m.above.name, m.below.name) for m in moves(names_of(placements), [a, b, c])] == [
        ("B", "A")
    ]
    # C is within 3 points of B and more strategic, yet below it: A (6 above C) is between.
    assert [(h.lower.name, h.upper.name, h.blocker.name) for h in holds(placements, 5)] == [
        ("C", "B", "A")
    ]


def test_chain_the_window_slides_where_fixed_groups_would_not() -> None:
    # A 30 (3), B 26 (3), C 24 (1); band 5.
    # 1st: window 25..30 = {A, B}, both priority 3: the higher ROI, A.
    # 2nd: highest unplaced 26, window 21..26 = {B, C}: C (priority 1).
    # 3rd: B. (Fixed groups from the top, {A, B} and {C}, would keep C below B, 2 points apart.)
    a, b, c = P("A", 30, 3), P("B", 26, 3), P("C", 24, 1)
    placements = service_value_order([a, b, c], 5)
    assert [p.entry.name for p in placements] == ["A", "C", "B"]
    assert [(m.above.name, m.below.name) for m in moves(names_of(placements), [a, b, c])] == [
        ("C", "B")
    ]
    assert holds(placements, 5) == []  # C is 6 below A: outside the band, nothing held


def test_a_long_chain_does_not_carry_a_project_to_the_top() -> None:
    # 30, 26, 22 and 18 on priority 3, 14 on priority 1; band 5: each neighbour within it.
    # Windows: 25..30 {30, 26} -> 30; 21..26 {26, 22} -> 26; 17..22 {22, 18} -> 22;
    # 13..18 {18, 14} -> 14 (priority 1); then 18. 14 passes only 18, 4 points above it.
    projects = [P("p30", 30, 3), P("p26", 26, 3), P("p22", 22, 3), P("p18", 18, 3)]
    projects.append(P("p14", 14, 1))
    assert ranked(projects, 5) == ["p30", "p26", "p22", "p14", "p18"]


def test_a_tie_in_roi_goes_to_the_more_strategic_service_even_with_no_band() -> None:
    beta, alpha = P("Beta", 20.0, 1), P("alpha", 20.0, 2)
    # By ROI alone a tie is broken by name, case ignored: alpha, Beta.
    assert names(roi_order([beta, alpha])) == ["alpha", "Beta"]
    # The service breaks the tie: Beta (priority 1), even with a band of 0.
    assert ranked([alpha, beta], 0) == ["Beta", "alpha"]
    # Equal ROI and equal priority: the name decides, as by ROI alone.
    assert ranked([P("Beta", 20.0, 2), alpha], 0) == ["alpha", "Beta"]


def test_no_priority_counts_as_less_strategic_than_any() -> None:
    # 21 without a priority, 19 on priority 9: within 5, priority 9 goes first.
    assert ranked([P("none", 21, None), P("nine", 19, 9)], 5) == ["nine", "none"]
    # Neither has one: ROI decides.
    assert ranked([P("b", 19, None), P("a", 21, None)], 5) == ["a", "b"]


def test_unknown_roi_comes_after_every_known_one_ordered_by_service() -> None:
    projects = [P("x", None, 2), P("y", None, 1), P("z", -40, 5), P("w", None, None)]
    # Known first (z, even at -40%), then the unknown by priority: y (1), x (2), w (none).
    assert ranked(projects, 5) == ["z", "y", "x", "w"]
    # By ROI alone the unknown are in name order: w, x, y.
    assert names(roi_order(projects)) == ["z", "w", "x", "y"]


def test_a_band_wider_than_every_gap_ranks_by_service_then_roi() -> None:
    projects = [P("a", 40, 2), P("b", 10, 1), P("c", 25, 2), P("d", 5, 1)]
    # Band 100: one window throughout; priority 1 (b 10, d 5) before priority 2 (a 40, c 25).
    assert ranked(projects, 100) == ["b", "d", "a", "c"]
    # Band 0: ROI alone, no two ROIs being equal.
    assert ranked(projects, 0) == ["a", "c", "b", "d"]
