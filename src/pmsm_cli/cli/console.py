"""Consoles for reports (stdout) and for errors (stderr)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


# Piped output (a file, a CI log) has no terminal width; 80 columns would
# fold tables into unreadable slivers, so give it room.
PIPE_WIDTH = 160


@cache
def out() -> Console:
    import sys

    from rich.console import Console

    width = None if sys.stdout.isatty() else PIPE_WIDTH
    return Console(highlight=False, soft_wrap=False, width=width)


@cache
def err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)
