"""Text fields refuse characters that would break or disguise the outputs (issue 12, item 10)."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from pmsm_cli.errors import PmsmError
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Activity, Plan
from pmsm_cli.models.portfolio import ServicePortfolio
from pmsm_cli.models.text import forbidden_character
from pmsm_cli.plan.load import load_plan

Write = Callable[[str, str], Path]

BASE = "project:\n  name: P\n  kind: new-service\n  start: 2026-03-02\n"


@pytest.mark.parametrize(
    ("text", "multiline", "expected"),
    [
        # Position 1 is the first character; the code is the character's Unicode number.
        ("\x00", False, "contains a control character (U+0000) at position 1; remove it"),
        ("ab\x1b[31m", False, "contains a control character (U+001B) at position 3; remove it"),
        ("a\x7f", False, "contains a control character (U+007F) at position 2; remove it"),
        ("a\x85b", True, "contains a control character (U+0085) at position 2; remove it"),
        (
            "PCR-\n- id: EVIL",
            False,
            "contains a line break (U+000A) at position 5; this text is one line: remove it",
        ),
        ("a\tb", False, "contains a tab (U+0009) at position 2; this text is one line: remove it"),
        ("a\rb", True, "contains a control character (U+000D) at position 2; remove it"),
        (
            "one\u2028two",
            True,
            "contains a line separator (U+2028) at position 4; use an ordinary line break instead",
        ),
        (
            "x\u2029",
            False,
            "contains a paragraph separator (U+2029) at position 2; use an "
            "ordinary line break instead",
        ),
        (
            "invoice\u202egpj.exe",
            False,
            "contains a text-direction control (U+202E) at "
            "position 8, which can make text show in another order than it is stored; remove it",
        ),
        (
            "a\u2066b",
            True,
            "contains a text-direction control (U+2066) at position 2, which "
            "can make text show in another order than it is stored; remove it",
        ),
        (
            "a\ud800",
            True,
            "contains half of a surrogate pair (U+D800) at position 2, which is "
            "no character on its own; remove it",
        ),
    ],
)
def test_each_kind_of_forbidden_character_is_named_with_its_position(
    text: str, multiline: bool, expected: str
) -> None:
    found = forbidden_character(text, multiline=multiline)
    assert found is not None
    assert found.words() == expected


@pytest.mark.parametrize(
    ("text", "multiline"),
    [
        ("Payroll portal", False),
        ("Zoë's café, 10 € — “quoted”", False),
        ("عربي and עברית with marks \u200e\u200f", False),  # the plain direction marks stay
        ("line one\nline two\n\tindented", True),
        ("", False),
    ],
)
def test_ordinary_text_passes(text: str, multiline: bool) -> None:
    assert forbidden_character(text, multiline=multiline) is None


def test_an_escaped_nul_in_a_name_is_refused_with_its_place(write: Write) -> None:
    # "\x00" in a double-quoted YAML string is a NUL character, not four characters.
    text = BASE.replace("name: P", 'name: "\\x00"')
    with pytest.raises(PmsmError) as caught:
        load_plan(write("pmsm.yaml", text))
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (2, 9)
    assert problem.message == (
        "'name' in 'project' contains a control character (U+0000) at position 1; remove it"
    )


def test_a_line_break_in_an_id_is_refused(write: Write) -> None:
    text = BASE + 'risks:\n  - {id: "R1\\n- id: EVIL", title: T, category: technical}\n'
    with pytest.raises(PmsmError) as caught:
        load_plan(write("pmsm.yaml", text))
    (problem,) = caught.value.problems
    # The quoted value starts at column 10: "  - {" is 5 characters, "id: " 4.
    assert (problem.line, problem.column) == (6, 10)
    # The item's id is left out of the place: it would break the message's line.
    assert problem.message == (
        "'id' in 'risks' > item 1 contains a line break (U+000A) at position 3; this text is "
        "one line: remove it"
    )


def test_notes_may_span_lines_and_hold_tabs(write: Write) -> None:
    text = BASE + "activities:\n  - id: a\n    notes: |\n      first line\n      \tsecond\n"
    plan = load_plan(write("pmsm.yaml", text)).plan
    assert plan.activities[0].notes == "first line\n\tsecond"


def test_a_name_written_as_a_folded_block_is_still_one_line(write: Write) -> None:
    # A block scalar ends with a line break, which the model trims with the spaces.
    text = BASE.replace("name: P", "name: >\n    Payroll portal")
    assert load_plan(write("pmsm.yaml", text)).plan.project.name == "Payroll portal"


def test_a_lone_surrogate_is_refused() -> None:
    # libyaml refuses "\\ud800" itself, but a workbook cell or a command-line argument in
    # another encoding (Python decodes the byte 0xff as U+DCFF) can bring one.
    with pytest.raises(ValidationError) as caught:
        Activity.model_validate({"id": "a", "notes": "half \udcff"})
    (error,) = caught.value.errors()
    assert error["loc"] == ("notes",)


def test_a_forbidden_character_is_not_echoed_into_the_message(write: Write) -> None:
    # The escape sequence would colour the terminal; the message shows its number instead.
    text = BASE.replace("kind: new-service", 'kind: "new\\x1b[31m"')
    with pytest.raises(PmsmError) as caught:
        load_plan(write("pmsm.yaml", text))
    message = caught.value.problems[0].message
    assert "\x1b" not in message
    assert message.endswith("but it is the text 'new<U+001B>[31m'")


# -- every text field of every file model carries the check ---------------------------------


def _text_leaves(annotation: Any, where: str) -> Iterator[tuple[str, Any]]:
    """Every annotation under ``annotation`` whose value is text, with a path to name it."""
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        inner = get_args(annotation)[0]
        if inner is str:
            yield where, annotation
        else:
            yield from _text_leaves(inner, where)
    elif annotation is str:
        yield where, annotation
    elif origin in (Union, types.UnionType, list, dict, tuple):
        for arg in get_args(annotation):
            yield from _text_leaves(arg, where)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            where = f"{annotation.__name__}.{name}"
            yield from _text_leaves(info.rebuild_annotation(), where)


def _all_text_fields() -> list[tuple[str, Any]]:
    found: dict[str, Any] = {}
    for model in (Plan, Catalog, ServicePortfolio):
        for where, annotation in _text_leaves(model, model.__name__):
            found.setdefault(where, annotation)
    return sorted(found.items())


TEXT_FIELDS = _all_text_fields()


def test_the_walk_finds_the_text_fields() -> None:
    names = {where for where, _ in TEXT_FIELDS}
    assert {"Project.name", "ChangeRequest.id", "Entry.description", "Service.name"} <= names


@pytest.mark.parametrize(("where", "annotation"), TEXT_FIELDS, ids=[w for w, _ in TEXT_FIELDS])
def test_every_text_field_refuses_a_control_character(where: str, annotation: Any) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(annotation).validate_python("a\x07b")
