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


def err_is_terminal() -> bool:
    """Whether stderr is a terminal, as rich decides it for :func:`err`.

    Importing rich costs about 14 ms. When stderr is a file or a pipe and no
    variable asks rich to treat it as a terminal anyway, the answer is no
    without it; only a possible yes is left to rich.
    """
    import os
    import sys

    asked = ("FORCE_COLOR", "TTY_COMPATIBLE")  # what rich reads besides isatty()
    if not sys.stderr.isatty() and not any(os.environ.get(name) for name in asked):
        return False
    return err().is_terminal
