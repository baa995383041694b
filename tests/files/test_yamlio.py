"""The YAML loader: positions, duplicate keys, safety limits, encodings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.leaks import FOREIGN_FILES, SECRET, assert_not_leaked, write_secret

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.yamlbuild import MAX_DEPTH
from pmsm_cli.files.yamlio import load_yaml, parse_yaml

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
    # "name: ok\n" is 9 bytes and "owner: Jos" 10: the bad one is the 20th.
    assert (
        "latin1.yaml:2:11: error: the file is not UTF-8 text: byte 20 of the file (0xe9) cannot "
        "be read as UTF-8" in error_of(path)
    )


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


def test_positions_inside_an_alias_fall_back_to_the_alias() -> None:
    text = "base: &b\n  x: 1\n  y: [2, 3]\ncopy: *b\nlist:\n  - *b\n"
    doc = parse_yaml(text, Path("a.yaml"))
    assert doc.data["copy"] is doc.data["base"]
    # Counted by hand: 'y' is on line 3 at column 3, its list at column 6, and the
    # item 3 at column 10; '*b' is at line 4 column 7 and line 6 column 5.
    assert doc.position(("base", "y", 1)) == (3, 10)
    assert doc.position(("base", "y"), prefer_key=True) == (3, 3)
    assert doc.position(("copy", "y", 1)) == (4, 7)
    assert doc.position(("copy", "y"), prefer_key=True) == (4, 1)  # the key 'copy'
    assert doc.position(("list", 0, "x")) == (6, 5)
    # A list item has no key: prefer_key gives the item itself.
    assert doc.position(("list", 0), prefer_key=True) == (6, 5)
    # Places that are not in the file fall back to the closest one that is.
    assert doc.position(("list", 1)) == (6, 3)
    assert doc.position(("list", -1)) == (6, 3)
    assert doc.position(("list", "0")) == (6, 3)
    # The mapping under 'base' starts at its anchor '&b': line 1, column 7.
    assert doc.position(("base", 0)) == (1, 7)
    assert doc.position(()) == (1, 1)


def test_positions_in_a_large_mapping() -> None:
    text = "".join(f"k{n}: {n}\n" for n in range(500))
    doc = parse_yaml(text, Path("m.yaml"))
    assert doc.position(("k0",)) == (1, 5)
    assert doc.position(("k499",)) == (500, 7)  # 'k499: ' is 6 characters
    assert doc.position(("k499",), prefer_key=True) == (500, 1)


def test_root_scalar_and_empty_document_positions() -> None:
    assert parse_yaml("\n\n  hello\n", Path("s.yaml")).position(("x", 1)) == (3, 3)
    assert parse_yaml("", Path("e.yaml")).position(("x",)) == (1, 1)


@pytest.mark.parametrize(
    ("value", "tag"),
    [("!!bool maybe", "!!bool"), ("!!int", "!!int"), ("!!timestamp x", "!!timestamp")],
)
def test_a_tag_whose_value_does_not_fit_is_an_error(write: Write, value: str, tag: str) -> None:
    # PyYAML's own constructors fail on these with a KeyError, IndexError or
    # AttributeError; pmsm said "internal error". The value starts in column 4.
    message = error_of(write("tag.yaml", f"a: {value}\n"))
    assert "tag.yaml:1:4: error: '" in message
    assert f"is not a valid value for the YAML tag '{tag}'" in message


# -- files that may not be quoted: configuration, overlays, catalogs ------------


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test below runs with both of PyYAML's parsers: their messages differ."""
    if request.param == "pure-python":
        monkeypatch.setattr("pmsm_cli.files.yamlio._Parser", None)
    return str(request.param)


