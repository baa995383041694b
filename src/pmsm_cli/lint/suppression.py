"""Inline ignores and plan waivers: findings a team accepts, counted but not failing.

Two ways to accept a finding, as ruff and conftest users expect:

* ``# pmsm: ignore[CODE]`` (several codes separated by commas; a family
  prefix such as ``REL`` covers the family) at the end of the YAML line the
  finding points at;
* a ``waivers:`` entry in the plan, with a required ``reason``, an optional
  ``target`` (the activity, role, checklist item, ... it covers; every
  finding of the code when absent), ``owner`` and ``expires`` date.

A suppressed finding is kept, marked ``waived``, and counted apart in the
summary. A waiver past its ``expires`` date suppresses nothing. What matched
nothing is reported (rules WVR002, WVR003), but only when every rule the
code names actually ran, so ``--select`` does not make waivers look stale.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import field, replace
from datetime import date

from pmsm_cli.lint.finding import Finding, Waived
from pmsm_cli.models.plan import Waiver
from pmsm_cli.records import mutable_record, record

# A YAML comment starts with '#' at the line start or after a space.
_INLINE = re.compile(r"(?:^|\s)(#\s*pmsm:\s*ignore\b(?:\[([^\]]*)\])?)")


@record(slots=True)
class InlineIgnore:
    line: int
    column: int  # of the '#'
    codes: tuple[str, ...]  # empty: a bare "# pmsm: ignore" that names no code


def inline_ignores(text: str) -> list[InlineIgnore]:
    found: list[InlineIgnore] = []
    if "pmsm:" not in text:
        return found
    for number, line in enumerate(text.splitlines(), start=1):
        if "pmsm:" not in line:
            continue
        match = _INLINE.search(line)
        if match is None:
            continue
        codes = tuple(c.strip() for c in (match.group(2) or "").split(",") if c.strip())
        found.append(InlineIgnore(number, match.start(1) + 1, codes))
    return found


def matches(selector: str, code: str) -> bool:
    """A selector is a code, a prefix of codes (a family), or ALL."""
    return selector == "ALL" or code.startswith(selector)


@mutable_record
class SuppressionReport:
    """What the waiver rules report on: waivers and ignores that did not do their job."""

    expired: list[int] = field(default_factory=list)  # indexes into plan.waivers
    unused_waivers: list[int] = field(default_factory=list)
    unknown_waivers: list[int] = field(default_factory=list)
    unused_inline: list[tuple[InlineIgnore, str]] = field(default_factory=list)
    unknown_inline: list[tuple[InlineIgnore, str]] = field(default_factory=list)  # "" = no code


def _waiver_reason(waiver: Waiver) -> str:
    extra = []
    if waiver.owner:
        extra.append(f"owner: {waiver.owner}")
    if waiver.expires:
        extra.append(f"until {waiver.expires.isoformat()}")
    return waiver.reason + (f" ({', '.join(extra)})" if extra else "")


def apply(
    findings: Sequence[tuple[Finding, int]],
    waivers: Sequence[Waiver],
    ignores: Sequence[InlineIgnore],
    *,
    today: date,
    known_codes: Collection[str],
    ran: Collection[str],
) -> tuple[list[Finding], SuppressionReport]:
    """Mark the findings that ignores or waivers cover; ``findings`` pairs each with its YAML line.

    ``known_codes`` are every rule that can be waived; ``ran`` those that ran on this plan.
    """
    report = SuppressionReport()
    by_line: dict[int, list[InlineIgnore]] = {}
    for ignore in ignores:
        by_line.setdefault(ignore.line, []).append(ignore)
    active = [(i, w) for i, w in enumerate(waivers) if w.expires is None or w.expires >= today]
    report.expired = [
        i for i, w in enumerate(waivers) if w.expires is not None and w.expires < today
    ]
    used_inline: set[tuple[int, str]] = set()
    used_waivers: set[int] = set()

    result: list[Finding] = []
    for finding, yaml_line in findings:
        waived: Waived | None = None
        for ignore in by_line.get(yaml_line, ()):
            for selector in ignore.codes:
                if matches(selector, finding.code):
                    used_inline.add((ignore.line, selector))
                    waived = waived or Waived(
                        "inline", f"# pmsm: ignore[{selector}] on line {ignore.line}"
                    )
        for index, waiver in active:
            if matches(waiver.code, finding.code) and waiver.target in (None, finding.target):
                used_waivers.add(index)
                waived = waived or Waived("waiver", _waiver_reason(waiver))
        result.append(replace(finding, waived=waived) if waived else finding)

    def known(selector: str) -> bool:
        return any(matches(selector, code) for code in known_codes)

    def all_ran(selector: str) -> bool:
        return all(code in ran for code in known_codes if matches(selector, code))

    for index, waiver in active:
        if not known(waiver.code):
            report.unknown_waivers.append(index)
        elif index not in used_waivers and all_ran(waiver.code):
            report.unused_waivers.append(index)
    for ignore in ignores:
        if not ignore.codes:
            report.unknown_inline.append((ignore, ""))
        for selector in ignore.codes:
            if not known(selector):
                report.unknown_inline.append((ignore, selector))
            elif (ignore.line, selector) not in used_inline and all_ran(selector):
                report.unused_inline.append((ignore, selector))
    return result, report
