"""Check one plan: run the selected rules, place the findings, apply ignores and waivers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pmsm_cli.errors import PmsmError
from pmsm_cli.files.discovery import may_be_foreign
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.finding import Finding
from pmsm_cli.lint.result import FileResult, Settings
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.sources import PlanSource, is_workbook, load_source
from pmsm_cli.lint.suppression import SuppressionReport, apply, inline_ignores
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.workbook.layout import SOURCE_SHEET

if TYPE_CHECKING:
    from pmsm_cli.readers import ReadOptions


def unreadable(display: str, error: PmsmError, path: Path) -> FileResult:
    """A plan that does not load becomes INP001 findings, as a linter reports a syntax error."""
    from pmsm_cli.lint.rules import UNREADABLE
    from pmsm_cli.workbook.read import WorkbookError

    findings = []
    for problem in error.problems:
        line, column = problem.line or 1, problem.column or 1
        sheet = cell = None
        message = problem.message
        if isinstance(error, WorkbookError):
            sheet, cell, message = error.sheet, error.cell, error.detail
        elif is_workbook(path) and not may_be_foreign(path):
            # A line of the plan text on the source sheet of a workbook from 'pmsm plan'; an
            # Excel plan from another tool has no such sheet (its reader names sheet and cell).
            sheet, cell, column = SOURCE_SHEET, _source_cell(path, line), 1
        findings.append(
            Finding(
                display,
                line,
                column,
                UNREADABLE.code,
                UNREADABLE.slug,
                "error",
                message,
                UNREADABLE.cited,
                sheet,
                cell,
            )
        )
    return FileResult(display, tuple(findings), (UNREADABLE.code,), unreadable=True)


def _source_cell(path: Path, line: int) -> str:
    """The cell of a workbook's source sheet that holds ``line`` of the plan it records."""
    from pmsm_cli.workbook.read import read_source_sheet

    try:
        book, sheet = read_source_sheet(path)
    except PmsmError:  # pragma: no cover - it was read a moment ago
        return f"A{line}"
    book.close()
    return sheet.cell_of(line)


def check_path(
    path: Path,
    display: str,
    catalog: Catalog,
    settings: Settings,
    today: dt.date,
    kind: str | None = None,
    input_format: str | None = None,
    read_options: ReadOptions | None = None,
) -> tuple[FileResult, PlanSource | None]:
    """Check one file: a pmsm plan or workbook, or a plan kept in another tool.

    ``kind`` is the project kind of a plan from another tool (inferred when None);
    ``input_format`` its reader (detected when None) and ``read_options`` how to read it.
    """
    try:
        source = _load(path, catalog, today, kind, input_format, read_options)
    except PmsmError as error:
        return unreadable(display, error, path), None
    return check_source(source, display, catalog, settings, today), source


def reads_as_foreign(path: Path, input_format: str | None = None) -> bool:
    """Whether ``path`` is checked as a plan kept in another tool: a reader claims it (or
    ``input_format`` names one) and it is not a pmsm plan under another name (plan.txt).
    Reads the file's head."""
    if not may_be_foreign(path):
        return False
    from pmsm_cli.readers import detect

    claimed = input_format is not None or detect(path) is not None
    return claimed and not _reads_as_pmsm_plan(path)


def _load(
    path: Path,
    catalog: Catalog,
    today: dt.date,
    kind: str | None,
    input_format: str | None = None,
    read_options: ReadOptions | None = None,
) -> PlanSource:
    if may_be_foreign(path):
        if reads_as_foreign(path, input_format):
            from pmsm_cli.lint.foreign_source import load_foreign

            return load_foreign(path, catalog, kind, today, input_format, read_options)
        try:
            return load_source(path, lambda i: i in catalog.activity_by_id)
        except PmsmError:
            if is_workbook(path):
                raise  # the workbook loader's message names the sheet and cell
            from pmsm_cli.foreign.audit import not_a_plan

            # Not YAML and no format pmsm reads: say what it is rather than how YAML failed.
            raise PmsmError(not_a_plan(path, read_options), path) from None
    return load_source(path, lambda i: i in catalog.activity_by_id)


# A pmsm plan's 'project:' section, as it starts a line: what tells a plan file with
# another name (plan.txt) from a Markdown file or a CSV, which a reader would claim.
_PMSM_PLAN = re.compile(rb"^project:[ \t]*\r?\n[ \t]+[a-z_]+:", re.MULTILINE)


def _reads_as_pmsm_plan(path: Path) -> bool:
    from pmsm_cli.readers import SNIFF_BYTES

    with path.open("rb") as handle:
        return _PMSM_PLAN.search(handle.read(SNIFF_BYTES)) is not None


