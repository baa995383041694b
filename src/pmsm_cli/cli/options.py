"""Options shared by several commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmsm_cli.cli.lookup import configuration, vocabulary_flag
from pmsm_cli.readers import READERS, ReadOptions

if TYPE_CHECKING:
    from pmsm_cli.models.catalog import Catalog

CatalogOverlays = typer.Option(
    [],
    "--catalog",
    help="An organisation catalog to lay over the built-in one (repeatable).",
    metavar="FILE",
)
OutputFile = typer.Option(
    None,
    "--output",
    "-o",
    metavar="FILE",
    help="Write to FILE instead of stdout; its ending picks the format.",
)
ConfigOption = typer.Option(
    None,
    "--config",
    metavar="FILE",
    help="Use this .pmsm.yaml or pyproject.toml, not the one nearest each plan.",
)
IsolatedOption = typer.Option(False, "--isolated", help="Ignore all configuration files.")
VocabularyOption = typer.Option(
    None,
    "--vocabulary",
    metavar="FRAMEWORKS",
    help="Name processes, functions, phases and process groups as these frameworks do "
    "(itil4, pmbok7, prince2; comma-separated, the first that maps an entry wins); ids stay "
    "the same [default: 'vocabulary' of the nearest .pmsm.yaml, else ITIL v3 and PMBOK 4].",
)


def command_catalog(overlays: Sequence[Path], vocabulary: str | None, near: Path | None) -> Catalog:
    """The catalog a command shows: with the overlays, in the vocabulary of --vocabulary or
    of the configuration nearest ``near`` (as pmsm check finds it), and expecting the
    activities of that configuration's ``frameworks``."""
    from pmsm_cli.catalogs.load import load_catalog

    flag = vocabulary_flag(vocabulary)
    words, frameworks = nearest_frameworks(near)
    return load_catalog(
        overlays, vocabulary=flag if flag is not None else words, frameworks=frameworks
    )


def nearest_frameworks(near: Path | None) -> tuple[tuple[str, ...], tuple[str, ...] | None]:
    """(vocabulary, frameworks) of the configuration nearest the folder ``near`` (or the
    file's folder); ((), None) without one."""
    _config, settings = configuration(near)
    return (settings.vocabulary, settings.frameworks) if settings else ((), None)


# -- how to read a plan kept in another tool (pmsm import and pmsm check) ---------


class DateOrder(str, Enum):
    dmy = "dmy"
    mdy = "mdy"
    ymd = "ymd"


InputFormat = typer.Option(
    None,
    "--input-format",
    metavar="FORMAT",
    help="Plans kept in other tools: the reader to use instead of detecting the format ("
    + ", ".join(READERS)
    + ").",
)
DateFormat = typer.Option(
    None,
    "--date-format",
    help="Plans kept in other tools: day, month and year order of ambiguous dates "
    "(default: from the dates themselves).",
)
Columns = typer.Option(
    None,
    "--columns",
    metavar="FIELD=HEADING,...",
    help="Plans kept in other tools: which column holds what, where the headings are not "
    "recognised: name=Task,start=Begin.",
)
Sheet = typer.Option(
    None,
    "--sheet",
    metavar="NAME",
    help="Plans kept in Excel: the sheet to read (default: the first that looks like a plan).",
)


def foreign_reading(
    input_format: str | None,
    date_format: DateOrder | None,
    columns: str | None,
    sheet: str | None,
) -> tuple[str | None, ReadOptions]:
    """The reader named (None: detect it) and the options, from the four flags above;
    PmsmError naming what was given and what is expected, before any file is read."""
    from pmsm_cli.errors import PmsmError

    if input_format is not None and input_format not in READERS:
        raise PmsmError(
            f"--input-format {input_format} is not a format pmsm reads; expected one of: "
            + ", ".join(READERS)
        )
    return input_format, ReadOptions(
        date_order=date_format.value if date_format else None,
        columns=parse_columns(columns),
        sheet=sheet,
    )


def parse_columns(value: str | None) -> dict[str, str]:
    """``name=Task,start=Begin`` -> {"name": "Task", "start": "Begin"}; PmsmError for a part
    that is not FIELD=HEADING or a field no reader fills (the fields are listed)."""
    from pmsm_cli.errors import PmsmError

    found: dict[str, str] = {}
    for part in (value or "").split(","):
        if not part.strip():
            continue
        field, sep, heading = part.partition("=")
        if not sep or not field.strip() or not heading.strip():
            raise PmsmError(
                f"--columns: '{part.strip()}' should be FIELD=HEADING, as in name=Task,start=Begin"
            )
        found[field.strip()] = heading.strip()
    if found:
        from pmsm_cli.readers.table import FIELDS

        unknown = [f for f in found if f not in FIELDS]
        if unknown:
            raise PmsmError(
                f"--columns: {', '.join(repr(f) for f in unknown)} "
                f"{'is not a field' if len(unknown) == 1 else 'are not fields'} pmsm reads; "
                f"the fields are: {', '.join(FIELDS)}"
            )
    return found


def sub_app(help_text: str) -> typer.Typer:
    """A command group with the same conventions as the root command."""
    return typer.Typer(
        help=help_text,
        no_args_is_help=True,
        rich_markup_mode=None,
        add_completion=False,
        pretty_exceptions_enable=False,
    )


# An organisation's templates for the documents init writes and docs renders again.
TemplatesOption = typer.Option(
    None,
    "--templates",
    metavar="DIR",
    help="Your organisation's templates, used before the built-in ones (sandboxed).",
)


# -- the plan a command works on -------------------------------------------------

PlanArg = typer.Argument(
    ..., metavar="PLAN", help="The plan file, or a folder holding one (its pmsm.yaml)."
)


def parse_date(value: str | None, option: str) -> dt.date:
    """A YYYY-MM-DD option value (--as-of, --approved-on, ...); today when it is not given."""
    from pmsm_cli.errors import PmsmError

    if value is None:
        return dt.date.today()
    try:
        if len(value) != 10:
            raise ValueError(value)
        return dt.date.fromisoformat(value)
    except ValueError:
        raise PmsmError(
            f"{option} should be a date written YYYY-MM-DD, but it is '{value}'"
        ) from None
