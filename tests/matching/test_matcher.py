"""Scores and outcomes of the matcher (pmsm_cli.matching.matcher), worked out by hand.

On the catalog of conftest.py: "cab" has specificity s = 1 - ln 2 / ln 5
(two activities of five use it), every other stem 1. A task's score for an
activity is quality * (c + (1 - c) * 0.6 * s), c the share of the name's
words the activity's terms explain. An unexplained word costs 1, or OBJECT
(0.35) when it names an IT thing (wording.yaml, it_things: "SAP", "module", "firewall"),
so c = explained / (explained + unexplained costs).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pytest

from pmsm_cli.matching import Candidate, covering_tasks, match_tasks
from pmsm_cli.matching.scoring import OBJECT
from pmsm_cli.models.catalog import Catalog

from .conftest import task

if TYPE_CHECKING:
    from pmsm_cli.matching.matcher import TaskMatch

CAB = 1 - math.log(2) / math.log(5)


def one(catalog: Catalog, name: str, kind: str | None = None) -> TaskMatch:
    (match,) = match_tasks([task("1", name)], catalog, kind)
    return match


def test_a_name_that_is_a_term_is_a_confident_match(catalog: Catalog) -> None:
    match = one(catalog, "Hypercare")
    assert (match.catalog, match.outcome, match.score) == ("early-life-support", "confident", 1.0)
    assert match.candidates == (Candidate("early-life-support", 1.0, "hypercare"),)
    assert one(catalog, "Post-implementation review").catalog == "review-close"


def test_jargon_keeps_its_score_among_unknown_words(catalog: Catalog) -> None:
    # "for", "the" are stopwords: 3 words, 1 explained; 1/3 + 2/3 * 0.6 * 1
    match = one(catalog, "Hypercare for the kitchen fridge")
    assert match.outcome == "confident"
    assert match.score == pytest.approx(1 / 3 + 2 / 3 * 0.6, abs=0.001)


def test_an_unexplained_word_for_an_it_thing_costs_less(catalog: Catalog) -> None:
    # "SAP" and "module" cost 0.35 each: c = 1 / 1.7 = 0.588; 0.588 + 0.412 * 0.6 = 0.835
    assert OBJECT == 0.35
    match = one(catalog, "Hypercare for the SAP module")
    assert (match.outcome, match.score) == ("confident", 0.835)
    # A word from outside IT costs its full weight: 1/2 + 1/2 * 0.6 = 0.8
    assert one(catalog, "Hypercare fridge").score == 0.8
    assert one(catalog, "Hypercare portal").score == round(1 / 1.35 + 0.35 / 1.35 * 0.6, 3)


def test_a_shared_word_among_unknown_ones_is_only_possible(catalog: Catalog) -> None:
    # "CAB" explains 1 word, "firewall" (an IT thing) costs 0.35, "change" 1:
    # c = 1 / 2.35; c + (1 - c) * 0.6 * s = 0.622. "CAB members" half present: 0.5 * 1/2 * 1
    match = one(catalog, "CAB for the firewall change")
    assert (match.catalog, match.outcome) == (None, "possible")
    cover = 1 / (1 + OBJECT + 1)
    assert [(c.catalog, c.score) for c in match.candidates] == [
        ("cab-approval", round(cover + (1 - cover) * 0.6 * CAB, 3)),
        ("chg-define-cab", 0.25),
    ]


def test_a_not_term_rules_its_activity_out(catalog: Catalog) -> None:
    match = one(catalog, "Review the project budget")
    assert (match.catalog, match.outcome, match.score, match.candidates) == (None, "none", 0.0, ())


def test_a_typo_costs_a_tenth(catalog: Catalog) -> None:
    match = one(catalog, "Hypercre")
    assert (match.catalog, match.score) == ("early-life-support", 0.9)


def test_a_compound_matches_a_term_written_as_words(catalog: Catalog) -> None:
    # "Betriebsübergabe" splits into the two stems of "Übergabe an den Betrieb".
    assert one(catalog, "Betriebsübergabe").score == 1.0


def test_the_summary_task_completes_a_bare_or_partial_name(catalog: Catalog) -> None:
    matches = match_tasks(
        [
            task("1", "Hypercare"),
            task("2", "Execute", parent="1"),  # a filler only: 0.75 * (0 + 1 * 0.6 * 1)
            task("3", "Daily triage", parent="1"),  # says what it is: nothing to add
            task("4", "Early life"),
            task("5", "Support rota", parent="4"),  # 0.85 * (1/2 + 1/2 * 0.6)
        ],
        catalog,
    )
    assert [(m.outcome, m.score) for m in matches[1:3]] == [("possible", 0.45), ("none", 0.0)]
    assert (matches[4].outcome, matches[4].score) == ("possible", 0.68)
    assert matches[4].candidates[0].term == "early life support"


def test_notes_complete_a_term_with_less_trust(catalog: Catalog) -> None:
    # "lessons" in the name, "learned" in the notes: 0.75 * (1/2 + 1/2 * 0.6)
    (match,) = match_tasks([task("1", "Lessons workshop", notes="What we learned")], catalog)
    assert (match.outcome, match.score) == ("possible", 0.6)
    assert match.candidates[0].catalog == "review-close"


def test_close_scores_go_to_the_work_named_first(catalog: Catalog) -> None:
    # Both explain 2 of 4 words: 1/2 + 1/2 * 0.6 = 0.8 each.
    first = one(catalog, "CAB approval for switch-off")
    assert (first.catalog, first.score) == ("cab-approval", 0.8)
    assert first.candidates[1] == Candidate("decommission", 0.8, "switch-off")
    # 2 of 5 words each ("after" is a word): 2/5 + 3/5 * 0.6 = 0.76
    second = one(catalog, "Switch-off after CAB approval")
    assert (second.catalog, second.score) == ("decommission", 0.76)


def test_what_follows_incl_is_a_detail_of_the_task(catalog: Catalog) -> None:
    # Whole, the review's two wordings explain more words than "Hypercare".
    assert one(catalog, "Hypercare and lessons learned, post implementation review").catalog == (
        "review-close"
    )
    match = one(catalog, "Hypercare incl. lessons learned, post implementation review")
    assert (match.catalog, match.score) == ("early-life-support", 1.0)
    assert one(catalog, "Hypercare (inkl. Lessons Learned)").catalog == "early-life-support"


def test_work_named_before_after_is_the_task_when_it_is_recognised(catalog: Catalog) -> None:
    # Whole, "early life support" explains 3 of 4 words; "CAB" alone is a match.
    assert one(catalog, "CAB after early life support").catalog == "cab-approval"
    assert one(catalog, "CAB and early life support").catalog == "early-life-support"
    # "Support" alone is nothing: the whole name decides.
    assert one(catalog, "Support after switch-off").catalog == "decommission"


def test_the_kind_limits_the_activities(catalog: Catalog) -> None:
    # decommission is for retiring services only.
    match = one(catalog, "Switch-off after CAB approval", kind="new-service")
    assert (match.catalog, match.score) == ("cab-approval", 0.76)
    assert [c.catalog for c in match.candidates] == ["cab-approval", "chg-define-cab"]


def test_covering_tasks_lists_every_activity(catalog: Catalog) -> None:
    tasks = [
        task("1", "Hypercare"),
        task("2", "Daily triage", parent="1"),
        task("3", "CAB approval"),
        task("4", "Lessons learned"),
        task("5", "Hypercare for the SAP module"),
    ]
    matches = match_tasks(tasks, catalog)
    assert covering_tasks(matches, catalog) == {
        "early-life-support": ["1", "5"],
        "review-close": ["4"],
        "cab-approval": ["3"],
        "chg-define-cab": [],
        "decommission": [],
    }
    assert "decommission" not in covering_tasks(matches, catalog, "new-service")


def test_matching_is_deterministic(catalog: Catalog) -> None:
    tasks = [task(str(n), name) for n, name in enumerate(["CAB for the firewall", "Hypercre"])]
    assert match_tasks(tasks, catalog) == match_tasks(tasks, catalog)


def test_tasks_worded_alike_share_one_result_under_their_own_ids(catalog: Catalog) -> None:
    # Numbers are no words: both are "hypercare wave", 1 of 2 words explained,
    # 1/2 + 1/2 * 0.6 = 0.8.
    matches = match_tasks(
        [task("7", "Hypercare (wave 1)"), task("9", "hypercare, wave 2")], catalog
    )
    assert [(m.task_id, m.catalog, m.outcome, m.score) for m in matches] == [
        ("7", "early-life-support", "confident", 0.8),
        ("9", "early-life-support", "confident", 0.8),
    ]


def test_the_same_name_under_another_summary_or_with_notes_is_matched_again(
    catalog: Catalog,
) -> None:
    matches = match_tasks(
        [
            task("1", "Hypercare"),
            task("2", "Daily triage"),
            task("3", "Execute", parent="1"),  # 0.75 * (0 + 1 * 0.6 * 1) as above
            task("4", "Execute", parent="2"),  # nothing in "daily triage" either
            task("5", "Lessons workshop", notes="What we learned"),  # 0.6 as above
            # "lessons learned" half present: 0.5 * 1/2 * 1 = 0.25, shown but no match
            task("6", "Lessons workshop"),
        ],
        catalog,
    )
    assert [(m.outcome, m.score) for m in matches[2:]] == [
        ("possible", 0.45),
        ("none", 0.0),
        ("possible", 0.6),
        ("none", 0.25),
    ]


def test_an_inclusion_word_in_other_letters_is_still_found(catalog: Catalog) -> None:
    # A dotless i (U+0131) is an "i" to the case-blind pattern, though not to
    # str.lower(): only "Hypercare" is matched, as with "incl."
    match = one(catalog, "Hypercare \u0131ncl. lessons learned, post implementation review")
    assert (match.catalog, match.score) == ("early-life-support", 1.0)


def test_every_catalog_title_is_recognised_as_its_own_activity() -> None:
    """A task named as the catalog names an activity (as `pmsm plan` writes the plan) is
    that activity: the index counts each title as one more term of its activity."""
    from pmsm_cli.catalogs.load import load_catalog

    real = load_catalog([])
    tasks = [task(str(n), a.title) for n, a in enumerate(real.activities)]
    found = [m.catalog for m in match_tasks(tasks, real)]
    assert found == [a.id for a in real.activities]
