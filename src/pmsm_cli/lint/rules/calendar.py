"""The change calendar (ITIL v3 Service Transition §4.2; RFCs and the CAB of §5.1).

What practitioners get wrong most often is not whether a change is approved
but when it is made: a go-live planned into the year-end freeze, a
deployment on a Tuesday afternoon when production may only be changed at the
weekend, an RFC written too late for the last CAB meeting before its window.
The whitepaper has the CAB review every RFC (§5.1) but no calendar; checking
the plan against the organisation's is pmsm's policy, following ITIL v3
Service Transition §4.2 (the change schedule, change windows, CAB meetings).

The calendar comes from the configuration (``change_calendar:``, see
pmsm_cli.changecal); without one these rules find nothing. The work checked
is what RFCs authorise (``changecal.work``): the RFC's change window when it
gives one (what the CAB approves), else the dates its activity is scheduled
on; and the go-live's scheduled dates.

The change calendar's own modules are imported by the checks, after they have
found a calendar: most projects configure none, and a check of their plans
should not pay for defining its classes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.files.yamlio import Loc
from pmsm_cli.lint.context import DROPPED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.models.plan import ChangeRequest
from pmsm_cli.plan.resolve import work_calendar
from pmsm_cli.records import record

if TYPE_CHECKING:
    from pmsm_cli.changecal.model import ChangeCalendar, Freeze

# RFCs whose work is behind them: the calendar plans what is still ahead.
FINISHED = frozenset({"rejected", "implemented"})
# RFCs the CAB has still to approve.
WAITING = frozenset({"draft", "submitted"})
# How far ahead to look for the next CAB meeting, to say when an RFC could be approved.
MEETING_HORIZON = dt.timedelta(days=366)

CALENDAR_NOTE = (
    "The whitepaper has the CAB review each RFC for its risk to production (§5.1) but "
    "keeps no calendar; checking the plan against the organisation's change calendar "
    "(change_calendar in the configuration) is pmsm's policy, following ITIL v3 Service "
    "Transition §4.2, where the change schedule, agreed change windows and the CAB's "
    "meetings decide when a change may be made."
)


@record(slots=True)
class _Work:
    """The days an RFC's work takes, and how to say and point at them."""

    cr: ChangeRequest
    first: dt.date
    last: dt.date
    loc: Loc
    words: str  # "its change window is 2026-12-18 to 2026-12-19"
    window: bool  # the RFC's own window (else the activity's schedule)
    activity: str | None  # the plan activity it authorises, if scheduled
    environment: str  # the one it changes: the RFC's, production if it names none


def _works(ctx: CheckContext) -> Iterator[_Work]:
    """Each RFC still ahead whose work has dates: its window, else its activity's schedule."""
    from pmsm_cli.changecal.model import PRODUCTION, span
    from pmsm_cli.changecal.work import GO_LIVE, authorises

    go_live = ctx.entry(GO_LIVE)
    go_live_id = go_live[1].id if go_live else None
    for index, cr in enumerate(ctx.plan.change_requests):
        if cr.kind != "service" or cr.status in FINISHED:
            continue
        loc: Loc = ("change_requests", index)
        target = authorises(cr, go_live_id)
        environment = cr.environment or PRODUCTION
        if cr.window_start is not None or cr.window_end is not None:
            ends = [d for d in (cr.window_start, cr.window_end) if d is not None]
            first, last = min(ends), max(ends)
            key = "window_start" if cr.window_start is not None else "window_end"
            words = f"its change window is {span(first, last)}"
            yield _Work(cr, first, last, (*loc, key), words, True, target, environment)
            continue
        resolved = ctx.scheduling.by_id.get(target or "")
        if resolved is None or resolved.planned is None or resolved.planned.status in DROPPED:
            continue
        start, finish = ctx.start_of(resolved.id), ctx.finish_of(resolved.id)
        if start is None or finish is None:
            continue
        at: Loc = (*loc, "activity") if cr.activity else loc
        words = f"'{resolved.id}' is scheduled {span(start, max(start, finish))}"
        yield _Work(cr, start, max(start, finish), at, words, False, resolved.id, environment)


def _freezes(calendar: ChangeCalendar, environment: str, first: dt.date, last: dt.date) -> str:
    found = [f for f in calendar.freezes_between(first, last) if f.covers(environment)]
    return "; and ".join(f.describe() for f in found)


