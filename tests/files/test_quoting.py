"""What messages about configuration, overlay and catalog files may repeat of them."""

from __future__ import annotations

import pytest

from pmsm_cli.files.quoting import plausible, suggestion, without_quotes

KEYS = ["select", "ignore", "severity", "fail-level", "catalog", "extends"]


def test_a_misspelt_key_is_plausible_and_gets_a_suggestion() -> None:
    assert suggestion("selct", KEYS) == "select"
    assert plausible("selct", KEYS) == "selct"
    assert plausible("fail_levle", KEYS) == "fail_levle"


@pytest.mark.parametrize(
    "text",
    [
        "Zq9XwV7KpL3mN8rTg2Hc",  # a token: close to nothing
        "root:$6$abc:19000:0:99999:7:::",  # not a word
        "select me",  # a space: not a key as people type them
        "s" * 41 + "elect",  # too long to be a key
        5,  # not text
        None,
    ],
)
def test_anything_else_is_not(text: object) -> None:
    assert plausible(text, KEYS) is None


@pytest.mark.parametrize(
    ("message", "without"),
    [
        # PyYAML quotes the character or the text it found ...
        (
            "found character '\\t' that cannot start any token",
            "found character that cannot start any token",
        ),
        ("found undefined tag handle '!Zq9X!'", "found undefined tag handle"),
        ('found unknown escape character "q"', "found unknown escape character"),
        # ... and the grammar it expected, which stays.
        ("did not find expected ',' or ']'", "did not find expected ',' or ']'"),
        ("expected ',' or ']', but got '<scalar>'", "expected ',' or ']', but got '<scalar>'"),
        # tomllib names keys as tuples.
        ("Cannot declare ('tool', 'Zq9X') twice", "Cannot declare twice"),
        (
            "Expected '=' after a key in a key/value pair",
            "Expected '=' after a key in a key/value pair",
        ),
        # An escaped quote inside stays inside; an unmatched one ends the message.
        ("found 'it\\'s Zq9X' here", "found here"),
        ("found 'Zq9X and more", "found"),
    ],
)
def test_without_quotes(message: str, without: str) -> None:
    assert without_quotes(message) == without
