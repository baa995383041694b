"""The root ``pmsm`` command: joins the command modules and maps failures to exit codes.

Exit codes, as ruff and sqlfluff use them: 0 all good, 1 findings, 2 a usage,
configuration, input or internal error, always with a message and never a
Python traceback (set ``PMSM_DEBUG=1`` to see one).
"""

from __future__ import annotations

import os
import sys
from typing import Any

import typer
from typer.core import TyperGroup

from pmsm_cli import __version__
from pmsm_cli.cli import catalog_cmd, check_cmd, rules_cmd, schema_cmd
from pmsm_cli.errors import PmsmError

EXIT_ERROR = 2


def report_error(error: PmsmError) -> None:
    # Plain stderr writes: rich would wrap long paths and mangle file:line:col.
    sys.stderr.write(error.render() + "\n")


class PmsmGroup(TyperGroup):
    """Turns a PmsmError anywhere below into its message and exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
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


app.add_typer(catalog_cmd.app, name="catalog")
app.command("schema")(schema_cmd.schema)
app.command("check")(check_cmd.check)
app.command("rules")(rules_cmd.rules)
app.command("explain")(rules_cmd.explain)


def run() -> None:
    app()
