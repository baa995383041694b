"""``record``: value equality and hash as a frozen dataclass has; read-only by the type checker."""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path

import pytest

import pmsm_cli
from pmsm_cli.records import record


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


def test_slots_is_honoured() -> None:
    assert not hasattr(Point(1), "__dict__")
    assert hasattr(Window("test"), "__dict__")


def test_the_type_checker_refuses_an_assignment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What keeps a record read-only is mypy (run by CI over src/): show that it does."""
    api = pytest.importorskip("mypy.api")
    # The sources themselves, as CI's mypy run reads them (not the installed package).
    monkeypatch.setenv("MYPYPATH", str(Path(pmsm_cli.__file__).resolve().parents[1]))
    classes = textwrap.dedent("""
        import dataclasses
        from pmsm_cli.records import record

        @record
        class Bare:
            x: int

        @record(slots=True)
        class Slotted:
            x: int

    """)
    # Reading, building and replacing pass; each assignment, and a field given the
    # wrong type, is an error on its own line. Only line numbers are compared, not
    # mypy's wording, which changes from one version to the next.
    allowed = "print(Bare(1).x, Slotted(1).x, dataclasses.replace(Bare(1), x=2))\n"
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
