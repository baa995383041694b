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
  hostile file cannot exhaust the stack.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pmsm_cli.errors import PmsmError

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 64
MAX_VALUES = 2_000_000  # values after expanding aliases

# libyaml's parser is several times faster than the pure-Python one. PyYAML keeps
# it in yaml.cyaml (the top-level module does not re-export it); we only need its
# event stream. Without libyaml, fall back quietly.
_Parser: Any = getattr(getattr(yaml, "cyaml", None), "CParser", None)


def _python_parser(stream: str) -> Any:
    return yaml.SafeLoader(stream)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_TAG_WORDS = {
    "tag:yaml.org,2002:map": "a mapping",
    "tag:yaml.org,2002:seq": "a list",
}


@dataclass
class YamlDocument:
    """The data of one YAML file with the position of every value in it."""

    path: Path
    data: Any
    text: str
    value_positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Loc, *, prefer_key: bool = False) -> Position:
        """Where ``loc`` is, or the closest enclosing place that is known."""
        first, second = (
            (self.key_positions, self.value_positions)
            if prefer_key
            else (self.value_positions, self.key_positions)
        )
        probe = tuple(loc)
        while True:
            found = first.get(probe) or second.get(probe)
            if found is not None:
                return found
            if not probe:
                return (1, 1)
            probe = probe[:-1]

    def locate(self, loc: Loc, *, prefer_key: bool = False) -> tuple[Path, int, int]:
        line, column = self.position(loc, prefer_key=prefer_key)
        return self.path, line, column

    def origin(self, loc: Loc) -> tuple[Any, Loc]:
        """The data of the file ``loc`` is in, and the place within it (here: itself)."""
        return self.data, loc


