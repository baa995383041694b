"""Round-trip YAML editing keeps what a person wrote: comments, order, layout."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.lint.helpers import BASE, FIXTURES

from pmsm_cli.errors import PmsmError
from pmsm_cli.files import yamledit

STYLES = {
    "indented lists": "project:\n  name: X  # the name\nactivities:\n  - id: a\n    name: A\n",
    "flush lists": "project:\n    name: X\nactivities:\n- id: a\n  name: A\n",
    "wide lists": "---\nproject:\n  name: X\nactivities:\n    -   id: a\n        name: A\n",
}


@pytest.mark.parametrize("text", [BASE.read_text(encoding="utf-8"), *STYLES.values()])
def test_an_unchanged_document_comes_back_byte_for_byte(text: str) -> None:
    assert yamledit.load(text, Path("x.yaml")).dump() == text


def test_every_fixture_survives_a_round_trip() -> None:
    for path in sorted(FIXTURES.glob("*/*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert yamledit.load(text, path).dump() == text, path


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_an_edit_keeps_lines_the_library_would_reflow(newline: str) -> None:
    # ruamel.yaml writes a flow mapping on one line; the edit must not join these two,
    # whatever the file's line ends.
    text = (
        "activities:\n"
        "  - {id: go-live, owner: Head of HR,\n"
        "     status: done}  # went live\n"
        "  - id: verify-deployment\n"
    )
    doc = yamledit.load(text.replace("\n", newline), Path("x.yaml"))
    doc.data["activities"].insert(1, yamledit.mapping({"id": "els"}))
    assert doc.dump() == (
        "activities:\n"
        "  - {id: go-live, owner: Head of HR,\n"
        "     status: done}  # went live\n"
        "  - id: els\n"
        "  - id: verify-deployment\n"
    ).replace("\n", newline)


def test_transplant_gives_up_inside_a_reflowed_stretch() -> None:
    original = "a: {x: 1,\n    y: 2}\nb: 3\n"
    pristine = "a: {x: 1, y: 2}\nb: 3\n"
    assert yamledit.transplant(original, pristine, "a: {x: 1, y: 5}\nb: 3\n") is None
    assert yamledit.transplant(original, pristine, "a: {x: 1, y: 2}\nb: 4\n") == (
        "a: {x: 1,\n    y: 2}\nb: 4\n"
    )


@pytest.mark.parametrize("style", sorted(STYLES))
def test_an_inserted_item_follows_the_file_s_indentation(style: str) -> None:
    text = STYLES[style]
    doc = yamledit.load(text, Path("x.yaml"))
    doc.data["activities"].append(yamledit.mapping({"id": "b"}, "added"))
    out = doc.dump()
    assert out.startswith(text)
    first = next(line for line in text.splitlines() if line.endswith("id: a"))
    dash = first.index("-")
    assert (
        out[len(text) :]
        == " " * dash + "-" + first[dash + 1 : first.index("id")] + "id: b  # added\n"
    )


def test_a_parse_error_is_positioned() -> None:
    with pytest.raises(PmsmError) as caught:
        yamledit.load("a: [1, 2\nb: 3\n", Path("x.yaml"))
    problem = caught.value.problems[0]
    assert problem.line is not None and problem.message.startswith("this is not valid YAML")


ORDER = ("id", "owner", "status", "actual_start", "percent_complete")


def test_set_key_puts_a_new_key_in_model_order_below_its_comments() -> None:
    text = (
        "activities:\n"
        "  - id: a  # first\n"
        "    status: done\n"
        "    # about b\n"
        "  - {id: b, owner: X}  # flow\n"
    )
    doc = yamledit.load(text, Path("x.yaml"))
    first, second = doc.data["activities"]
    yamledit.set_key(first, "owner", "Ann", ORDER)  # before status (owner comes first)
    yamledit.set_key(first, "percent_complete", 10, ORDER)  # after status, above "# about b"
    yamledit.set_key(second, "owner", "Y", ORDER)  # an existing key changes in place
    assert doc.dump() == (
        "activities:\n"
        "  - id: a  # first\n"
        "    owner: Ann\n"
        "    status: done\n"
        "    percent_complete: 10\n"
        "    # about b\n"
        "  - {id: b, owner: Y}  # flow\n"
    )


def test_remove_key_keeps_the_comment_lines_below_it() -> None:
    text = (
        "activities:\n"
        "  - id: a\n"
        "    owner: Ann  # the owner\n"
        "    percent_complete: 10  # old figure\n"
        "    # about b\n"
        "  - id: b\n"
    )
    doc = yamledit.load(text, Path("x.yaml"))
    yamledit.remove_key(doc.data["activities"][0], "percent_complete")
    yamledit.remove_key(doc.data["activities"][0], "not-there")
    assert doc.dump() == (
        "activities:\n  - id: a\n    owner: Ann  # the owner\n    # about b\n  - id: b\n"
    )


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_new_lines_take_the_file_s_line_end(newline: str) -> None:
    text = "activities:\n  - id: a  # first\n    status: done\n".replace("\n", newline)
    doc = yamledit.load(text, Path("x.yaml"))
    yamledit.set_key(doc.data["activities"][0], "owner", "Ann", ORDER)
    assert doc.dump() == (
        "activities:\n  - id: a  # first\n    owner: Ann\n    status: done\n"
    ).replace("\n", newline)


def test_set_keys_inserts_after_a_key_and_keeps_the_comment_that_follows() -> None:
    import datetime as dt

    text = (
        "activities:\n"
        "  - id: a\n"
        "    cost: 100  # euros\n"
        "    notes: n\n"
        "  - id: b\n"
        "    cost: 5\n"
        "  # heading of c\n"
        "  - {id: c}\n"
    )
    doc = yamledit.load(text, Path("x.yaml"))
    day = dt.date(2026, 3, 2)
    for item in doc.data["activities"]:
        # The same date object twice: it must not become an anchor and an alias.
        yamledit.set_keys(item, {"baseline_start": day, "baseline_finish": day}, after="cost")
    yamledit.set_keys(doc.data["activities"][1], {"cost": 7})  # an existing key: in place
    assert doc.dump() == (
        "activities:\n"
        "  - id: a\n"
        "    cost: 100  # euros\n"
        "    baseline_start: 2026-03-02\n"
        "    baseline_finish: 2026-03-02\n"
        "    notes: n\n"
        "  - id: b\n"
        "    cost: 7\n"
        "    baseline_start: 2026-03-02\n"
        "    baseline_finish: 2026-03-02\n"
        "  # heading of c\n"
        "  - {id: c, baseline_start: 2026-03-02, baseline_finish: 2026-03-02}\n"
    )
