"""pmsm's one JSON writer: the text json.dumps wrote before, and what it still writes."""

from __future__ import annotations

import json

import pytest

from pmsm_cli.formatting.jsontext import json_document

# Every kind of value the outputs hold, and the characters JSON must escape.
DOCUMENT = {
    "name": 'Zürich "go-live" C:\\plans',
    "controls": "tab\there, bell\x07, nul\x00, unit separator\x1f",
    "done": True,
    "late": False,
    "owner": None,
    "cost": 12500.25,
    "days": -3,
    "empty": {"list": [], "dict": {}, "nested": [[], {}, [[]]]},
    "weeks": {1: "kick-off", 12: "hypercare"},
}

# Worked out by hand: two-space indent, ", " never (one item a line), non-ASCII as is,
# control characters as \u00XX except the short forms \t, \", \\; int keys quoted;
# empty lists and objects on one line.
EXPECTED = """{
  "name": "Zürich \\"go-live\\" C:\\\\plans",
  "controls": "tab\\there, bell\\u0007, nul\\u0000, unit separator\\u001f",
  "done": true,
  "late": false,
  "owner": null,
  "cost": 12500.25,
  "days": -3,
  "empty": {
    "list": [],
    "dict": {},
    "nested": [
      [],
      {},
      [
        []
      ]
    ]
  },
  "weeks": {
    "1": "kick-off",
    "12": "hypercare"
  }
}
"""


def test_the_text_is_what_json_dumps_wrote() -> None:
    text = json_document(DOCUMENT)
    assert text == EXPECTED
    assert text == json.dumps(DOCUMENT, indent=2, ensure_ascii=False) + "\n"


def test_an_integer_beyond_64_bits_is_still_written() -> None:
    # orjson refuses it; the slow writer takes over.
    assert json_document({"big": 2**70}) == '{\n  "big": 1180591620717411303424\n}\n'


def test_a_lone_surrogate_is_still_written() -> None:
    # Not UTF-8, so orjson refuses it; json.dumps writes it as it did before.
    assert json_document(["\ud800"]) == '[\n  "\ud800"\n]\n'


def test_what_neither_writer_can_write_still_raises_a_type_error() -> None:
    with pytest.raises(TypeError):
        json_document({"tags": {"a"}})


def test_a_tiny_float_may_be_spelled_differently_but_reads_back_the_same() -> None:
    # orjson writes 0.00001 and 1e-7 where json.dumps writes 1e-05 and 1e-07: another
    # spelling of the same numbers, which is all a JSON reader sees.
    values = [0.00001, 1e-7]
    ours, python = json_document(values), json.dumps(values, indent=2, ensure_ascii=False)
    assert ours.splitlines()[1].strip() in {"0.00001,", "1e-05,"}
    assert json.loads(ours) == json.loads(python) == [1e-05, 1e-07]


def test_nan_is_written_as_null() -> None:
    # json.dumps would write NaN, which JSON has no word for; pmsm's models refuse NaN.
    assert json_document([float("nan")]) == "[\n  null\n]\n"
