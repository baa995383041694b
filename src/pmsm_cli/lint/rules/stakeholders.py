"""Stakeholders (§2.2): the people a service project forgets.

The whitepaper's §2.2 separates the customer (who pays) from the users (who
use the service every day), names the four ITIL functions whose needs become
requirements (Application Management, Technical Management, the Service
Desk and IT Operations Management) and the service management roles, among
them the Service Owner who will own the service once the project ends. §2.2
asks the team to determine whether each function and role is a stakeholder,
so those rules accept a recorded "no"; the service owner is pmsm's policy.

In the plan, each ``stakeholders:`` entry has a ``role`` (a catalog role or
function id) and a ``name``. An entry with ``applicable: false`` and a
``reason`` records that a role does not apply, which counts as considered.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Hit, Rule
from pmsm_cli.lint.rules.activities import unknown_words
from pmsm_cli.lint.rules.common import dedent
from pmsm_cli.models.plan import Stakeholder

CUSTOMER, USER, SERVICE_OWNER = "customer", "user", "service-owner"
# The six key roles of §2.2, by catalog role id. The service owner has its own,
# stricter rule (STK003); STK006 asks for a decision on the other five.
ROLES_OF_2_2 = (
    "product-manager",
    "service-manager",
    "business-relationship-manager",
    "process-owner",
    "csi-manager",
)


def _entries(ctx: CheckContext, role: str) -> list[tuple[int, Stakeholder]]:
    return [(i, s) for i, s in enumerate(ctx.plan.stakeholders) if s.role == role]


def _considered(ctx: CheckContext, role: str, what: str, why: str) -> Iterator[Hit]:
    """One finding unless ``role`` is listed, or marked not applicable with a reason."""
    entries = _entries(ctx, role)
    if any(s.applicable or s.reason for _, s in entries):
        return
    if entries:
        index, _ = entries[0]
        yield Hit(
            ("stakeholders", index, "applicable"),
            f"{what} (role: {role}) is marked not applicable without a 'reason'; {why}",
            key=True,
            target=role,
        )
    else:
        yield _absent(role, what, why)


def _absent(role: str, what: str, why: str) -> Hit:
    """No entry at all for ``role``: the finding at ``stakeholders:``, for every role rule."""
    return Hit(
        ("stakeholders",),
        f"no stakeholder has the role '{role}' ({what}); {why}",
        key=True,
        target=role,
    )


def _customer_and_users(ctx: CheckContext) -> Iterator[Hit]:
    yield from _considered(
        ctx, CUSTOMER, "the customer", "the customer pays and sets priorities, apart from users"
    )
    yield from _considered(
        ctx, USER, "the users", "the people who use the service daily have needs of their own"
    )
    customers = {
        s.name.casefold(): i for i, s in _entries(ctx, CUSTOMER) if s.applicable and s.name
    }
    for index, user in _entries(ctx, USER):
        if user.applicable and user.name and user.name.casefold() in customers:
            yield Hit(
                ("stakeholders", index, "name"),
                f"'{user.name}' is listed as both customer and user; name who pays and who uses "
                "the service apart, so both sets of needs are heard",
                target=USER,
            )


def _functions(ctx: CheckContext) -> Iterator[Hit]:
    for function in ctx.catalog.functions:
        yield from _considered(
            ctx,
            function.id,
            f"the {function.title} function",
            f"list who speaks for it, or mark it 'applicable: false' with a reason. "
            f"It brings requirements such as: {function.example_requirement}",
        )


def _service_owner(ctx: CheckContext) -> Iterator[Hit]:
    # pmsm's policy, stricter than the "determine whether" of §2.2: a service owner
    # marked not applicable is still missing; a project without one records a waiver.
    entries = _entries(ctx, SERVICE_OWNER)
    if any(s.applicable for _, s in entries):
        return
    why = "someone must be accountable for the service end to end once the project closes"
    if entries:
        index, _ = entries[0]
        yield Hit(
            ("stakeholders", index, "applicable"),
            f"the service owner (role: {SERVICE_OWNER}) is marked not applicable; {why}. "
            "If the project really has none, record a waiver with the reason and an owner",
            key=True,
            target=SERVICE_OWNER,
        )
    else:
        yield _absent(SERVICE_OWNER, "the service owner", why)


def _roles(ctx: CheckContext) -> Iterator[Hit]:
    by_id = {r.id: r for r in ctx.catalog.roles}
    for role in ROLES_OF_2_2:
        entry = by_id.get(role)
        if entry is None:
            continue  # an organisation's catalog may drop a role
        yield from _considered(
            ctx,
            role,
            f"the {entry.title}",
            "list who it is, or mark it 'applicable: false' with the reason it has no stake "
            "(§2.2 asks the team to determine whether each of its roles is a stakeholder)",
        )


def _unnamed(ctx: CheckContext) -> Iterator[Hit]:
    for index, stakeholder in enumerate(ctx.plan.stakeholders):
        if stakeholder.applicable and not stakeholder.name:
            yield Hit(
                ("stakeholders", index),
                f"the stakeholder with role '{stakeholder.role}' has no 'name'; say who it is "
                "(a person or a team) so someone can be asked",
                target=stakeholder.role,
            )


def _unknown_roles(ctx: CheckContext) -> Iterator[Hit]:
    known = {r.id for r in ctx.catalog.roles} | {f.id for f in ctx.catalog.functions}
    for index, stakeholder in enumerate(ctx.plan.stakeholders):
        if stakeholder.role not in known:
            yield Hit(
                ("stakeholders", index, "role"),
                unknown_words(stakeholder.role, known, "stakeholder role or ITIL function"),
                target=stakeholder.role,
            )


RULES = (
    Rule(
        code="STK001",
        needs=frozenset({"stakeholders"}),
        slug="customer-users-not-distinguished",
        title="Customer and users are not told apart",
        severity="error",
        source=whitepaper("2.2"),
        basis="requires",
        rationale=(
            "The whitepaper (§2.2) separates the customer, who pays for the service and sets "
            "its priorities, from the users, who work with it every day. Their needs differ "
            "and both must be heard: a plan needs a stakeholder with role 'customer' and one "
            "with role 'user', and they should not be the same people."
        ),
        bad=dedent("""
            stakeholders:
              - {role: customer, name: HR department}
              - {role: user, name: HR department}
        """),
        good=dedent("""
            stakeholders:
              - {role: customer, name: HR director (budget holder)}
              - {role: user, name: "4,000 employees checking payslips"}
        """),
        check=_customer_and_users,
    ),
    Rule(
        code="STK002",
        needs=frozenset({"stakeholders"}),
        slug="itil-function-missing",
        title="An ITIL function is neither listed nor marked not applicable with a reason",
        severity="error",
        source=whitepaper("2.2"),
        basis="suggests",
        rationale=(
            "The four ITIL functions (Application Management, Technical Management, Service "
            "Desk, IT Operations Management) will run and support the service, and each brings "
            "requirements a business-only view misses (§2.2): the service desk needs error "
            "details, operations need health checks. Each must be listed as a stakeholder, or "
            "marked 'applicable: false' with the reason it has no stake."
        ),
        bad=dedent("""
            stakeholders:
              - {role: application-management, name: Payroll apps team}
              - {role: technical-management, name: Hosting team}
        """),
        good=dedent("""
            stakeholders:
              - {role: application-management, name: Payroll apps team}
              - {role: technical-management, name: Hosting team}
              - {role: service-desk, name: IT service desk}
              - role: it-operations-management
                applicable: false
                reason: the supplier operates the platform under contract
        """),
        check=_functions,
    ),
    Rule(
        code="STK003",
        needs=frozenset({"stakeholders"}),
        slug="service-owner-missing",
        title="No service owner",
        severity="error",
        source=whitepaper("2.2"),
        basis="policy",
        rationale=(
            "The Service Owner (§2.2) is accountable for the service end to end, whatever "
            "teams deliver it, and owns it once the project has gone. A project that does not "
            "name one hands its service to nobody. §2.2 only asks the team to determine "
            "whether the role is a stakeholder; requiring one is pmsm's policy, following ITIL "
            "v3 Service Design, in which every service has an owner. So 'applicable: false' "
            "does not answer this rule: a project that truly has no service owner records a "
            "waiver with the reason and an owner."
        ),
        bad=dedent("""
            stakeholders:
              - {role: customer, name: HR director}
        """),
        good=dedent("""
            stakeholders:
              - {role: customer, name: HR director}
              - {role: service-owner, name: Head of HR systems}
        """),
        check=_service_owner,
    ),
    Rule(
        code="STK004",
        needs=frozenset({"stakeholders"}),
        slug="stakeholder-unnamed",
        title="A stakeholder has no name",
        severity="warning",
        source=whitepaper("2.2"),
        basis="policy",
        rationale=(
            "A role in the register is only useful when someone can be asked (§2.2): a "
            "stakeholder entry without a name is a question not yet answered. Name a person or "
            "a team, or mark the role 'applicable: false' with a reason. The whitepaper does "
            "not ask for names: this is pmsm's policy."
        ),
        bad=dedent("""
            stakeholders:
              - role: service-desk
        """),
        good=dedent("""
            stakeholders:
              - role: service-desk
                name: IT service desk (Maria Lopez, team lead)
        """),
        check=_unnamed,
    ),
    Rule(
        code="STK005",
        needs=frozenset({"stakeholders"}),
        slug="unknown-stakeholder-role",
        title="A stakeholder's role is neither a catalog role nor an ITIL function",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Stakeholder roles are the catalog's roles and the four ITIL functions (§2.2); the "
            "customer, user, function and service owner checks find stakeholders by them. A "
            "misspelt role hides the stakeholder from those checks."
        ),
        bad=dedent("""
            stakeholders:
              - {role: service-onwer, name: Head of HR systems}
        """),
        good=dedent("""
            stakeholders:
              - {role: service-owner, name: Head of HR systems}
        """),
        check=_unknown_roles,
    ),
    Rule(
        code="STK006",
        needs=frozenset({"stakeholders"}),
        slug="itil-role-not-considered",
        title="A key ITIL role of §2.2 is neither listed nor marked not applicable with a reason",
        severity="error",
        source=whitepaper("2.2"),
        basis="suggests",
        rationale=(
            "§2.2 names six key service management roles and asks the project team to "
            "determine whether each is a stakeholder: the product manager, the service manager, "
            "the service owner, the business relationship manager, the process owner and the "
            "CSI manager. Each brings needs of its own: the process owner, that the service "
            "fits the change and incident processes; the CSI manager, the improvement ideas "
            "the project leaves behind. Each is listed, or marked 'applicable: false' with "
            "the reason it has no stake. The service owner has its own rule (STK003)."
        ),
        bad=dedent("""
            stakeholders:
              - {role: service-owner, name: Head of HR systems}
              - {role: service-manager, name: IT service delivery manager}
        """),
        good=dedent("""
            stakeholders:
              - {role: service-owner, name: Head of HR systems}
              - {role: service-manager, name: IT service delivery manager}
              - role: product-manager
                applicable: false
                reason: HR services are not run as products here
              - {role: business-relationship-manager, name: HR business partner for IT}
              - {role: process-owner, name: Change and incident process owner}
              - {role: csi-manager, name: Service improvement lead}
        """),
        check=_roles,
    ),
)
