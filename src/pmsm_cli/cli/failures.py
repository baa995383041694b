"""How every pmsm command ends on a failure: a message on stderr and an exit code.

Exit codes, as ruff and sqlfluff use them: 0 all good, 1 findings, 2 a usage,
configuration, input or internal error, always with a message and never a
Python traceback (set ``PMSM_DEBUG=1`` to see one). When the program reading
the output stops reading (``| head``), pmsm stops quietly with 141, as cat
and grep do.

The typer commands (cli/app.py) and a check answered without typer
(cli/remembered.py) both end here, so they fail alike.
"""

from __future__ import annotations

import os
import sys

from pmsm_cli.errors import PmsmError

EXIT_ERROR = 2
# What a shell reports for cat or grep ended by SIGPIPE: the program reading
# pmsm's output stopped reading (`pmsm import plan.xml -f json | head -1`).
EXIT_BROKEN_PIPE = 128 + 13
EXIT_INTERRUPTED = 130


def report_error(error: PmsmError) -> None:
    # Plain stderr writes: rich would wrap long paths and mangle file:line:col.
    sys.stderr.write(error.render() + "\n")


def exit_code_for(error: BaseException) -> int:
    """Say what went wrong (nothing, for a closed pipe) and give the exit code.

    Anything but a PmsmError is a bug in pmsm: one line says so, unless
    ``PMSM_DEBUG`` is set, when the error is raised again with its traceback.
    """
    if isinstance(error, BrokenPipeError):
        _drop_stdout()
        return EXIT_BROKEN_PIPE
    if isinstance(error, PmsmError):
        report_error(error)
        return EXIT_ERROR
    if isinstance(error, KeyboardInterrupt):
        sys.stderr.write("interrupted\n")
        return EXIT_INTERRUPTED
    if os.environ.get("PMSM_DEBUG"):
        raise error
    sys.stderr.write(
        f"internal error: {type(error).__name__}: {error}\n"
        "This is a bug in pmsm; run again with PMSM_DEBUG=1 for details and report it.\n"
    )
    return EXIT_ERROR


def flush_stdout() -> None:
    """Send what is still buffered now, where a closed pipe can be caught, not in
    Python's own flush at exit, which prints a warning."""
    if sys.stdout is not None:
        sys.stdout.flush()


def _drop_stdout() -> None:
    """Send what is left for stdout nowhere: its reader has gone, and says nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file behind stdout: nothing to do
        pass
