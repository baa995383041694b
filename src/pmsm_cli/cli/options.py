"""Options shared by several commands."""

from __future__ import annotations

import typer

CatalogOverlays = typer.Option(
    [],
    "--catalog",
    help="An organisation catalog to lay over the built-in one (repeatable).",
    metavar="FILE",
)
OutputFile = typer.Option(
    None, "--output", "-o", help="Write to FILE instead of stdout; its ending picks the format."
)


def sub_app(help_text: str) -> typer.Typer:
    """A command group with the same conventions as the root command."""
    return typer.Typer(
        help=help_text,
        no_args_is_help=True,
        rich_markup_mode=None,
        add_completion=False,
        pretty_exceptions_enable=False,
    )
