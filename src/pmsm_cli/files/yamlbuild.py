"""Building plain Python data from PyYAML's event stream, every position recorded.

``files.yamlio`` parses; this is the loop that turns each event into text, a
number, a date, a list or a mapping, refuses duplicate keys and tags that would
build objects, budgets the values that aliases expand to, bounds the nesting,
and logs where each key and value starts (read back by ``yamlio.Places``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from pmsm_cli.errors import PmsmError

MAX_DEPTH = 64
MAX_VALUES = 2_000_000  # values after expanding aliases

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    _TIMESTAMP,
}
_TAG_WORDS = {
    "tag:yaml.org,2002:map": "a mapping",
    "tag:yaml.org,2002:seq": "a list",
}
# What a value of each plain tag is, in words (for values that fail to be one).
_TAG_VALUES = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:null": "empty",
    "tag:yaml.org,2002:timestamp": "a date",
}


class TooManyItems(PmsmError):
    """A list holds more items than its reader takes (parse_yaml's ``most_items``); the
    position is its key's. Raised when the first item too many starts, before it is built."""

    def __init__(self, key: str, most: int, path: Path, line: int, column: int) -> None:
        super().__init__(f"'{key}' holds more than {most:,} items", path, line, column)
        self.key, self.most = key, most


class Builder:
    """Turns parser events into plain Python data, recording positions."""

    def __init__(
        self, path: Path, *, quote_content: bool = True, most_items: tuple[str, int] | None = None
    ) -> None:
        self.path = path
        self.quote_content = quote_content
        self.most_items = most_items  # see parse_yaml
        self.watched_at = (0, 0)  # line and column (from 0) of most_items' key
        self.constructor = yaml.constructor.SafeConstructor()
        self.log: list[Any] = []  # see Places
        # Plain (unquoted) values already resolved to text, a number, a date, a
        # boolean or null: a plan repeats its keys and many values thousands of times.
        self.resolved: dict[str, Any] = {}

    def fail(self, message: str, mark: Any) -> PmsmError:
        return PmsmError(message, self.path, mark.line + 1, mark.column + 1)

    def the(self, noun: str, text: str) -> str:
        """``the key 'name'`` when the file may be quoted, else ``a key``."""
        if self.quote_content:
            return f"the {noun} '{text}'"
        return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"

    def too_many(self, mark: Any) -> PmsmError:
        return self.fail(
            f"the file expands to more than {MAX_VALUES:,} values (are aliases repeating "
            "each other?); pmsm refuses it to protect the machine's memory",
            mark,
        )

    def plain(self, value: str, event: Any) -> Any:
        """A plain (unquoted) value: text, or a number, date, boolean or null."""
        # PyYAML's Resolver.resolve, inlined: the call costs more than the look-up.
        tag = _STR
        for candidate, pattern in _IMPLICIT.get(value[:1], ()):
            if pattern.match(value):
                tag = candidate
                break
        if tag == _STR:
            result: Any = value
        elif tag == _INT and value.isdigit() and (value[0] != "0" or len(value) == 1):
            result = int(value)  # the common case; 010 is octal in YAML 1.1, so not here
        else:
            result = self.construct(tag, event)
        if len(self.resolved) < _RESOLVED_CACHE:
            self.resolved[value] = result  # every result is immutable, so it can be shared
        return result

    def tagged(self, event: Any) -> Any:
        """A scalar with an explicit tag (``!!str 5``, ``!!python/...``)."""
        if event.tag == "!":  # the non-specific tag: plain text
            return event.value
        return self.construct(event.tag, event)

    def construct(self, tag: str, event: Any) -> Any:
        value = event.value
        if tag == "tag:yaml.org,2002:merge":
            raise self.fail(
                "YAML merge keys ('<<') are not supported; write the values out in full",
                event.start_mark,
            )
        if tag not in _PLAIN_TAGS:
            raise self.fail(
                f"{self.the('YAML tag', _short(tag))} is not allowed here; write plain "
                "text, numbers, dates, lists and mappings only",
                event.start_mark,
            )
        if tag == _STR:
            return value
        node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark)
        try:
            return self.constructor.construct_object(node, deep=True)
        except (ValueError, yaml.YAMLError, LookupError, AttributeError, TypeError) as exc:
            if not self.quote_content:  # both messages below repeat the value
                raise self.fail(
                    f"the value cannot be read as {_TAG_VALUES[tag]}", event.start_mark
                ) from None
            if isinstance(exc, (ValueError, yaml.YAMLError)):
                offset = _impossible_offset(value) if tag == _TIMESTAMP else None
                if offset is not None:  # Python's words here are a repr of a timedelta
                    raise self.fail(
                        f"'{value}' is not a valid date and time: its time-zone offset {offset} "
                        "is 24 hours or more, and offsets run from -23:59 to +23:59",
                        event.start_mark,
                    ) from None
                raise self.fail(
                    f"'{value}' is not a valid value ({exc})", event.start_mark
                ) from None
            # PyYAML's constructors trust the tag: '!!bool maybe', '!!int' with no
            # digits or '!!timestamp x' fail inside them without saying why.
            raise self.fail(
                f"'{value}' is not a valid value for the YAML tag '{_short(tag)}'",
                event.start_mark,
            ) from None

    def key_of(self, value: Any, mark: Any) -> str:
        if isinstance(value, (dict, list)):
            raise self.fail("a key must be a single word or phrase, not a list or mapping", mark)
        if value is None:
            raise self.fail("a key is empty; write a name before the ':'", mark)
        return value if isinstance(value, str) else str(value)

    def duplicate(self, key: str, marker: int, mark: Any) -> PmsmError:
        """The error for a key seen twice in the mapping whose marker is at ``marker``."""
        log = self.log
        log[marker] = ~(len(log) << 1 | 1)  # close the mapping so far, to index it
        first = log[keys_of(log, marker)[key] + 1]
        return self.fail(
            f"{self.the('key', key)} appears twice in the same mapping (first on "
            f"line {first + 1}); YAML would silently keep only the last one",
            mark,
        )

    def build(self, events: Iterator[Any]) -> Any:
        """Build one document. Iterative, so deep nesting cannot overflow the stack."""
        # This loop runs once per YAML event (about 20 per plan activity), so it is
        # written for speed: event kinds are compared by class identity, commonest
        # first; the open container's state lives in locals and is saved on a stack
        # only when a container opens inside it; positions go to one flat list.
        #
        # The open container: ``container`` (a dict or list) and ``is_mapping``,
        # ``key`` (the key waiting for its value, or _NO_KEY when a mapping waits
        # for its next key), ``marker`` (where its marker is in the log, see
        # Places), ``counted`` (values counted before it opened) and its
        # ``anchor``. The document itself is held in a one-item list, so the root
        # value is added like an item.
        holder: list[Any] = []
        container: Any = holder
        is_mapping = False
        key: Any = _NO_KEY
        marker = -1
        counted = 0
        anchor: Any = None
        stack: list[tuple[Any, ...]] = []

        log = self.log
        no_key = _NO_KEY
        anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, expanded size)
        total = 0  # values so far, aliases expanded
        resolved = self.resolved
        plain = self.plain
        unset = _UNSET
        scalar_event, alias_event = _ScalarEvent, _AliasEvent
        mapping_start, sequence_start = _MappingStartEvent, _SequenceStartEvent
        mapping_end, sequence_end = _MappingEndEvent, _SequenceEndEvent
        limit = MAX_VALUES
        # The list under one top-level key whose items are counted as they come
        # (parse_yaml's most_items); None until it opens.
        watch_key: Any = no_key
        most = 0
        if self.most_items is not None:
            watch_key, most = self.most_items
        watched: Any = None  # the list itself, once open

        for event in events:
            kind = type(event)
            if kind is scalar_event or kind is alias_event:
                mark = event.start_mark
                if kind is scalar_event:
                    value = event.value
                    if event.tag is not None:
                        value = self.tagged(event)
                    elif event.implicit[0]:  # plain, not quoted: maybe a number, date, ...
                        known = resolved.get(value, unset)
                        value = plain(value, event) if known is unset else known
                    total += 1
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, 1)
                else:
                    if event.anchor not in anchors:
                        raise self.fail(
                            f"{self.the('alias', '*' + event.anchor)} refers to an anchor "
                            "that is not defined before it",
                            mark,
                        )
                    value, size = anchors[event.anchor]
                    total += size
                if total > limit:
                    raise self.too_many(mark)
                if not is_mapping:
                    container.append(value)
                elif key is no_key:
                    key = value if type(value) is str else self.key_of(value, mark)
                    if key in container:
                        raise self.duplicate(key, marker, mark)
                    log.append(key)
                else:
                    container[key] = value
                    key = no_key
                log.append(mark.line)
                log.append(mark.column)
            elif kind is mapping_end or kind is sequence_end:
                log[marker] = ~(len(log) << 1 | is_mapping)
                if anchor is not None:
                    anchors[anchor] = (container, total - counted)
                container, is_mapping, marker, counted, anchor = stack.pop()
                key = no_key
            elif kind is mapping_start or kind is sequence_start:
                mark = event.start_mark
                if event.tag not in (None, "!", *_TAG_WORDS):
                    raise self.fail(
                        f"{self.the('YAML tag', _short(event.tag))} is not allowed "
                        "here; write plain lists and mappings",
                        mark,
                    )
                if len(stack) >= MAX_DEPTH:
                    raise self.fail(
                        f"the data is nested more than {MAX_DEPTH} levels deep; a plan never "
                        "needs that many",
                        mark,
                    )
                before = total
                total += 1
                if total > limit:
                    raise self.too_many(mark)
                if container is watched and len(container) >= most:
                    line, column = self.watched_at
                    raise TooManyItems(str(watch_key), most, self.path, line + 1, column + 1)
                value = {} if kind is mapping_start else []
                if key == watch_key and len(stack) == 1 and kind is sequence_start:
                    watched = value
                    self.watched_at = log[-2], log[-1]  # where the key is
                if not is_mapping:
                    container.append(value)
                elif key is no_key:
                    self.key_of(value, mark)  # raises: a list or mapping cannot be a key
                else:
                    container[key] = value
                log.append(mark.line)
                log.append(mark.column)
                stack.append((container, is_mapping, marker, counted, anchor))
                marker = len(log)
                log.append(-1)  # the marker, set when the container ends
                container, is_mapping, key = value, kind is mapping_start, no_key
                counted, anchor = before, event.anchor
            elif kind is _DocumentStartEvent:
                if holder:
                    raise self.fail(
                        "the file holds more than one YAML document (a second '---'); "
                        "keep one plan or catalog per file",
                        event.start_mark,
                    )
            elif kind in _FRAMING_EVENTS:
                continue
            else:  # pragma: no cover - PyYAML emits no other events
                raise self.fail(f"unexpected YAML content ({kind.__name__})", event.start_mark)
        return holder[0] if holder else None


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