@pytest.mark.parametrize("kind", sorted(FOREIGN_FILES))
def test_a_file_that_may_not_be_quoted_is_not(tmp_path: Path, parser: str, kind: str) -> None:
    path = write_secret(tmp_path / "credentials", FOREIGN_FILES[kind])
    try:
        load_yaml(path, "configuration file", quote_content=False)
    except PmsmError as error:
        (problem,) = error.problems
        assert problem.path == path
        assert_not_leaked(problem.render())


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            f"a: 1\na: {SECRET}\n",
            "2:1: error: a key appears twice in the same mapping (first on line 1)",
        ),
        (f"a: !!int {SECRET}\n", "1:4: error: the value cannot be read as a whole number"),
        ("a: 2026-13-45\n", "1:4: error: the value cannot be read as a date"),
        (f"a: !!python/name:{SECRET}\n", "1:4: error: a YAML tag is not allowed here"),
        (f"a: !{SECRET} [1]\n", "1:4: error: a YAML tag is not allowed here"),
        (f"a: *{SECRET}\n", "1:4: error: an alias refers to an anchor that is not defined"),
        (f"a: [{SECRET}\n", "2:1: error: this is not valid YAML: "),
        (
            f"a: 1\nb: {SECRET}\x01\n",
            "2:24: error: this is not valid YAML: the file holds a character YAML does not allow",
        ),
    ],
)
def test_quiet_messages_say_what_is_wrong_and_where(parser: str, text: str, message: str) -> None:
    with pytest.raises(PmsmError) as caught:
        parse_yaml(text, Path("c.yaml"), quote_content=False)
    (problem,) = caught.value.problems
    assert problem.render().startswith(f"c.yaml:{message}"), problem.render()
    assert_not_leaked(problem.render())


def test_plans_are_still_quoted(parser: str) -> None:
    # A plan is the user's own file: repeating its text is what helps them.
    with pytest.raises(PmsmError) as caught:
        parse_yaml("a: 1\na: 2\nb: !!int many\n", Path("pmsm.yaml"))
    assert "the key 'a' appears twice" in caught.value.render()
    with pytest.raises(PmsmError) as caught:
        parse_yaml("b: !!int many\n", Path("pmsm.yaml"))
    assert "'many' is not a valid value" in caught.value.render()


def test_a_control_character_is_placed_and_named_in_a_plan(parser: str) -> None:
    with pytest.raises(PmsmError) as caught:
        parse_yaml("a: ééé\nb: x\x01\n", Path("pmsm.yaml"))  # é: two bytes, one column
    assert caught.value.render() == (
        "pmsm.yaml:2:5: error: this is not valid YAML: the file holds a character YAML does "
        "not allow (U+0001)"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "2026-03-02T00:00:00+99:00",
            "'2026-03-02T00:00:00+99:00' is not a valid date and time: its time-zone offset "
            "+99:00 is 24 hours or more, and offsets run from -23:59 to +23:59",
        ),
        (
            "2026-03-02 10:00:00 -24",
            "'2026-03-02 10:00:00 -24' is not a valid date and time: its time-zone offset -24 "
            "is 24 hours or more, and offsets run from -23:59 to +23:59",
        ),
    ],
)
def test_an_impossible_time_zone_is_worded_for_a_person(
    write: Write, value: str, expected: str
) -> None:
    path = write("tz.yaml", f"start: {value}\n")
    assert error_of(path) == f"{path}:1:8: error: {expected}"


TAB_MESSAGE = (
    "error: this is not valid YAML: a tab indents this line, and YAML indents with spaces "
    "only; replace the tab with spaces"
)


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # A key indented with a tab under a mapping indented with spaces: line 3, column 1.
        ("project:\n  name: x\n\tkind: new-service\n", "3:1"),
        # The first key under 'project' indented with a tab alone.
        ("project:\n\tname: x\n", "2:1"),
        # Two spaces, then the tab: column 3.
        ("a:\n  - b: 1\n  \t c: 2\n", "3:3"),
    ],
)
def test_a_tab_used_as_indentation_is_named_with_its_place(
    write: Write, text: str, where: str
) -> None:
    path = write("tabs.yaml", text)
    assert error_of(path) == f"{path}:{where}: {TAB_MESSAGE}"


def test_a_tab_inside_a_line_is_not_blamed(write: Write) -> None:
    # A tab after a value is allowed; what is wrong here is the unclosed list on line 2.
    message = error_of(write("bad.yaml", "project:\n  name: [unclosed\t# a note\n"))
    assert "did not find expected" in message and "a tab indents" not in message
