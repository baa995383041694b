"""Words, stems and compounds (pmsm_cli.matching.normalize)."""

from __future__ import annotations

import pytest

from pmsm_cli.matching.normalize import Splitter, fold, is_filler, is_stopword, stem, words


def test_fold_drops_case_and_accents() -> None:
    assert fold("Übergabe") == "ubergabe"
    assert fold("Straße") == "strasse"
    assert fold("Décommission") == "decommission"


def test_words_drop_punctuation_numbers_and_single_letters() -> None:
    assert words("UAT-01: Joiner provisioning (birthright)") == [
        "uat",
        "joiner",
        "provisioning",
        "birthright",
    ]
    assert words("Wave 1 live in new DC / A") == ["wave", "live", "in", "new", "dc"]
    assert words("Go/No-Go") == ["go", "no", "go"]


def test_stems_per_language_folded() -> None:
    assert stem("testing", "en") == "test"
    assert stem("schulungen", "de") == "schulung"
    assert stem("übergabe", "de") == "ubergab"
    # A language without a stemmer is compared word for word, folded.
    assert stem("überprüfung", "xx") == "uberprufung"


def test_stopwords_and_fillers() -> None:
    assert is_stopword("der", "de")
    assert is_stopword("für", "de") and is_stopword("fur", "de")
    assert not is_stopword("der", "en")
    assert is_filler("conduct", "en")
    assert is_filler("durchführung", "de")
    assert not is_filler("hypercare", "en")


def test_compounds_split_into_known_words() -> None:
    splitter = Splitter({"de": {"betrieb", "ubergab", "last", "test", "system"}})
    # "Betrieb" + linking "s" + "Übergabe"
    assert splitter.split("betriebsübergabe", "de") == ("betrieb", "ubergab")
    assert splitter.split("lasttest", "de") == ("last", "test")
    # Both orders split; terms are not split, which keeps them apart (see index).
    assert splitter.split("testsystem", "de") == ("test", "system")
    # Not made of known words: not a compound.
    assert splitter.split("kaffeemaschine", "de") == ()
    assert splitter.split("betriebsübergabe", "en") == ()


def test_synonyms_from_wording_yaml() -> None:
    # Each group's words count as its first word, per language.
    assert stem("mgmt", "en") == stem("management", "en") == "manag"
    assert stem("reqs", "en") == stem("requirement", "en")
    assert stem("Umzug", "de") == stem("Migration", "de")
    assert stem("mgmt", "de") != stem("Management", "de")  # an English group only


def test_it_things_are_stems_of_every_language() -> None:
    from pmsm_cli.matching.objects import object_stems

    assert {stem("Controller", "de"), stem("portal", "de"), stem("SAP", "de")} <= object_stems("de")
    assert stem("servers", "en") in object_stems("en")
    assert stem("fridge", "en") not in object_stems("en")
    # "switch" is left out on purpose: "switch-off" is work, not a network switch.
    assert stem("switch", "en") not in object_stems("en")


def test_the_term_index_key_covers_wording_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    # A changed synonym changes the stems, so a cached index must not be reused.
    from pmsm_cli.catalogs.load import load_catalog
    from pmsm_cli.matching import index, normalize

    catalog = load_catalog()
    before = index._content_key(catalog)
    monkeypatch.setattr(normalize, "wording_text", lambda: "en: {}\n")
    monkeypatch.setattr(index, "wording_text", lambda: "en: {}\n")
    assert index._content_key(catalog) != before
