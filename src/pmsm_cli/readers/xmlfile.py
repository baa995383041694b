"""What the XML readers share: reading a file within bounds, parsing it safely, sniffing it.

Every XML plan goes through defusedxml: a file that declares an entity is
refused, so neither an entity bomb ("billion laughs") nor an external entity
(which would read another file or a URL into the plan) gets through. A
``<!DOCTYPE>`` line alone is allowed, because old GanttProject files have one.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError, TreeBuilder, XMLParser

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.yamlio import gc_paused
from pmsm_cli.plan.load import MAX_ACTIVITIES

# One task's name, a resource's name: MS Project allows 255 characters in its
# sheet and 512 in its XML schema; anything far beyond is not a name.
MAX_NAME = 1_000
# Notes are free text; a page of minutes pasted in is fine, a megabyte is not.
MAX_NOTES = 100_000
# Dates, numbers, flags and codes.
MAX_VALUE = 200
# The same limit as a pmsm plan's activities.
MAX_TASKS = MAX_ACTIVITIES
# How deep an outline may go (MS Project's own outlines rarely pass ten levels).
MAX_OUTLINE_DEPTH = 100

_QUOTE = 40  # characters of a wrong value quoted back in a message


def parse(data: bytes, path: Path, what: str) -> Element:
    """The root element of an XML document, parsed with entities refused.

    Two passes over the bytes, both with expat. defusedxml first reads the
    prolog, up to the root element's start tag, and refuses any entity
    declaration: the only place XML allows one is the DOCTYPE before the root,
    so a document that passes has no entity that could expand or fetch
    anything. ElementTree's C parser then builds the tree (defusedxml builds it
    with a parser written in Python, several times slower on a large plan).

    Errors carry the line and column expat stopped at, 1-based as editors count.
    """
    _check_prolog(data, path, what)
    parser = XMLParser(target=TreeBuilder())
    try:
        with gc_paused():  # a tree of elements and nothing to collect: see yamlio
            parser.feed(data)
            root: Element = parser.close()
    except ParseError as exc:
        raise _malformed(exc, path, what) from None
    return root


class _RootReached(Exception):
    """The prolog is read; the root element starts here."""


class _StopAtRoot:
    """A parser target that stops the parser at the root element's start tag."""

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None:  # pragma: no cover - never reached
        pass

    def data(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


def _check_prolog(data: bytes, path: Path, what: str) -> None:
    parser = DefusedXMLParser(
        target=_StopAtRoot(), forbid_dtd=False, forbid_entities=True, forbid_external=True
    )
    try:
        parser.feed(data)
        parser.close()
    except _RootReached:
        return
    except DefusedXmlException:
        line, column = _position(parser)
        raise PmsmError(
            f"the {what} declares an XML entity (<!ENTITY ...>); a plan never needs one, "
            "and pmsm refuses them because they can expand to gigabytes or read other files",
            path,
            line,
            column,
        ) from None
    except ParseError as exc:
        raise _malformed(exc, path, what) from None


def _malformed(exc: ParseError, path: Path, what: str) -> PmsmError:
    line, column = exc.position
    reason = str(exc).split(":", 1)[0]  # expat's words, without its own "line 3, column 4"
    return PmsmError(
        f"the {what} is not well-formed XML ({reason}); was it cut short or edited by "
        "hand? Save it again from the program that made it",
        path,
        line,
        column + 1,
    )


def _position(parser: DefusedXMLParser) -> tuple[int | None, int | None]:
    expat = parser.parser
    try:
        return int(expat.CurrentLineNumber), int(expat.CurrentColumnNumber) + 1
    except (AttributeError, TypeError, ValueError):  # pragma: no cover - expat always has them
        return None, None


def local(tag: str) -> str:
    """An element's name without its namespace: '{http://...}Task' -> 'Task'."""
    return tag.rsplit("}", 1)[-1]


def quote(value: str) -> str:
    """A value from the file, shortened, for a message: never a whole megabyte back."""
    value = " ".join(value.split())
    return repr(value if len(value) <= _QUOTE else value[: _QUOTE - 3] + "...")


def bounded(value: str, limit: int, what: str, where: str, path: Path) -> str:
    """``value`` if it is at most ``limit`` characters, else a PmsmError saying whose it is."""
    if len(value) > limit:
        raise PmsmError(
            f"{where}: the {what} is {len(value):,} characters long; pmsm reads at most "
            f"{limit:,} (is something pasted into it by mistake?)",
            path,
        )
    return value


# -- sniffing ----------------------------------------------------------------

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
# What may come before the root element: the XML declaration, comments,
# processing instructions, a DOCTYPE (with its internal subset, so that a file
# that declares entities is still recognised, and then refused for them) and blanks.
_PROLOG = re.compile(r"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\]\s*)?>)", re.DOTALL)
_VALUE = r"(?:\"[^\"]*\"|'[^']*')"
_START_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)((?:\s+[\w.:-]+\s*=\s*" + _VALUE + r")*)\s*/?>")
_ATTRIBUTE = re.compile(r"([\w.:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def root_element(head: bytes) -> tuple[str, dict[str, str]] | None:
    """The root element's name and attributes, read from the first bytes of a file.

    Only as much as sniffing needs: no entities are expanded, nothing beyond
    the root's start tag is looked at, and None means "not XML as far as can be told".
    """
    text = _decode_head(head)
    if text is None:
        return None
    position = 0
    while True:
        match = _PROLOG.match(text, position)
        if match is None or match.end() == position:
            break
        position = match.end()
    while position < len(text) and text[position].isspace():
        position += 1
    tag = _START_TAG.match(text, position)
    if tag is None:
        return None
    attributes = {m[1]: m[2] if m[2] is not None else m[3] for m in _ATTRIBUTE.finditer(tag[2])}
    return tag[1], attributes


def _decode_head(head: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="replace")
    if b"\x00" in head[:200]:
        # UTF-16 without a byte-order mark is legal XML but nobody writes it;
        # binary files have NUL bytes too, and are not XML.
        return None
    return head.decode("utf-8", errors="replace")
