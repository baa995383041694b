"""Safe YAML loading that remembers where every value came from.

PyYAML's ``safe_load`` forgets positions and silently keeps the last of two
duplicate keys, which would drop an activity without a word. We build the
Python data ourselves from the parser's event stream instead:

* every mapping key and value, and every list item, gets its ``line:column``,
  so a validation error or a lint finding can point at the exact spot;
* duplicate keys are errors;
* only plain data types are built (text, numbers, booleans, dates, lists,
  mappings): no tag can construct a Python object;
* aliases are shared, not copied, and their expanded size is budgeted, so a
  "billion laughs" file is refused instead of eating the memory;
* nesting depth and file size are bounded, and the walk is iterative, so a
  hostile file cannot exhaust the stack;
* for configuration, overlay and catalog files (``quote_content=False``), no
  message repeats the file's text (see pmsm_cli.files.quoting): one of them may be a
  file that is not pmsm's at all.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import re
from collections.abc import Iterator
from dataclasses import field
from pathlib import Path
from typing import Any

import yaml

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.quoting import without_quotes
from pmsm_cli.files.reading import read_text
from pmsm_cli.files.yamlbuild import MAX_DEPTH, Builder, keys_of
from pmsm_cli.records import record

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


# libyaml's parser is several times faster than the pure-Python one. PyYAML keeps
# it in yaml.cyaml (the top-level module does not re-export it); we only need its
# event stream. Without libyaml, fall back quietly.
_Parser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)


def _python_parser(stream: str) -> Any:
    return yaml.SafeLoader(stream)


class Places:
    """Where every key and value of one YAML document is.

    Reading a large plan records a few hundred thousand positions, and only a
    handful are ever asked for (an error, the findings of a check). So they are
    written as the file is read into one flat list, ``log``, in file order, as
    the parser's 0-based line and column numbers (no tuple, nothing for the
    garbage collector to visit):

    * a list item: its line and column;
    * a mapping entry: the key, the key's line and column, the value's;
    * after the position of a value that is a mapping or list written out in
      place, a *marker*, ``~(end << 1 | is_mapping)`` (a negative int), then
      its entries; ``end`` is where in ``log`` they stop.

    The document's own value is the first entry. A value reached through an
    alias has no marker: the positions inside it are those of its anchor,
    elsewhere in the file, so a place under an alias falls back to the alias.
    Looking a place up indexes the entries of each mapping or list on the way,
    once, when first asked.
    """

    def __init__(self, log: list[Any]) -> None:
        self.log = log
        self._entries: dict[int, dict[Any, int]] = {}  # marker -> key or item -> entry

    def position(self, loc: Loc, *, prefer_key: bool = False) -> Position:
        """Where ``loc`` is, or the closest enclosing place that is known.

        The value's position, or with ``prefer_key`` its key's (for a list item,
        which has no key, the item's).
        """
        log = self.log
        if not log:
            return (1, 1)
        found = 0  # where in the log the line and column of the place found are
        marker = 2  # where the marker of the value just found would be
        for part in loc:
            following = log[marker] if marker < len(log) else None
            if type(following) is not int or following >= 0:
                break  # that value is not a mapping or list written out here
            entries = self._entries.get(marker)
            if entries is None:
                entries = self._entries[marker] = keys_of(log, marker)
            at = entries.get(part, -1)
            if at < 0:
                break
            if type(log[at]) is str:  # a mapping entry: key, its line and column, the value's
                found = at + 1 if prefer_key else at + 3
                marker = at + 5
            else:
                found = at
                marker = at + 2
        return log[found] + 1, log[found + 1] + 1


@record
class YamlDocument:
    """The data of one YAML file with the position of every value in it."""

    path: Path
    data: Any
    text: str
    places: Places = field(default_factory=lambda: Places([]), repr=False)

    def position(self, loc: Loc, *, prefer_key: bool = False) -> Position:
        """Where ``loc`` is, or the closest enclosing place that is known."""
        return self.places.position(loc, prefer_key=prefer_key)

    def locate(self, loc: Loc, *, prefer_key: bool = False) -> tuple[Path, int, int]:
        line, column = self.position(loc, prefer_key=prefer_key)
        return self.path, line, column

    def origin(self, loc: Loc) -> tuple[Any, Loc]:
        """The data of the file ``loc`` is in, and the place within it (here: itself)."""
        return self.data, loc


def parse_yaml(
    text: str,
    path: Path,
    *,
    quote_content: bool = True,
    most_items: tuple[str, int] | None = None,
) -> YamlDocument:
    """Parse YAML text into plain data with positions; any problem is a PmsmError.

    With ``quote_content=False`` no message repeats the text (see the module docstring).
    ``most_items=(key, n)``: the list under the top-level ``key`` may hold ``n``
    mappings; the first one more raises TooManyItems before it is built, so a
    file far over a limit costs no more than one at it.
    """
    builder = Builder(path, quote_content=quote_content, most_items=most_items)
    try:
        parser = _Parser(text) if _Parser is not None else _python_parser(text)
        with gc_paused():
            data = builder.build(_events(parser))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "the YAML is not well formed"
        hint = f" ({exc.context})" if exc.context else ""
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        message = f"this is not valid YAML: {problem}{hint}"
        tab = _indenting_tab(text, exc.problem_mark, exc.context_mark)
        if tab is not None:
            # PyYAML says "cannot start any token" or "violates indentation"; the cause,
            # usually an editor set to indent with tabs, is worth saying plainly.
            line, column = tab
            message = (
                "this is not valid YAML: a tab indents this line, and YAML indents with "
                "spaces only; replace the tab with spaces"
            )
        if not quote_content:
            # PyYAML quotes what it found ("found undefined tag handle '!x!'").
            message = without_quotes(message)
        raise PmsmError(message, path, line, column) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control code)
        # Reading stops at the first such character. Found by value: libyaml's
        # position counts bytes of UTF-8, not characters.
        known = type(exc.character) is int
        at = text.find(chr(exc.character)) if known else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        column = at - text.rfind("\n", 0, at) if at >= 0 else None
        code = f" (U+{exc.character:04X})" if quote_content and known else ""
        raise PmsmError(
            f"this is not valid YAML: the file holds a character YAML does not allow{code}",
            path,
            line,
            column,
        ) from None
    except yaml.YAMLError as exc:
        detail = f": {exc}" if quote_content else ""  # its text may quote the file
        raise PmsmError(f"this is not valid YAML{detail}", path) from None
    except RecursionError:  # pragma: no cover - the C parser copes; kept for the pure one
        raise PmsmError(f"the data is nested too deeply (limit {MAX_DEPTH})", path) from None
    return YamlDocument(path, data, text, Places(builder.log))


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _indenting_tab(text: str, *marks: Any) -> Position | None:
    """Where (line, column, 1-based) a tab indents the line of the first mark that has one.

    Only the blanks before a line's content are indentation; a tab later on the
    line (inside a value, before a comment) is allowed and not what went wrong.
    """
    lines = _LINE_BREAK.split(text)  # as YAML counts lines (str.splitlines counts more)
    for mark in marks:
        if mark is None or not 0 <= mark.line < len(lines):
            continue
        content = lines[mark.line]
        blanks = content[: len(content) - len(content.lstrip(" \t"))]
        if "\t" in blanks:
            return mark.line + 1, blanks.index("\t") + 1
    return None


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Hold the cyclic garbage collector while building many small objects.

    Loading a plan creates hundreds of thousands of objects and frees none, so
    every collection Python starts on the way finds nothing to free; pausing
    it halves the time to load a large plan. Nothing built here is cyclic, so
    nothing is left for the collector to find afterwards either.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _events(parser: Any) -> Iterator[Any]:
    if _Parser is not None and isinstance(parser, _Parser):
        # libyaml's parser returns None after the last event.
        return iter(parser.get_event, None)
    return _python_events(parser)


def _python_events(parser: Any) -> Iterator[Any]:
    try:
        while parser.check_event():
            yield parser.get_event()
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose is not None:
            dispose()


def load_yaml(path: Path, what: str = "file", *, quote_content: bool = True) -> YamlDocument:
    """Read and parse a YAML file (see the module docstring for the guarantees)."""
    text = read_text(path, what, quote_content=quote_content)
    return parse_yaml(text, path, quote_content=quote_content)


def is_date(value: Any) -> bool:
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)
