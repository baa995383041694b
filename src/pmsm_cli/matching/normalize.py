"""From a task name to the word stems the matcher compares, in every language.

A task's language is not known (German plans borrow "Go-Live", "Hypercare" and
"Lessons Learned"), so every word is stemmed with each language's Snowball
stemmer and a term is compared with the stems of its own language. Case,
accents and punctuation are dropped; German compounds are split into words
the catalog knows ("Betriebsübergabe" into "Betrieb" and "Übergabe") by
:class:`Splitter`, which the term index builds from its own vocabulary.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

import snowballstemmer

from pmsm_cli.files.yamlio import parse_yaml

# ISO 639-1 code -> Snowball algorithm. A catalog may carry terms in any of
# these; a language without a stemmer is compared word for word.
SNOWBALL: Mapping[str, str] = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "sv": "swedish",
}


def _wording_file() -> Path:
    return Path(str(resources.files("pmsm_cli.matching").joinpath("wording.yaml")))


@cache
def wording_text() -> str:
    """wording.yaml as written: the term index's cache key includes it."""
    return _wording_file().read_text("utf-8")


@cache
def _wording() -> dict[str, dict[str, object]]:
    """wording.yaml: per language, the stopwords, fillers, synonyms and IT things."""
    # pmsm's own YAML reader (libyaml's parser), not yaml.safe_load's pure-Python one.
    loaded: dict[str, dict[str, object]] = parse_yaml(
        wording_text(), _wording_file(), quote_content=False
    ).data
    return loaded


@cache
def word_list(language: str, name: str) -> frozenset[str]:
    """One of a language's word lists of wording.yaml ("stopwords", "fillers", "it_things")."""
    value = _wording().get(language, {}).get(name, "")
    return frozenset(str(value).split())


def languages() -> tuple[str, ...]:
    """The languages wording.yaml has lists for."""
    return tuple(_wording())


def _synonym_groups(language: str) -> list[list[str]]:
    groups = _wording().get(language, {}).get("synonyms") or []
    assert isinstance(groups, list)
    return [[str(word) for word in group] for group in groups]


_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower case without accents: "Übergabe" -> "ubergabe", "Straße" -> "strasse"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The words of a text, lower case, accents kept for the stemmers.

    Numbers and single letters are dropped: "Wave 1", "Sprint 2 - A" and
    "UAT-01" are the same work whatever their number.
    """
    return [w for w in _WORD.findall(text.casefold()) if len(w) > 1 and not w.isdigit()]


class _Stemmer(Protocol):
    def stemWord(self, word: str) -> str: ...


@cache
def _stemmer(language: str) -> _Stemmer | None:
    algorithm = SNOWBALL.get(language)
    return snowballstemmer.stemmer(algorithm) if algorithm else None


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    """A word's stem in ``language``, folded, as its synonym group's: "Schulungen" -> "schulung"."""
    found = _plain_stem(word, language)
    return _synonyms(language).get(found, found)


def _plain_stem(word: str, language: str) -> str:
    stemmer = _stemmer(language)
    return fold(stemmer.stemWord(word) if stemmer else word)


@cache
def _synonyms(language: str) -> dict[str, str]:
    """Stem -> the stem of the first word of its synonym group."""
    table: dict[str, str] = {}
    for group in _synonym_groups(language):
        first = _plain_stem(group[0], language)
        for word in group:
            table[_plain_stem(word, language)] = first
    return table


@lru_cache(maxsize=200_000)
def is_stopword(word: str, language: str) -> bool:
    stops = word_list(language, "stopwords")
    return word in stops or fold(word) in stops


@lru_cache(maxsize=200_000)
def is_filler(word: str, language: str) -> bool:
    fillers = word_list(language, "fillers")
    return word in fillers or fold(word) in fillers


@cache
def filler_stems(language: str) -> frozenset[str]:
    """The fillers as the stems terms are made of ("define" -> "defin")."""
    return frozenset(stem(word, language) for word in word_list(language, "fillers"))


# German joins the words of a compound with these ("Betrieb-s-übergabe",
# "Schulung-s-unterlagen", "Kunde-n-portal").
_LINKS = ("s", "es", "n", "en")
_MIN_PART = 3
_LONGEST_ENDING = 6  # Snowball removes at most about this many letters ("-igkeit", "-ungen")
_MEMO_LIMIT = 200_000  # words remembered per index; beyond, they are split again


class Splitter:
    """Splits compounds into words of a known vocabulary, per language.

    Cheap on purpose: a word is split only where every part's stem is a word
    some catalog term uses, so "Lasttest" becomes "Last" + "Test" and a word
    the catalog never mentions stays whole. Results are memoised per word.
    """

    def __init__(self, vocabulary: Mapping[str, Iterable[str]]) -> None:
        self._vocabulary = {language: frozenset(stems) for language, stems in vocabulary.items()}
        self._memo: dict[tuple[str, str], tuple[str, ...]] = {}

    def split(self, word: str, language: str) -> tuple[str, ...]:
        """The stems of a compound's parts, or () for a word that is not one."""
        key = (word, language)
        found = self._memo.get(key)
        if found is None:
            found = self._split(word, language, depth=0) or ()
            if len(self._memo) < _MEMO_LIMIT:
                self._memo[key] = found
        return found

    def _split(self, word: str, language: str, depth: int) -> tuple[str, ...] | None:
        known = self._vocabulary.get(language, frozenset())
        whole = stem(word, language)
        if depth > 0 and whole in known:
            return (whole,)
        if depth > 2 or len(word) < 2 * _MIN_PART:
            return None
        # The longest known head first: "Abnahmetest" is "Abnahme" + "Test",
        # not "Abnahmet" + "est".
        for cut in range(len(word) - _MIN_PART, _MIN_PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            head_stem = self._known_head(head, language, known)
            if head_stem is None:
                continue
            rest = self._split(tail, language, depth + 1)
            if rest is not None:
                return (head_stem, *rest)
        return None

    @staticmethod
    def _known_head(head: str, language: str, known: frozenset[str]) -> str | None:
        candidates = [head]
        if language == "de":
            candidates += [head[: -len(link)] for link in _LINKS if head.endswith(link)]
        for candidate in candidates:
            if len(candidate) >= _MIN_PART and _may_stem_to_known(candidate, known):
                found = stem(candidate, language)
                if found in known:
                    return found
        return None


def _may_stem_to_known(word: str, known: frozenset[str]) -> bool:
    """Cheap test before stemming: a stem is the word less a short ending, folded."""
    folded = fold(word)
    return any(
        folded[:cut] in known
        for cut in range(len(folded), max(_MIN_PART, len(folded) - _LONGEST_ENDING) - 1, -1)
    )
