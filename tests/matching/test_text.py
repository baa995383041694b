"""A task's words as the matcher sees them (pmsm_cli.matching.text)."""

from __future__ import annotations

from pmsm_cli.matching.index import build_index
from pmsm_cli.matching.text import analyse, prepare_fuzzy
from pmsm_cli.models.catalog import Catalog


def test_compound_gives_its_own_stem_and_its_parts(catalog: Catalog) -> None:
    index = build_index(catalog.activities)
    text = analyse("Betriebsübergabe", index)
    # The whole word counts fully; each part is half of it.
    assert text.keys["de"]["betriebsubergab"] == {0: 1.0}
    assert text.keys["de"]["betrieb"] == {0: 0.5}
    assert text.keys["de"]["ubergab"] == {0: 0.5}
    assert text.has("de", ["betrieb", "ubergab"])


def test_stopwords_go_and_fillers_weigh_a_quarter(catalog: Catalog) -> None:
    text = analyse("Conduct the hypercare", build_index(catalog.activities))
    assert text.weights == [0.25, 1.0]  # "the" is not a word here
    assert text.substantive
    assert not analyse("Durchführung", build_index(catalog.activities)).substantive


def test_a_typo_adds_the_stem_it_stands_for(catalog: Catalog) -> None:
    index = build_index(catalog.activities)
    prepare_fuzzy(index, ["Hypercre"])
    text = analyse("Hypercre", index)
    assert text.keys["en"]["hypercar"] == {0: 1.0}
    assert ("en", "hypercar") in text.fuzzy
