"""The outcome of a run, as every reporter sees it."""

from __future__ import annotations

from dataclasses import field
from pathlib import Path

from pmsm_cli.lint.finding import Finding, Severity
from pmsm_cli.lint.result import FileResult
from pmsm_cli.records import record

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


@record
class Options:
    """How to render: colours and width for a terminal, the root SARIF paths are relative to."""

    color: bool = False
    width: int = 100
    root: Path = field(default_factory=Path.cwd)


@record
class Summary:
    files: int
    unreadable: int
    errors: int
    warnings: int
    infos: int
    waived: int
    failing_files: int
    added: int  # activities --fix added

    @property
    def findings(self) -> int:
        return self.errors + self.warnings + self.infos

    def counts(self) -> dict[Severity, int]:
        return {"error": self.errors, "warning": self.warnings, "info": self.infos}

    def as_dict(self) -> dict[str, int]:
        return {
            "files": self.files,
            "unreadable": self.unreadable,
            "findings": self.findings,
            "error": self.errors,
            "warning": self.warnings,
            "info": self.infos,
            "waived": self.waived,
        }

    def sentence(self) -> str:
        """One line for people: what was found, what was waived, what could not be read."""
        files = f"{self.files} file{'s' if self.files != 1 else ''}"
        if self.findings:
            parts = [
                f"{n} {word}{'s' if n != 1 and word != 'info' else ''}"
                for word, n in (
                    ("error", self.errors),
                    ("warning", self.warnings),
                    ("info", self.infos),
                )
                if n
            ]
            text = (
                f"Found {self.findings} finding{'s' if self.findings != 1 else ''} "
                f"({', '.join(parts)}) in {files}"
            )
        else:
            text = f"All checks passed ({files})"
        if self.waived:
            text += f"; {self.waived} waived"
        if self.unreadable:
            text += f"; {self.unreadable} could not be read"
        if self.added:
            text += f"; --fix added {self.added} activit{'y' if self.added == 1 else 'ies'}"
        return text + "."


@record
class Report:
    results: tuple[FileResult, ...]

    @property
    def active(self) -> list[Finding]:
        return [f for r in self.results for f in r.active]

    @property
    def waived(self) -> list[Finding]:
        return [f for r in self.results for f in r.waived]

    @property
    def summary(self) -> Summary:
        active = self.active
        return Summary(
            files=len(self.results),
            unreadable=sum(r.unreadable for r in self.results),
            errors=sum(f.severity == "error" for f in active),
            warnings=sum(f.severity == "warning" for f in active),
            infos=sum(f.severity == "info" for f in active),
            waived=len(self.waived),
            failing_files=sum(r.failing for r in self.results),
            added=sum(len(r.added) for r in self.results),
        )

    def exit_code(self, *, exit_zero: bool = False) -> int:
        """2: a file could not be read; 1: findings at the fail level (0 with --exit-zero)."""
        if any(r.unreadable for r in self.results):
            return EXIT_ERROR
        if not exit_zero and any(r.failing for r in self.results):
            return EXIT_FINDINGS
        return EXIT_CLEAN
