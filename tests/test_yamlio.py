"""The YAML loader: positions, duplicate keys, safety limits, encodings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from pmsm_cli.errors import PmsmError
from pmsm_cli.yamlio import MAX_DEPTH, load_yaml, parse_yaml

Write = Callable[[str, str], Path]


def error_of(path: Path) -> str:
    with pytest.raises(PmsmError) as caught:
        load_yaml(path)
    assert len(caught.value.problems) == 1
    return caught.value.render()


def test_positions_of_keys_values_and_items() -> None:
    text = "project:\n  name: Demo\n  start: 2026-01-05\nitems:\n  - id: one\n  - id: two\n"
    doc = parse_yaml(text, Path("p.yaml"))
    assert doc.data == {
        "project": {"name": "Demo", "start": dt.date(2026, 1, 5)},
        "items": [{"id": "one"}, {"id": "two"}],
    }
    # Lines and columns counted by hand from the text above (1-based).
    assert doc.position(("project", "start")) == (3, 10)
    assert doc.position(("project", "start"), prefer_key=True) == (3, 3)
    assert doc.position(("items", 1)) == (6, 5)
    assert doc.position(("items", 1, "id")) == (6, 9)
    # An unknown place falls back to the closest known parent.
    assert doc.position(("items", 1, "nope")) == (6, 5)


def test_duplicate_key_is_an_error_naming_both_lines(write: Write) -> None:
    message = error_of(write("d.yaml", "activities:\n  - id: a\n    name: x\n    name: y\n"))
    assert message.startswith(str(Path(message.split(":")[0])))
    assert ":4:5: error: the key 'name' appears twice" in message
    assert "first on line 3" in message


def test_python_tags_cannot_build_objects(write: Write) -> None:
    message = error_of(write("t.yaml", "a: !!python/object/apply:os.system ['echo hi']\n"))
    assert ":1:4: error: the YAML tag '!!python/object/apply:os.system' is not allowed" in message


def test_billion_laughs_is_refused(write: Write) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    message = error_of(write("lol.yaml", "\n".join(lines) + "\n"))
    assert "expands to more than" in message


def test_deep_nesting_is_refused(write: Write) -> None:
    depth = MAX_DEPTH + 5
    message = error_of(write("deep.yaml", "a: " + "[" * depth + "]" * depth + "\n"))
    assert f"nested more than {MAX_DEPTH} levels" in message


def test_syntax_error_has_position(write: Write) -> None:
    message = error_of(write("bad.yaml", "project:\n  name: [unclosed\n"))
    assert "bad.yaml:3:1: error: this is not valid YAML" in message


def test_not_utf8_names_the_byte_and_place(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"name: ok\nowner: Jos\xe9\n")
    assert "latin1.yaml:2:11: error: the file is not UTF-8 text (byte 0xe9)" in error_of(path)


def test_bom_and_crlf_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "win.yaml"
    path.write_bytes(b"\xef\xbb\xbfa: 1\r\nb: two\r\n")
    assert load_yaml(path).data == {"a": 1, "b": "two"}


def test_binary_junk(tmp_path: Path) -> None:
    path = tmp_path / "junk.yaml"
    path.write_bytes(b"a: 1\n\x00\x01\x02")
    assert "binary data" in error_of(path)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    assert "does not exist" in error_of(tmp_path / "nope.yaml")
    assert "is a folder" in error_of(tmp_path)


def test_two_documents_are_refused(write: Write) -> None:
    assert "more than one YAML document" in error_of(write("two.yaml", "a: 1\n---\nb: 2\n"))


def test_merge_keys_are_refused_clearly(write: Write) -> None:
    assert "merge keys" in error_of(write("m.yaml", "base: &b {x: 1}\nother:\n  <<: *b\n"))


def test_aliases_are_shared_values(write: Write) -> None:
    doc = load_yaml(write("al.yaml", "a: &x [1, 2]\nb: *x\n"))
    assert doc.data == {"a": [1, 2], "b": [1, 2]}


def test_empty_file_is_none(write: Write) -> None:
    assert load_yaml(write("e.yaml", "# only a comment\n")).data is None
