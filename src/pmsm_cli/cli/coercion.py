"""Turn command-line text into the types pmsm's options declare, without loading pydantic.

typer (0.29 and later) converts every option value with a pydantic
``TypeAdapter`` that it builds the first time the option is used. Importing
pydantic's schema machinery for that costs about 90 ms, as much as python
itself takes to start eight times over, and a linter run on every commit
pays it on each run. pmsm's options are few and plain: text, whole and
decimal numbers, paths, a choice from an ``Enum``, a list of one of those.
For those, this module hands typer converters of its own, which also say what
went wrong in plain words (``'xml' is not one of: text, json``) where
pydantic would say ``Value error, ...``.

typer asks a parameter for its converter through ``get_runtime_param()`` and
keeps the one it built in the parameter's ``_runtime_param`` slot; we fill
that slot first. An annotation outside the plain set, a path option with
extra checks (``exists=``, ``resolve_path=``...) or a typer whose parameters
have no such slot keep typer's own conversion, so this can only switch itself
off, never change what a command receives (``tests/cli/test_coercion.py``
compares the two on every option pmsm has).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

Convert = Callable[[Any, Any], Any]  # (value, parameter info) -> converted value


class ConversionError(ValueError):
    """A value that does not fit its option; the message is shown after the option's name."""


def plain_runtime_params(command: Any, ctx: Any) -> Iterator[tuple[Any, PlainRuntimeParam]]:
    """Every parameter of ``command`` and its subcommands that a plain converter can serve.

    The ``--help`` option is made on demand from the context's option names;
    asking for it here makes it (typer keeps it) so that it is served too.
    """
    params = list(getattr(command, "params", ()))
    if ctx is not None and hasattr(command, "get_help_option"):
        params.append(command.get_help_option(ctx))
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", False) is not None:
            continue  # not a typer parameter as we know it, or already converted once
        convert = converter_for(descriptor.annotation, descriptor.parameter_info)
        if convert is not None:
            yield param, PlainRuntimeParam(convert, descriptor.parameter_info)
    for sub in getattr(command, "commands", {}).values():
        yield from plain_runtime_params(sub, ctx)


def install(command: Any, ctx: Any) -> None:
    """Give ``command`` (and its subcommands) the plain converters where they apply."""
    for param, runtime in plain_runtime_params(command, ctx):
        param._runtime_param = runtime


class PlainRuntimeParam:
    """What typer expects of a parameter's converter: ``coerce(value, param, ctx)``."""

    def __init__(self, convert: Convert, info: Any) -> None:
        self.convert = convert
        self.info = info

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        from typer import BadParameter

        many = param.multiple or param.nargs == -1
        if value is None:
            return () if many else None
        try:
            if many:
                if isinstance(value, str):
                    raise ConversionError("give one value per option")
                return [self.convert(item, self.info) for item in value]
            return self.convert(value, self.info)
        except ConversionError as error:
            raise BadParameter(str(error), ctx=ctx, param=param) from None


def converter_for(annotation: Any, info: Any) -> Convert | None:
    """The converter for ``annotation`` (or its items, for a list); None: typer's own."""
    if (
        getattr(info, "parser", None) is not None
        or getattr(info, "click_type", None) is not None
        or getattr(info, "clamp", False)
    ):
        return None
    if get_origin(annotation) is list:
        items = get_args(annotation)
        if len(items) != 1 or get_origin(items[0]) is not None:
            return None
        return converter_for(items[0], info)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        if getattr(info, "case_sensitive", True) is False:
            return None
        return _choice(annotation)
    if annotation is Path and not _plain_path(info):
        return None
    return _LEAVES.get(annotation)


def _plain_path(info: Any) -> bool:
    """A path option with no checks to make (typer's own defaults)."""
    return (
        not getattr(info, "exists", False)
        and not getattr(info, "resolve_path", False)
        and not getattr(info, "allow_dash", False)
        and not getattr(info, "writable", False)
        and getattr(info, "file_okay", True)
        and getattr(info, "dir_okay", True)
        and getattr(info, "path_type", None) is None
    )


def _text(value: Any, info: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _path(value: Any, info: Any) -> Path:
    if isinstance(value, Path):
        return value
    if not isinstance(value, str) or not value:
        raise ConversionError(f"'{value}' is not a file or folder name")
    path = Path(value)
    # typer refuses an existing path this user may not read; so does pmsm.
    if path.exists() and not os.access(path, os.R_OK):
        kind = "folder" if path.is_dir() else "file"
        raise ConversionError(f"the {kind} '{value}' cannot be read (permission denied)")
    return path


_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off", ""})


def _yes_no(value: Any, info: Any) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in _TRUE or word in _FALSE:
        return word in _TRUE
    raise ConversionError(f"'{value}' is neither yes nor no (write true or false)")


def _whole(value: Any, info: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ConversionError(f"'{value}' is not a whole number")
    try:
        number = value if isinstance(value, int) else int(value.strip())
    except ValueError:
        raise ConversionError(f"'{value}' is not a whole number (write it like 4)") from None
    _within(number, info)
    return number


def _decimal(value: Any, info: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ConversionError(f"'{value}' is not a number")
    try:
        number = float(value)
    except ValueError:
        raise ConversionError(f"'{value}' is not a number (write it like 1500 or 0.5)") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ConversionError(f"'{value}' is not a number (write it like 1500 or 0.5)")
    _within(number, info)
    return number


def _within(number: float, info: Any) -> None:
    low, high = getattr(info, "min", None), getattr(info, "max", None)
    if low is not None and number < low:
        raise ConversionError(f"{number:g} is too small; give {low:g} or more")
    if high is not None and number > high:
        raise ConversionError(f"{number:g} is too large; give {high:g} or less")


def _choice(kind: type[Enum]) -> Convert:
    by_value = {str(member.value): member for member in kind}

    def convert(value: Any, info: Any) -> Enum:
        if isinstance(value, kind):
            return value
        found = by_value.get(str(value))
        if found is None:
            raise ConversionError(f"'{value}' is not one of: {', '.join(by_value)}")
        return found

    return convert


_LEAVES: dict[Any, Convert] = {
    str: _text,
    Path: _path,
    int: _whole,
    float: _decimal,
    bool: _yes_no,
}
