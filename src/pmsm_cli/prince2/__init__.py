"""The PRINCE2 profile: a plan with ``project.method: prince2``.

PRINCE2 (7th edition, AXELOS/PeopleCert 2023) runs a project stage by stage
under a Project Board, within tolerances set by the level above, and keeps
asking whether the business case still holds. The whitepaper (§7)
names PRINCE2 as the next framework whose fit with ITIL should be worked out;
this package is pmsm's answer for the plan:

* management stages (``stages:``), each ending at a boundary activity where the
  board assesses the stage and confirms the business justification;
* the Project Board mapped onto the stakeholder register (``board:``);
* tolerances (``tolerances:``) and exceptions (``exceptions:``), measured by
  :mod:`pmsm_cli.prince2.tolerances` for ``pmsm status`` and ``pmsm check``;
* a benefits management approach with reviews after closure.

It also settles a clash of names. PRINCE2 calls a request to change the
project's agreed baseline a "request for change"; ITIL's RFC asks to change a
live service. In a PRINCE2 plan pmsm therefore says "project change request"
and "RFC (service change)", never the bare words either side could misread.
"""

from __future__ import annotations

from typing import Literal

from pmsm_cli.models.plan import Plan

PRINCE2 = "prince2"

# The Project Board (PRINCE2 7th ed., Organizing practice): who decides for the business,
# for those who will use the result, and for those who supply it.
BOARD_TITLES: dict[str, str] = {
    "executive": "Executive",
    "senior-user": "Senior User",
    "senior-supplier": "Senior Supplier",
}
# The stakeholder roles pmsm already knows that each board role is normally drawn from,
# for messages. Only the Executive is tied to one role: pmsm's project sponsor owns the
# business case and decides project change requests, which is the Executive's job.
BOARD_FROM: dict[str, str] = {
    "executive": "the project sponsor (role: project-sponsor)",
    "senior-user": (
        "whoever speaks for those who will use the service: the customer, the users or the "
        "business relationship manager"
    ),
    "senior-supplier": (
        "whoever speaks for those who build and will run it: application or technical "
        "management, IT operations, the service manager or the main supplier"
    ),
}
EXECUTIVE_ROLE = "project-sponsor"


def is_prince2(plan: Plan) -> bool:
    return plan.project.method == PRINCE2


def change_request_words(kind: Literal["project", "service"] | str, method: str) -> str:
    """What a change request of ``kind`` is called in a plan that follows ``method``."""
    if kind == "project":
        return "project change request"
    return "RFC (service change)" if method == PRINCE2 else "RFC"


def rfc_words(method: str) -> str:
    """'RFC', or in the PRINCE2 profile 'RFC (service change)'."""
    return change_request_words("service", method)
