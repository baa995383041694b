"""How well a task's wording matches each catalog activity's terms: the score.

The formula is in :mod:`pmsm_cli.matching.matcher`'s description; this module finds
the terms a task's name (and its summary task's name and notes) holds, weighs where
each was found, and charges the words no term explains.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pmsm_cli.matching.index import Term, TermIndex
from pmsm_cli.matching.objects import object_stems
from pmsm_cli.matching.text import Text
from pmsm_cli.records import record

POSSIBLE = 0.4
LEEWAY = 0.6  # how much of the uncovered share a fully specific term still earns
OBJECT = 0.35  # what an unexplained word for an IT thing costs, against 1 for others

# How much a term is trusted by where its stems were found.
IN_NAME = 1.0
WITH_SUMMARY = 0.85  # the rest of it in the summary task's name ("Support rota" under "Early life")
WITH_NOTES = 0.75  # the rest of it in the task's notes
SUMMARY_ONLY = 0.75  # the name says only "Execute", "Durchführung": all of it in the summary
TYPO = 0.9  # a stem found through a fuzzy match
PARTIAL = 0.5  # a term only partly present: at most a possible match


@record(slots=True)
class Scored:
    """An activity's score for a task, the term that earned it and where it starts."""

    score: float
    term: Term
    first: int  # position of the first name word the activity's terms explain


NOWHERE = 1 << 30  # "first" of a match found outside the name


@dataclass(slots=True)
class _Evidence:
    """What one activity's matched terms explain of a task name."""

    # position -> share of that word the terms used, per (language, stem)
    explained: dict[int, dict[tuple[str, str], float]] = field(default_factory=dict)
    best: list[tuple[float, float, Term]] = field(default_factory=list)  # quality, spec, term


def score_activities(
    index: TermIndex,
    allowed: set[str],
    name: Text,
    summary: Text | None,
    notes: Text | None,
) -> dict[str, Scored]:
    """Each activity's score for one task, with the term that earned it."""
    ruled_out = {
        index.not_terms[number].activity
        for language, keys in name.keys.items()
        for key in keys
        for number in index.not_by_key.get((language, key), ())
        if name.has(language, index.not_terms[number].keys)
    }
    # Every stem the name, the summary task and the notes have: a term with a
    # stem outside it cannot be complete, whatever else is checked.
    reach = {language: set(keys) for language, keys in name.keys.items()}
    for other in (summary, notes):
        if other is not None:
            for language, keys in other.keys.items():
                reach.setdefault(language, set()).update(keys)
    evidence: dict[str, _Evidence] = {}
    partial: dict[str, Scored] = {}
    for number, hits in _candidate_terms(index, name, summary).items():
        term = index.terms[number]
        if term.activity not in allowed or term.activity in ruled_out:
            continue
        if hits < len(term.keys) and not term.keys <= reach.get(term.language, set()):
            if hits * term.specificity * PARTIAL >= len(term.keys) * POSSIBLE / 2:
                _keep_partial(partial, term, hits)
            continue
        language = term.language
        in_name = {key for key in term.keys if key in name.keys.get(language, {})}
        quality = _quality(term, in_name, name, summary, notes)
        if quality is None:
            _keep_partial(partial, term, len(in_name))
            continue
        if name.fuzzy and any((language, key) in name.fuzzy for key in in_name):
            quality *= TYPO
        found = evidence.setdefault(term.activity, _Evidence())
        found.best.append((quality, term.specificity, term))
        for key in in_name:
            for position, share in name.keys[language][key].items():
                found.explained.setdefault(position, {})[(language, key)] = share
    # An unexplained word costs its weight, less for a word for an IT thing.
    unexplained_cost = _unexplained_costs(name)
    scores: dict[str, Scored] = {}
    for activity, found in evidence.items():
        covered = uncovered = 0.0
        for position, cost in enumerate(unexplained_cost):
            shares = found.explained.get(position)
            share = min(1.0, sum(shares.values())) if shares else 0.0
            covered += name.weights[position] * share
            uncovered += cost * (1.0 - share)
        total = covered + uncovered
        coverage = covered / total if total else 1.0
        score, term = max(
            (
                (quality * (coverage + (1.0 - coverage) * LEEWAY * specificity), term)
                for quality, specificity, term in found.best
            ),
            key=lambda pair: (pair[0], len(pair[1].keys)),
        )
        scores[activity] = Scored(score, term, min(found.explained, default=NOWHERE))
    for activity, scored in partial.items():
        if activity not in scores:
            scores[activity] = scored
    return scores


def _unexplained_costs(name: Text) -> list[float]:
    """What each name word costs when no term explains it: a word for an IT thing costs less."""
    things: set[int] = set()
    for language, keys in name.keys.items():
        stems = object_stems(language)
        for key, positions in keys.items():
            if key in stems:
                things.update(position for position, share in positions.items() if share == 1.0)
    return [
        weight * OBJECT if position in things else weight
        for position, weight in enumerate(name.weights)
    ]


def _candidate_terms(index: TermIndex, name: Text, summary: Text | None) -> dict[int, int]:
    """The terms that share a stem with the name, with how many of their stems it has.

    For a bare name ("Execute") the summary task's stems count too, so that a
    term wholly in the summary ("DR test") is considered.
    """
    hits: dict[int, int] = {}
    for language, keys in name.keys.items():
        for key in keys:
            for number in index.by_key.get((language, key), ()):
                hits[number] = hits.get(number, 0) + 1
    if summary is not None and not name.substantive:
        for language, keys in summary.keys.items():
            for key in keys:
                for number in index.by_key.get((language, key), ()):
                    hits.setdefault(number, 0)
    return hits


def _quality(
    term: Term, in_name: set[str], name: Text, summary: Text | None, notes: Text | None
) -> float | None:
    """How far a term is trusted, by where its stems were found; None if not all were."""
    missing = term.keys - in_name
    if not missing:
        return IN_NAME
    language = term.language
    if in_name and summary is not None and summary.has(language, missing):
        return WITH_SUMMARY
    if in_name and notes is not None:
        elsewhere = [k for k in missing if summary is None or not summary.has(language, [k])]
        if notes.has(language, elsewhere):
            return WITH_NOTES
    bare = not in_name and not name.substantive  # "Execute", "Durchführung"
    if bare and summary is not None and summary.has(language, term.keys):
        return SUMMARY_ONLY
    return None


def _keep_partial(partial: dict[str, Scored], term: Term, hits: int) -> None:
    """Remember a term partly present in the name, as at most a possible match."""
    score = PARTIAL * hits / len(term.keys) * term.specificity
    if score < POSSIBLE / 2:
        return  # too weak even to be shown as a candidate
    known = partial.get(term.activity)
    if known is None or score > known.score:
        partial[term.activity] = Scored(score, term, NOWHERE)
