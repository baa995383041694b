"""``record``: pmsm's read-only value classes, frozen for the type checker and cheap to define.

A record is a dataclass that compares and hashes by value, as a frozen
dataclass does, and that nothing assigns to once it is built. What keeps it
read-only is mypy, not a check at run time: ``dataclass_transform(frozen_default=True)``
tells type checkers that every ``@record`` class is frozen, so an assignment to
a field fails the type check in CI.

Why not ``@dataclass(frozen=True)``: on Python 3.10 to 3.12 each dataclass
compiles its generated methods from source when its module is imported, and
a frozen one compiles three more (``__setattr__``, ``__delattr__`` and a
``__hash__`` of its own) and builds every object through
``object.__setattr__``. That is about 0.35 ms per class, and a ``pmsm check``
defines some forty of them before it reads a line of the plan
(docs/performance.md); on 3.13 the two cost about the same. Building a
record is as cheap as building a plain dataclass: the scheduler makes one
per task (scheduling/model.py). A class that a run fills in after building
it (the context of a check) is a ``mutable_record``: the same, assignable,
and not hashable, as a plain dataclass would be.

For the same reason only ``__init__`` is compiled per class. ``__eq__``,
``__hash__`` and ``__repr__`` are written once, below, and each class gets
them as closures over an ``operator.attrgetter`` of its fields, which costs
no compiling. They behave as dataclass's (compared by the fields' values
when both sides are of the same class, fields with ``compare=False`` or
``repr=False`` left out), where dataclass would compile each from source,
about 0.1 ms apiece on 3.11, for every class at import.
"""

from __future__ import annotations

import dataclasses
import operator
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar, overload

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - exercised by CI's Python 3.10 type check only
    from typing_extensions import dataclass_transform

Class = TypeVar("Class", bound=type)


@overload
def record(cls: Class, /) -> Class: ...


@overload
def record(*, slots: bool = False) -> Callable[[Class], Class]: ...


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: Class | None = None, /, *, slots: bool = False) -> Class | Callable[[Class], Class]:
    """Makes ``cls`` a record; ``slots=True`` stores its fields in slots, without a per-object dict.

    Used bare (``@record``) or with the option (``@record(slots=True)``), as
    ``@dataclass`` is. ``unsafe_hash`` gives the value hash a frozen dataclass
    has; it is safe here because the type checker refuses any assignment.
    """

    def make(target: Class) -> Class:
        return _made(target, slots=slots, hashable=True)

    return make if cls is None else make(cls)


@overload
def mutable_record(cls: Class, /) -> Class: ...


@overload
def mutable_record(*, slots: bool = False) -> Callable[[Class], Class]: ...


@dataclass_transform(field_specifiers=(field,))
def mutable_record(
    cls: Class | None = None, /, *, slots: bool = False
) -> Class | Callable[[Class], Class]:
    """Makes ``cls`` a record whose fields may be assigned after it is built.

    What ``@dataclass`` gives a class it may change (the scheduler's tasks, the
    state a check builds up): compared by value, shown by its fields, not
    hashable, at the cost of one compiled ``__init__`` instead of three methods.
    """

    def make(target: Class) -> Class:
        return _made(target, slots=slots, hashable=False)

    return make if cls is None else make(cls)


def _made(target: Class, *, slots: bool, hashable: bool) -> Class:
    own = target.__dict__  # methods the class writes itself are kept, as dataclass keeps them
    made: Class = dataclass(eq=False, repr=False, slots=slots)(target)  # type: ignore[assignment]
    fields = dataclasses.fields(made)
    compared = attrgetter_of(f.name for f in fields if f.compare)
    hashed = attrgetter_of(f.name for f in fields if (f.compare if f.hash is None else f.hash))
    shown = tuple(f.name for f in fields if f.repr)

    def __eq__(self: object, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return compared(self) == compared(other)

    def __hash__(self: object) -> int:
        return hash(hashed(self))

    def __repr__(self: object) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    methods: list[tuple[str, object]] = [("__eq__", __eq__), ("__repr__", __repr__)]
    if hashable:
        methods.append(("__hash__", __hash__))
    for name, method in methods:
        if name not in own:
            method.__qualname__ = f"{made.__qualname__}.{name}"  # type: ignore[attr-defined]
            setattr(made, name, method)
    if not hashable and "__hash__" not in own:
        made.__hash__ = None  # type: ignore[assignment]  # as dataclass leaves a mutable class
    return made


def attrgetter_of(names: Iterable[str]) -> Callable[[object], tuple[object, ...]]:
    """A function giving an object's values of ``names``, as one tuple (even of one or none)."""
    chosen = tuple(names)
    if len(chosen) > 1:
        return operator.attrgetter(*chosen)
    if chosen:
        one = operator.attrgetter(chosen[0])
        return lambda target: (one(target),)
    return lambda target: ()
