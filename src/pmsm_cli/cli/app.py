"""The root ``pmsm`` command: joins the command modules and maps failures to exit codes.

Exit codes, as ruff and sqlfluff use them: 0 all good, 1 findings, 2 a usage,
configuration, input or internal error, always with a message and never a
Python traceback (set ``PMSM_DEBUG=1`` to see one). When the program reading
the output stops reading (``| head``), pmsm stops quietly with 141, as cat
and grep do.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from pmsm_cli import __version__
from pmsm_cli.errors import PmsmError

EXIT_ERROR = 2
# What a shell reports for cat or grep ended by SIGPIPE: the program reading
# pmsm's output stopped reading (`pmsm import plan.xml -f json | head -1`).
EXIT_BROKEN_PIPE = 128 + 13

# Every command: name -> (module, attribute, one line of help). A command's
# module is imported only when that command runs, so `pmsm --help` and a
# check on every commit do not pay for the models, Excel or templates of the
# others. A new command is one line here and a module in this package; the
# attribute is a typer.Typer (a group of subcommands) or a command function.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "baseline": (
        "pmsm_cli.cli.baseline_cmd",
        "baseline",
        "Freeze the schedule and costs, to measure progress against.",
    ),
    "catalog": (
        "pmsm_cli.cli.catalog_cmd",
        "app",
        "Browse, check and export the catalog of ITIL activities.",
    ),
    "change": (
        "pmsm_cli.cli.change_cmd",
        "app",
        "Add and list change requests (sponsor) and RFCs (CAB), §5.1.",
    ),
    "check": (
        "pmsm_cli.cli.check_cmd",
        "check",
        "Check plans for missing ITIL activities, as a linter does.",
    ),
    "docs": (
        "pmsm_cli.cli.docs_cmd",
        "docs",
        "Regenerate charter.md and requirements.md from the plan; hand edits are kept.",
    ),
    "explain": (
        "pmsm_cli.cli.rules_cmd",
        "explain",
        "Explain a check rule: why it exists, its source, examples.",
    ),
    "import": (
        "pmsm_cli.cli.import_cmd",
        "import_plan",
        "Convert a plan from MS Project, Excel, CSV, Jira... to pmsm YAML.",
    ),
    "init": (
        "pmsm_cli.cli.init_cmd",
        "init",
        "Start a project: plan, charter and registers that think ITIL.",
    ),
    "plan": (
        "pmsm_cli.cli.plan_cmd",
        "plan",
        "Schedule a plan; write Markdown, Excel, HTML, MS Project...",
    ),
    "portfolio": (
        "pmsm_cli.cli.portfolio_cmd",
        "portfolio",
        "Rank plans by ROI, the more strategic service first when close.",
    ),
    "rules": (
        "pmsm_cli.cli.rules_cmd",
        "rules",
        "List the check rules: code, name, severity, what each finds.",
    ),
    "schema": (
        "pmsm_cli.cli.schema_cmd",
        "schema",
        "Print the JSON Schema of the plan, catalog or services file.",
    ),
    "status": (
        "pmsm_cli.cli.status_cmd",
        "status",
        "Report progress against the baseline: earned value, variances.",
    ),
    "sync": (
        "pmsm_cli.cli.sync_cmd",
        "sync",
        "Take the edits made in the Excel workbook into the plan.",
    ),
}


def report_error(error: PmsmError) -> None:
    # Plain stderr writes: rich would wrap long paths and mangle file:line:col.
    sys.stderr.write(error.render() + "\n")


class PmsmGroup(TyperGroup):
    """Loads commands on demand; turns a PmsmError anywhere below into exit code 2."""

    def list_commands(self, ctx: Any) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute, _help = COMMANDS[cmd_name]
        module = importlib.import_module(module_name)
        target = getattr(module, attribute)
        if isinstance(target, typer.Typer):
            command = typer.main.get_command(target)
        else:
            single = typer.Typer(rich_markup_mode=None, add_completion=False)
            single.command(cmd_name)(target)
            command = typer.main.get_command(single)
        command.name = cmd_name
        from pmsm_cli.cli.coercion import install

        install(command, ctx)  # plain option values without pydantic: see cli/coercion.py
        from pmsm_cli.cli.helptext import finish

        finish(command, getattr(module, "EXAMPLES", {}), cmd_name)  # plain help, with examples
        return command

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from pmsm_cli.cli.coercion import install

        install(self, ctx)  # the root's own options (--version, --help) too
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        # The registry's help lines, so that listing commands imports none of them.
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        try:
            try:
                return super().invoke(ctx)
            finally:
                # What is still buffered goes out now, where a closed pipe can be
                # caught, not in Python's own flush at exit, which prints a warning.
                if sys.stdout is not None:
                    sys.stdout.flush()
        except BrokenPipeError:
            _drop_stdout()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except PmsmError as error:
            report_error(error)
            raise typer.Exit(EXIT_ERROR) from None
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except KeyboardInterrupt:
            sys.stderr.write("interrupted\n")
            raise typer.Exit(130) from None
        except Exception as error:
            if os.environ.get("PMSM_DEBUG"):
                raise
            sys.stderr.write(
                f"internal error: {type(error).__name__}: {error}\n"
                "This is a bug in pmsm; run again with PMSM_DEBUG=1 for details and report it.\n"
            )
            raise typer.Exit(EXIT_ERROR) from None


def _drop_stdout() -> None:
    """Send what is left for stdout nowhere: its reader has gone, and says nothing more."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real file behind stdout: nothing to do
        pass


app = typer.Typer(
    name="pmsm",
    cls=PmsmGroup,
    help="Plan-as-code for IT projects that land inside an ITIL service organisation.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"pmsm {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Show the version and exit.",
        callback=_version,
        is_eager=True,
    ),
) -> None:
    """Plan-as-code for IT projects that land inside an ITIL service organisation."""


def run() -> None:
    app()
