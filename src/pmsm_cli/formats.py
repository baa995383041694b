"""An output format, and the registries that list them: one list per family of formats.

Each family (``pmsm plan``'s outputs, ``pmsm check``'s reports, the status and
portfolio reports, the catalog export) is one ``dict`` of name ->
:class:`Format`, in a module that imports nothing heavy. The command line
derives everything from it: the ``--format`` choices, the help that lists
file endings, and the format a ``-o`` file's ending selects. Adding a format
is a module with the function that writes it and one line in its family's
registry; nothing else names it.

An entry names its function by module and attribute, imported when the
format is used, so a registry costs nothing at start-up (a check on every
commit does not load Excel or Jinja2 to learn that ``xlsx`` exists).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pmsm_cli.records import record


@record(slots=True)
class Format:
    """One output format: what writes it, the file endings it has, a few words for help."""

    module: str  # imported when the format is used
    function: str  # the attribute of ``module`` that writes the format
    # File endings, lower case with the dot, the usual one first. An ending selects the
    # first format of a family that has it (.csv: csv, not jira-csv); see cli/output.py.
    endings: tuple[str, ...]
    what: str  # a few words for --help and messages ("Excel workbook")
    binary: bool = False  # bytes, not text: needs a file, never stdout
    # "module:attribute" of a function that turns the loaded function into the one the
    # family calls (pmsm plan's exports work from the schedule, not the view); "" if none.
    adapter: str = ""

    def load(self) -> Callable[..., Any]:
        """The function that writes this format (its module is imported now)."""
        function: Callable[..., Any] = getattr(importlib.import_module(self.module), self.function)
        if self.adapter:
            module, _, attribute = self.adapter.partition(":")
            adapt: Callable[..., Callable[..., Any]] = getattr(
                importlib.import_module(module), attribute
            )
            return adapt(function)
        return function


class Loaded(Mapping[str, Callable[..., Any]]):
    """A registry seen as name -> function; each function is imported when looked up.

    The registry is read at each lookup, so an entry added to it later is found.
    """

    def __init__(self, registry: Mapping[str, Format]) -> None:
        self.registry = registry

    def __getitem__(self, name: str) -> Callable[..., Any]:
        return self.registry[name].load()

    def __iter__(self) -> Iterator[str]:
        return iter(self.registry)

    def __len__(self) -> int:
        return len(self.registry)


# Every family, as "module:attribute" of its registry, so that the file endings of all
# formats are known in one place (cli/output.py: a ".sarif" file is never plan output).
FAMILIES = (
    "pmsm_cli.render:RENDERERS",
    "pmsm_cli.lint.reporters:FORMATS",
    "pmsm_cli.reports:STATUS_FORMATS",
    "pmsm_cli.reports:PORTFOLIO_FORMATS",
    "pmsm_cli.catalogs:EXPORT_FORMATS",
)


def families() -> list[Mapping[str, Format]]:
    """The registries of every family, in the order of ``FAMILIES``."""
    found = []
    for path in FAMILIES:
        module, _, attribute = path.partition(":")
        registry: Mapping[str, Format] = getattr(importlib.import_module(module), attribute)
        found.append(registry)
    return found
