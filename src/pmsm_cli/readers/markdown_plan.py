"""Markdown plans: release and migration plans kept as headings, task lists and tables.

The structure comes from markdown-it-py (the CommonMark parser rich already
depends on, with its table extension), not from regular expressions: headings
that have tasks below them become summary tasks (the outline follows the
heading levels), list items become tasks (``- [ ] ...``, ``- [x] ...``,
``* ...``, ``1. ...``; a nested item is a child of the item above it; ``[x]``
is done, 100 %), and a table with a task column is read like a spreadsheet
(``table.py``) under its heading. A single level-1 heading at the top is the
document's title, not a task. "due 2026-05-04" and "@alice" written in an item
are read as its finish date and owner; the name keeps the words as written.

A task's place is the line and column of its list marker, heading or table cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.reading import read_bytes
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.dates import dates
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, Where
from pmsm_cli.readers.table import (
    MAX_NAME,
    MAX_NOTES,
    MAX_OUTLINE_DEPTH,
    MAX_TASKS,
    Row,
    Source,
    header_fields,
)
from pmsm_cli.readers.table_tasks import read_table
from pmsm_cli.readers.textfile import check_lines, decode, decode_head
from pmsm_cli.readers.values import error_at

NAME = "markdown"
DESCRIPTION = "Markdown plan (headings, task lists, tables)"
# The reading options (--sheet, --columns, --date-format) this reader uses; the others
# are refused for its files rather than silently ignored.
USES: frozenset[str] = frozenset({"columns", "date_format"})
ENDINGS = (".md", ".markdown", ".txt")

_WHAT = "Markdown file"
_CHECKBOX = re.compile(r"^\[([ xX])\]\s+")
_DUE = re.compile(
    r"\b(?:due|by|until|deadline|bis|fällig(?:\s+am)?|termin)\s*:?\s*"
    r"(\d{4}-\d{2}-\d{2}|\d{1,2}\.\d{1,2}\.\d{2,4})",
    re.IGNORECASE,
)
_MENTION = re.compile(r"(?:^|(?<=[\s,(;]))@([\w][\w.-]*\w|\w)", re.UNICODE)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n.*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)

# Sniffing: what Markdown has and a pmsm YAML plan does not.
_HEADING_LINE = re.compile(r"^#{1,6}[ \t]+\S")
_TASK_ITEM = re.compile(r"^\s*[-*+][ \t]+\[[ xX]\][ \t]+\S")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])[ \t]+\S")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_YAML_KEY = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][\w.-]*:(?:\s|$)")


def sniff(head: bytes, path: Path) -> bool:
    """Headings with lists or tables, or a task list, in text that is not YAML."""
    text = decode_head(head)
    if text is None or text.lstrip().startswith(("<", "{", "[")):
        return False
    lines = [line for line in _FRONT_MATTER.sub("", text).splitlines() if line.strip()]
    if not lines:
        return False
    yaml_keys = sum(1 for line in lines if _YAML_KEY.match(line))
    if yaml_keys * 3 >= len(lines):
        return False  # a YAML file (its comments look like headings, its lists like lists)
    headings = sum(1 for line in lines if _HEADING_LINE.match(line))
    lists = sum(1 for line in lines if _LIST_ITEM.match(line))
    tables = any(_TABLE_RULE.match(line) for line in lines)
    tasks = any(_TASK_ITEM.match(line) for line in lines)
    return tasks or (headings > 0 and (lists > 0 or tables))


def read(path: Path, options: ReadOptions) -> ForeignPlan:
    text = decode(read_bytes(path, _WHAT), path, _WHAT)
    check_lines(text, path, _WHAT)
    return _Reader(path, text, options).plan()


# -- reading ----------------------------------------------------------------------


@dataclass
class _Section:
    """A heading: a summary task once something is found below it."""

    level: int
    name: str
    where: Where
    parent: _Section | None
    task: ForeignTask | None = None


@dataclass
class _Reader:
    path: Path
    text: str
    options: ReadOptions
    plan_: ForeignPlan = field(init=False)
    lines: list[str] = field(init=False)
    title_line: int | None = field(init=False, default=None)
    section: _Section | None = field(init=False, default=None)
    items: list[ForeignTask | None] = field(init=False, default_factory=list)
    table_ids: set[str] = field(init=False, default_factory=set)

    def __post_init__(self) -> None:
        self.plan_ = ForeignPlan(self.path, NAME)
        # Front matter blanked, not cut: line numbers stay those of the file.
        self.text = _FRONT_MATTER.sub(lambda m: "\n" * m[0].count("\n"), self.text)
        self.lines = self.text.splitlines()

    def plan(self) -> ForeignPlan:
        from markdown_it import MarkdownIt

        # CommonMark with GitHub's tables; raw HTML stays text. markdown-it
        # bounds nesting itself (maxNesting), so a hostile file cannot recurse deep.
        parser = MarkdownIt("commonmark", {"html": False}).enable("table")
        tokens = parser.parse(self.text)
        self.title_line = _title_line(tokens)
        index = 0
        while index < len(tokens):
            index = self._token(tokens, index)
        self._due_dates()
        self._make_ids_unique()
        starts = [t.start for t in self.plan_.tasks if t.start is not None]
        self.plan_.start = min(starts) if starts else None
        return self.plan_

    def _token(self, tokens: Sequence[Any], index: int) -> int:
        token = tokens[index]
        if token.type == "heading_open":
            self._heading(token, tokens[index + 1])
            return index + 3
        if token.type == "list_item_open":
            self._item(token, tokens, index)
            return index + 1
        if token.type == "list_item_close":
            self.items.pop()
            return index + 1
        if token.type == "table_open":
            return self._table(tokens, index)
        return index + 1

    # -- headings and list items ------------------------------------------------

    def _heading(self, token: Any, inline: Any) -> None:
        line = token.map[0] + 1
        level = int(token.tag[1])
        name = _plain(inline)[0]
        if line == self.title_line:
            self.plan_.title = name[:MAX_NAME]
            self.section = None
            return
        parent = self.section
        while parent is not None and parent.level >= level:
            parent = parent.parent
        where = Where(self.path, line=line, column=self._column(line))
        self.section = _Section(level, name, where, parent)
        self.items = []

    def _item(self, token: Any, tokens: Sequence[Any], index: int) -> None:
        inline = next(
            (t for t in tokens[index + 1 : index + 4] if t.type == "inline"),
            None,
        )
        if inline is None:  # an empty item ("-" alone), or one that starts with a code block
            self.items.append(None)
            return
        line = token.map[0] + 1
        name, notes = _plain(inline)
        task = ForeignTask(
            id=f"L{line}",
            name=name,
            where=Where(self.path, line=line, column=self._column(line)),
            notes=notes,
        )
        checkbox = _CHECKBOX.match(task.name)
        if checkbox:
            task.name = task.name[checkbox.end() :]
            task.percent_complete = 100.0 if checkbox[1] in "xX" else 0.0
        if not task.name.strip():
            self.items.append(None)
            return
        self._bounds(task)
        task.resources = tuple(dict.fromkeys(_MENTION.findall(task.name)))
        parent = next((t for t in reversed(self.items) if t is not None), None)
        self._add(task, parent or self._section_task(self.section))
        self.items.append(task)

    def _add(self, task: ForeignTask, parent: ForeignTask | None) -> None:
        """Add a task under ``parent`` (None: at the top)."""
        if parent is not None:
            parent.summary = True
            task.parent = parent.id
            task.outline_level = min(parent.outline_level + 1, MAX_OUTLINE_DEPTH)
        if len(self.plan_.tasks) >= MAX_TASKS:
            raise PmsmError(
                f"the file has more than {MAX_TASKS:,} tasks; pmsm reads at most {MAX_TASKS:,} "
                "from one plan: split it",
                self.path,
            )
        self.plan_.tasks.append(task)

    def _section_task(self, section: _Section | None) -> ForeignTask | None:
        """The section's summary task, made (with those of the sections above) when first needed."""
        if section is None:
            return None
        if section.task is None:
            task = ForeignTask(
                id=f"L{section.where.line}", name=section.name, where=section.where, summary=True
            )
            self._bounds(task)
            section.task = task
            self._add(task, self._section_task(section.parent))
        return section.task

    def _bounds(self, task: ForeignTask) -> None:
        if len(task.name) > MAX_NAME:
            raise error_at(
                task.where,
                f"the task name is {len(task.name):,} characters long; pmsm reads at most "
                f"{MAX_NAME:,}",
            )
        if len(task.notes) > MAX_NOTES:
            raise error_at(task.where, f"the text under the task is longer than {MAX_NOTES:,}")

    def _column(self, line: int) -> int:
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        stripped = text.lstrip(" \t>")
        return len(text) - len(stripped) + 1

    # -- tables -----------------------------------------------------------------

    def _table(self, tokens: Sequence[Any], index: int) -> int:
        rows: list[Row] = []
        cells: list[str] = []
        columns: list[int] = []
        line = 0
        end = index
        while end < len(tokens) and tokens[end].type != "table_close":
            token = tokens[end]
            if token.type == "tr_open":
                cells, columns, line = [], [], token.map[0] + 1
            elif token.type == "inline":
                cells.append(_plain(token)[0])  # "**What**" is the heading What
                columns.append(self._cell_column(line, token.content, columns))
            elif token.type == "tr_close":
                rows.append(Row(cells, line, columns=columns))
            end += 1
        if rows and header_fields(rows[0].cells) is not None:
            self._table_tasks(rows)
        return end + 1

    def _cell_column(self, line: int, content: str, before: Sequence[int]) -> int:
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        start = before[-1] if before else 0
        found = text.find(content, start) if content else -1
        return found + 1 if found >= 0 else start + 1

    def _table_tasks(self, rows: list[Row]) -> None:
        table = read_table(rows, Source(self.path, NAME), self.options)
        self.plan_.warnings.extend(table.warnings)
        prefix = f"T{rows[0].number}:"
        section = self._section_task(self.section)
        for task in table.tasks:
            # Ids of this table kept where they do not clash with another table's or an item's.
            task.id = prefix + task.id
            self.table_ids.add(task.id)
            task.parent = prefix + task.parent if task.parent else None
            task.predecessors = tuple(
                Link(prefix + link.predecessor, link.type, link.lag_days)
                for link in task.predecessors
            )
            if task.parent is None:
                self._add(task, section)
            else:
                if section is not None:
                    task.outline_level = min(
                        task.outline_level + section.outline_level, MAX_OUTLINE_DEPTH
                    )
                self.plan_.tasks.append(task)

    # -- after reading ----------------------------------------------------------

    def _due_dates(self) -> None:
        """ "due 2026-05-04" or "bis 04.05.2026" in an item: its finish date."""
        found = [(t, _DUE.search(t.name)) for t in self.plan_.tasks if t.finish is None]
        written = [(t, m) for t, m in found if m is not None]
        if not written:
            return
        values = dates([(m[1], t.where) for t, m in written], self.options.date_order, "due")
        for (task, _), value in zip(written, values, strict=True):
            task.finish = value

    def _make_ids_unique(self) -> None:
        """A table's ids as written ("3"), where no other task of the file has the same one.

        Tables were read with their ids prefixed by the table's line ("T12:3"),
        so that two tables (or a table and a list item) never clash.
        """
        tasks = self.plan_.tasks
        written = [t.id.split(":", 1)[1] if t.id in self.table_ids else t.id for t in tasks]
        counts: dict[str, int] = {}
        for value in written:
            counts[value] = counts.get(value, 0) + 1
        rename = {
            t.id: value
            for t, value in zip(tasks, written, strict=True)
            if t.id in self.table_ids and counts[value] == 1
        }
        for task in tasks:
            task.id = rename.get(task.id, task.id)
            task.parent = rename.get(task.parent, task.parent) if task.parent else None
            task.predecessors = tuple(
                Link(rename.get(link.predecessor, link.predecessor), link.type, link.lag_days)
                for link in task.predecessors
            )


def _title_line(tokens: Sequence[Any]) -> int | None:
    """The line of a lone level-1 heading that opens the document: its title."""
    h1 = [t for t in tokens if t.type == "heading_open" and t.tag == "h1"]
    first = next((t for t in tokens if t.type != "hr"), None)
    if first is None or len(h1) != 1 or first is not h1[0]:
        return None
    return int(first.map[0]) + 1


def _plain(inline: Any) -> tuple[str, str]:
    """An inline token's text without Markdown marks: its first line, and the lines after it."""
    lines: list[str] = [""]
    for child in inline.children or ():
        if child.type in ("softbreak", "hardbreak"):
            lines.append("")
        elif child.type in ("text", "code_inline", "html_inline"):
            lines[-1] += child.content
    # An HTML comment is a note to the editor ("<!-- update the link -->"), not words of the task.
    lines = [_COMMENT.sub("", line) for line in lines]
    first, rest = lines[0], lines[1:]
    return " ".join(first.split()), "\n".join(line.strip() for line in rest).strip()
