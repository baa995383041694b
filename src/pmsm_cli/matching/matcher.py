"""Which catalog activity each task of a foreign plan is, in the project manager's words.

Each task is scored against the terms of every activity (catalog data, see
``terms:`` in catalog/*.yaml). A term matches when all of its stems are in
the task's name, or in the name and then its summary task's name or its
notes. How well it matches then depends on two things:

- **coverage**: the share of the task name's words that the activity's
  matched terms explain. "Post Implementation Review" is fully explained;
  in "Review the project budget", "budget" is not, and an unexplained word
  costs the score (a filler word like "conduct" costs a quarter as much);
- **specificity** of the term: jargon that only one activity uses
  ("hypercare", "UAT", "CAB") keeps much of its score even among words the
  catalog does not know ("UAT for the SAP module"); a term made of common
  words needs the task to say little else.

A task's score for an activity is ``quality * (c + (1 - c) * LEEWAY * s)``
for its best term, with ``c`` the coverage, ``s`` the term's specificity and
``quality`` 1 for a term found in the name, less when part of it came from
the summary task, the notes or a typo. At ``CONFIDENT`` or above the task
covers the activity; from ``POSSIBLE`` it is reported as a possible match for
the project manager to confirm; below, it is none. A ``not_terms`` wording
found in the name rules its activity out ("budget review" for the project
review). Activities within ``CLOSE`` of the best go to the one whose words
come first in the name. What follows "incl."/"inkl." is not matched (a part
of the work, not the task); when the words after "after"/"nach" win for
another activity but the work named before them is recognised alone, that
work is the task ("Hotfixes after go-live"). Everything is deterministic: remaining ties go to the
longer term, then to catalog order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from pmsm_cli.matching.index import TermIndex, index_for
from pmsm_cli.matching.normalize import stem
from pmsm_cli.matching.scoring import POSSIBLE, Scored, score_activities
from pmsm_cli.matching.text import Text, analyse_words, kept_words, prepare_fuzzy
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.readers.model import ForeignTask
from pmsm_cli.records import record

Outcome = Literal["confident", "possible", "none"]

CONFIDENT = 0.7  # at or above: the task covers the activity (POSSIBLE: see scoring)
TOP = 3  # candidates kept per task
# Activities scoring this close are told apart by word order: in "CAB approval
# for switch-off" or "Generalprobe der Umstellung" the work named first is the
# task, the rest says what it is for.
CLOSE = 0.05
NOTES_CHARS = 2000  # notes beyond this are not read: the name and summary decide

# "Test plan incl. operational readiness tests", "Teststrategie inkl. Lasttest
# und Betriebstest": what follows an inclusion word is a part of the work the
# name states first, not the task itself. Only the head is matched, so a
# detail that is an activity of its own ("load test") cannot outscore it.
_INCLUDING = re.compile(
    r"\s*[(,;-]?\s*\b(?:incl|inkl|including|inklusive|einschl|einschlie(?:ß|ss)lich)\b.*$",
    re.IGNORECASE | re.DOTALL,
)
# Every word _INCLUDING looks for contains one of these.
_INCLUDING_WORDS = ("incl", "inkl", "einschl")


# "Bugfixing nach Go-Live", "Retro after go-live": what follows a word of time
# says when the work is done, and often names another activity (the go-live).
_WHEN = re.compile(r"\s+\b(?:after|following|once|post|nach|bei)\b.*$", re.IGNORECASE | re.DOTALL)


def _before_when(name: str) -> str | None:
    """The name before a word of time ("after", "nach"), if it is cut there and says something."""
    before = _WHEN.sub("", name)
    return before if before != name and any(c.isalpha() for c in before) else None


# "CRM-47 Hypercare war room", "PERS-310 Nachbetreuung": a Jira or ticket key
# in front of a summary names the ticket, not the work; left in, its project
# code would count as a word the task says and no term explains. A key made of
# a word the catalog knows ("UAT-01: Joiner provisioning") is a test case's
# number, and its word is kept.
_ISSUE_KEY = re.compile(r"^\s*([A-Z][A-Z0-9_]*)-\d+\b[\s:.)\]-]*")


def _head(name: str, index: TermIndex) -> str:
    """The name without a leading ticket key, and up to an inclusion word when work comes first."""
    key = _ISSUE_KEY.match(name)
    if key is not None and any(c.isalpha() for c in name[key.end() :]):
        word = key.group(1).lower()
        if not any(stem(word, language) in index.known[language] for language in index.languages):
            name = name[key.end() :]
    if name.isascii() and not any(word in name.lower() for word in _INCLUDING_WORDS):
        # No inclusion word, told without the regex: most names have none, and
        # the pattern is tried at every position. Only ASCII is decided here:
        # case-insensitive matching pairs a dotless i (U+0131) with "i", which
        # lower() does not.
        return name
    head = _INCLUDING.sub("", name)
    return head if head.strip() and head != name and any(c.isalpha() for c in head) else name


@record(slots=True)
class Candidate:
    """An activity a task may be, with its score and the wording that matched."""

    catalog: str
    score: float
    term: str


@record(slots=True)
class TaskMatch:
    """What a task was recognised as."""

    task_id: str
    catalog: str | None  # the activity, when the match is confident
    score: float  # the best candidate's, 0 when there is none
    outcome: Outcome
    candidates: tuple[Candidate, ...]  # best first, at most TOP

    @property
    def best(self) -> Candidate | None:
        """The best candidate, confident or only possible."""
        return self.candidates[0] if self.candidates else None


def match_tasks(
    tasks: Sequence[ForeignTask], catalog: Catalog, kind: str | None = None
) -> list[TaskMatch]:
    """Recognise each task as a catalog activity (of ``kind``, when given), in task order."""
    index = index_for(catalog)
    allowed = (
        {a.id for a in catalog.activities_for(kind)} if kind is not None else set(index.activities)
    )
    by_id = {task.id: task for task in tasks}
    prepare_fuzzy(index, _texts(tasks, by_id))
    # A match depends only on the words the matcher reads (numbers and
    # stopwords dropped), not on the task: plans repeat their work with a
    # wave, sprint or site number ("Configure the load balancer (wave 12)"),
    # so each distinct wording is scored once and its result shared.
    words: dict[str, tuple[str, ...]] = {}
    texts: dict[tuple[str, ...], Text] = {}
    found: dict[_Wording, TaskMatch] = {}

    def kept(value: str) -> tuple[str, ...]:
        known = words.get(value)
        if known is None:
            known = words[value] = kept_words(value, index)
        return known

    def text(value: tuple[str, ...] | None) -> Text | None:
        if value is None:
            return None
        known = texts.get(value)
        if known is None:
            known = texts[value] = analyse_words(value, index)
        return known

    order = {activity: number for number, activity in enumerate(index.activities)}
    matches = []
    for task in tasks:
        parent = by_id.get(task.parent) if task.parent is not None else None
        name = _head(task.name, index)
        before = _before_when(name)
        wording = (
            kept(name),
            kept(before) if before is not None else None,
            kept(parent.name) if parent is not None else None,
            kept(task.notes[:NOTES_CHARS]) if task.notes.strip() else None,
        )
        match = found.get(wording)
        if match is None:
            match = found[wording] = _match(index, allowed, order, wording, text)
        matches.append(
            TaskMatch(task.id, match.catalog, match.score, match.outcome, match.candidates)
        )
    return matches


# The words of a task's name (up to an inclusion word), of that name before a
# word of time (None: not cut there), of its summary task's name and of its
# notes (None: no summary task, no notes); see kept_words.
_Wording = tuple[
    tuple[str, ...], tuple[str, ...] | None, tuple[str, ...] | None, tuple[str, ...] | None
]


def _match(
    index: TermIndex,
    allowed: set[str],
    order: Mapping[str, int],
    wording: _Wording,
    text: Callable[[tuple[str, ...] | None], Text | None],
) -> TaskMatch:
    """What a task with this wording is (its task id left empty)."""
    name, before, summary_words, notes_words = wording
    summary, notes = text(summary_words), text(notes_words)
    whole = text(name)
    assert whole is not None
    match = _result("", score_activities(index, allowed, whole, summary, notes), order)
    first_part = text(before)
    if first_part is not None and match.outcome == "confident":
        # "Hotfixes after go-live": when the words after "after" name
        # another activity (the go-live) and the work named before them
        # is recognised alone, that work is the task. Otherwise the whole
        # name decides ("Support after go-live" is early life support).
        first = _result("", score_activities(index, allowed, first_part, summary, notes), order)
        if first.outcome == "confident" and first.catalog != match.catalog:
            match = first
    return match


def covering_tasks(
    matches: Iterable[TaskMatch], catalog: Catalog, kind: str | None = None
) -> dict[str, list[str]]:
    """For each catalog activity (of ``kind``), the ids of the tasks confidently matched to it.

    An activity no task covers maps to an empty list: it is missing from the plan.
    """
    activities = catalog.activities_for(kind) if kind is not None else catalog.activities
    covered: dict[str, list[str]] = {activity.id: [] for activity in activities}
    for match in matches:
        if match.catalog is not None and match.catalog in covered:
            covered[match.catalog].append(match.task_id)
    return covered


def _texts(tasks: Sequence[ForeignTask], by_id: Mapping[str, ForeignTask]) -> list[str]:
    texts = []
    for task in tasks:
        texts.append(task.name)
        if task.notes.strip():
            texts.append(task.notes[:NOTES_CHARS])
    return texts


def _result(task_id: str, scored: Mapping[str, Scored], order: Mapping[str, int]) -> TaskMatch:
    ranked = sorted(
        scored.items(),
        key=lambda item: (-item[1].score, -len(item[1].term.keys), order.get(item[0], len(order))),
    )
    if ranked:
        # Among the activities within CLOSE of the best, the one named first wins.
        top = ranked[0][1].score
        close = [item for item in ranked if top - item[1].score < CLOSE]
        lead = min(close, key=lambda item: item[1].first)
        ranked.remove(lead)
        ranked.insert(0, lead)
    candidates = tuple(
        Candidate(activity, round(found.score, 3), found.term.text)
        for activity, found in ranked[:TOP]
        if found.score >= POSSIBLE / 2
    )
    # The outcome follows the exact score; the candidates show it rounded.
    best_score = ranked[0][1].score if ranked else 0.0
    if not candidates or best_score < POSSIBLE:
        return TaskMatch(task_id, None, round(best_score, 3), "none", candidates)
    best = candidates[0]
    if best_score >= CONFIDENT:
        return TaskMatch(task_id, best.catalog, best.score, "confident", candidates)
    return TaskMatch(task_id, None, best.score, "possible", candidates)
