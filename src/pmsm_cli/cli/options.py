"""Options shared by several commands."""

from __future__ import annotations

from enum import Enum

import typer

from pmsm_cli.readers import READERS, ReadOptions

CatalogOverlays = typer.Option(
    [],
    "--catalog",
    help="An organisation catalog to lay over the built-in one (repeatable).",
    metavar="FILE",
)
OutputFile = typer.Option(
    None, "--output", "-o", help="Write to FILE instead of stdout; its ending picks the format."
)


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