def _rfc_in_freeze(ctx: CheckContext) -> Iterator[Hit]:
    calendar = ctx.calendar
    if calendar is None:
        return
    from pmsm_cli.changecal.work import GO_LIVE

    go_live = ctx.entry(GO_LIVE)
    go_live_id = go_live[1].id if go_live else None
    for work in _works(ctx):
        if not work.window and work.activity == go_live_id:
            continue  # the go-live's own dates: CAL004 reports them
        inside = _freezes(calendar, work.environment, work.first, work.last)
        if inside:
            yield Hit(
                work.loc,
                f"RFC '{work.cr.id}' changes {work.environment} in a change freeze: "
                f"{work.words}, inside {inside}; move the work out of the freeze, or "
                "record the exception the change manager granted as a waiver",
                target=work.cr.id,
            )


def _days(work: _Work, ctx: CheckContext) -> list[dt.date]:
    """The days the work changes the environment: every day of a window, the plan's
    working days of a scheduled activity."""
    days = [work.first + dt.timedelta(days=n) for n in range((work.last - work.first).days + 1)]
    if work.window:
        return days
    working = work_calendar(ctx.plan)
    return [d for d in days if working.is_workday(d)] or days[:1]


def _outside_window(ctx: CheckContext) -> Iterator[Hit]:
    calendar = ctx.calendar
    if calendar is None:
        return
    for work in _works(ctx):
        windows = calendar.windows_for(work.environment, work.first, work.last)
        if windows is None:
            continue  # no windows for this environment: any day will do
        outside = [d for d in _days(work, ctx) if not any(w.open_on(d) for w in windows)]
        if not outside:
            continue
        more = len(outside) - 1
        when = outside[0].isoformat() + (f" and {more} more day{'s' * (more > 1)}" if more else "")
        open_days = "; ".join(w.describe() for w in windows) or "no day in these dates"
        hint = "move its window into one" if work.window else "give the RFC a change window in one"
        yield Hit(
            work.loc,
            f"RFC '{work.cr.id}' changes {work.environment} on {when}, outside the maintenance "
            f"windows of {work.environment} ({open_days}): {work.words}; {hint}",
            target=work.cr.id,
        )


def _late_for_cab(ctx: CheckContext) -> Iterator[Hit]:
    calendar = ctx.calendar
    if calendar is None or not calendar.has_cab:
        return
    lead = calendar.lead_time_days
    for work in _works(ctx):
        cr = work.cr
        if cr.status not in WAITING or cr.change_type in ("standard", "emergency"):
            # A standard change is pre-authorised and needs no CAB; an emergency one goes
            # to the emergency CAB, which is convened when needed (ITIL v3 ST §4.2).
            continue
        # A draft is submitted today at the earliest and needs the lead time; a submitted
        # RFC is with the change manager already and needs only a meeting.
        earliest = ctx.today + dt.timedelta(days=lead if cr.status == "draft" else 0)
        before = work.first - dt.timedelta(days=1)
        if earliest <= before and calendar.meetings_between(earliest, before):
            continue
        later = calendar.meetings_between(earliest, earliest + MEETING_HORIZON)
        reach = (
            f"the first CAB meeting it can reach is on {later[0].isoformat()}"
            if later
            else "the change calendar has no CAB meeting it can reach within a year"
        )
        how = (
            f"submitted today ({ctx.today.isoformat()}) with the CAB's lead time of {lead} "
            f"day{'s' * (lead != 1)}"
            if cr.status == "draft"
            else f"submitted, as of today ({ctx.today.isoformat()})"
        )
        yield Hit(
            work.loc,
            f"RFC '{cr.id}' cannot be approved by the CAB before its work starts on "
            f"{work.first.isoformat()} ({work.words}): {how}, {reach}; submit it earlier or "
            "plan the work after that meeting",
            target=cr.id,
        )


def _go_live_in_freeze(ctx: CheckContext) -> Iterator[Hit]:
    calendar = ctx.calendar
    if calendar is None:
        return
    from pmsm_cli.changecal.model import PRODUCTION, span
    from pmsm_cli.changecal.work import GO_LIVE, authorises

    found = ctx.entry(GO_LIVE)
    if found is None:
        return
    index, planned = found
    if planned.status in DROPPED or planned.status == "done":
        return
    first, last = ctx.start_of(planned.id), ctx.finish_of(planned.id)
    if first is None or last is None:
        return
    environment = next(
        (
            cr.environment
            for cr in ctx.plan.change_requests
            if cr.environment and authorises(cr, planned.id) == planned.id
        ),
        PRODUCTION,
    )
    inside: list[Freeze] = [
        f for f in calendar.freezes_between(first, max(first, last)) if f.covers(environment)
    ]
    if not inside:
        return
    at: Loc = ("activities", index)
    if planned.actual_start is not None:
        at = (*at, "actual_start")
    elif planned.start is not None:
        at = (*at, "start")
    yield Hit(
        at,
        f"the go-live '{planned.id}' is scheduled {span(first, max(first, last))}, inside "
        f"{'; and '.join(f.describe() for f in inside)}; plan it before or after the freeze "
        "(pmsm plan --respect-freezes shows where it would move)",
        target=planned.id,
    )


