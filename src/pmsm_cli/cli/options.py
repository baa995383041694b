"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path

import typer

CatalogOverlays = typer.Option(
    [],
    "--catalog",
    help="An organisation catalog to lay over the built-in one (repeatable).",
    metavar="FILE",
)
OutputFile = typer.Option(None, "--output", "-o", help="Write to FILE instead of stdout.")


def overlays(paths: list[Path] | None) -> list[Path]:
    return list(paths or [])
