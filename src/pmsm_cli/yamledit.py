"""Edit YAML files the way a person would: comments, key order and layout kept.

``yamlio`` reads plan files safely for checking; this module is for commands
that change a user's file (``pmsm check --fix`` now, ``pmsm change add`` and
``pmsm sync`` later). It uses ruamel.yaml's round-trip mode, which keeps
comments, key order, quoting and flow/block style, and guesses the file's
indentation so that untouched lines come out unchanged.

ruamel.yaml is imported only here, and only when a file is edited.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.fsio import write_atomic as _write_atomic

WIDTH = 4096  # never re-wrap a user's long lines


@dataclass
class EditableYaml:
    """A round-trip YAML document: edit ``data`` (ruamel's commented maps and lists), then dump."""

    data: Any
    yaml: Any  # the configured ruamel.yaml.YAML instance

    def dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()


def load(text: str, path: Path) -> EditableYaml:
    """Parse ``text`` for editing; a parse error is a PmsmError at its line and column."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.util import load_yaml_guess_indent

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
    return EditableYaml(data, yaml)


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


def block_list() -> Any:
    from ruamel.yaml.comments import CommentedSeq

    node = CommentedSeq()
    node.fa.set_block_style()
    return node


def write_atomic(path: Path, text: str) -> None:
    """Replace the file whole or not at all (see ``fsio``)."""
    _write_atomic(path, text)
