"""Readers of plans kept in other tools: one module per format, one registry.

Adding a format is one module (in this package, or anywhere importable) and one
line in ``MODULES``; ``--input-format`` offers it and detection tries it.
Each module defines:

- ``NAME``: its name in the registry (also the value of ``--input-format``);
- ``DESCRIPTION``: a few words a project manager recognises ("MS Project XML");
- ``ENDINGS``: the file endings it usually has, lower case, with the dot;
- ``USES``: which reading options it reads, of ``sheet``, ``columns`` and
  ``date_format`` (``--sheet``, ``--columns``, ``--date-format``);
- ``sniff(head: bytes, path: Path) -> bool``: whether the first bytes of a file
  (at most ``SNIFF_BYTES``) look like its format. Detection is by content,
  not by name, as MPXJ's universal reader does: an MS Project XML saved as
  ``.txt`` is still read, and a YAML file named ``.xml`` is not mistaken;
- ``read(path: Path, options: ReadOptions) -> ForeignPlan``: reads the whole
  file, never modifies it, and raises ``PmsmError`` naming the file and the
  line and column (or sheet and cell, or task UID) of anything it cannot read.

Modules are imported only when a file needs them (start-up time of pmsm check).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from dataclasses import field
from pathlib import Path
from types import ModuleType
from typing import Literal

from pmsm_cli.records import record

SNIFF_BYTES = 8192

_HERE = __name__

# Reader name -> its module, in the order sniffing tries them: the formats with
# an unmistakable signature first, the forgiving text formats last.
MODULES: dict[str, str] = {
    "mspdi": f"{_HERE}.mspdi",
    "ganttproject": f"{_HERE}.ganttproject",
    # Workbooks before MPXJ: an old .xls is an OLE2 file like .mpp, and the
    # workbook reader claims only the OLE2 files that hold a workbook, to refuse
    # them with "save it as .xlsx"; MPXJ takes the other OLE2 files.
    "xlsx": f"{_HERE}.xlsx_plan",
    "mpxj": f"{_HERE}.mpxj",
    # The text formats from the most particular (Jira's "Issue key" and "Summary")
    # to the most forgiving (Markdown, only for text with Markdown structure).
    "jira-csv": f"{_HERE}.jira_csv",
    "csv": f"{_HERE}.csv_plan",
    "markdown": f"{_HERE}.markdown_plan",
}


@record(slots=True)
class ReadOptions:
    """What the user can tell a reader when detection is not enough."""

    # "dmy", "mdy" or "ymd"; None lets the reader decide from the data.
    date_order: Literal["dmy", "mdy", "ymd"] | None = None
    # Plan field -> the source's column heading, overriding detection ("name" -> "Task").
    columns: Mapping[str, str] = field(default_factory=dict)
    # Which sheet of a workbook to read; None picks the one that looks like a plan.
    sheet: str | None = None

    def given(self) -> list[str]:
        """The options set, by the names readers' ``USES`` give them."""
        named = {"sheet": self.sheet is not None, "columns": bool(self.columns)}
        named["date_format"] = self.date_order is not None
        return [name for name, present in named.items() if present]


class _Readers(Mapping[str, ModuleType]):
    """The reader modules by name; a module is imported when it is looked up."""

    def __getitem__(self, name: str) -> ModuleType:
        return importlib.import_module(MODULES[name])

    def __iter__(self) -> Iterator[str]:
        return iter(MODULES)

    def __len__(self) -> int:
        return len(MODULES)


READERS: Mapping[str, ModuleType] = _Readers()


def detect(path: Path) -> str | None:
    """The name of the reader whose format the file's content has, or None."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    for name in MODULES:
        if READERS[name].sniff(head, path):
            return name
    return None
