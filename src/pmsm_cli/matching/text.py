"""A piece of a task (its name, its summary task's name, its notes) as the matcher sees it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pmsm_cli.matching import fuzzy
from pmsm_cli.matching.index import TermIndex, word_weight
from pmsm_cli.matching.normalize import is_stopword, stem, words


@dataclass(slots=True)
class Text:
    """The stems of a text per language, each with the word positions it came from."""

    # language -> stem -> position of a word that gave it -> how much of that
    # word it is: 1 for the word's own stem, 1/n for each of a compound's n parts
    keys: dict[str, dict[str, dict[int, float]]] = field(default_factory=dict)
    # what each word costs when no term explains it; stopwords are not words here
    weights: list[float] = field(default_factory=list)
    # (language, stem) pairs that came from a typo, not from the words as written
    fuzzy: set[tuple[str, str]] = field(default_factory=set)

    @property
    def substantive(self) -> bool:
        """Whether any word says what the work is (not only "Execute", "Durchführung")."""
        return any(weight == 1.0 for weight in self.weights)

    def has(self, language: str, keys: Iterable[str]) -> bool:
        found = self.keys.get(language, {})
        return all(key in found for key in keys)


def _kept_words(text: str, languages: tuple[str, ...]) -> list[str]:
    return [w for w in words(text) if not _stopword_anywhere(w, languages)]


@lru_cache(maxsize=200_000)
def _stopword_anywhere(word: str, languages: tuple[str, ...]) -> bool:
    """A stopword in any language of the index: "die", "the", "an" carry nothing."""
    return any(is_stopword(word, language) for language in languages)


@lru_cache(maxsize=200_000)
def _weight(word: str, languages: tuple[str, ...]) -> float:
    """The lightest a word is in any language: a filler in one is a filler."""
    return min((word_weight(word, language) for language in languages), default=1.0)


def prepare_fuzzy(index: TermIndex, texts: Iterable[str]) -> None:
    """Compare the unknown words of all these texts with the vocabulary, in one go per language."""
    distinct = {w for text in texts for w in _kept_words(text, index.languages)}
    for language in index.languages:
        fuzzy.resolve(
            index,
            language,
            (stem(w, language) for w in distinct if not index.splitter.split(w, language)),
        )


def kept_words(text: str, index: TermIndex) -> tuple[str, ...]:
    """The words of ``text`` that :func:`analyse` reads: all it depends on besides the index.

    Numbers and stopwords are gone, so "Configure the load balancer (wave 3)"
    and "Configure load balancer, wave 4" give the same words and the same Text.
    """
    return tuple(_kept_words(text, index.languages))


def analyse(text: str, index: TermIndex) -> Text:
    """The stems of ``text`` in every language of the index (see :class:`Text`)."""
    return analyse_words(kept_words(text, index), index)


def analyse_words(kept: Sequence[str], index: TermIndex) -> Text:
    """The stems of words from :func:`kept_words` in every language of the index."""
    result = Text()
    result.weights = [_weight(w, index.languages) for w in kept]
    for language in index.languages:
        known = index.known[language]
        keys: dict[str, dict[int, float]] = {}
        for position, word in enumerate(kept):
            whole = stem(word, language)
            keys.setdefault(whole, {})[position] = 1.0
            parts = index.splitter.split(word, language)
            for part in parts:
                shares = keys.setdefault(part, {})
                shares[position] = max(shares.get(position, 0.0), 1.0 / len(parts))
            typo_of = None if parts or whole in known else index.fuzzy.get((language, whole))
            if typo_of is not None and typo_of not in keys:
                keys[typo_of] = {position: 1.0}
                result.fuzzy.add((language, typo_of))
        result.keys[language] = keys
    return result
