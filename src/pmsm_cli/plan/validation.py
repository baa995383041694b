"""Turn pydantic's validation errors into messages a project manager can act on.

Pydantic says ``activities.3.duration: Input should be a valid integer``. We
say ``pmsm.yaml:41:15: error: 'duration' of activity 4 should be a whole
number of working days, but it is the text 'two weeks'``. The location comes
from the YAML node the error's ``loc`` points at.

Configuration, overlay and catalog files are validated with
``quote_content=False``: their messages repeat nothing of the file (no
value, no key or id that is not one of the model's own words; see
pmsm_cli.files.quoting), in case the file is not pmsm's and holds a secret.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from pathlib import Path
from typing import Any, Protocol, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.files.quoting import plausible, suggestion
from pmsm_cli.files.yamlio import Loc
from pmsm_cli.models.text import forbidden_character, printable

M = TypeVar("M", bound=BaseModel)


class Located(Protocol):
    """Parsed data that can say where each value came from (one file or several)."""

    # Read-only: a validation reads them, and a record's fields are read-only.
    @property
    def path(self) -> Path: ...

    @property
    def data(self) -> Any: ...

    def locate(self, loc: Loc, *, prefer_key: bool = False) -> tuple[Path, int, int]: ...

    def origin(self, loc: Loc) -> tuple[Any, Loc]: ...


MAX_REPORTED = 20

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date without a time of day",
    "list_type": "a list (items starting with '- ')",
    "dict_type": "a mapping (lines of 'key: value')",
    "model_type": "a mapping (lines of 'key: value')",
    "model_attributes_type": "a mapping (lines of 'key: value')",
}


def describe(value: Any, *, quote_content: bool = True) -> str:
    """Say what a YAML value is, in plain words (without the value itself, if not quoting)."""
    if not quote_content:
        return _KINDS.get(type(value), "a value")
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.datetime):  # YAML reads 2026-03-02T10:00:00 as one
        return f"the date and time {value.isoformat(sep=' ')}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, dt.time):  # a workbook cell can hold a time of day alone
        return f"the time of day {value.isoformat()}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{printable(shown)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"a {type(value).__name__}"  # pragma: no cover - YAML builds nothing else


_KINDS: dict[type, str] = {
    type(None): "empty",
    bool: "a yes/no value",
    int: "a number",
    float: "a number",
    dt.date: "a date",
    dt.datetime: "a date and time",
    str: "text",
    list: "a list",
    dict: "a mapping",
}


def validate(model: type[M], doc: Located, what: str, *, quote_content: bool = True) -> M:
    """Validate a parsed YAML document, raising a PmsmError with positions on failure.

    ``quote_content=False``: the messages repeat nothing of the file (see the module docstring).
    """
    if doc.data is None:
        raise PmsmError(
            f"the {what} is empty; it should be a mapping that starts with keys such as "
            f"{_first_fields(model)}",
            doc.path,
            1,
            1,
        )
    if not isinstance(doc.data, dict):
        found = describe(doc.data, quote_content=quote_content)
        # Not a mapping at all: most likely a file that was never meant for pmsm.
        subject = f"the {what}" if quote_content else f"this is not a pmsm {what}: it"
        raise PmsmError(
            f"{subject} should be a mapping of keys such as {_first_fields(model)}, "
            f"but it is {found}",
            doc.path,
            1,
            1,
        )
    from pmsm_cli.models.prebuilt import validator_of

    try:
        # The same validation as model.model_validate, with the validator kept between runs.
        validated: M = validator_of(model).validate_python(doc.data)
        return validated
    except ValidationError as exc:
        raise PmsmError(problems_from(exc, doc, model, quote_content=quote_content)) from None


def _first_fields(model: type[BaseModel]) -> str:
    names = list(model.model_fields)[:3]
    return ", ".join(f"'{n}:'" for n in names)


def data_loc(loc: tuple[Any, ...], data: Any) -> Loc:
    """Keep only the parts of a pydantic ``loc`` that index into the data."""
    kept: list[str | int] = []
    node: Any = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            kept.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            kept.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and kept[-1:] != [part]:
            # The key itself (missing, or unknown): keep it as the last step.
            if part in ("function-after", "function-before") or "[" in part:
                continue
            kept.append(part)
            break
    return tuple(kept)


def field_type(model: type[BaseModel], loc: Loc) -> Any:
    """The annotation found by following ``loc`` through the model's fields."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(str(part))
            if info is None:
                return None
            current = info.annotation
        elif get_origin(current) is list:
            current = get_args(current)[0]
        elif get_origin(current) is dict:
            current = get_args(current)[1]
        else:
            return None
    return _unwrap(current)


def _unwrap(tp: Any) -> Any:
    """Strip Optional and Annotated so that the model or container shows."""
    while True:
        origin = get_origin(tp)
        if origin is typing.Annotated:
            tp = get_args(tp)[0]
        elif origin in (Union, types.UnionType):
            args = [a for a in get_args(tp) if a is not type(None)]
            if len(args) != 1:
                return tp
            tp = args[0]
        else:
            return tp


def where_words(loc: Loc, data: Any, words: frozenset[str] | None = None) -> str:
    """Name the place in plain words: "'activities' > item 4 ('rfc')".

    With ``words`` (the model's own words, when the file may not be quoted), a key
    that is not one of them is "an entry", and items are not labelled with their id.
    """
    if not loc:
        return "the top of the file"
    parts: list[str] = []
    node = data
    for part in loc:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and part < len(node) else None
            label = item.get("id") if isinstance(item, dict) and words is None else None
            named = isinstance(label, str) and forbidden_character(label) is None
            parts.append(f"item {part + 1}" + (f" ('{label}')" if named else ""))
        else:
            parts.append(_key_words(part, words))
        node = (
            node.get(part)
            if isinstance(node, dict)
            else (
                node[part]
                if isinstance(node, list) and isinstance(part, int) and part < len(node)
                else None
            )
        )
    return " > ".join(parts)


