"""The words for what IT work is done on (it_words.yaml), as stems per language.

An unexplained word in a task name costs its score. When that word names an
IT thing ("portal", "Controller", "SAP"), the task is still IT work on that
thing; when it names something from outside IT ("fridge", "Feueralarmanlage")
the task is more likely a decoy. The matcher uses these stems to charge the
first kind less.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml

from pmsm_cli.matching.normalize import stem, words


@cache
def _lists() -> dict[str, str]:
    text = resources.files("pmsm_cli.matching").joinpath("it_words.yaml").read_text("utf-8")
    loaded = yaml.safe_load(text)
    return {str(language): str(value) for language, value in loaded.items()}


@cache
def object_stems(language: str) -> frozenset[str]:
    """The stems, in ``language``, of every listed word of every language (product names travel)."""
    return frozenset(stem(word, language) for value in _lists().values() for word in words(value))
