"""What a check reports: one finding at one place in one plan."""

from __future__ import annotations

from typing import Literal

from pmsm_cli.records import record

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

# Higher is more serious; a finding fails the run when its rank reaches the fail level's.
SEVERITY_RANK: dict[Severity, int] = {"info": 1, "warning": 2, "error": 3}


@record(slots=True)
class Waived:
    """Why a finding does not count: an inline ignore comment or a plan waiver."""

    kind: Literal["inline", "waiver"]
    reason: str


@record(slots=True)
class Finding:
    """One problem in a plan, with everything every output format needs.

    ``line`` and ``column`` are 1-based. For a workbook they are the row and
    column of ``cell`` on ``sheet``. ``source`` cites where the rule comes from
    (``Third Sky whitepaper §2.1``); None for a rule that cites no document (input
    and housekeeping rules). ``target`` names what the finding is about (an
    activity, a stakeholder role, a checklist item) so a waiver can cover one
    of them without covering the others.
    """

    path: str
    line: int
    column: int
    code: str
    name: str
    severity: Severity
    message: str
    source: str | None
    sheet: str | None = None
    cell: str | None = None
    target: str | None = None
    waived: Waived | None = None
    fix: tuple[str, ...] = ()  # catalog activities --fix would add (not shown in reports)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)

    def cited(self) -> str:
        """The source in brackets after a message (" [Third Sky whitepaper §2.1]"), or ""."""
        return f" [{self.source}]" if self.source else ""

    def where(self) -> str:
        """``path:line:col``, plus the sheet and cell for a workbook."""
        text = f"{self.path}:{self.line}:{self.column}"
        return f"{text} ({self.sheet}!{self.cell})" if self.sheet else text


def at_or_above(severity: Severity, level: Severity) -> bool:
    return SEVERITY_RANK[severity] >= SEVERITY_RANK[level]
