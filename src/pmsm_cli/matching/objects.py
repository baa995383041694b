"""The words for what IT work is done on (``it_things`` in wording.yaml), as stems.

An unexplained word in a task name costs its score. When that word names an
IT thing ("portal", "Controller", "SAP"), the task is still IT work on that
thing; when it names something from outside IT ("fridge", "Feueralarmanlage")
the task is more likely a decoy. The matcher charges the first kind less.
"""

from __future__ import annotations

from functools import cache

from pmsm_cli.matching.normalize import languages, stem, word_list


@cache
def object_stems(language: str) -> frozenset[str]:
    """The stems, in ``language``, of the IT things of every language (product names travel)."""
    return frozenset(
        stem(word, language) for listed in languages() for word in word_list(listed, "it_things")
    )
