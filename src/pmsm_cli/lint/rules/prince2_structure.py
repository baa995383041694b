"""How the PRINCE2 rules check a plan's structure: stages, their boundaries, the board.

PRN001 (every stage ends in a boundary), PRN002 (the board's three interests),
PRN003 (the business justification confirmed at each boundary passed) and PRN008
(stages and exceptions name what the plan has). The rules themselves, with their
rationale and fixtures, are in :mod:`pmsm_cli.lint.rules.prince2`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from pmsm_cli.lint.context import DROPPED, CheckContext
from pmsm_cli.lint.rule import Hit
from pmsm_cli.prince2 import BOARD_FROM, BOARD_TITLES, EXECUTIVE_ROLE, is_prince2


def _stage_words(ctx: CheckContext, index: int) -> str:
    stage = ctx.plan.stages[index]
    return f"stage '{stage.id}' ({stage.name})"


# --- PRN001: stages and their boundaries --------------------------------------------------


def boundaries(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    stages = ctx.plan.stages
    if len(stages) < 2:
        yield Hit(
            ("stages",),
            f"a PRINCE2 project needs at least two management stages (an initiation stage and "
            f"one or more delivery stages), but the plan lists {len(stages)}; add them under "
            "'stages:', each with the boundary activity that ends it",
            key=True,
        )
    by_id = {a.id: a for a in ctx.plan.activities}
    for index, stage in enumerate(stages):
        if stage.boundary is None:
            yield Hit(
                ("stages", index),
                f"{_stage_words(ctx, index)} has no 'boundary': name the activity or milestone "
                f"at which the {_decider(stage.decided_by)} assesses the stage and authorises "
                "the next one (or closure)",
                target=stage.id,
            )
            continue
        planned = by_id.get(stage.boundary)
        if planned is None:
            yield Hit(
                ("stages", index, "boundary"),
                f"the boundary of {_stage_words(ctx, index)} is '{stage.boundary}', which is "
                "not an activity of the plan; add the end stage assessment as an activity or "
                "milestone, or name the one there is",
                target=stage.id,
            )
        elif planned.status in DROPPED:
            yield Hit(
                ("stages", index, "boundary"),
                f"the boundary of {_stage_words(ctx, index)}, '{planned.id}', is marked "
                f"{planned.status}; without it nobody decides whether the project goes on",
                target=stage.id,
            )


def _decider(decided_by: str) -> str:
    return "Executive" if decided_by == "executive" else "Project Board"


# --- PRN002: the Project Board ------------------------------------------------------------


def board(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    holders: dict[str, list[int]] = {role: [] for role in BOARD_TITLES}
    for index, s in enumerate(ctx.plan.stakeholders):
        if s.board is not None and s.applicable:
            holders[s.board].append(index)
    for role, title in BOARD_TITLES.items():
        if not holders[role]:
            yield Hit(
                ("stakeholders",),
                f"the Project Board has no {title}: mark the stakeholder who holds the role "
                f"with 'board: {role}', usually {BOARD_FROM[role]}",
                key=True,
                target=role,
            )
    for index in holders["executive"][1:]:
        yield Hit(
            ("stakeholders", index, "board"),
            f"'{ctx.plan.stakeholders[index].name}' is a second Executive; the Executive is one "
            "person, so that one person is accountable for the project",
            target="executive",
        )
    for index in holders["executive"]:
        stakeholder = ctx.plan.stakeholders[index]
        if stakeholder.role != EXECUTIVE_ROLE:
            yield Hit(
                ("stakeholders", index, "board"),
                f"the Executive is the stakeholder with role '{stakeholder.role}', but in pmsm "
                f"the Executive is the project sponsor (role: {EXECUTIVE_ROLE}), who owns the "
                "business case and decides project change requests",
                target="executive",
            )


# --- PRN003: continued business justification ----------------------------------------------


def justification(ctx: CheckContext) -> Iterator[Hit]:
    if not is_prince2(ctx.plan):
        return
    by_id = {a.id: a for a in ctx.plan.activities}
    for index, stage in enumerate(ctx.plan.stages):
        boundary = by_id.get(stage.boundary or "")
        if boundary is None or stage.justification is not None:
            continue
        if boundary.actual_finish is not None:
            when = f"on {boundary.actual_finish.isoformat()}"
        elif boundary.status == "done":
            when = "(it is marked done)"
        else:
            continue
        yield Hit(
            ("stages", index, "boundary"),
            f"the boundary of {_stage_words(ctx, index)} was reached {when}, but the stage "
            "records no 'justification': write down when the board confirmed that the business "
            "case still holds, and its decision (continue or close)",
            key=True,
            target=stage.id,
        )


# --- PRN004 and PRN005: tolerances and exceptions ------------------------------------------


def references(ctx: CheckContext) -> Iterator[Hit]:
    plan = ctx.plan
    if not is_prince2(plan):
        present = [
            name
            for name, value in (
                ("stages", plan.stages),
                ("tolerances", plan.tolerances),
                ("exceptions", plan.exceptions),
                ("benefits_approach", plan.benefits_approach),
            )
            if value
        ]
        for name in present:
            yield Hit(
                (name,),
                f"'{name}' belongs to the PRINCE2 profile and is ignored in a plan whose "
                f"project.method is {plan.project.method}; set 'method: prince2' under "
                "'project:' or remove it",
                key=True,
                target=name,
            )
        yield from (
            Hit(
                ("stakeholders", i, "board"),
                "'board' belongs to the PRINCE2 profile and is ignored in a plan whose "
                f"project.method is {plan.project.method}",
                key=True,
                target=s.role,
            )
            for i, s in enumerate(plan.stakeholders)
            if s.board is not None
        )
        return
    counts = Counter(s.id for s in plan.stages)
    seen: set[str] = set()
    for index, stage in enumerate(plan.stages):
        if counts[stage.id] > 1 and stage.id in seen:
            yield Hit(
                ("stages", index, "id"),
                f"there is more than one stage with id '{stage.id}'",
                target=stage.id,
            )
        seen.add(stage.id)
    activity_ids = {a.id for a in plan.activities}
    placed: dict[str, str] = {}
    for index, stage in enumerate(plan.stages):
        for n, activity in enumerate(stage.activities):
            if activity not in activity_ids:
                yield Hit(
                    ("stages", index, "activities", n),
                    f"{_stage_words(ctx, index)} lists '{activity}', which is not an activity "
                    "of the plan",
                    target=stage.id,
                )
            elif activity in placed:
                yield Hit(
                    ("stages", index, "activities", n),
                    f"'{activity}' is listed in stage '{placed[activity]}' and in stage "
                    f"'{stage.id}'; an activity belongs to one management stage",
                    target=stage.id,
                )
            else:
                placed[activity] = stage.id
    for index, exception in enumerate(plan.exceptions):
        if exception.stage is not None and exception.stage not in counts:
            yield Hit(
                ("exceptions", index, "stage"),
                f"exception '{exception.id}' is for stage '{exception.stage}', which is not a "
                "stage of the plan; leave 'stage' out for the project's own tolerances",
                target=exception.id,
            )
