"""The term index and its cache (pmsm_cli.matching.index), and the catalog's terms."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from pmsm_cli.catalogs.load import load_catalog
from pmsm_cli.matching import index as index_module
from pmsm_cli.matching.index import build_index, index_for
from pmsm_cli.models.catalog import Catalog

from .conftest import ACTIVITIES


def test_terms_become_stems_without_stopwords(catalog: Catalog) -> None:
    index = build_index(catalog.activities)
    by_text = {t.text: t for t in index.terms}
    assert by_text["post implementation review"].keys == {"post", "implement", "review"}
    assert by_text["Übergabe an den Betrieb"].keys == {"ubergab", "betrieb"}
    assert by_text["switch-off"].keys == {"switch", "off"}
    assert by_text["CAB"].activity == "cab-approval"
    assert [t.text for t in index.not_terms] == ["budget review"]
    assert index.not_terms[0].keys == {"budget", "review"}
    assert index.languages == ("en", "de")


def test_specificity_is_how_few_activities_use_a_stem(catalog: Catalog) -> None:
    by_text = {t.text: t for t in build_index(catalog.activities).terms}
    assert by_text["hypercare"].specificity == 1.0  # one activity of five
    shared = 1 - math.log(2) / math.log(5)  # "cab": two activities of five
    assert by_text["CAB"].specificity == pytest.approx(shared)
    # "define" is a filler: the term is as specific as its other word.
    assert by_text["define CAB"].specificity == pytest.approx(shared)
    assert by_text["CAB members"].specificity == 1.0


def test_terms_are_found_by_each_of_their_stems(catalog: Catalog) -> None:
    index = build_index(catalog.activities)
    found = {index.terms[n].text for n in index.by_key[("en", "cab")]}
    assert found == {"CAB approval", "CAB", "define CAB", "CAB members"}
    assert ("en", "budget") not in index.by_key  # not_terms are looked up apart
    assert index.not_by_key[("en", "budget")] == [0]


def test_the_index_is_built_once_and_kept_on_disk(
    catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("PMSM_NO_CACHE", raising=False)
    monkeypatch.setattr(index_module, "_MEMORY", {})
    first = index_for(catalog)
    assert index_for(catalog) is first  # in memory
    (stored,) = (tmp_path / "pmsm").glob("terms-*.pickle")
    monkeypatch.setattr(index_module, "_MEMORY", {})
    again = index_for(catalog)  # from the file this time
    assert again is not first and again.terms == first.terms
    # Other terms, another entry: an edited overlay never reads a stale index.
    changed = [dict(a) for a in ACTIVITIES]
    changed[0] = {**changed[0], "terms": {"en": ["hypercare", "warranty period"]}}
    index_for(Catalog.model_validate({"activities": changed}))
    assert len(list((tmp_path / "pmsm").glob("terms-*.pickle"))) == 2
    assert stored.exists()


def test_every_catalog_activity_has_english_and_german_terms() -> None:
    catalog = load_catalog()
    lacking = [a.id for a in catalog.activities if not a.terms.get("en") or not a.terms.get("de")]
    assert lacking == []


def test_no_wording_names_two_activities() -> None:
    # Two activities with the same term could never be told apart.
    seen: dict[tuple[str, frozenset[str]], str] = {}
    clashes = []
    for term in build_index(load_catalog().activities).terms:
        other = seen.setdefault((term.language, term.keys), term.activity)
        if other != term.activity:
            clashes.append((term.text, other, term.activity))
    assert clashes == []
