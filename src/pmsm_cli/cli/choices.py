"""``--format`` and other choices made from one list kept elsewhere (a registry, a Literal).

typer shows an option's choices (``[text|json]``) and refuses any other value
when the option is annotated with an ``Enum``. Writing that ``Enum`` by hand
would copy a list that already exists, and fall behind it; :func:`choices`
makes it from the list when the command's module is imported.

mypy cannot follow a class made at run time, so a command module names the
type for mypy under ``TYPE_CHECKING`` (``from enum import Enum as Format``)
and makes it with :func:`choices` otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum


def choices(name: str, values: Iterable[str]) -> type[Enum]:
    """A ``str`` Enum called ``name`` whose members are ``values``, in their order."""
    made: type[Enum] = Enum(name, [(value, value) for value in values], type=str)  # type: ignore[misc]
    return made