def _impossible_offset(value: str) -> str | None:
    """The time-zone offset of a YAML timestamp when it is a day or more, as written."""
    found = yaml.constructor.SafeConstructor.timestamp_regexp.match(value)
    if found is None or found.group("tz_hour") is None:
        return None
    minutes = int(found.group("tz_hour")) * 60 + int(found.group("tz_minute") or 0)
    return found.group("tz") if minutes >= 24 * 60 else None


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _NoKey:
    """Marks a mapping that waits for its next key."""


_NO_KEY = _NoKey()
_UNSET = _NoKey()  # not in the cache of resolved values

# At most this many distinct plain values are remembered per file: enough for a
# plan's keys, statuses, dates and numbers, bounded for a file of a million numbers.
_RESOLVED_CACHE = 20_000


def keys_of(log: list[Any], marker: int) -> dict[Any, int]:
    """The entries of the mapping or list whose marker is at ``marker``, by key or number."""
    code = ~log[marker]
    end, is_mapping = code >> 1, code & 1
    found: dict[Any, int] = {}
    at = marker + 1
    number = 0
    while at < end:
        if is_mapping:
            found[log[at]] = at
            at += 5
        else:
            found[number] = at
            number += 1
            at += 2
        following = log[at] if at < end else None
        if type(following) is int and following < 0:
            at = ~following >> 1  # skip the entries of a mapping or list inside
    return found
