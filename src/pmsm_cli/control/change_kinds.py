"""What each kind of change request may hold: one definition for check and ``change add``.

§5.1 keeps two kinds apart. A *project* change request changes the charter's
scope, time or budget, and the project sponsor decides it. A *service* change
request, the RFC, changes production; ITIL v3 Service Transition §4.2 (the
book §5.1 cites for change management) types it standard (authorised in
advance), normal or emergency, and has the CAB advise the change authority,
or for an emergency the emergency CAB (ECAB) that can meet at once.

The rule that checks plans (CHG003) and the command that writes change
requests (``pmsm change add``) both ask :func:`mixups_of`, so a request one of
them refuses the other refuses too. Each says what it finds in its own words
(a plan key or a command-line option), from the same :class:`Mixup`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, get_args

from pmsm_cli.models.change_values import ProjectChangeType, ServiceChangeType
from pmsm_cli.records import record

SPONSOR = "project-sponsor"
CAB = "change-advisory-board"
AUTHORITY = "change-authority"
ECAB = "emergency-cab"

PROJECT, SERVICE = "project", "service"
# The change types each kind takes; the plan model accepts any of them, CHG003 and
# 'pmsm change add' the ones of the request's own kind.
CHANGE_TYPES: dict[str, tuple[str, ...]] = {
    PROJECT: get_args(ProjectChangeType),
    SERVICE: get_args(ServiceChangeType),
}
# Fields that belong to one kind only.
ONLY: dict[str, tuple[str, ...]] = {
    PROJECT: ("extra_days", "extra_cost"),
    SERVICE: ("environment", "window_start", "window_end"),
}
# Who decides an RFC: the CAB (as the whitepaper has it), the change authority it
# advises, or for an emergency change the ECAB.
SERVICE_APPROVERS: tuple[str, ...] = (CAB, AUTHORITY, ECAB)
BODY: dict[str, str] = {
    SPONSOR: "the project sponsor",
    CAB: "the Change Advisory Board",
    AUTHORITY: "the change authority",
    ECAB: "the emergency CAB (ECAB)",
}
# An RFC without a change type is taken as a normal change.
DEFAULT_TYPE = "normal"


def default_approver(kind: str, change_type: str | None) -> str:
    """The sponsor for a project change request; for an RFC, the body its type goes to."""
    if kind == PROJECT:
        return SPONSOR
    return {"emergency": ECAB, "standard": AUTHORITY}.get(change_type or DEFAULT_TYPE, CAB)


def other(kind: str) -> str:
    return SERVICE if kind == PROJECT else PROJECT


@record(slots=True)
class Mixup:
    """One thing a change request holds that its kind does not take.

    ``field`` is the change request's field it is about; ``wrong_kind`` is set when
    the field belongs to the other kind altogether (then only the field is named).
    """

    field: str
    reason: str
    wrong_kind: bool = False


class Request(Protocol):
    """A change request as a plan holds it, or as ``pmsm change add`` was asked for it
    (its change type and approver defaulted). Only the fields of :data:`ONLY` and
    these three are read."""

    @property
    def kind(self) -> str: ...
    @property
    def change_type(self) -> str | None: ...
    @property
    def approver(self) -> str | None: ...


def mixups_of(request: Request, *, cli: bool, rfc: str = "RFC") -> list[Mixup]:
    """What in ``request`` belongs to the other kind, or to another approver or change type."""
    present = [f for f in ONLY[other(request.kind)] if getattr(request, f, None) is not None]
    return mixups(request.kind, request.change_type, request.approver, present, cli=cli, rfc=rfc)


def mixups(
    kind: str,
    change_type: str | None,
    approver: str | None,
    present: Iterable[str],
    *,
    cli: bool,
    rfc: str = "RFC",
) -> list[Mixup]:
    """What in a change request of ``kind`` belongs elsewhere.

    ``present`` names the fields that are set. ``cli``: worded for ``pmsm change add``
    (options such as ``--approver``) rather than for a plan file (keys such as
    ``'approver'``). ``rfc``: what the plan's method calls an RFC (the PRINCE2 profile
    says "RFC (service change)", as its own "request for change" is a project change).
    """
    an_rfc = "an RFC (service change request)" if rfc == "RFC" else f"an {rfc}"

    def name(field: str) -> str:
        return "--" + field.replace("_", "-") if cli else f"'{field}'"

    def kind_words(of: str) -> str:
        return f"--kind {of}" if cli else f"kind: {of}"

    def use(approver: str) -> str:
        if cli:
            return f"Leave --approver out (it defaults to {approver})"
        return f"Set 'approver' to {approver}"

    found: list[Mixup] = []
    project = kind == PROJECT
    if project and approver in SERVICE_APPROVERS:
        found.append(
            Mixup(
                "approver",
                f"a project change request is decided by the project sponsor, not "
                f"{BODY[approver]}: project change control protects the charter, service "
                f"change management protects production (§5.1). {use(SPONSOR)}, or use "
                f"{kind_words(SERVICE)} for a change to production",
            )
        )
    elif not project and approver == SPONSOR:
        found.append(
            Mixup(
                "approver",
                f"{an_rfc} is decided by the Change Advisory Board, not "
                "the project sponsor: service change management protects production, project "
                f"change control protects the charter (§5.1). "
                f"{use(default_approver(kind, change_type))}, or use {kind_words(PROJECT)} for "
                "more time, budget or scope",
            )
        )
    if change_type is not None and change_type not in CHANGE_TYPES[kind]:
        own = ", ".join(CHANGE_TYPES[kind])
        if project:
            why = f"an {rfc}'s type (ITIL v3 Service Transition §4.2)"
        else:
            why = "a project change request's type: more scope, time or budget (§5.1)"
        found.append(
            Mixup(
                "change_type",
                f"{name('change_type')} {change_type} is {why}; "
                f"{'a project change request' if project else f'an {rfc}'} is one of: {own}",
            )
        )
    elif not project and approver in SERVICE_APPROVERS:
        typed = change_type or DEFAULT_TYPE
        if typed == "emergency" and approver == CAB:
            found.append(
                Mixup(
                    "approver",
                    f"an emergency {rfc} goes to the emergency CAB (approver: emergency-cab) "
                    "or the change authority, not the normal CAB, which cannot meet in time "
                    "(ITIL v3 Service Transition §4.2)",
                )
            )
        elif typed != "emergency" and approver == ECAB:
            found.append(
                Mixup(
                    "approver",
                    f"the emergency CAB is for emergency changes only; a {typed} {rfc} goes to the "
                    f"CAB or the change authority (ITIL v3 Service Transition §4.2), or set "
                    f"{name('change_type')} emergency if it cannot wait",
                )
            )
    for field in ONLY[other(kind)]:
        if field in present:
            whose = f"an {rfc}" if project else "a project change request"
            what = (
                "a project change request changes the charter's scope, time or budget, not "
                "production (§5.1)"
                if project
                else f"an {rfc} asks to change production, not the charter (§5.1)"
            )
            found.append(
                Mixup(field, f"belongs to {whose} ({kind_words(other(kind))}): {what}", True)
            )
    return found
