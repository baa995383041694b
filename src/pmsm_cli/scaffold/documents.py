"""From a plan to the files ``pmsm init`` writes, rendered from Jinja2 templates.

``pmsm.yaml``, ``charter.md`` and ``requirements.md`` come from the
templates of the same names (``.j2``) in the built-in ``templates/`` folder or
an organisation's ``--templates`` folder, which is searched first. Files under
``init/`` in an organisation's folder are rendered into the project too, their
paths included (``init/docs/{{ slug }}-raci.md.j2`` -> ``docs/<slug>-raci.md``),
which is why :mod:`.apply` checks every path stays inside the project folder.

Templates run in the sandbox with ``StrictUndefined`` (see
:mod:`pmsm_cli.render.templating`). Values from users reach YAML only through the
``yaml`` filter, which writes a scalar YAML reads back as the same value, and
reach Markdown through the ``md`` filter, which keeps them from turning into
markup. The rendered ``pmsm.yaml`` must load as a plan, or nothing is written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from pmsm_cli.catalogs.citing import WHITEPAPER
from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.formatting import numbers
from pmsm_cli.formatting.markdown import md_escape
from pmsm_cli.models.catalog import Catalog
from pmsm_cli.models.plan import Plan
from pmsm_cli.plan.resolve import PlanSchedule
from pmsm_cli.records import record

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

# (file written, template rendered); the plan file first: it is checked before anything else.
DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("pmsm.yaml", "pmsm.yaml.j2"),
    ("charter.md", "charter.md.j2"),
    ("requirements.md", "requirements.md.j2"),
)
EXTRA_FOLDER = "init"
TEMPLATE_SUFFIX = ".j2"

# Milestones a sponsor looks for in the charter, in the order they come.
KEY_MILESTONES = ("charter-approved", "cab-approval", "go-live", "els-exit", "project-closed")


@record
class PlannedFile:
    """A file to write: its path relative to the project folder, and its text."""

    path: str  # POSIX-style, relative
    content: str
    template: str  # where it came from, for messages


# --- filters ---


_LINE_BREAKS = ("\n", "\r", "\x85", "\u2028", "\u2029")


def yaml_scalar(value: Any) -> str:
    """``value`` as one line of YAML that reads back as the same value.

    Text that YAML would read as something else (``yes``, ``2026-01-01``,
    ``Payroll: "v2" #1``) is quoted; a missing value is left empty, which YAML
    reads as null. Lists and mappings come out in flow style (``[a, b]``).
    """
    import yaml

    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, width=1_000_000, sort_keys=False
    )
    text = text.removesuffix("\n").removesuffix("\n...")
    if any(brk in text for brk in _LINE_BREAKS):
        # The dumper folded the scalar or kept a Unicode line break raw (YAML reads
        # both as breaks): the double-quoted style escapes them onto one line.
        text = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=1_000_000)
        text = text.removesuffix("\n").removesuffix("\n...")
    return text


def oneline(value: Any) -> str:
    """Text on one line, e.g. catalog wording inside a YAML comment."""
    return " ".join(str(value).split())


def comment(value: Any, indent: int = 0, width: int = 88) -> str:
    """Text wrapped into YAML comment lines: continuation lines start with ``#``."""
    import textwrap

    lines = textwrap.wrap(oneline(value), width=max(20, width - indent - 2)) or [""]
    return ("\n" + " " * indent + "# ").join(lines)


def money(value: Any) -> str:
    """An amount with thousands separators; cents only when there are any."""
    return numbers.money(float(value))


def percent(value: Any) -> str:
    return numbers.percent(float(value), "tenth-spaced")


def slug(value: Any) -> str:
    """A safe file-name part: lowercase letters, digits and hyphens."""
    text = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
    return text or "project"


def environment(template_dirs: Sequence[Path]) -> SandboxedEnvironment:
    from pmsm_cli.render.templating import environment as sandboxed

    env = sandboxed(template_dirs)
    env.filters.update(
        yaml=yaml_scalar,
        md=md_escape,
        oneline=oneline,
        comment=comment,
        money=money,
        percent=percent,
        slug=slug,
    )
    return env


# --- the context every template sees ---


def context(plan: Plan, catalog: Catalog, scheduled: PlanSchedule) -> dict[str, Any]:
    """What templates can use; documented in ``templates/README.md``."""
    charter = plan.charter
    horizon = charter.horizon_years
    kind = catalog.kind_by_id.get(plan.project.kind)
    stage_title = {s.id: s.title for s in catalog.tco_stages}
    category_title = {c.id: c.title for c in catalog.investment_categories}

    costs: list[dict[str, Any]] = [
        {
            "line": line,
            "category_title": category_title.get(line.category, line.category),
            "stage_title": stage_title.get(line.stage, line.stage),
            "total": line.amount * (horizon if line.recurring else 1),
        }
        for line in charter.costs
    ]

    def subtotal(key: str, ids: list[str]) -> list[dict[str, Any]]:
        known = ids + sorted({getattr(c["line"], key) for c in costs} - set(ids))
        return [
            {
                "id": each,
                "title": (stage_title if key == "stage" else category_title).get(each, each),
                "total": sum(c["total"] for c in costs if getattr(c["line"], key) == each),
            }
            for each in known
        ]

    tasks = scheduled.schedule.tasks
    resolved = scheduled.by_id
    activities: list[dict[str, Any]] = []
    for activity in plan.activities:
        entry = catalog.activity_by_id.get(activity.catalog_id)
        found = resolved.get(activity.id)
        task = tasks.get(activity.id)
        process = catalog.process_by_id.get(found.process or "") if found else None
        group = catalog.group_by_id.get(found.pmbok_group or "") if found else None
        activities.append(
            {
                "activity": activity,
                "entry": entry,
                "title": found.name if found else activity.id,
                "milestone": found.milestone if found else False,
                "process": process,
                "group": group,
                "source": entry.source.cite() if entry else None,
                # The whitepaper's § alone (the file's comments say § numbers are its);
                # an entry from another document is shown by its citation, ``source``.
                "section": entry.source.section
                if entry and entry.source.cites == WHITEPAPER
                else None,
                "start": task.early_start if task else None,
                "finish": task.early_finish if task else None,
                "depends_on": [
                    d.id if d.lag == 0 else {"id": d.id, "lag": d.lag} for d in activity.depends_on
                ],
            }
        )
    by_id = {a["activity"].id: a for a in activities}

    roles = {r.id: r for r in catalog.roles}
    functions = {f.id: f for f in catalog.functions}
    stakeholders = [
        {
            "stakeholder": s,
            "entry": functions.get(s.role) or roles.get(s.role),
            "is_function": s.role in functions,
        }
        for s in plan.stakeholders
    ]
    named = {s.role: s for s in plan.stakeholders}

    checklists = [
        {
            "checklist": checklist,
            "entries": [
                {"item": item, "requirements": plan.requirements.get(item.id, [])}
                for item in checklist.items
            ],
        }
        for checklist in catalog.requirement_checklists
    ]
    categories = {c.id: c for c in catalog.risk_categories}

    return {
        "plan": plan,
        "project": plan.project,
        "kind": kind,
        "slug": slug(plan.project.service or plan.project.name),
        "scope": [catalog.process_by_id[p] for p in plan.scope if p in catalog.process_by_id],
        "charter": charter,
        "horizon": horizon,
        "costs": costs,
        "tco": charter.tco,
        "tco_by_stage": subtotal("stage", [s.id for s in catalog.tco_stages]),
        "tco_by_category": subtotal("category", [c.id for c in catalog.investment_categories]),
        "run_total": sum(c["total"] for c in costs if c["line"].category == "run"),
        "operate_total": sum(c["total"] for c in costs if c["line"].stage == "operate"),
        "benefits": [
            {"benefit": b, "total": b.amount * (horizon if b.recurring else 1)}
            for b in charter.benefits
        ],
        "total_benefits": charter.total_benefits,
        "roi": charter.derived_roi,
        "stakeholders": stakeholders,
        "named": named,
        "functions": [{"function": f, "stakeholder": named.get(f.id)} for f in catalog.functions],
        "checklists": checklists,
        "risks": [{"risk": r, "category": categories.get(r.category)} for r in plan.risks],
        "risk_categories": catalog.risk_categories,
        "activities": activities,
        "milestones": [by_id[m] for m in KEY_MILESTONES if m in by_id],
        # The last scheduled finish, not Schedule.finish, which is the deadline when later.
        "finish": max((t.early_finish for t in tasks.values()), default=None),
        "change_requests": plan.change_requests,
        "catalog": catalog,
    }


# --- rendering ---


def render_documents(
    plan: Plan,
    catalog: Catalog,
    scheduled: PlanSchedule,
    template_dirs: Sequence[Path] = (),
    source: str = "pmsm.yaml",
) -> list[PlannedFile]:
    """Every file the templates make for this plan; the plan file is checked to load.

    Every document that can hold a comment ends with the marker of
    :mod:`pmsm_cli.scaffold.marker`, naming ``source`` (the plan file), so that
    ``pmsm docs`` can tell a hand edit from its own text later.
    """
    from pmsm_cli.render.templating import render
    from pmsm_cli.scaffold.marker import stamp

    env = environment(template_dirs)
    values = context(plan, catalog, scheduled)
    files = [
        PlannedFile(target, _tidy(target, render(env, name, values)), _template_path(env, name))
        for target, name in DOCUMENTS
    ]
    _check_plan_file(files[0])
    for folder in template_dirs:
        files.extend(_extra_files(env, folder, values))
    return [
        PlannedFile(f.path, stamp(f.path, f.content, source), f.template) if i else f
        for i, f in enumerate(files)
    ]


def _tidy(target: str, text: str) -> str:
    """No trailing blanks in YAML: an empty value (``owner:``) must not leave a space behind."""
    if not target.endswith((".yaml", ".yml")):
        return text
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _template_path(env: SandboxedEnvironment, name: str) -> str:
    assert env.loader is not None
    try:
        return env.loader.get_source(env, name)[1] or name
    except Exception:  # pragma: no cover - render() has just loaded it
        return name


def _check_plan_file(planned: PlannedFile) -> None:
    from pmsm_cli.plan.load import parse_plan

    try:
        parse_plan(planned.content, Path(planned.path))
    except PmsmError as exc:
        raise PmsmError(
            [
                Problem(
                    f"{p.message} (in the plan file rendered from {planned.template})",
                    p.path,
                    p.line,
                    p.column,
                )
                for p in exc.problems
            ]
        ) from None


def _extra_files(
    env: SandboxedEnvironment, folder: Path, values: dict[str, Any]
) -> list[PlannedFile]:
    from pmsm_cli.render.templating import render

    root = folder / EXTRA_FOLDER
    if not root.is_dir():
        return []
    files = []
    for source in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = source.relative_to(folder).as_posix()
        target = _render_path(env, source.relative_to(root).as_posix(), values, source)
        text = render(env, relative, values)
        files.append(PlannedFile(target.removesuffix(TEMPLATE_SUFFIX), text, str(source)))
    return files


def _render_path(env: SandboxedEnvironment, name: str, values: dict[str, Any], source: Path) -> str:
    """A template's path with its ``{{ ... }}`` filled, as POSIX text (checked by apply).

    Bounded like every template: a name can hold ``{{ 'x'|center(2000000000) }}`` too.
    """
    from pmsm_cli.render.templating import render_source

    if "{" not in name:
        return name
    rendered = render_source(env, name, values, source)
    return str(PurePosixPath(rendered)) if rendered else rendered