class _Builder:
    """Turns parser events into plain Python data, recording positions."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.constructor = yaml.constructor.SafeConstructor()
        self.value_positions: dict[Loc, Position] = {}
        self.key_positions: dict[Loc, Position] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, expanded size)
        self.values = 0

    def fail(self, message: str, mark: Any) -> PmsmError:
        return PmsmError(message, self.path, mark.line + 1, mark.column + 1)

    def count(self, n: int, mark: Any) -> None:
        self.values += n
        if self.values > MAX_VALUES:
            raise self.fail(
                f"the file expands to more than {MAX_VALUES:,} values (are aliases repeating "
                "each other?); pmsm refuses it to protect the machine's memory",
                mark,
            )

    def scalar(self, event: Any) -> Any:
        tag = event.tag
        value = event.value
        if tag is None or tag == "!":
            if not event.implicit[0] or tag == "!":
                return value
            # PyYAML's Resolver.resolve, inlined: most values in a plan are plain
            # text, and the call costs more than the look-up it makes.
            for candidate, pattern in _IMPLICIT.get(value[:1], ()):
                if pattern.match(value):
                    tag = candidate
                    break
            else:
                return value
        if tag == "tag:yaml.org,2002:merge":
            raise self.fail(
                "YAML merge keys ('<<') are not supported; write the values out in full",
                event.start_mark,
            )
        if tag not in _PLAIN_TAGS:
            raise self.fail(
                f"the YAML tag '{_short(tag)}' is not allowed here; write plain text, numbers, "
                "dates, lists and mappings only",
                event.start_mark,
            )
        if tag == _STR:
            return value
        if tag == _INT and value.isdigit() and (value[0] != "0" or len(value) == 1):
            return int(value)  # the common case; 010 is octal in YAML 1.1, so not here
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError) as exc:
            raise self.fail(f"'{value}' is not a valid value ({exc})", event.start_mark) from None

    def build(self, events: Iterator[Any]) -> Any:
        """Build one document. Iterative, so deep nesting cannot overflow the stack."""
        # This loop runs once per YAML event (about 10 per plan activity), so the
        # event kinds are compared by class identity, commonest first, and the
        # attributes it uses are held in locals.
        # Each frame: [container, loc, pending_key, pending_key_mark, size, anchor, start_mark]
        stack: list[list[Any]] = []
        root: Any = None
        have_root = False
        value_positions = self.value_positions
        key_positions = self.key_positions
        anchors = self.anchors
        scalar = self.scalar
        no_key = _NO_KEY
        for event in events:
            kind = type(event)
            if kind is _ScalarEvent:
                mark = event.start_mark
                value = scalar(event)
                size = 1
                self.values += 1
                if self.values > MAX_VALUES:
                    self.count(0, mark)
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
            elif kind is _MappingEndEvent or kind is _SequenceEndEvent:
                frame = stack.pop()
                container, size, anchor = frame[0], frame[4], frame[5]
                if anchor is not None:
                    anchors[anchor] = (container, size)
                if stack:
                    stack[-1][4] += size
                continue
            elif kind is _MappingStartEvent or kind is _SequenceStartEvent:
                mark = event.start_mark
                if event.tag not in (None, "!", *_TAG_WORDS):
                    raise self.fail(
                        f"the YAML tag '{_short(event.tag)}' is not allowed here; "
                        "write plain lists and mappings",
                        mark,
                    )
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(
                        f"the data is nested more than {MAX_DEPTH} levels deep; a plan never "
                        "needs that many",
                        mark,
                    )
                self.count(1, mark)
                value = {} if kind is _MappingStartEvent else []
                size = 1
            elif kind is _AliasEvent:
                mark = event.start_mark
                if event.anchor not in anchors:
                    raise self.fail(
                        f"the alias '*{event.anchor}' refers to an anchor that is not defined "
                        "before it",
                        mark,
                    )
                value, size = anchors[event.anchor]
                self.count(size, mark)
            elif kind is _DocumentStartEvent:
                if have_root:
                    raise self.fail(
                        "the file holds more than one YAML document (a second '---'); "
                        "keep one plan or catalog per file",
                        event.start_mark,
                    )
                continue
            elif kind in _FRAMING_EVENTS:
                continue
            else:  # pragma: no cover - PyYAML emits no other events
                raise self.fail(f"unexpected YAML content ({kind.__name__})", event.start_mark)

            position = (mark.line + 1, mark.column + 1)
            if not stack:
                root, have_root = value, True
                loc: Loc = ()
                value_positions[loc] = position
            else:
                parent = stack[-1]
                container = parent[0]
                if type(container) is list:
                    loc = (*parent[1], len(container))
                    container.append(value)
                    value_positions[loc] = position
                elif parent[2] is no_key:
                    # This value is a key of the parent mapping.
                    if isinstance(value, (dict, list)):
                        raise self.fail(
                            "a key must be a single word or phrase, not a list or mapping", mark
                        )
                    if value is None:
                        raise self.fail("a key is empty; write a name before the ':'", mark)
                    key = value if isinstance(value, str) else str(value)
                    if key in container:
                        first = key_positions.get((*parent[1], key), (0, 0))
                        raise self.fail(
                            f"the key '{key}' appears twice in the same mapping (first on "
                            f"line {first[0]}); YAML would silently keep only the last one",
                            mark,
                        )
                    parent[2], parent[3] = key, position
                    if kind is _ScalarEvent or kind is _AliasEvent:
                        continue
                else:
                    key = parent[2]
                    loc = (*parent[1], key)
                    container[key] = value
                    key_positions[loc] = parent[3]
                    value_positions[loc] = position
                    parent[2] = no_key
            if kind is _MappingStartEvent or kind is _SequenceStartEvent:
                stack.append([value, loc, no_key, None, size, event.anchor, mark])
            elif stack:
                stack[-1][4] += size
        return root if have_root else None


_ScalarEvent = yaml.ScalarEvent
_MappingStartEvent = yaml.MappingStartEvent
_MappingEndEvent = yaml.MappingEndEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_AliasEvent = yaml.AliasEvent
_DocumentStartEvent = yaml.DocumentStartEvent
_FRAMING_EVENTS = (yaml.StreamStartEvent, yaml.DocumentEndEvent, yaml.StreamEndEvent)

# PyYAML's implicit resolvers (which plain values are numbers, dates, booleans,
# null), keyed by first character ("" for the empty value). The safe resolver
# registers none that apply to any first character.
_IMPLICIT: dict[str, list[tuple[str, Any]]] = yaml.resolver.Resolver.yaml_implicit_resolvers


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _NoKey:
    """Marks a mapping frame that waits for its next key."""


_NO_KEY = _NoKey()


def read_text(path: Path, what: str = "file") -> str:
    """Read a UTF-8 text file, or fail with a message that says what is wrong."""
    if not path.exists():
        raise PmsmError(f"the {what} '{path}' does not exist", path)
    if path.is_dir():
        raise PmsmError(f"'{path}' is a folder, but a {what} was expected here", path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PmsmError(
                f"the {what} is {size / 1048576:.1f} MiB; pmsm reads files of at most "
                f"{MAX_FILE_BYTES // 1048576} MiB",
                path,
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise PmsmError(f"cannot read the {what}: {exc.strerror or exc}", path) from None
    return decode(raw, path)


def decode(raw: bytes, path: Path) -> str:
    """UTF-8 (with or without a byte-order mark), CRLF line ends accepted."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise PmsmError(
            f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8",
            path,
            line,
            column,
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        line = text.count("\n", 0, offset) + 1
        raise PmsmError("the file contains binary data (a NUL byte), not text", path, line)
    return text


def parse_yaml(text: str, path: Path) -> YamlDocument:
    """Parse YAML text into plain data with positions; any problem is a PmsmError."""
    builder = _Builder(path)
    try:
        parser = _Parser(text) if _Parser is not None else _python_parser(text)
        with gc_paused():
            data = builder.build(_events(parser))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "the YAML is not well formed"
        hint = f" ({exc.context})" if exc.context else ""
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise PmsmError(f"this is not valid YAML: {problem}{hint}", path, line, column) from None
    except yaml.YAMLError as exc:
        raise PmsmError(f"this is not valid YAML: {exc}", path) from None
    except RecursionError:  # pragma: no cover - the C parser copes; kept for the pure one
        raise PmsmError(f"the data is nested too deeply (limit {MAX_DEPTH})", path) from None
    return YamlDocument(path, data, text, builder.value_positions, builder.key_positions)


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


def load_yaml(path: Path, what: str = "file") -> YamlDocument:
    """Read and parse a YAML file (see the module docstring for the guarantees)."""
    return parse_yaml(read_text(path, what), path)


def is_date(value: Any) -> bool:
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)
