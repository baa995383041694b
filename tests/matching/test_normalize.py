"""Words, stems and compounds (pmsm_cli.matching.normalize)."""

from __future__ import annotations

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
