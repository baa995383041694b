"""Read, recognise and convert a foreign plan in one call: what check and import share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from pmsm_cli.errors import PmsmError
from pmsm_cli.foreign.convert import Converted, Decision, convert
from pmsm_cli.foreign.ids import plan_ids
from pmsm_cli.foreign.kind import KindChoice, infer_kind
from pmsm_cli.foreign.mapfile import NONE, Confirmed, read_map
from pmsm_cli.matching import TaskMatch, match_tasks
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.readers import READERS, ReadOptions, detect
from pmsm_cli.readers.model import ForeignPlan, ForeignTask
from pmsm_cli.readers.values import problem_at, quote
from pmsm_cli.records import record

CATALOG_COLUMN = "the source's catalog column"  # where a Decision says it was confirmed


@record
class Audited:
    plan: ForeignPlan
    decisions: list[Decision]
    kind: KindChoice
    confirmed: Confirmed
    converted: Converted

    def missing(self, catalog: Catalog) -> list[str]:
        """Catalog activities of the kind that no task is, in catalog order."""
        covered = {d.catalog for d in self.decisions if d.catalog is not None}
        return [a.id for a in catalog.activities_for(self.kind.kind) if a.id not in covered]


def read_foreign(path: Path, input_format: str | None, options: ReadOptions) -> ForeignPlan:
    """The plan in ``path``, read by the reader its content calls for (or the one named)."""
    name = reader_of(path, input_format, options)
    plan: ForeignPlan = READERS[name].read(path, options)
    plan.options = options
    return plan


def reader_of(path: Path, input_format: str | None, options: ReadOptions) -> str:
    """The reader's name for ``path``: the one named, else the one its content calls for;
    PmsmError saying what the file looks like when no reader claims it."""
    name = input_format or detect(path)
    if name is None:
        raise PmsmError(not_a_plan(path, options), path)
    return name


# What each reading option is for, said to a user who gave it where it does nothing.
_OPTION_WORDS: dict[str, tuple[str, str]] = {
    "sheet": ("--sheet", "names the sheet of an Excel workbook to read"),
    "columns": ("--columns", "names the columns of a table (Excel, CSV or Markdown)"),
    "date_format": ("--date-format", "says how the dates of a table or Jira export are written"),
}


def refuse_unused_options(readers: Mapping[Path, str], options: ReadOptions) -> None:
    """PmsmError when a reading option is given and none of these files (path -> reader)
    is read by a reader that uses it: it would change nothing, which most likely means
    the wrong file was named. Where one file uses it, it applies to that one, as
    --date-format applies only to the plans that have such dates."""
    for option in options.given():
        users = [name for name in readers.values() if option in READERS[name].USES]
        if users:
            continue
        flag, purpose = _OPTION_WORDS[option]
        if len(readers) == 1:
            ((path, name),) = readers.items()
            raise PmsmError(
                f"{flag} {purpose}, and this file is read as {READERS[name].DESCRIPTION}, "
                f"which does not use it; leave {flag} out, or name the plan it is for",
                path,
            )
        formats = ", ".join(READERS[n].DESCRIPTION for n in sorted(set(readers.values())))
        raise PmsmError(
            f"{flag} {purpose}, and none of the plans named is read by a reader that uses it "
            f"(they are read as {formats}); leave {flag} out, or name the plan it is for"
        )


def not_a_plan(path: Path, options: ReadOptions | None = None) -> str:
    """What the file looks like, and what pmsm reads, for a file no reader claims; with
    --columns, how to name the reader too (a CSV file is known by its headings)."""
    from pmsm_cli.files.reading import read_bytes

    head = read_bytes(path, "plan")[:4096]
    if b"\x00" in head:
        looks = "binary data"
    elif head.lstrip().startswith(b"<"):
        looks = "XML or HTML, but not MS Project XML or GanttProject"
    elif head.lstrip().startswith((b"{", b"[")):
        looks = "JSON"
    elif not head.strip():
        looks = "empty"
    else:
        looks = "text without a table, task list or plan structure pmsm recognises"
    formats = "; ".join(f"{READERS[n].DESCRIPTION} ({n})" for n in READERS)
    text = (
        f"this file is {looks}; pmsm reads its own plans (pmsm.yaml, *.pmsm.yaml, workbooks "
        f"from 'pmsm plan') and these formats: {formats}"
    )
    if options is not None and options.columns:
        text += (
            ". A CSV file is recognised by headings pmsm knows; with --columns, name its "
            "format too: --input-format csv"
        )
    return text


def audit(plan: ForeignPlan, catalog: Catalog, kind: str | None, today: dt.date) -> Audited:
    """Recognise each task, take the map file's confirmations, infer the kind, convert."""
    kinds = {k.id for k in catalog.project_kinds}
    if kind is not None and kind not in kinds:
        raise PmsmError(
            f"--kind {kind} is not a project kind the catalog knows; expected one of: "
            + ", ".join(sorted(kinds))
        )
    confirmed = read_map(
        plan.path, {t.id for t in plan.tasks}, catalog.activity_by_id.keys(), kinds
    )
    matches = match_tasks(plan.tasks, catalog)
    ids = plan_ids(plan.tasks, catalog.activity_by_id.keys())
    named = _named_in_source(plan, catalog)
    decisions = [
        _decide(task_match, task, plan_id, confirmed, named)
        for task_match, task, plan_id in zip(matches, plan.tasks, ids, strict=True)
    ]
    if kind is not None:
        choice = KindChoice(kind, False, "given with --kind")
    elif confirmed.kind is not None:
        choice = KindChoice(confirmed.kind, False, f"given in {confirmed.path}")
    else:
        choice = infer_kind(plan, [d.match for d in decisions], catalog)
    converted = convert(plan, decisions, choice, catalog, today, confirmed.waivers)
    return Audited(plan, decisions, choice, confirmed, converted)


def plan_model(audited: Audited) -> Plan:
    """The converted plan as the plan model; its places are the source's, not a text's."""
    from pmsm_cli.files.yamlio import Places, YamlDocument
    from pmsm_cli.plan.validation import validate

    doc = YamlDocument(audited.plan.path, audited.converted.data, "", Places([]))
    return validate(Plan, doc, "plan converted from this file")


def _decide(
    match: TaskMatch,
    task: ForeignTask,
    plan_id: str,
    confirmed: Confirmed,
    named: dict[str, str | None],
) -> Decision:
    """The map file's word first, then the source's own catalog column, then the matcher's."""
    if task.id in confirmed.tasks:
        return Decision(task, plan_id, match, confirmed.tasks[task.id], confirmed=True)
    if task.id in named:
        return Decision(
            task, plan_id, match, named[task.id], confirmed=True, confirmed_in=CATALOG_COLUMN
        )
    return Decision(task, plan_id, match, match.catalog)


def _named_in_source(plan: ForeignPlan, catalog: Catalog) -> dict[str, str | None]:
    """Task id -> the catalog activity its source's catalog column names for it (None for
    "none"). An id the catalog does not have is left out, with a warning."""
    named: dict[str, str | None] = {}
    for task in plan.tasks:
        if task.catalog is None:
            continue
        if task.catalog.casefold() == NONE:
            named[task.id] = None
        elif task.catalog in catalog.activity_by_id:
            named[task.id] = task.catalog
        else:
            plan.warnings.append(
                problem_at(
                    task.where,
                    f"the catalog activity {quote(task.catalog)} named for {quote(task.name)} "
                    "is not in the catalog ('pmsm catalog' lists them); the task is recognised "
                    "by its name instead",
                )
            )
    return named
