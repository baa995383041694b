"""What checking one file gives, and the settings it was checked with.

Kept apart from the engine, which imports the plan models, the YAML loader
and the rules: a report, a reporter or the result cache (``lint/cache.py``)
needs these and nothing of that.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pmsm_cli.lint.finding import Finding, Severity, at_or_above
from pmsm_cli.records import record

if TYPE_CHECKING:
    from pmsm_cli.changecal.model import ChangeCalendar
    from pmsm_cli.lint.rule import Rule

Mode = Literal["check", "fix", "diff"]  # report; add missing activities; show what --fix would add

# Below this many files a process pool costs more than it saves.
MIN_PARALLEL = 48


@record
class Settings:
    """What to check and how strictly, for one file (from its configuration and the flags)."""

    selected: frozenset[str]  # rule codes
    severity: tuple[tuple[str, Severity], ...] = ()  # (code or family, severity) overrides
    fail_level: Severity = "error"
    catalog: tuple[Path, ...] = ()  # organisation catalog overlays
    calendar: ChangeCalendar | None = None  # the change calendar (CAL rules, pmsm plan)
    # Whose names outputs use, and whose activities plans are expected to have
    # (pmsm_cli.catalogs.frameworks): both give a view of the catalog.
    vocabulary: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ("itil-v3",)

    def severity_of(self, rule: Rule) -> Severity:
        """The most specific override that matches the rule wins (REL001 beats REL)."""
        from pmsm_cli.lint.suppression import matches

        best: tuple[int, Severity] | None = None
        for selector, level in self.severity:
            if matches(selector, rule.code) and (best is None or len(selector) > best[0]):
                best = (len(selector), level)
        return best[1] if best else rule.severity


@record
class FileResult:
    """Everything a reporter needs about one file."""

    path: str  # as shown to the user
    findings: tuple[Finding, ...]  # sorted; waived ones included, marked
    ran: tuple[str, ...]  # codes of the rules that ran
    fail_level: Severity = "error"
    unreadable: bool = False
    fixes: tuple[str, ...] = ()  # catalog activities --fix would add
    added: tuple[str, ...] = ()  # catalog activities --fix added
    # Catalog activities --fix -o wrote into a copy of a plan from another tool: not added
    # to the file checked, which keeps its findings.
    copied: tuple[str, ...] = ()
    diff: str | None = None  # what --diff would change
    # What rules that look across plans took from this one: (code, data); see AcrossPlans.
    gathered: tuple[tuple[str, Any], ...] = ()

    @property
    def active(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.waived is None)

    @property
    def waived(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.waived is not None)

    @property
    def failing(self) -> bool:
        return any(at_or_above(f.severity, self.fail_level) for f in self.active)
