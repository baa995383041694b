"""What the Markdown and HTML templates receive, and the filters they may use.

Both templates get the same variables, so an organisation that overrides
one (``--templates DIR``) has the whole view to work with:

``view``
    the :class:`~pmsm_cli.plan.view.PlanView` (project, rows, milestones,
    critical_path, checklists, risks, stakeholders, change_requests,
    coverage, warnings...).
``groups``
    ``view.groups(group_by)``: the activity rows grouped as asked.
``group_by``, ``group_by_words``
    the grouping key (``pmbok``...) and its words ("PMBOK process group").
``source_name``
    the plan file's name, e.g. ``pmsm.yaml``.
``version``
    pmsm's version.

Filters: ``days`` (``3`` -> "3 working days"), ``money`` (``12500.0`` ->
"12,500"), ``percent`` and ``signed`` (``2`` -> "+2").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pmsm_cli import __version__
from pmsm_cli.formatting import numbers
from pmsm_cli.plan.view import GROUP_BY_WORDS, PlanView
from pmsm_cli.render import RenderOptions
from pmsm_cli.render.templating import environment, render


def days(value: int) -> str:
    return f"{value} working day" + ("" if value == 1 else "s")


def money(value: float | None) -> str:
    return "" if value is None else numbers.money(value, "whole")


def percent(value: float | None) -> str:
    return "" if value is None else numbers.percent(value, "whole")


def signed(value: int) -> str:
    return f"{value:+d}" if value else "0"


FILTERS: dict[str, Callable[..., str]] = {
    "days": days,
    "money": money,
    "percent": percent,
    "signed": signed,
}


def render_template(
    name: str,
    view: PlanView,
    options: RenderOptions,
    *,
    html: bool,
    filters: Mapping[str, Callable[..., str]] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> str:
    env = environment(options.templates, html=html)
    env.filters.update(FILTERS)
    env.filters.update(filters or {})
    context: dict[str, Any] = {
        "view": view,
        "groups": view.groups(options.group_by),
        "group_by": options.group_by,
        "group_by_words": GROUP_BY_WORDS[options.group_by],
        "source_name": view.source_path.name,
        "version": __version__,
        **(extra or {}),
    }
    text = render(env, name, context)
    options.progress(len(view.rows))
    return text
