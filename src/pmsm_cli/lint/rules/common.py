"""Helpers several rule families share: naming activities, requiring them or a decision."""

from __future__ import annotations

import textwrap
from collections.abc import Collection, Iterator

from pmsm_cli.lint.context import DROPPED, CheckContext
from pmsm_cli.lint.rule import Hit
from pmsm_cli.models.catalog import Activity as CatalogActivity


def activity_words(ctx: CheckContext, activity: CatalogActivity) -> str:
    """'Create or update the SLA' (slm-create-sla) of Service Level Management."""
    process = ctx.catalog.process_by_id.get(activity.process or "")
    of = f" of {process.title}" if process else ""
    return f"'{activity.title}' ({activity.id}){of}"


def require_planned(ctx: CheckContext, ids: Collection[str], lead: str) -> Iterator[Hit]:
    """Each of ``ids`` the plan's kind and scope call for must be planned.

    Absent: one finding at ``activities:`` that ``--fix`` can mend. Marked not
    applicable or cancelled: one finding at its status, because the
    whitepaper names these as the activities projects must not skip; a
    project that really goes without one records a waiver, with its reason
    and owner, where reviewers see it.
    """
    for activity in ctx.expected:
        if activity.id not in ids:
            continue
        cite = activity.source.cite()
        found = ctx.entry(activity.id)
        if found is None:
            yield Hit(
                ("activities",),
                f"{lead}: the plan has no activity {activity_words(ctx, activity)}, which "
                f"{ctx.kind_words} needs",
                key=True,
                target=activity.id,
                source=cite,
                fix=(activity.id,),
            )
        elif found[1].status in DROPPED:
            index, planned = found
            why = f" ({planned.reason})" if planned.reason else ""
            yield Hit(
                ("activities", index, "status"),
                f"{lead}: {activity_words(ctx, activity)} is marked {planned.status}{why}; "
                f"{ctx.kind_words} needs it. If the project really goes without it, record a "
                "waiver with the reason and an owner",
                target=activity.id,
                source=cite,
            )


def require_decided(ctx: CheckContext, ids: Collection[str], lead: str) -> Iterator[Hit]:
    """Each of ``ids`` the plan's kind and scope call for must be decided on.

    For what the source only suggests ("consider", "determine whether"): the
    activity planned, or kept with ``status: not-applicable`` (or ``cancelled``)
    and a ``reason``, is a recorded decision either way. Only an activity the
    plan is silent about gets a finding, at ``activities:``, that ``--fix`` can
    mend; one dropped without a reason is ACT005's to report.
    """
    for activity in ctx.expected:
        if activity.id not in ids or activity.id in ctx.implemented:
            continue
        yield Hit(
            ("activities",),
            f"{lead}: the plan neither plans nor declines {activity_words(ctx, activity)}, "
            f"which {ctx.kind_words} should consider; plan it, or keep it with 'status: "
            "not-applicable' and a 'reason'",
            key=True,
            target=activity.id,
            source=activity.source.cite(),
            fix=(activity.id,),
        )


def dedent(text: str) -> str:
    """Examples are written indented in the source; store them flush left."""
    return textwrap.dedent(text).strip("\n") + "\n"
