"""Typos read as known stems (pmsm_cli.matching.fuzzy)."""

from __future__ import annotations

from pmsm_cli.matching.fuzzy import resolve
from pmsm_cli.matching.index import TermIndex


def index(*stems: str) -> TermIndex:
    found = TermIndex(activities=())
    found.vocabulary = {"en": tuple(sorted(stems))}
    found.known = {"en": frozenset(stems)}
    return found


def test_a_near_miss_becomes_the_known_stem() -> None:
    known = index("hypercar", "rehears")
    # "hypecar": one letter missing of 8; rapidfuzz ratio = (1 - 1/15) * 100 = 93.3 >= 88.
    resolve(known, "en", ["hypecar"])
    assert known.fuzzy[("en", "hypecar")] == "hypercar"


def test_far_short_or_differently_starting_words_stay_unknown() -> None:
    known = index("hypercar", "rehears")
    # "hyperloop": ratio 58.8; "ypercar" lacks the first letter; "plan" is too short.
    resolve(known, "en", ["hyperloop", "ypercar", "plan"])
    assert known.fuzzy[("en", "hyperloop")] is None
    assert known.fuzzy[("en", "ypercar")] is None
    assert ("en", "plan") not in known.fuzzy  # never compared


def test_known_stems_are_not_looked_up() -> None:
    known = index("hypercar")
    resolve(known, "en", ["hypercar"])
    assert known.fuzzy == {}
