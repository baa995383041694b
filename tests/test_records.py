"""``record``: value equality and hash as a frozen dataclass has; read-only by the type checker.
``mutable_record``: the same equality, assignable, and no hash, as a plain dataclass."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

import pmsm_cli
from pmsm_cli.records import mutable_record, record


@record
class Window:
    environment: str
    weekdays: frozenset[int] = frozenset()
    names: tuple[str, ...] = dataclasses.field(default_factory=tuple)


@record(slots=True)
class Point:
    x: int
    y: int = 0


def test_records_compare_and_hash_by_value() -> None:
    assert Window("production", frozenset({5, 6})) == Window("production", frozenset({5, 6}))
    assert Window("production") != Window("test")
    # Usable as keys and in sets, by value: two equal records are one key.
    assert len({Point(1, 2), Point(1, 2), Point(2, 1)}) == 2
    assert {Window("production"): "weekend"}[Window("production")] == "weekend"


def test_records_are_dataclasses_with_their_defaults() -> None:
    assert dataclasses.is_dataclass(Window)
    assert [f.name for f in dataclasses.fields(Point)] == ["x", "y"]
    assert Window("test").names == ()
    moved = dataclasses.replace(Point(1, 2), y=5)
    assert moved == Point(1, 5)
    assert repr(moved) == "Point(x=1, y=5)"


@record
class Tagged:
    name: str
    cache: dict[str, int] = dataclasses.field(default_factory=dict, compare=False, repr=False)
    label: str = dataclasses.field(default="", hash=False)

    def __repr__(self) -> str:
        return f"<{self.name}>"


def test_fields_left_out_of_comparing_are_left_out_of_equality_and_hash() -> None:
    assert Tagged("a", {"x": 1}) == Tagged("a", {"y": 2})  # the cache is not compared
    assert Tagged("a", {"x": 1}) != Tagged("b", {"x": 1})
    assert hash(Tagged("a", {"x": 1})) == hash(Tagged("a"))  # nor hashed (a dict cannot be)
    # hash=False: compared but not hashed; equal records still hash alike.
    assert Tagged("a", label="one") != Tagged("a", label="two")
    assert hash(Tagged("a", label="one")) == hash(Tagged("a", label="two"))


def test_a_record_is_never_equal_to_another_class_with_the_same_values() -> None:
    @record(slots=True)
    class Other:
        x: int
        y: int = 0

    assert Point(1, 2) != Other(1, 2)
    assert Point(1, 2) != (1, 2)
    assert Point.__eq__(Point(1, 2), (1, 2)) is NotImplemented


def test_repr_leaves_out_hidden_fields_and_keeps_a_class_own() -> None:
    assert repr(Window("test")) == "Window(environment='test', weekdays=frozenset(), names=())"

    @record
    class Cached:
        name: str
        cache: dict[str, int] = dataclasses.field(default_factory=dict, repr=False)

    assert repr(Cached("a", {"x": 1})) == f"{Cached.__qualname__}(name='a')"
    assert repr(Tagged("a")) == "<a>"  # written by the class itself, so kept
    assert Point.__repr__.__qualname__ == "Point.__repr__"


def test_slots_is_honoured() -> None:
    assert not hasattr(Point(1), "__dict__")
    assert hasattr(Window("test"), "__dict__")


@mutable_record(slots=True)
class Tally:
    name: str
    seen: list[str] = dataclasses.field(default_factory=list)
    count: int = dataclasses.field(default=0, compare=False)


def test_a_mutable_record_compares_by_value_and_has_no_hash_as_a_dataclass() -> None:
    @dataclasses.dataclass(slots=True)
    class Plain:
        name: str
        seen: list[str] = dataclasses.field(default_factory=list)
        count: int = dataclasses.field(default=0, compare=False)

    tally, plain = Tally("a"), Plain("a")
    for value in (tally, plain):
        value.seen.append("x")
        value.count = 3  # assignable, as the type checker agrees (below)
    assert tally == Tally("a", ["x"]) and tally != Tally("a")
    assert Tally("a", [], 1) == Tally("a", [], 2)  # compare=False is left out
    assert tally != plain  # another class, whatever its values
    assert repr(tally) == "Tally(name='a', seen=['x'], count=3)"
    assert repr(plain).endswith("Plain(name='a', seen=['x'], count=3)")
    for unhashable in (tally, plain):
        with pytest.raises(TypeError):
            hash(unhashable)
    assert Tally.__hash__ is None and dataclasses.is_dataclass(Tally)


def test_the_type_checker_refuses_an_assignment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps a record read-only is mypy (run by CI over src/): show that it does."""
    api = pytest.importorskip("mypy.api")
    # The sources themselves, as CI's mypy run reads them (not the installed package).
    monkeypatch.setenv("MYPYPATH", str(Path(pmsm_cli.__file__).resolve().parents[1]))
    classes = textwrap.dedent("""
        import dataclasses
        from pmsm_cli.records import mutable_record, record

        @record
        class Bare:
            x: int

        @record(slots=True)
        class Slotted:
            x: int

        @mutable_record
        class Open:
            x: int

    """)
    # Reading, building and replacing pass; each assignment, and a field given the
    # wrong type, is an error on its own line. Only line numbers are compared, not
    # mypy's wording, which changes from one version to the next.
    allowed = (
        "print(Bare(1).x, Slotted(1).x, dataclasses.replace(Bare(1), x=2))\n"
        "opened = Open(1)\nopened.x = 2\n"
    )
    refused = 'Bare(1).x = 2\nSlotted(1).x = 2\nBare("one")\n'

    def errors(body: str) -> tuple[int, list[int]]:
        snippet = tmp_path / "snippet.py"
        snippet.write_text(classes + body, encoding="utf-8")
        out, _, status = api.run(
            [str(snippet), "--no-incremental", "--follow-imports=silent", "--no-error-summary"]
        )
        return status, [int(line.split(":")[1]) for line in out.splitlines() if ": error:" in line]

    assert errors(allowed) == (0, [])
    first = classes.count("\n") + 1
    assert errors(refused) == (1, [first, first + 1, first + 2])
