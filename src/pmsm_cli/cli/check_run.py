"""What ``pmsm check`` does once its options are parsed, without typer.

``cli/check_cmd.py`` declares the options and turns them into a
:class:`CheckCall`; :func:`run` does the rest and returns the exit code. A
run with the same arguments as an earlier one gets its ``CheckCall`` from
``cli/remembered.py`` instead, and comes straight here: this module and what
it imports at the top stay free of typer, pydantic and the rule engine.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from pathlib import Path

from pmsm_cli.lint.api import Request
from pmsm_cli.records import record


@record
class CheckCall:
    """The parsed command line of one ``pmsm check``."""

    request: Request
    fmt: str | None  # --format; None: from the -o file's ending, else the default
    output_file: Path | None
    exit_zero: bool

    def paths(self) -> list[Path]:
        """Every path the command line names (typer refuses one that exists unreadable)."""
        request = self.request
        named = [*request.paths, *request.catalog, request.config, self.output_file]
        return [path for path in named if path is not None]


def run(call: CheckCall) -> int:
    """Check, write the report (or the diff) and return the exit code."""
    from pmsm_cli.cli import console
    from pmsm_cli.cli.output import choose_format, refuse_inputs, write_or_print
    from pmsm_cli.lint.api import check as run_check
    from pmsm_cli.lint.api import diff_outcome, inputs
    from pmsm_cli.lint.report import Options
    from pmsm_cli.lint.reporters import REPORTERS

    request, output_file = call.request, call.output_file
    fix, diff = request.mode == "fix", request.mode == "diff"
    copy = None
    if fix and _names_a_foreign_plan(request):
        # -o names the fixed copy of the plan; the report goes to stdout (api.foreign_fix_copy
        # refuses --fix without it, and more than one file).
        copy, output_file = output_file, None
        request = replace(request, copy=copy)
    if output_file is not None or copy is not None:
        refuse_inputs(output_file or copy, inputs(request))
    default = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    # --diff writes a diff whatever the file is called; the report formats do not apply.
    chosen = default if diff else choose_format(call.fmt, output_file, [*REPORTERS], default)
    report = run_check(request)
    if fix or diff:
        from pmsm_cli.files.discovery import may_be_foreign
        from pmsm_cli.lint.sources import is_workbook

        for result in report.results:
            path = Path(result.path)
            # A workbook from 'pmsm plan'; an Excel plan from another tool gets its copy (-o).
            if result.fixes and is_workbook(path) and not may_be_foreign(path):
                console.err().print(
                    f"{result.path}: a workbook is not changed by --fix; fix the plan file and "
                    "run 'pmsm plan' again",
                    markup=False,
                )
    if diff:
        outcome = diff_outcome(report)
        write_or_print(outcome.text, output_file)
        console.err().print(outcome.sentence(), markup=False)
        return outcome.exit_code

    tty = output_file is None and sys.stdout.isatty()
    options = Options(
        color=tty and chosen == "text" and "NO_COLOR" not in os.environ,
        # The terminal's width without loading rich, which only colours would need.
        width=_terminal_width() if tty else console.PIPE_WIDTH,
    )
    write_or_print(REPORTERS[chosen](report, options), output_file, report.summary.sentence())
    if copy is not None:
        # After the report, as other commands end with what they wrote; one file (api).
        result = report.results[0]
        if not result.unreadable:
            console.err().print(_copy_written(copy, len(result.copied)), markup=False)
    return report.exit_code(exit_zero=call.exit_zero)


def _names_a_foreign_plan(request: Request) -> bool:
    """Whether the files checked include a plan kept in another tool (named, not found)."""
    from pmsm_cli.lint.api import foreign_plans, plan_files

    return bool(foreign_plans(plan_files(request), request.input_format))


def _copy_written(copy: Path, added: int) -> str:
    if not added:
        return f"{copy} not written: the check reports no missing activity to add"
    return f"wrote {copy}: {added} activit{'y' if added == 1 else 'ies'} added"


def _terminal_width() -> int:
    # shutil is imported only here, for a report shown on a terminal: with bz2 and
    # lzma, which it imports, it cost 2 ms of every check written to a file or a pipe.
    import shutil

    return shutil.get_terminal_size().columns
