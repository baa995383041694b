"""Options shared by several commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from pmsm_cli.readers import READERS, ReadOptions

if TYPE_CHECKING:
    from pmsm_cli.lint.result import Settings
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


def vocabulary_flag(value: str | None) -> tuple[str, ...] | None:
    """--vocabulary itil4,pmbok7 -> ("itil4", "pmbok7"); PmsmError for an unknown name."""
    if value is None:  # the usual case: a check's start-up imports nothing for it
        return None
    from pmsm_cli.catalogs.frameworks import parse_frameworks

    return parse_frameworks(value, "--vocabulary")


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


def configuration(
    near: Path | None, config: Path | None = None, *, isolated: bool = False
) -> tuple[Path | None, Settings | None]:
    """The configuration file a command uses for the plan or folder ``near``, and its
    settings: ``--config`` when given, none with ``--isolated``, else the file nearest
    ``near`` as pmsm check finds it; (None, None) when there is none."""
    if config is not None:
        # Refused as pmsm check refuses it, also beside --isolated: naming it is a mistake.
        from pmsm_cli.lint.configfiles import require_config

        require_config(config)
    if isolated or (config is None and near is None):
        return None, None
    if config is None:
        assert near is not None
        from pmsm_cli.lint.configfiles import find_config

        folder = near if near.is_dir() else near.parent
        try:
            config = find_config(folder.resolve())
        except OSError:
            return None, None
        if config is None:
            return None, None
    from pmsm_cli.lint.config import settings_from
    from pmsm_cli.lint.config_file import read_layers
    from pmsm_cli.lint.rules import RULES

    return config, settings_from(read_layers(config, RULES), RULES)


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


def plan_path(path: Path) -> Path:
    """The plan file named by ``path``: the file itself, or the plan in the folder ``path``.

    Every command that works on one plan (plan, status, baseline, sync, change)
    finds it the same way: in a folder, ``pmsm.yaml`` (or ``pmsm.yml``), else its
    only ``*.pmsm.yaml``. A folder with none or several, and a file pmsm does
    not read as a plan (a workbook, a plan kept in another tool), is refused with
    what to do instead; a missing file is left to the loader, which says so.
    """
    from pmsm_cli.errors import PmsmError

    if path.is_dir():
        return _plan_in_folder(path)
    if path.is_file():
        refusal = _not_a_plan(path)
        if refusal is not None:
            raise PmsmError(refusal, path)
    return path


def _plan_in_folder(folder: Path) -> Path:
    from pmsm_cli.errors import PmsmError
    from pmsm_cli.files.discovery import PLAN_NAMES, PLAN_SUFFIXES

    for name in sorted(PLAN_NAMES, key=lambda n: n != "pmsm.yaml"):
        if (folder / name).is_file():
            return folder / name
    try:
        found = sorted(
            p for p in folder.iterdir() if p.name.endswith(PLAN_SUFFIXES) and p.is_file()
        )
    except OSError as exc:
        raise PmsmError(f"cannot read the folder: {exc.strerror or exc}", folder) from None
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(p.name for p in found)
        raise PmsmError(
            f"the folder holds {len(found)} plans ({names}); name the one to use", folder
        )
    raise PmsmError(
        "the folder holds no plan (pmsm.yaml or *.pmsm.yaml); name the plan file, or create "
        f"one with 'pmsm init {folder}'",
        folder,
    )


_TEXT_FORMATS = frozenset({"csv", "jira-csv", "markdown"})


def _not_a_plan(path: Path) -> str | None:
    """Why the file ``path`` is not a pmsm plan, and what to do with it; None if it may be one.

    Only files not named .yaml/.yml are looked into (a plan is YAML), and only
    their first bytes, so that the usual case costs nothing.
    """
    from pmsm_cli.files.discovery import WORKBOOK_SUFFIXES, YAML_SUFFIXES, may_be_foreign

    ending = path.suffix.lower()
    if ending in YAML_SUFFIXES:
        return None
    todo = f"to check it use 'pmsm check {path}', to convert it 'pmsm import {path}'"
    if ending in WORKBOOK_SUFFIXES and not may_be_foreign(path):
        return (
            "this is a workbook 'pmsm plan' wrote, not the plan itself: give the plan file it "
            "was written from; to take the edits made in it into the plan use "
            f"'pmsm sync PLAN {path}'"
        )
    from pmsm_cli.readers import READERS, detect

    try:
        found = detect(path)
    except OSError:
        return None  # the loader says what is wrong with reading it
    if ending in WORKBOOK_SUFFIXES or found == "xlsx":
        return f"this is an Excel workbook pmsm did not write, not a pmsm plan; {todo}"
    if found is None:
        return None
    reader = READERS[found]
    if found in _TEXT_FORMATS and (ending not in reader.ENDINGS or ending == ".txt"):
        # CSV and Markdown are sniffed forgivingly, and a YAML plan named plan.txt may
        # look like either: only their own endings make a file another tool's plan here.
        return None
    return f"this is a plan kept in another tool ({reader.DESCRIPTION}); {todo}"


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