def _key_words(key: str, words: frozenset[str] | None) -> str:
    """A key, quoted, or when it may not be repeated (not one of ``words``) "an entry"."""
    return f"'{printable(key)}'" if words is None or key in words else "an entry"


@functools.cache
def model_words(model: type[BaseModel]) -> frozenset[str]:
    """Every field name and alias of ``model`` and of the models inside it."""
    found: set[str] = set()
    pending: list[Any] = [model]
    seen: set[Any] = set()
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            for name, info in current.model_fields.items():
                found.add(name)
                if info.alias:
                    found.add(info.alias)
                pending.append(info.annotation)
        else:
            pending.extend(get_args(current))
    return frozenset(found)


def problems_from(
    exc: ValidationError, doc: Located, model: type[BaseModel], *, quote_content: bool = True
) -> list[Problem]:
    words = None if quote_content else model_words(model)
    problems: list[Problem] = []
    seen: set[Loc] = set()
    for error in exc.errors(include_url=False):
        loc = data_loc(error["loc"], doc.data)
        if loc in seen:  # one message per place: unions report once per member
            continue
        seen.add(loc)
        kind = error["type"]
        if kind == "missing":  # point at the mapping that lacks the key
            path, line, column = doc.locate(loc[:-1])
        else:
            path, line, column = doc.locate(loc, prefer_key=kind == "extra_forbidden")
        data, place = doc.origin(loc)  # word the place as it is in that file
        message = _message(error, loc, place, data, model, words)
        problems.append(Problem(message, path, line, column))
        if len(problems) >= MAX_REPORTED:
            break
    return problems


# Patterns of the models in words; a pattern not listed here is shown as it is.
_PATTERN_WORDS = {
    r"^[a-z]{2}$": "a two-letter language code in lowercase (like 'en' or 'de')",
}


def _message(
    error: Any,
    loc: Loc,
    place_loc: Loc,
    data: Any,
    model: type[BaseModel],
    words: frozenset[str] | None = None,
) -> str:
    """``loc`` finds the model field; ``place_loc`` and ``data`` word where it is in the file.

    ``words``: the model's own words, when nothing else of the file may be repeated.
    """
    kind: str = error["type"]
    ctx: dict[str, Any] = error.get("ctx") or {}
    found = describe(error.get("input"), quote_content=words is None)
    parent, name = loc[:-1], (loc[-1] if loc else "")
    place = where_words(place_loc[:-1], data, words)

    if kind == "extra_forbidden":
        allowed = _allowed_keys(model, parent)
        hint = ""
        close = suggestion(str(name), allowed)
        if close:
            hint = f"; did you mean '{close}'?"
        elif allowed:
            hint = "; expected one of: " + ", ".join(allowed)
        if words is not None and not plausible(name, allowed):
            return f"an unknown key in {place}{hint}"
        return f"unknown key '{printable(str(name))}' in {place}{hint}"
    if kind == "missing":
        return f"{place} needs '{name}', which is missing"
    subject = (
        f"{_key_words(name, words)} in {place}"
        if isinstance(name, str) and name
        else where_words(place_loc, data, words)
    )
    if kind in _EXPECTED:
        return f"{subject} should be {_EXPECTED[kind]}, but it is {found}"
    if kind == "forbidden_character":  # models/text.py words it whole
        return f"{subject} {error['msg']}"
    if kind == "string_unicode":  # a lone surrogate: pydantic refuses it before models/text.py
        text = error.get("input")
        forbidden = forbidden_character(text, multiline=True) if isinstance(text, str) else None
        if forbidden is not None:
            return f"{subject} {forbidden.words()}"
    if kind == "literal_error":
        expected = str(ctx.get("expected"))
        choice = "one of " if "," in expected or " or " in expected else ""
        return f"{subject} should be {choice}{expected}, but it is {found}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern", "").startswith("^[a-z0-9]"):
            return (
                f"{subject} should be an id in lowercase letters, digits and dashes "
                f"(like 'slm-create-sla'), but it is {found}"
            )
        described = _PATTERN_WORDS.get(ctx.get("pattern", ""))
        if described:
            return f"{subject} should be {described}, but it is {found}"
        return f"{subject} does not have the expected form ({ctx.get('pattern')}); it is {found}"
    if kind in ("greater_than_equal", "greater_than"):
        bound = _number(ctx.get("ge", ctx.get("gt")))
        return f"{subject} should be at least {bound}, but it is {found}"
    if kind in ("less_than_equal", "less_than"):
        bound = _number(ctx.get("le", ctx.get("lt")))
        return f"{subject} should be at most {bound}, but it is {found}"
    if kind == "finite_number":
        return f"{subject} should be a number (not .inf or .nan), but it is {found}"
    if kind in ("string_too_short", "too_short"):
        return f"{subject} should not be empty"
    if kind in ("string_too_long", "too_long"):
        return f"{subject} is too long (at most {ctx.get('max_length')})"
    if words is not None:  # pydantic's own words may quote the value
        return f"{subject} is not valid here (found {found})"
    if kind == "value_error" and "error" in ctx:  # a model's own check: its words, not pydantic's
        return f"{subject}: {ctx['error']} (found {found})"
    return f"{subject}: {error.get('msg', 'is not valid')} (found {found})"


def _allowed_keys(model: type[BaseModel], parent: Loc) -> list[str]:
    target = field_type(model, parent)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return list(target.model_fields)
    return []


def _number(value: Any) -> Any:
    """A bound as a person writes it: 1000000000000000, not 1000000000000000.0 or 1e+15."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
