"""Which configuration file applies to a plan: the nearest ``.pmsm.yaml`` or ``[tool.pmsm]``.

Apart from ``lint/config.py``, which reads and validates what it finds: a
check answered from the cache needs to know which file applies, not what it
says (the cache hashes the file instead).

A configuration found this way that is a symbolic link must not lead out of
its repository (see pmsm_cli.files.confinement): in a pull request it could make
pmsm read any file of the machine that runs the check.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.confinement import inside, repository_root

CONFIG_NAME = ".pmsm.yaml"
PYPROJECT = "pyproject.toml"

# Where tomllib's messages say the problem is: "(at line 3, column 7)".
_TOML_PLACE = re.compile(r" \(at line (\d+), column (\d+)\)$")


def find_config(start: Path) -> Path | None:
    """The configuration closest to ``start`` (a file's folder), searching upward."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        dotfile = candidate / CONFIG_NAME
        if dotfile.is_file():
            return _within_repository(dotfile)
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and _has_tool_pmsm(pyproject):
            return _within_repository(pyproject)
    return None


def require_config(given: Path) -> None:
    """Refuse a configuration file named with --config that is not there."""
    if not given.is_file():
        raise PmsmError(f"the configuration file '{given}' does not exist")


def _within_repository(found: Path) -> Path:
    if found.is_symlink() and inside(found, repository_root(found.parent)) is None:
        raise PmsmError(
            "this configuration file is a symbolic link that leads out of its repository; "
            "pmsm does not follow it (give the file with --config to use it anyway)",
            found,
        )
    return found


def _has_tool_pmsm(path: Path) -> bool:
    # Cheap test first: most pyproject.toml files never mention pmsm. NULs are
    # dropped so that a UTF-16 file that mentions it is reported, not skipped.
    try:
        raw = path.read_bytes()
    except OSError:
        return False
    if b"tool.pmsm" not in raw.replace(b"\x00", b""):
        return False
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        from pmsm_cli.files.reading import decode  # only now worth loading

        text = decode(raw, path, quote_content=False)  # raises, naming the byte
    return tool_table(read_toml(path, text)) is not None


def tool_table(data: dict[str, Any]) -> Any:
    """The ``[tool.pmsm]`` table, or None when there is none."""
    tool = data.get("tool")
    return tool.get("pmsm") if isinstance(tool, dict) else None


def read_toml(path: Path, text: str) -> dict[str, Any]:
    import sys

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        from pmsm_cli.files.quoting import without_quotes

        # tomllib quotes what it found; a configuration's text is never repeated.
        message = str(exc)
        place = _TOML_PLACE.search(message)
        line, column = (int(place[1]), int(place[2])) if place else (None, None)
        problem = without_quotes(message[: place.start()] if place else message)
        raise PmsmError(f"this is not valid TOML: {problem}", path, line, column) from None
