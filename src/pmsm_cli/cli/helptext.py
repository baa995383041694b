"""How ``pmsm COMMAND --help`` reads: plain words for values, and examples at the end.

typer (0.29) shows each value's Python type beside it (``PLAN <path>``,
``--name <str>``, ``PATH <list[Path]>``) and puts required arguments in
braces in the usage line (``{PLAN}``). A project manager reading the help
learns nothing from ``list[Path]``. So every parameter is shown by its
metavar (``PLAN``, ``FILE``) or, without one, by its name in capitals; a
choice lists its values (``[text|json]``); nothing else is added.

Every command also ends its help with a few examples. A command module keeps
them in ``EXAMPLES``, a mapping from the command as typed (``"plan"``,
``"catalog show"``) to the epilog :func:`examples` builds, and
:func:`finish` hands them to the command when it is loaded
(``cli/app.py``). tests/cli/test_help.py holds every command to both.

typer builds its parameters itself and has no hook for their class, so
:func:`finish` swaps the class of each one for a subclass that only changes
how it is displayed; parsing and conversion (cli/coercion.py) stay as they were.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from enum import Enum
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

Example = tuple[str, str]  # (the command line, what it does in a few words)


def examples(*items: Example) -> str:
    """An epilog listing ``items``, each command line with what it does beneath it.

    One unwrapped block (click's ``\\b``), so that command lines are never broken.
    """
    lines = ["\b", "Examples:"]
    for command, what in items:
        lines += [f"  {command}", f"      {what}"]
    return "\n".join(lines)


def finish(command: Any, examples_by_name: Mapping[str, str], name: str) -> None:
    """Give ``command`` (loaded as ``pmsm NAME``) and its subcommands plain value names
    and their examples."""
    if isinstance(command, (TyperCommand, TyperGroup)):
        epilog = examples_by_name.get(name)
        if epilog is not None:
            command.epilog = epilog
        command.__class__ = _PlainGroup if isinstance(command, TyperGroup) else _PlainCommand
    for param in getattr(command, "params", ()):
        if type(param) is TyperArgument:
            param.__class__ = _PlainArgument
        elif type(param) is TyperOption:
            param.__class__ = _PlainOption
    for sub_name, sub in getattr(command, "commands", {}).items():
        finish(sub, examples_by_name, f"{name} {sub_name}")


def _choices(param: Any) -> list[str] | None:
    choices = getattr(param.type_descriptor, "choices", None)
    if not choices:
        return None
    return [str(c.value) if isinstance(c, Enum) else str(c) for c in choices]


def _value_name(param: Any) -> str:
    """``FILE`` for metavar FILE, ``[text|json]`` for a choice, else the name in capitals."""
    if param.metavar is not None:
        return str(param.metavar)
    choices = _choices(param)
    if choices is not None:
        return "[" + "|".join(choices) + "]"
    return str(param.name or "value").upper().replace("_", "-")


def _range(low: float | None, high: float | None) -> str | None:
    if low is None and high is None:
        return None
    if high is None:
        return f"at least {low}"
    if low is None:
        return f"at most {high}"
    return f"from {low} to {high}"


class _PlainArgument(TyperArgument):
    """An argument shown by its name only: ``PLAN``, ``PATH...``, ``[DIR]``."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the name says it; typer would add "<path>"

    def _rich_display_name(self) -> str:
        name = _value_name(self)
        return name + "..." if self.nargs != 1 and not name.endswith("...") else name

    def _usage_display_name(self) -> str:
        name = self._rich_display_name()
        return name if self.required else f"[{name}]"


class _PlainOption(TyperOption):
    """An option shown with its metavar, its choices or its name, never a Python type."""

    def display_type_rich(self, ctx: Any) -> str:
        return _value_name(self)

    def _get_number_range_help_str(self) -> str | None:
        return _range(self.min, self.max)


def _format_epilog(self: Any, ctx: Any, formatter: Any) -> None:
    """The epilog (the examples) as a section of its own, level with Options (click
    indents an epilog one step more)."""
    if self.epilog:
        formatter.write_paragraph()
        formatter.write_text(inspect.cleandoc(self.epilog))


# Plain subclasses, not a shared mixin: Python swaps an object's class only for one
# laid out as its own, which a second base class would change.
class _PlainCommand(TyperCommand):
    format_epilog = _format_epilog


class _PlainGroup(TyperGroup):
    format_epilog = _format_epilog
