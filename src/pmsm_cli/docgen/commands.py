"""One page per command (and subcommand), from the command line itself.

The pages are read off the same command objects ``pmsm`` runs: the help text a
user gets from ``pmsm COMMAND --help`` and a table of its arguments and options
(names, values, defaults, help), so a changed option changes its page. Typer
vendors its own click, so the objects are used through their own methods and
context class, not through an import of click.
"""

from __future__ import annotations

from typing import Any

import typer

from pmsm_cli.docgen.text import cell, fence
from pmsm_cli.records import record

FOLDER = "reference/commands"
# Help is wrapped at this width, so that pages do not change with the terminal
# and the block fits the page's text column without scrolling sideways.
WIDTH = 78


@record
class Entry:
    path: tuple[str, ...]  # ("change", "add")
    command: Any  # a typer (click) Command or Group
    context: Any  # its context, with its parents, as when it runs

    @property
    def name(self) -> str:
        return " ".join(("pmsm", *self.path))

    @property
    def page(self) -> str:
        return f"{FOLDER}/{'-'.join(self.path)}.md"

    @property
    def is_group(self) -> bool:
        return hasattr(self.command, "list_commands")


def _context(command: Any, name: str, parent: Any) -> Any:
    return command.context_class(
        command, info_name=name, parent=parent, terminal_width=WIDTH, max_content_width=WIDTH
    )


def commands() -> list[Entry]:
    """Every command and subcommand, in the order ``pmsm --help`` lists them."""
    from pmsm_cli.cli.app import app

    root = typer.main.get_command(app)
    root_context = _context(root, "pmsm", None)
    found: list[Entry] = []

    def walk(group: Any, context: Any, path: tuple[str, ...]) -> None:
        for name in group.list_commands(context):
            command = group.get_command(context, name)
            entry = Entry((*path, name), command, _context(command, name, context))
            found.append(entry)
            if entry.is_group:
                walk(command, entry.context, entry.path)

    walk(root, root_context, ())
    return found


def params_table(entry: Entry) -> list[str]:
    """Each argument and option as ``--help`` shows it: its names and value, then its help."""
    rows = ["| argument or option | what it does |", "|---|---|"]
    for param in entry.command.params:
        record = param.get_help_record(entry.context)
        if record is None:  # hidden
            continue
        names, help_text = record
        rows.append(f"| {cell(names)} | {cell(help_text)} |")
    rows.append("")
    return rows


def command_page(entry: Entry) -> str:
    summary = (entry.command.get_short_help_str(limit=200) or "").strip()
    lines = [f"# {entry.name}", "", cell(summary), ""]
    if entry.is_group:
        lines += ["| subcommand | what it does |", "|---|---|"]
        for name in entry.command.list_commands(entry.context):
            sub = entry.command.get_command(entry.context, name)
            page = f"{'-'.join((*entry.path, name))}.md"
            short = sub.get_short_help_str(limit=200)
            lines.append(f"| [{entry.name} {name}]({page}) | {cell(short)} |")
        lines.append("")
    lines += [f"## `{entry.name} --help`", "", fence(entry.command.get_help(entry.context))]
    if not entry.is_group:
        lines += ["## Arguments and options", ""]
        lines += params_table(entry)
    return "\n".join(lines)


def index_page(entries: list[Entry]) -> str:
    lines = [
        "# Commands",
        "",
        "Every command of `pmsm`, with the help it prints (`pmsm COMMAND --help`). These pages "
        "are generated from the command line itself. Exit codes: 0 all good, 1 findings "
        "(`pmsm check`) or a diff to apply, 2 a usage, configuration or input error, always "
        "with a message naming the file, line and column.",
        "",
        "| command | what it does |",
        "|---|---|",
    ]
    for entry in entries:
        short = entry.command.get_short_help_str(limit=200)
        page = entry.page.removeprefix(FOLDER + "/")
        lines.append(f"| [{entry.name}]({page}) | {cell(short)} |")
    lines.append("")
    return "\n".join(lines)


def command_pages() -> dict[str, str]:
    entries = commands()
    pages = {f"{FOLDER}/index.md": index_page(entries)}
    pages.update({entry.page: command_page(entry) for entry in entries})
    return pages