CONFIG = dedent("""
    # .pmsm.yaml
    change_calendar:
      freezes:
        - {name: Year-end, start: 2026-12-14, finish: 2027-01-08,
           reason: closing the books, environments: [production]}
      maintenance_windows:
        - {environment: production, weekdays: [sat, sun]}
      cab: {meets: [tue], lead_time_days: 5}
    ---
""")

RULES = (
    Rule(
        code="CAL001",
        needs=frozenset({"change_requests"}),
        slug="rfc-in-change-freeze",
        title="Work an RFC authorises falls inside a change freeze",
        severity="error",
        source=whitepaper("5.1"),
        basis="policy",
        rationale=(
            "A change freeze is the change manager's answer to a period production cannot "
            "afford to be disturbed in: year-end closing, a peak season, another large "
            "release. An RFC whose change window (or, without one, the activity it "
            "authorises) falls inside a freeze for its environment will not be approved, or "
            "will be approved only as an exception. " + CALENDAR_NOTE
        ),
        bad=CONFIG
        + dedent("""
            change_requests:
              - {id: RFC-7, kind: service, title: Install the new payroll servers,
                 environment: production, window_start: 2026-12-19, window_end: 2026-12-20}
        """),
        good=CONFIG
        + dedent("""
            change_requests:
              - {id: RFC-7, kind: service, title: Install the new payroll servers,
                 environment: production, window_start: 2026-12-12, window_end: 2026-12-13}
        """),
        check=_rfc_in_freeze,
    ),
    Rule(
        code="CAL002",
        needs=frozenset({"change_requests"}),
        slug="rfc-outside-maintenance-window",
        title="Work an RFC authorises falls outside its environment's maintenance windows",
        severity="warning",
        source=whitepaper("5.1"),
        basis="policy",
        rationale=(
            "Organisations agree with their customers when each environment may be changed, "
            "such as production at the weekend; a change made outside those windows disturbs "
            "users the service level protects, and needs an exception. Only environments the "
            "calendar gives windows for are checked. " + CALENDAR_NOTE
        ),
        bad=CONFIG
        + dedent("""
            change_requests:
              - {id: RFC-8, kind: service, title: Deploy Payroll 5, environment: production,
                 window_start: 2026-05-19, window_end: 2026-05-19}
        """),
        good=CONFIG
        + dedent("""
            change_requests:
              - {id: RFC-8, kind: service, title: Deploy Payroll 5, environment: production,
                 window_start: 2026-05-23, window_end: 2026-05-23}
        """),
        check=_outside_window,
    ),
    Rule(
        code="CAL003",
        needs=frozenset({"change_requests"}),
        slug="rfc-misses-cab",
        title="An RFC cannot reach a CAB meeting, with the lead time, before its work starts",
        severity="error",
        source=whitepaper("5.1"),
        basis="policy",
        rationale=(
            "The CAB approves an RFC at one of its meetings (§5.1), and wants it some days "
            "before the meeting to assess it. A draft RFC is submitted today at the earliest; "
            "if no meeting that far ahead comes before its window (or its activity's start), "
            "the work will wait, or go to the CAB as an emergency it is not. A submitted RFC "
            "needs a meeting before its window. The lead time is in calendar days. Standard "
            "changes (pre-authorised) and emergency changes (the emergency CAB meets when "
            "needed) are left out. " + CALENDAR_NOTE
        ),
        bad=CONFIG
        + dedent("""
            change_requests:
              - {id: RFC-9, kind: service, title: Deploy Payroll 5, environment: production,
                 status: draft, window_start: 2026-03-07, window_end: 2026-03-07}
        """),
        good=CONFIG
        + dedent("""
            change_requests:
              - {id: RFC-9, kind: service, title: Deploy Payroll 5, environment: production,
                 status: draft, window_start: 2026-03-14, window_end: 2026-03-14}
        """),
        check=_late_for_cab,
    ),
    Rule(
        code="CAL004",
        slug="go-live-in-change-freeze",
        title="The go-live is scheduled inside a change freeze",
        severity="error",
        source=whitepaper("5.1"),
        basis="policy",
        rationale=(
            "The go-live is the change to production that an RFC exists for (§5.1); planned "
            "into a freeze, it will not happen on that date, and everything after it (early "
            "life support, closing) slips with it. It is checked against the freezes of the "
            "environment its RFC names, production when none does. " + CALENDAR_NOTE
        ),
        bad=CONFIG
        + dedent("""
            activities:
              - {id: go-live, start: 2026-12-15}
        """),
        good=CONFIG
        + dedent("""
            activities:
              - {id: go-live, start: 2026-12-08}
        """),
        check=_go_live_in_freeze,
    ),
)
