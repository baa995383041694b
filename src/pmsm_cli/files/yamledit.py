"""Edit YAML files the way a person would: comments, key order and layout kept.

``yamlio`` reads plan files safely for checking; this module is for commands
that change a user's file (``pmsm check --fix``, ``pmsm baseline``, ``pmsm change add``;
``pmsm sync`` later). It uses ruamel.yaml's round-trip mode, which keeps
comments, key order, quoting and flow/block style, and guesses the file's
indentation so that untouched lines come out unchanged.

ruamel.yaml does re-flow a few things on output, such as a flow mapping
written over several lines. So :meth:`EditableYaml.dump` does not hand back
ruamel's text as it is: it works out which lines the edit added, changed or
removed, and applies just those lines to the original text. Only when an
edit falls inside a re-flowed stretch does the file take ruamel's layout.

Line ends: ruamel.yaml writes ``\n``, and its lines would never match a
Windows file's ``\r\n`` lines. So :func:`load` works on the text with ``\n``
line ends and :meth:`EditableYaml.dump` gives the result back with the line
end the text came with (``editing`` converts, for this module and for the
bytes written to the file).

ruamel.yaml is imported only here, and only when a file is edited.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.editing import line_end, with_line_ends

if TYPE_CHECKING:
    from pmsm_cli.models.catalog import Catalog

WIDTH = 4096  # never re-wrap a user's long lines


@dataclass
class EditableYaml:
    """A round-trip YAML document: edit ``data`` (ruamel's commented maps and lists), then dump."""

    data: Any
    yaml: Any  # the configured ruamel.yaml.YAML instance
    text: str  # the text it was loaded from, with "\n" line ends
    pristine: str  # ruamel's output for the document before any edit
    newline: str = "\n"  # the line end of the text as it was given

    def dump(self) -> str:
        """The original text with the edits applied (see the module docstring)."""
        edited = _dump(self.yaml, self.data)
        if self.pristine != self.text:
            edited = transplant(self.text, self.pristine, edited) or edited
        return with_line_ends(edited, self.newline)


def _dump(yaml: Any, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def transplant(original: str, pristine: str, edited: str) -> str | None:
    """Apply the line changes from ``pristine`` to ``edited`` onto ``original``.

    ``pristine`` is ``original`` as the YAML library would write it: mostly the
    same lines. Lines the two share anchor the edits; an edit next to or
    inside a stretch the library re-flowed has no safe place, and then the
    answer is None.
    """
    old, mine, new = (t.splitlines(keepends=True) for t in (original, pristine, edited))
    anchor: dict[int, int] = {}  # line of `pristine` -> the same line of `original`
    for a, b, size in difflib.SequenceMatcher(
        None, mine, old, autojunk=False
    ).get_matching_blocks():
        anchor.update((a + k, b + k) for k in range(size))
    result = list(old)
    opcodes = difflib.SequenceMatcher(None, mine, new, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in reversed(opcodes):
        if tag == "equal":
            continue
        if tag == "insert":
            if i1 == len(mine):
                at = len(old)
            elif i1 in anchor:
                at = anchor[i1]
            elif i1 > 0 and i1 - 1 in anchor:
                at = anchor[i1 - 1] + 1
            else:
                return None
            result[at:at] = new[j1:j2]
            continue
        spots = [anchor.get(i) for i in range(i1, i2)]
        first = spots[0]
        if first is None or spots != list(range(first, first + len(spots))):
            return None
        result[first : first + len(spots)] = new[j1:j2]
    return "".join(result)


def load(text: str, path: Path) -> EditableYaml:
    """Parse ``text`` for editing; a parse error is a PmsmError at its line and column."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

    newline = line_end(text)
    text = with_line_ends(text, "\n")
    try:
        _data, indent, dash_offset = load_yaml_guess_indent(text)
        yaml = YAML(typ="rt")
        yaml.preserve_quotes = True
        yaml.width = WIDTH
        offset = dash_offset or 0
        # ruamel counts a list item's indent from the parent key, dash included.
        yaml.indent(mapping=_mapping_indent(text, indent), sequence=indent or 2, offset=offset)
        yaml.explicit_start = text.lstrip().startswith("---")
        data = yaml.load(text)
        pristine = _dump(yaml, data)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise PmsmError(
            f"this is not valid YAML: {exc.problem}",
            path,
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from None
    except YAMLError as exc:
        raise PmsmError(f"this is not valid YAML: {exc}", path) from None
    return EditableYaml(data, yaml, text, pristine, newline)


def _mapping_indent(text: str, fallback: int | None) -> int:
    """The indent of the first nested mapping key (ruamel guesses only one indent for both)."""
    lines = text.splitlines()
    for before, line in itertools.pairwise(lines):
        head = before.rstrip()
        stripped = line.lstrip()
        if (
            head.endswith(":")
            and not head.lstrip().startswith(("-", "#"))
            and stripped
            and not stripped.startswith(("-", "#"))
        ):
            return (len(line) - len(stripped)) - (len(before) - len(before.lstrip()))
    return fallback or 2


def mapping(items: dict[str, Any], comment: str | None = None) -> Any:
    """A new mapping to insert, with an end-of-line comment on its first key."""
    from ruamel.yaml.comments import CommentedMap

    node = CommentedMap(items)
    if comment and items:
        node.yaml_add_eol_comment(comment, next(iter(items)))
    return node


def set_keys(node: Any, values: dict[str, Any], after: str | None = None) -> None:
    """Set ``values`` on a mapping: a key it has keeps its place, new keys go after ``after``.

    New keys go in the order given, right after ``after`` when the mapping has
    it, else at its end. ruamel keeps the comment lines that follow a mapping
    (often the heading of the next list item) on its last key; when new keys
    land after that key, those lines move to the new last key so that they still
    follow the whole mapping instead of splitting it. Each date is written as
    a copy: ruamel would tie one date object used twice together with an
    anchor and an alias (``&id001``), which nobody wants to read in a plan.
    """
    keys = list(node.keys())
    last = keys[-1] if keys else None
    position = keys.index(after) + 1 if after in keys else len(keys)
    for key, value in values.items():
        if isinstance(value, dt.date):
            value = dt.date(value.year, value.month, value.day)
        if key in node:
            node[key] = value
        else:
            node.insert(position, key, value)
            position += 1
    new_last = list(node.keys())[-1]
    if last is not None and new_last != last:
        _move_trailing_comment(node, last, new_last)


def _move_trailing_comment(node: Any, old: str, new: str) -> None:
    lines = _detach_trailing_comments(node, old)
    if lines:
        _append_comment_lines(node, new, lines)


def is_flow(node: Any) -> bool:
    """Whether a loaded list or mapping is written in flow style (``[a, b]``, ``{a: 1}``)."""
    fa = getattr(node, "fa", None)
    return bool(fa is not None and fa.flow_style())


def block_list() -> Any:
    from ruamel.yaml.comments import CommentedSeq

    node = CommentedSeq()
    node.fa.set_block_style()
    return node


def set_key(node: Any, key: str, value: Any, order: Sequence[str]) -> None:
    """Set ``key`` of a mapping; a new key goes where ``order`` (the model's field order) puts it.

    A new key goes right after the last key present that comes before it in
    ``order`` (at the end when there is none). Comment lines that followed
    that key stay above the key after them, as the person wrote them: ruamel
    would leave them between the old key and the new one.
    """
    if key in node:
        node[key] = value
        return
    rank = {name: i for i, name in enumerate(order)}
    wanted = rank.get(key, len(order))
    keys = list(node)
    before = [i for i, k in enumerate(keys) if rank.get(k, len(order)) < wanted]
    position = before[-1] + 1 if before else len(keys)
    trailing = _detach_trailing_comments(node, keys[position - 1]) if position else None
    node.insert(position, key, value)
    if trailing:
        _append_comment_lines(node, key, trailing)


def remove_key(node: Any, key: str) -> None:
    """Remove ``key`` and its line; comment lines below it move to the key above."""
    keys = list(node)
    if key not in node:
        return
    trailing = _detach_trailing_comments(node, key)
    del node[key]
    index = keys.index(key)
    if trailing and index > 0:
        _append_comment_lines(node, keys[index - 1], trailing)


def _detach_trailing_comments(node: Any, key: Any) -> str | None:
    """Take the whole-line comments (and blank lines) ruamel keeps after ``key``'s line."""
    entry = getattr(node, "ca", None) and node.ca.items.get(key)
    if not entry or len(entry) < 3 or entry[2] is None:
        return None
    token = entry[2]
    end_of_line, _newline, rest = token.value.partition("\n")
    if not rest:
        return None
    if end_of_line.strip():
        token.value = end_of_line + "\n"
    else:
        entry[2] = None
    return str(rest)


def _append_comment_lines(node: Any, key: Any, lines: str) -> None:
    from ruamel.yaml.error import CommentMark
    from ruamel.yaml.tokens import CommentToken

    entry = node.ca.items.setdefault(key, [None, None, None, None])
    if entry[2] is None:
        entry[2] = CommentToken("\n" + lines, CommentMark(0), None)
    else:
        entry[2].value = entry[2].value + lines


def _catalog_id(item: Any) -> str | None:
    if not isinstance(item, dict):
        return None
    value = item.get("catalog") or item.get("id")
    return value if isinstance(value, str) else None


def after_dependencies(items: list[Any], depends_on: list[str], catalog: Catalog) -> int:
    """Where in a plan's ``activities`` list a catalog activity goes: just after the last item
    it depends on (0 when none is there). ``pmsm check --fix`` and ``pmsm sync`` add activities.

    A dependency the plan lacks is looked through to its own dependencies, as
    the scheduler does.
    """
    position = {cid: i for i, item in enumerate(items) if (cid := _catalog_id(item))}
    found = catalog.bridge(depends_on, position.__contains__)
    return max((position[dep] for dep in found), default=-1) + 1
