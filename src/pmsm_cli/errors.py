"""Errors that reach the user.

Anything the user can get wrong (a file, an option, a template) raises
:class:`PmsmError`. The command line turns it into one line per problem on
stderr, ``file:line:col: message``, and exit code 2, never a traceback.
"""

from __future__ import annotations

from pathlib import Path

from pmsm_cli.records import record


@record(slots=True)
class Problem:
    """One thing wrong with one place in one file."""

    message: str
    path: Path | None = None
    line: int | None = None  # 1-based, as editors count
    column: int | None = None  # 1-based

    def where(self) -> str:
        """``file:line:col`` (as much of it as is known), or an empty string."""
        if self.path is None:
            return ""
        text = str(self.path)
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text

    def render(self, label: str = "error") -> str:
        where = self.where()
        return f"{where}: {label}: {self.message}" if where else f"{label}: {self.message}"


class PmsmError(Exception):
    """A user-facing failure: one or more problems, exit code 2."""

    def __init__(
        self,
        message: str | list[Problem],
        path: Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.problems: list[Problem] = (
            message if isinstance(message, list) else [Problem(message, path, line, column)]
        )
        super().__init__(self.render())

    def render(self) -> str:
        return "\n".join(problem.render() for problem in self.problems)
