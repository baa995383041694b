"""Settings: the layers from configuration files and the command line, applied in order.

Reading a configuration file is lint/config_file.py; most checks find none, and
need neither its models nor the change calendar's.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.quoting import plausible, suggestion
from pmsm_cli.lint.finding import Severity
from pmsm_cli.lint.result import Settings
from pmsm_cli.lint.rule import Rule
from pmsm_cli.models.catalog import DEFAULT_FRAMEWORKS
from pmsm_cli.records import record

if TYPE_CHECKING:
    from pmsm_cli.changecal.model import ChangeCalendar


@record
class Layer:
    """One source of settings: a configuration file, or the command line."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_level: Severity | None = None
    catalog: tuple[Path, ...] | None = None
    origin: Path | None = None  # the configuration file it was read from
    calendar: ChangeCalendar | None = None  # the change calendar (changecal)
    # whose names outputs use (pmsm_cli.catalogs.frameworks)
    vocabulary: tuple[str, ...] | None = None
    frameworks: tuple[str, ...] | None = None  # whose activities plans are expected to have


def selector_problem(
    selector: str, known: Sequence[Rule], *, quote_content: bool = True
) -> str | None:
    """Why ``selector`` selects no rule, or None when it is fine.

    ``quote_content=False`` (it comes from a file): the selector is named only if it
    is a plausible misspelling of a rule's code, family or name.
    """
    code = code_of(selector, known)
    if code == "ALL" or any(r.code.startswith(code) for r in known):
        return None
    names = [r.code for r in known] + [r.slug for r in known] + sorted({r.family for r in known})
    close = suggestion(selector, names)
    hint = f"; did you mean '{close}'?" if close else "; see 'pmsm rules' for the codes"
    if quote_content or plausible(selector, names):
        return f"'{selector}' is no rule code, family or name{hint}"
    return f"this is no rule code, family or name{hint}"


def code_of(selector: str, known: Sequence[Rule]) -> str:
    """Slugs become codes and codes upper case, so every selector downstream is a code or prefix."""
    selector = selector.strip()
    if "-" in selector:
        return next((r.code for r in known if r.slug == selector.lower()), selector)
    return selector.upper()


def expand_names(selectors: Iterable[str], known: Sequence[Rule]) -> list[str]:
    return [code_of(s, known) for s in selectors]


def cli_layer(
    select: Sequence[str] | None,
    ignore: Sequence[str],
    fail_level: Severity | None,
    catalog: Sequence[Path] | None,
    known: Sequence[Rule],
    vocabulary: Sequence[str] | None = None,
) -> Layer:
    for selector in [*(select or []), *ignore]:
        problem = selector_problem(selector, known)
        if problem:
            raise PmsmError(problem)
    return Layer(
        select=tuple(expand_names(select, known)) if select is not None else None,
        ignore=tuple(expand_names(ignore, known)),
        fail_level=fail_level,
        catalog=tuple(catalog) if catalog else None,
        vocabulary=tuple(vocabulary) if vocabulary is not None else None,
    )


def settings_from(layers: Sequence[Layer], known: Sequence[Rule]) -> Settings:
    """Apply the layers in order, as ruff does: a 'select' starts over, an 'ignore' removes."""
    from pmsm_cli.lint.suppression import matches

    codes = [r.code for r in known]
    selected = set(codes)
    severity: dict[str, Severity] = {}
    fail_level: Severity = "error"
    catalog: tuple[Path, ...] = ()
    calendar: ChangeCalendar | None = None
    vocabulary: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = DEFAULT_FRAMEWORKS
    for layer in layers:
        if layer.select is not None:
            selected = {c for c in codes if any(matches(s, c) for s in layer.select)}
        selected -= {c for c in codes if any(matches(s, c) for s in layer.ignore)}
        severity.update(layer.severity)
        fail_level = layer.fail_level or fail_level
        catalog = layer.catalog if layer.catalog is not None else catalog
        calendar = layer.calendar if layer.calendar is not None else calendar
        vocabulary = layer.vocabulary if layer.vocabulary is not None else vocabulary
        frameworks = layer.frameworks if layer.frameworks is not None else frameworks
    return Settings(
        frozenset(selected),
        tuple(severity.items()),
        fail_level,
        catalog,
        calendar,
        vocabulary,
        frameworks,
    )
