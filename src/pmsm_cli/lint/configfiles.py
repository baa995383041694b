"""Which configuration file applies to a plan: the nearest ``.pmsm.yaml`` or ``[tool.pmsm]``.

Apart from ``lint/config.py``, which reads and validates what it finds: a
check answered from the cache needs to know which file applies, not what it
says (the cache hashes the file instead).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pmsm_cli.errors import PmsmError

CONFIG_NAME = ".pmsm.yaml"
PYPROJECT = "pyproject.toml"


def find_config(start: Path) -> Path | None:
    """The configuration closest to ``start`` (a file's folder), searching upward."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        dotfile = candidate / CONFIG_NAME
        if dotfile.is_file():
            return dotfile
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_pmsm(pyproject):
            return pyproject
    return None


def _has_tool_pmsm(path: Path) -> bool:
    # Cheap test first: most pyproject.toml files never mention pmsm.
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return "tool.pmsm" in text and "pmsm" in read_toml(path, text).get("tool", {})


def read_toml(path: Path, text: str) -> dict[str, Any]:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PmsmError(f"this is not valid TOML: {exc}", path) from None