def check_source(
    source: PlanSource, display: str, catalog: Catalog, settings: Settings, today: dt.date
) -> FileResult:
    from pmsm_cli.lint.rules import OWNED_ACTIVITIES, RULES

    ctx = CheckContext(source.loaded, catalog, today, OWNED_ACTIVITIES, calendar=settings.calendar)
    selected = [r for r in RULES if r.code in settings.selected and not r.always_on]
    if not source.provides_everything:
        # A task list from another tool: rules that read what it cannot hold are named
        # in one finding (INP002) rather than each reporting its section missing.
        ctx.unchecked = tuple(r for r in selected if r.needs)
        ctx.task_list = source.task_list
        ctx.left_out = source.left_out
        ctx.kind_inferred = source.kind_inferred
        selected = [r for r in selected if not r.needs]
    # Rules across plans run later (check_across); until then they have not run on this plan.
    ran = tuple(
        r.code for r in RULES if (r.code in settings.selected or r.always_on) and r.across is None
    )
    placed = [
        _finding(rule, hit, source, display, settings)
        for rule in selected
        if not rule.after_suppression
        for hit in rule.check(ctx)
    ]
    findings, report = _suppress(placed, source, today, ran)
    ctx.suppression = report  # what the waiver rules, which run last, report on
    findings.extend(
        _finding(rule, hit, source, display, settings)[0]
        for rule in selected
        if rule.after_suppression
        for hit in rule.check(ctx)
    )
    findings.sort(key=Finding.sort_key)
    fixes = dict.fromkeys(i for f in findings if f.waived is None for i in f.fix)
    gathered = _gather(selected, ctx) if source.editable else ()
    return FileResult(
        display, tuple(findings), ran, settings.fail_level, fixes=tuple(fixes), gathered=gathered
    )


def _gather(selected: Sequence[Rule], ctx: CheckContext) -> tuple[tuple[str, Any], ...]:
    found = []
    for rule in selected:
        if rule.across is not None:
            data = rule.across.gather(ctx)
            if data is not None:
                found.append((rule.code, data))
    return tuple(found)


def check_across(
    paths: Sequence[Path],
    results: Sequence[FileResult],
    settings: Sequence[Settings],
    today: dt.date,
) -> list[FileResult]:
    """Run the rules that look across plans over what each file gave them; add their findings.

    Runs once, in the calling process, in the order of the files, so a
    parallel run reports exactly what a serial one does. Only files that get a
    finding are read again, for their waivers and inline ignores.
    """
    from pmsm_cli.lint.rules import RULES

    out = list(results)
    hits: dict[int, list[tuple[Rule, Hit]]] = {}
    for rule in RULES:
        if rule.across is None:
            continue
        given = [(n, dict(r.gathered)[rule.code]) for n, r in enumerate(out) if _gave(r, rule)]
        for n, r in enumerate(out):
            if rule.code in settings[n].selected and not r.unreadable and not is_workbook(paths[n]):
                out[n] = replace(r, ran=(*r.ran, rule.code))
        if len(given) < 2:
            continue
        for k, hit in rule.across.check([data for _n, data in given]):
            hits.setdefault(given[k][0], []).append((rule, hit))
    for n, found in hits.items():
        out[n] = _add_findings(out[n], paths[n], found, settings[n], today)
    return out


def _gave(result: FileResult, rule: Rule) -> bool:
    return any(code == rule.code for code, _data in result.gathered)


def _add_findings(
    result: FileResult,
    path: Path,
    found: Sequence[tuple[Rule, Hit]],
    settings: Settings,
    today: dt.date,
) -> FileResult:
    source = load_source(path, lambda _i: True)
    placed = [_finding(rule, hit, source, result.path, settings) for rule, hit in found]
    added, _report = _suppress(placed, source, today, result.ran)
    findings = sorted([*result.findings, *added], key=Finding.sort_key)
    return replace(result, findings=tuple(findings))


def _suppress(
    placed: Sequence[tuple[Finding, int]], source: PlanSource, today: dt.date, ran: Sequence[str]
) -> tuple[list[Finding], SuppressionReport]:
    """Mark what the plan's waivers and inline ignores cover, for one file's findings.

    The rules that may be waived are the same for a file's own findings and for those a
    rule across plans adds later, so both go through here.
    """
    from pmsm_cli.lint.rules import RULES

    return apply(
        placed,
        source.loaded.plan.waivers,
        inline_ignores(source.text),
        today=today,
        known_codes=[r.code for r in RULES if not r.after_suppression and not r.always_on],
        ran=ran,
    )


def _finding(
    rule: Rule, hit: Hit, source: PlanSource, display: str, settings: Settings
) -> tuple[Finding, int]:
    if hit.at is not None:
        line, column = hit.at
    else:
        line, column = source.loaded.doc.position(hit.loc, prefer_key=hit.key)
    place = source.place(hit.loc if hit.at is None else None, line, column)
    message, place = source.describe(hit, place)
    finding = Finding(
        display,
        place.line,
        place.column,
        rule.code,
        rule.slug,
        settings.severity_of(rule),
        message,
        hit.source or rule.cited,
        place.sheet,
        place.cell,
        hit.target,
        fix=hit.fix,
    )
    return finding, line
