"""Which work of a plan the change calendar governs: what RFCs authorise, and the go-live.

The CAL rules check this work against the calendar and ``pmsm plan
--respect-freezes`` moves it out of freezes, so both take it from here. An
RFC (``kind: service``) authorises the activity it names, or the go-live
when it names none (as CHG004 reads it); a rejected RFC authorises nothing.
The go-live counts even without an RFC: it changes production.
"""

from __future__ import annotations

from pmsm_cli.models.plan import ChangeRequest, Plan
from pmsm_cli.records import record

GO_LIVE = "go-live"


@record(slots=True)
class Guarded:
    """An activity the calendar governs, and the environment it changes (None: production)."""

    activity: str
    environment: str | None


def authorises(cr: ChangeRequest, go_live: str | None) -> str | None:
    """The plan activity an RFC authorises (None: it is no RFC, or names nothing there is)."""
    if cr.kind != "service" or cr.status == "rejected":
        return None
    return cr.activity or go_live


def go_live_id(plan: Plan) -> str | None:
    """The id of the plan's go-live activity (the one implementing catalog 'go-live')."""
    for activity in plan.activities:
        if activity.catalog_id == GO_LIVE:
            return activity.id
    return None


def guarded(plan: Plan, go_live: str | None) -> list[Guarded]:
    """Every activity an RFC authorises (in the order of the RFCs), then the go-live; each once.

    ``go_live`` is the go-live's id (from :func:`go_live_id`, or 'go-live'
    when ``pmsm plan`` suggests it). Its environment is that of an RFC that
    authorises it, if one names one.
    """
    found: dict[str, str | None] = {}
    for cr in plan.change_requests:
        target = authorises(cr, go_live)
        if target is not None and (target not in found or found[target] is None):
            found[target] = cr.environment
    if go_live is not None:
        found.setdefault(go_live, None)
    return [Guarded(activity, environment) for activity, environment in found.items()]
