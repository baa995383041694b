"""The root ``pmsm`` command: joins the command modules and maps failures to exit codes.

The exit codes and messages of a failure are cli/failures.py's.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperGroup

from pmsm_cli import __version__
from pmsm_cli.cli.failures import EXIT_BROKEN_PIPE, EXIT_ERROR, exit_code_for, flush_stdout

__all__ = ["COMMANDS", "EXIT_BROKEN_PIPE", "EXIT_ERROR", "app", "run"]

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
                flush_stdout()
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except (Exception, KeyboardInterrupt) as error:
            raise typer.Exit(exit_code_for(error)) from None


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
