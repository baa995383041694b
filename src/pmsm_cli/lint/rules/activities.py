"""Activities (§3.2, §4, §6): the plan contains what the catalog says its kind needs.

The whitepaper's §3.2 table lists, for each of 19 ITIL processes, the
activities a project that creates or changes a service must plan, and §4
and §6 add the release and closing work; the catalog holds them as data,
with the project kinds each applies to. ``project.kind`` picks the kind and
``scope:`` (the ITIL processes in scope; the kind's list when absent)
narrows it.

§3.2 calls its activities examples to consider, so ACT001 asks for a
decision, not for the activity itself. An activity counts as present when a
plan activity has its id or names it in ``catalog:``. One that truly does not
apply stays in the plan with ``status: not-applicable`` and a ``reason``, so
the decision is visible.
Some activities matter enough to have their own rule, with its own rationale
(the SORT tests, early life support, the RFC, the closing hand-overs); this
family leaves those to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import attrgetter

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import DROPPED, CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.common import activity_words, dedent
from pmsm_cli.models.plan import Activity as PlanActivity


def unknown_words(value: str, known: Iterable[str], what: str) -> str:
    """ "'x' is not a known ITIL process; did you mean 'y'?" (or the list of choices)."""
    import difflib  # only for a plan with an unknown name: most have none

    choices = sorted(known)
    close = difflib.get_close_matches(value, choices, n=1)
    hint = f"did you mean '{close[0]}'?" if close else "expected one of: " + ", ".join(choices)
    return f"'{value}' is not a known {what}; {hint}"


def _missing(ctx: CheckContext) -> Iterator[Hit]:
    for activity in ctx.expected:
        if activity.id in ctx.owned or activity.id in ctx.implemented:
            continue
        cite = activity.source.cite()
        yield Hit(
            ("activities",),
            f"the plan neither plans nor declines {activity_words(ctx, activity)}, an activity "
            f"to consider for {ctx.kind_words}; plan it, or keep it with 'status: "
            "not-applicable' and a 'reason'",
            key=True,
            target=activity.id,
            source=cite,
            fix=(activity.id,),
        )


def _unknown_kind(ctx: CheckContext) -> Iterator[Hit]:
    kind = ctx.plan.project.kind
    if kind not in ctx.catalog.kind_by_id:
        yield Hit(
            ("project", "kind"),
            unknown_words(kind, ctx.catalog.kind_by_id, "project kind")
            + "; without it pmsm cannot tell which activities the plan needs",
            target=kind,
        )


def _unknown_scope(ctx: CheckContext) -> Iterator[Hit]:
    processes = ctx.catalog.process_by_id
    abbrevs = {p.abbrev: p.id for p in ctx.catalog.processes}
    for index, process in enumerate(ctx.plan.scope):
        if process in processes:
            continue
        if process in abbrevs:
            message = f"'{process}' is an abbreviation; write the process id '{abbrevs[process]}'"
        else:
            message = unknown_words(process, processes, "ITIL process")
        yield Hit(("scope", index), message, target=process)


def _unknown_references(ctx: CheckContext) -> Iterator[Hit]:
    catalog = ctx.catalog
    fields: tuple[tuple[str, Mapping[str, object], str], ...] = (
        ("catalog", catalog.activity_by_id, "catalog activity"),
        ("process", catalog.process_by_id, "ITIL process"),
        ("phase", catalog.phase_by_id, "lifecycle phase"),
        ("pmbok_group", catalog.group_by_id, "PMBOK process group"),
        ("stage", catalog.stage_by_id, "release and deployment stage"),
    )
    activities = ctx.plan.activities
    # Most plans name only known ids: whole-column set operations find that out
    # without a Python step per field of each activity.
    if any(
        set(map(attrgetter(name), activities)) - known.keys() - {None}
        for name, known, _what in fields
    ):
        yield from _unknown_fields(activities, fields)
    plan_ids = set(map(attrgetter("id"), activities)) if ctx.plan.change_requests else set()
    for index, change in enumerate(ctx.plan.change_requests):
        if change.activity is not None and change.activity not in plan_ids:
            yield Hit(
                ("change_requests", index, "activity"),
                f"change request '{change.id}' authorises '{change.activity}', which is not an "
                "activity of the plan",
                target=change.id,
            )


def _unknown_fields(
    activities: Sequence[PlanActivity], fields: tuple[tuple[str, Mapping[str, object], str], ...]
) -> Iterator[Hit]:
    for index, activity in enumerate(activities):
        for name, known, what in fields:
            value = getattr(activity, name)
            if value is not None and value not in known:
                yield Hit(
                    ("activities", index, name),
                    f"activity '{activity.id}': " + unknown_words(value, known, what),
                    target=activity.id,
                )


def _dropped_without_reason(ctx: CheckContext) -> Iterator[Hit]:
    for index, activity in enumerate(ctx.plan.activities):
        if activity.status in DROPPED and not activity.reason:
            yield Hit(
                ("activities", index, "status"),
                f"activity '{activity.id}' is marked {activity.status} without a 'reason'; "
                "say why, so reviewers can tell a decision from an oversight",
                target=activity.id,
            )


RULES = (
    Rule(
        code="ACT001",
        slug="missing-catalog-activity",
        title="A catalog activity to consider for the project's kind is neither planned nor "
        "declined",
        severity="error",
        source=whitepaper("3.2"),
        basis="suggests",
        rationale=(
            "The whitepaper's §3.2 table gives, process by process, examples of activities to "
            "consider in the plan so the service can be run and supported once it is live (an "
            "SLA, OLAs, a continuity plan, monitoring, support training, ...), and §4 and §6 "
            "add release and closing work. Mature organisations build them into their template "
            "project plan; one never considered is work discovered late, when it is dearest. "
            "The catalog lists the activities for each project kind and 'scope:' narrows the "
            "processes. Each is planned, or kept with 'status: not-applicable' and a 'reason' "
            "(ACT005 asks for the reason). 'pmsm check --fix' adds the missing ones."
        ),
        bad=dedent("""
            project: {name: Payroll portal, kind: new-service, start: 2026-03-02}
            activities:
              - id: slm-collect-requirements
              # no SLA, no OLAs, ...
        """),
        good=dedent("""
            project: {name: Payroll portal, kind: new-service, start: 2026-03-02}
            activities:
              - id: slm-collect-requirements
              - id: slm-create-sla
              - id: slm-create-olas
              - id: dem-determine-business-demand
                status: not-applicable
                reason: demand is fixed by the payroll calendar
        """),
        check=_missing,
        fixable=True,
    ),
    Rule(
        code="ACT002",
        slug="unknown-project-kind",
        title="The project kind is not one the catalog knows",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "The whitepaper (§1.2) distinguishes the kinds of project run in a service "
            "organisation (a new or changed service, adopting processes, an improvement "
            "initiative), and each needs different work. Retiring a service is pmsm's own "
            "kind, built from the decommissioning work of §4.5. pmsm picks the activities a "
            "plan needs by its kind, so an unknown kind means no activity can be checked."
        ),
        bad=dedent("""
            project: {name: Payroll portal, kind: new-servcie, start: 2026-03-02}
        """),
        good=dedent("""
            project: {name: Payroll portal, kind: new-service, start: 2026-03-02}
        """),
        check=_unknown_kind,
    ),
    Rule(
        code="ACT003",
        slug="unknown-process-in-scope",
        title="'scope:' names a process the catalog does not know",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "'scope:' lists the ITIL processes (§3.2) whose activities the project must plan. "
            "A misspelt process silently drops all of its activities from the check, so an "
            "unknown name is an error."
        ),
        bad=dedent("""
            scope: [change-management, incident-managment]
        """),
        good=dedent("""
            scope: [change-management, incident-management]
        """),
        check=_unknown_scope,
    ),
    Rule(
        code="ACT004",
        slug="unknown-reference",
        title="An activity or change request refers to something that does not exist",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "An activity's 'catalog', 'process', 'phase', 'pmbok_group' and 'stage' tie it to "
            "the catalog of ITIL processes (§3.2), PMBOK process groups (§1.1) and release "
            "stages (§4). A misspelt id breaks that tie: the activity loses its catalog "
            "defaults and reports show it in the wrong place. Likewise a change request's "
            "'activity' must name an activity of the plan, or the approval checks miss it."
        ),
        bad=dedent("""
            activities:
              - id: agree-sla
                catalog: slm-create-sal
        """),
        good=dedent("""
            activities:
              - id: agree-sla
                catalog: slm-create-sla
        """),
        check=_unknown_references,
    ),
    Rule(
        code="ACT005",
        slug="dropped-without-reason",
        title="An activity is marked not applicable or cancelled without a reason",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Marking a catalog activity not applicable is how a plan says it does not need "
            "one of the §3.2 activities. Without a reason, a reviewer cannot tell a considered "
            "decision from a way to silence the check."
        ),
        bad=dedent("""
            activities:
              - id: dem-determine-business-demand
                status: not-applicable
        """),
        good=dedent("""
            activities:
              - id: dem-determine-business-demand
                status: not-applicable
                reason: demand is fixed by the payroll calendar
        """),
        check=_dropped_without_reason,
    ),
)
