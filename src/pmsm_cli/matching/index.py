"""The term index: every catalog activity's terms, normalised once.

Built from the catalog (``terms`` and ``not_terms`` of each activity, see
catalog/README.md) and kept for as long as the catalog is: in memory for the
process and, like the catalog itself, pickled in the user's cache folder under
a key made of the terms' content and the versions that shape the index.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pmsm_cli.catalogs.load import catalog_cache
from pmsm_cli.matching.normalize import (
    Splitter,
    filler_stems,
    is_filler,
    is_stopword,
    stem,
    wording_text,
    words,
)
from pmsm_cli.models.catalog import Activity, Catalog
from pmsm_cli.records import record

FILLER_WEIGHT = 0.25  # an unexplained "conduct" or "erstellen" costs a quarter of a word
INDEX_VERSION = "3"  # bump when the index's shape or normalisation changes
TITLE_LANGUAGE = "en"  # the language of the catalog's titles


@record(slots=True)
class Term:
    """One wording of one activity, as the stems a task must contain."""

    activity: str
    language: str
    text: str  # as written in the catalog, to show what was looked for
    keys: frozenset[str]
    # How much the term alone says about its activity, 0 to 1: the rarest of
    # its stems across the catalog's activities ("hypercare" 1, "test" low).
    specificity: float


@dataclass(slots=True)
class TermIndex:
    """Terms by stem, per language, for looking up only the terms a task can match."""

    activities: tuple[str, ...]  # catalog order, for ties
    terms: list[Term] = field(default_factory=list)
    not_terms: list[Term] = field(default_factory=list)
    # (language, stem) -> indexes into ``terms``
    by_key: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # (language, stem) -> indexes into ``not_terms``
    not_by_key: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    # language -> every stem its terms use, sorted (the fuzzy matcher's choices)
    vocabulary: dict[str, tuple[str, ...]] = field(default_factory=dict)
    known: dict[str, frozenset[str]] = field(default_factory=dict)  # the same, for look-ups
    splitter: Splitter = field(default_factory=lambda: Splitter({}))
    # (language, stem of a task word) -> the vocabulary stem it is a typo of, or
    # None; filled as tasks are matched, so each new word is compared once.
    fuzzy: dict[tuple[str, str], str | None] = field(default_factory=dict)

    languages: tuple[str, ...] = ()  # those with terms, in the catalog's order

    @staticmethod
    def term_keys(text: str, language: str) -> frozenset[str]:
        """The stems a wording stands for, without stopwords.

        A compound in a term stays whole: "Testsystem" must not match
        "Systemtest". Task words are split instead (see Splitter), so the term
        "Übergabe an den Betrieb" matches the task "Betriebsübergabe"; a
        compound term needs its other wordings listed beside it.
        """
        return frozenset(stem(w, language) for w in words(text) if not is_stopword(w, language))


def build_index(activities: Sequence[Activity]) -> TermIndex:
    """Normalise every term of every activity; see :class:`TermIndex`."""
    index = TermIndex(activities=tuple(a.id for a in activities))
    drafts: list[tuple[str, str, str, frozenset[str]]] = []
    not_drafts: list[tuple[str, str, str, frozenset[str]]] = []
    for activity in activities:
        for target, terms in ((drafts, _terms_of(activity)), (not_drafts, activity.not_terms)):
            for language, texts in terms.items():
                for text in texts:
                    keys = index.term_keys(text, language)
                    if keys:
                        target.append((activity.id, language, text, keys))
    specificity = _specificities(drafts, len(activities))
    for activity_id, language, text, keys in drafts:
        index.terms.append(
            Term(
                activity_id,
                language,
                text,
                keys,
                max(specificity[(language, key)] for key in keys),
            )
        )
    for activity_id, language, text, keys in not_drafts:
        index.not_terms.append(Term(activity_id, language, text, keys, 1.0))
    for table, listed in ((index.by_key, index.terms), (index.not_by_key, index.not_terms)):
        for number, entry in enumerate(listed):
            for key in entry.keys:
                table.setdefault((entry.language, key), []).append(number)
    vocabulary: dict[str, set[str]] = {}
    for entry in index.terms:
        vocabulary.setdefault(entry.language, set()).update(entry.keys)
    index.vocabulary = {language: tuple(sorted(stems)) for language, stems in vocabulary.items()}
    index.known = {language: frozenset(stems) for language, stems in vocabulary.items()}
    index.languages = tuple(vocabulary)
    index.splitter = Splitter(index.known)
    return index


def _terms_of(activity: Activity) -> dict[str, list[str]]:
    """The activity's terms, with its own title among the English ones: a task named as
    the catalog names the activity is that activity."""
    terms = {language: list(texts) for language, texts in activity.terms.items()}
    english = terms.setdefault(TITLE_LANGUAGE, [])
    if activity.title not in english:
        english.append(activity.title)
    return terms


def _specificities(
    drafts: Sequence[tuple[str, str, str, frozenset[str]]], activities: int
) -> dict[tuple[str, str], float]:
    """For each stem, how few activities use it, from 1 (one) to 0 (all).

    A filler word ("prepare", "erstellen") is never specific, however rare.
    """
    users: dict[tuple[str, str], set[str]] = {}
    for activity_id, language, _text, keys in drafts:
        for key in keys:
            users.setdefault((language, key), set()).add(activity_id)
    scale = math.log(max(activities, 2))
    return {
        (language, key): 0.0
        if key in filler_stems(language)
        else max(0.0, 1.0 - math.log(len(who)) / scale)
        for (language, key), who in users.items()
    }


def word_weight(word: str, language: str) -> float:
    """What an unexplained word of a task name costs its score."""
    return FILLER_WEIGHT if is_filler(word, language) else 1.0


# --- caching -----------------------------------------------------------------

_MEMORY: dict[str, TermIndex] = {}


def index_for(catalog: Catalog) -> TermIndex:
    """The term index of a catalog, built once per content and cached."""
    key = _content_key(catalog)
    found = _MEMORY.get(key)
    if found is not None:
        return found
    cache = catalog_cache("terms-")
    loaded = None if cache is None else cache.get(key, TermIndex)
    if loaded is not None:
        _MEMORY[key] = loaded
        return loaded
    index = build_index(catalog.activities)
    _MEMORY[key] = index
    if cache is not None:
        cache.put(key, index)
        cache.prune()
    return index


@lru_cache(maxsize=1)
def _versions() -> str:
    from importlib.metadata import version

    from pmsm_cli.files.cache import code_fingerprint

    # The pickle holds pmsm's own objects: other code makes a new entry.
    return f"index {INDEX_VERSION} snowball {version('snowballstemmer')} {code_fingerprint()}\n"


def _content_key(catalog: Catalog) -> str:
    """A digest of everything the index is made from, with the versions that shape it."""
    digest = hashlib.sha256(_versions().encode())
    digest.update(wording_text().encode())  # synonyms and fillers shape the stems
    for activity in catalog.activities:
        digest.update(repr((activity.id, activity.terms, activity.not_terms)).encode())
    return digest.hexdigest()[:32]
