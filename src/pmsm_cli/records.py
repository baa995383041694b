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
(docs/performance.md); on 3.13 the two cost about the same. The scheduler's
per-task records made the same choice for the per-object cost
(scheduling/model.py).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
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
        return dataclass(unsafe_hash=True, slots=slots)(target)  # type: ignore[return-value]

    return make if cls is None else make(cls)
