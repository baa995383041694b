"""Configuration: ``.pmsm.yaml`` or ``[tool.pmsm]`` in ``pyproject.toml``, as ruff finds its own.

For each checked file, the closest configuration wins: pmsm looks in the
file's folder, then its parent, and so on up to the root, and takes the first
``.pmsm.yaml``, or ``pyproject.toml`` that has a ``[tool.pmsm]`` table (in one
folder, ``.pmsm.yaml`` wins). ``--config FILE`` uses that file for every plan
instead; ``--isolated`` uses none. Keys::

    select: [ALL]            # codes, families (REL) or slugs; ALL is every rule
    ignore: [REQ005]
    severity: {STK004: error, REQ: warning}
    fail-level: warning      # error (default), warning or info
    catalog: org-catalog.yaml  # or a list; relative to this file
    extends: ../.pmsm.yaml   # read that file first, then this one on top
    change_calendar: {...}   # freezes, maintenance windows, CAB (pmsm_cli.changecal.config)
    vocabulary: itil4        # or a list: whose names outputs use (pmsm_cli.catalogs.frameworks)
    frameworks: [itil-v3, itil4]  # whose activities plans are expected to have

Command-line flags beat files: ``--select`` replaces the selection,
``--ignore`` removes from it, ``--fail-level``, ``--catalog`` and
``--vocabulary`` replace.
A file's ``change_calendar`` replaces the one of the file it extends, whole.

The files a configuration names (``extends``, ``catalog``, also in the files
it extends) must be inside its repository (see pmsm_cli.files.confinement); files
given on the command line may be anywhere. Errors about a configuration
never repeat what it holds (see pmsm_cli.files.quoting): it may have named a file
that is not pmsm's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from pmsm_cli.changecal.config import ChangeCalendarModel
from pmsm_cli.errors import PmsmError
from pmsm_cli.files.confinement import inside, repository_root
from pmsm_cli.files.reading import read_text
from pmsm_cli.files.yamlio import Loc, YamlDocument, load_yaml
from pmsm_cli.lint.config import Layer, code_of, expand_names, selector_problem
from pmsm_cli.lint.configfiles import PYPROJECT, read_toml, tool_table
from pmsm_cli.lint.finding import Severity
from pmsm_cli.lint.rule import Rule
from pmsm_cli.models.catalog import Framework
from pmsm_cli.plan.validation import validate

WHAT = "configuration file"


class ConfigModel(BaseModel):
    # defer_build: most runs find no configuration file; they should not pay
    # for building this model's validator.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True, defer_build=True)

    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    severity: dict[str, Severity] = Field(default_factory=dict)
    fail_level: Severity | None = Field(default=None, alias="fail-level")
    catalog: list[str] | str | None = None
    extends: str | None = None
    change_calendar: ChangeCalendarModel | None = None
    vocabulary: list[Framework] | Framework | None = None
    frameworks: list[Framework] | None = None


@dataclass
class _TomlDocument:
    """Settings from ``[tool.pmsm]``; TOML gives no positions, so errors point at the table."""

    path: Path
    data: Any
    line: int

    def locate(self, loc: Loc, *, prefer_key: bool = False) -> tuple[Path, int, int]:
        return self.path, self.line, 1

    def origin(self, loc: Loc) -> tuple[Any, Loc]:
        return self.data, loc


def read_layers(path: Path, known: Sequence[Rule]) -> list[Layer]:
    """The layers of one configuration file, ``extends`` first.

    The files it names, and those the files it extends name, must be inside the
    repository of this one (``path`` itself may be anywhere: the caller chose it).
    """
    try:
        real = path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        raise PmsmError("cannot follow this path's symbolic links to a file", path) from None
    return _read_layers(real, known, repository_root(real.parent), ())


def _read_layers(
    path: Path, known: Sequence[Rule], root: Path, seen: tuple[Path, ...]
) -> list[Layer]:
    if path in seen:
        chain = " -> ".join(str(p) for p in (*seen, path))
        raise PmsmError(f"configuration files extend each other in a circle: {chain}", path)
    doc: YamlDocument | _TomlDocument
    if path.name == PYPROJECT:
        text = read_text(path, WHAT, quote_content=False)
        table = tool_table(read_toml(path, text))
        if table is None:
            raise PmsmError("this pyproject.toml has no [tool.pmsm] table", path)
        line = next(
            (n for n, t in enumerate(text.splitlines(), 1) if t.strip() == "[tool.pmsm]"), 1
        )
        doc = _TomlDocument(path, table, line)
    else:
        doc = load_yaml(path, WHAT, quote_content=False)
        if doc.data is None:
            return [Layer(origin=path)]
    model = validate(ConfigModel, doc, WHAT, quote_content=False)
    for field_name in ("select", "ignore"):
        for index, selector in enumerate(getattr(model, field_name) or []):
            _check_selector(selector, known, doc, (field_name, index))
    for selector in model.severity:
        _check_selector(selector, known, doc, ("severity", selector))
    layers: list[Layer] = []
    if model.extends:
        parent = _named(model.extends, doc, ("extends",), root)
        if not parent.is_file():
            where = doc.locate(("extends",))
            raise PmsmError(f"'extends' names '{model.extends}', which does not exist", *where)
        layers = _read_layers(parent, known, root, (*seen, path))
    catalogs: tuple[Path, ...] | None = None
    if isinstance(model.catalog, str):
        catalogs = (_named(model.catalog, doc, ("catalog",), root),)
    elif model.catalog is not None:
        catalogs = tuple(
            _named(name, doc, ("catalog", index), root) for index, name in enumerate(model.catalog)
        )
    calendar = None
    if model.change_calendar is not None:
        from pmsm_cli.changecal.config import build

        wanted = model.change_calendar.ics
        ics = None if wanted is None else _named(wanted, doc, ("change_calendar", "ics"), root)
        calendar = build(model.change_calendar, ics, doc.locate)
    layers.append(
        Layer(
            select=tuple(expand_names(model.select, known)) if model.select is not None else None,
            ignore=tuple(expand_names(model.ignore, known)),
            severity=tuple((code_of(s, known), level) for s, level in model.severity.items()),
            fail_level=model.fail_level,
            catalog=catalogs,
            origin=path,
            calendar=calendar,
            vocabulary=_as_tuple(model.vocabulary),
            frameworks=_as_tuple(model.frameworks),
        )
    )
    return layers


def _as_tuple(value: list[Framework] | Framework | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(dict.fromkeys(value))


def _named(name: str, doc: YamlDocument | _TomlDocument, loc: Loc, root: Path) -> Path:
    """The file a configuration names (relative to it), which must be inside ``root``."""
    real = inside(doc.path.parent / name, root)
    if real is None:
        key = next(k for k in reversed(loc) if isinstance(k, str))  # catalog's list index aside
        raise PmsmError(
            f"'{key}' names '{name}', which is outside the repository ({root}); a "
            "configuration may only name files inside its repository (give a file outside it "
            "on the command line instead)",
            *doc.locate(loc),
        )
    return real


def _check_selector(
    selector: str, known: Sequence[Rule], doc: YamlDocument | _TomlDocument, loc: Loc
) -> None:
    problem = selector_problem(selector, known, quote_content=False)
    if problem:
        raise PmsmError(problem, *doc.locate(loc, prefer_key=loc[0] == "severity"))
