"""Typos and variant spellings: a task word the catalog does not know, read as one it does.

"Hypercar", "Penetrationtest", "Deploymnet": a word whose stem is in no term
is compared, with rapidfuzz, to every stem the terms of its language use, and
taken for the closest one when they are nearly the same and start with the
same letter ("ordering" is no typo of "rendering"). Only longer words
qualify: between short words one letter is a different word ("plan", "plot").
"""

from __future__ import annotations

from collections.abc import Iterable

from pmsm_cli.matching.index import TermIndex

MIN_LENGTH = 5  # shorter stems are only ever matched exactly
MIN_SIMILARITY = 88.0  # rapidfuzz ratio, 0 to 100
MAX_LENGTH_GAP = 2  # a longer gap cannot reach MIN_SIMILARITY between words this short


def resolve(index: TermIndex, language: str, stems: Iterable[str]) -> None:
    """Record in ``index.fuzzy`` the known stem each new unknown stem stands for, if any.

    A typo keeps the first letter and nearly the length, so each word is
    compared only with the known stems that share its first letter and are at
    most ``MAX_LENGTH_GAP`` letters longer or shorter: a handful, not the
    whole vocabulary.
    """
    known = index.known.get(language, frozenset())
    pending = sorted(
        {
            s
            for s in stems
            if len(s) >= MIN_LENGTH and s not in known and (language, s) not in index.fuzzy
        }
    )
    if not pending:
        return
    from rapidfuzz import fuzz, process

    buckets = _buckets(index, language)
    for word in pending:
        choices = [
            choice
            for length in range(len(word) - MAX_LENGTH_GAP, len(word) + MAX_LENGTH_GAP + 1)
            for choice in buckets.get((word[0], length), ())
        ]
        best = process.extractOne(
            word, choices, scorer=fuzz.ratio, score_cutoff=MIN_SIMILARITY, processor=None
        )
        index.fuzzy[(language, word)] = best[0] if best is not None else None


def _buckets(index: TermIndex, language: str) -> dict[tuple[str, int], list[str]]:
    """The vocabulary's longer stems by first letter and length, in sorted order."""
    buckets: dict[tuple[str, int], list[str]] = {}
    for choice in index.vocabulary.get(language, ()):
        if len(choice) >= MIN_LENGTH:
            buckets.setdefault((choice[0], len(choice)), []).append(choice)
    return buckets
