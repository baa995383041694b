"""Requirements (§3.1): utility and warranty, the 5 aspects, the 4 P's.

The whitepaper's §3.1 gives project teams systematic checklists so that
requirements come from the support organisation as well as the business:
utility (what the service does, §3.1.1) and warranty (availability, capacity,
security, continuity), the five aspects of service design and the four P's
(people, process, products, partners), plus what the lifecycle processes
(incident and change management) need.

In the plan, ``requirements:`` is keyed by checklist item id (``pmsm catalog
list --section requirement_checklists``); each item holds a list of
requirements. An item with an empty list, or no key at all, was not worked
through. When an item truly has nothing to require, one requirement saying
so (for example ``status: dropped``) records that it was considered.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmsm_cli.catalogs.citing import whitepaper
from pmsm_cli.lint.context import CheckContext
from pmsm_cli.lint.rule import Check, Hit, Rule
from pmsm_cli.lint.rules.activities import unknown_words
from pmsm_cli.lint.rules.common import dedent


def _checklist(checklist_id: str, lead: str) -> Check:
    """A check that every item of one catalog checklist has at least one requirement."""

    def check(ctx: CheckContext) -> Iterator[Hit]:
        checklist = next(
            (c for c in ctx.catalog.requirement_checklists if c.id == checklist_id), None
        )
        if checklist is None:
            return  # an organisation catalog removed it
        written = ctx.plan.requirements
        for item in checklist.items:
            if written.get(item.id):
                continue
            loc = ("requirements", item.id) if item.id in written else ("requirements",)
            yield Hit(
                loc,
                f"{lead} '{item.title}' ({item.id}) has no requirement: {item.description}",
                key=True,
                target=item.id,
            )

    return check


def _unknown_items(ctx: CheckContext) -> Iterator[Hit]:
    known = ctx.catalog.checklist_item_by_id
    for item_id in ctx.plan.requirements:
        if item_id not in known:
            yield Hit(
                ("requirements", item_id),
                unknown_words(item_id, known, "requirement checklist item"),
                key=True,
                target=item_id,
            )


RULES = (
    Rule(
        code="REQ001",
        needs=frozenset({"requirements"}),
        slug="warranty-requirement-missing",
        title="A warranty dimension (availability, capacity, security, continuity) is empty",
        severity="error",
        source=whitepaper("3.1"),
        basis="requires",
        rationale=(
            "Utility is what a service does; warranty is how well it does it (§3.1): its "
            "availability, capacity, security and continuity. Business users rarely state "
            "them, so they go missing from requirements and surface as incidents after "
            "go-live. Each of the four needs at least one requirement."
        ),
        bad=dedent("""
            requirements:
              warranty-availability:
                - text: Available 07:00-19:00 on working days, 99.5% a month
        """),
        good=dedent("""
            requirements:
              warranty-availability:
                - text: Available 07:00-19:00 on working days, 99.5% a month
              warranty-capacity:
                - text: 4,000 users, 600 at once on pay day, pages in under 2 s
              warranty-security:
                - text: Employees see only their own payslips; access is audited
              warranty-continuity:
                - text: Restored within 8 working hours (RTO), at most 1 h of data lost (RPO)
        """),
        check=_checklist("warranty", "the warranty dimension"),
    ),
    Rule(
        code="REQ002",
        needs=frozenset({"requirements"}),
        slug="design-aspect-missing",
        title="One of the 5 aspects of service design has no requirement",
        severity="error",
        source=whitepaper("3.1"),
        basis="requires",
        rationale=(
            "Service design covers five aspects (§3.1): the business requirements, the "
            "technical architecture, the processes to deliver and support the service, the "
            "service management systems and tools, and the measurement methods and metrics. "
            "Working through each one is how a project avoids designing only the software."
        ),
        bad=dedent("""
            requirements:
              aspect-business-requirements:
                - text: Employees download their payslips and P60s
        """),
        good=dedent("""
            requirements:
              aspect-business-requirements:
                - text: Employees download their payslips and P60s
              aspect-technical-architecture:
                - text: Runs on the shared Kubernetes platform behind the SSO gateway
              aspect-processes:
                - text: Payslip queries are logged as service requests, not incidents
              aspect-management-tools:
                - text: Health endpoint and logs feed the central monitoring
              aspect-measurement:
                - text: Monthly report of availability and query volumes per pay run
        """),
        check=_checklist("design-aspects", "the service design aspect"),
    ),
    Rule(
        code="REQ003",
        needs=frozenset({"requirements"}),
        slug="four-ps-missing",
        title="One of the 4 P's (people, process, products, partners) has no requirement",
        severity="error",
        source=whitepaper("3.1"),
        basis="suggests",
        rationale=(
            "The four P's of design (§3.1) are a second systematic check: People (roles, "
            "training, knowledge transfer), Process (procedures to deliver and support), "
            "Products and technology, and Partners and suppliers (for example a vendor's "
            "remote administration access). Each needs at least one requirement."
        ),
        bad=dedent("""
            requirements:
              p-products:
                - text: Runs on the payroll vendor's release 12 or later
        """),
        good=dedent("""
            requirements:
              p-people:
                - text: Service desk trained on payslip queries before go-live
              p-process:
                - text: Access requests approved by the employee's line manager
              p-products:
                - text: Runs on the payroll vendor's release 12 or later
              p-partners:
                - text: The vendor gets audited remote access for 3rd-level support
        """),
        check=_checklist("four-ps", "the P of design"),
    ),
    Rule(
        code="REQ004",
        needs=frozenset({"requirements"}),
        slug="unknown-requirement-item",
        title="A requirements key is not a catalog checklist item",
        severity="error",
        source=None,
        basis="housekeeping",
        rationale=(
            "Requirements are filed under the §3.1 checklist items so that the warranty, "
            "design aspect and four P's checks can find them. Under a misspelt key they are "
            "invisible to those checks, which then report the item as empty."
        ),
        bad=dedent("""
            requirements:
              warranty-availabilty:
                - text: Available 07:00-19:00 on working days
        """),
        good=dedent("""
            requirements:
              warranty-availability:
                - text: Available 07:00-19:00 on working days
        """),
        check=_unknown_items,
    ),
    Rule(
        code="REQ005",
        needs=frozenset({"requirements"}),
        slug="lifecycle-requirement-missing",
        title="A requirement the lifecycle processes bring (incident, change) is missing",
        severity="info",
        source=whitepaper("3.1"),
        basis="suggests",
        rationale=(
            "The processes that will run the service are sources of requirements too (§3.1): "
            "Incident Management needs useful logs and readable error messages, Change "
            "Management needs changes that are easy to deploy and to back out. They are easy "
            "to forget because no business user asks for them."
        ),
        bad=dedent("""
            requirements:
              incident-logging:
                - text: Errors are logged with the user's last actions
        """),
        good=dedent("""
            requirements:
              incident-logging:
                - text: Errors are logged with the user's last actions
              incident-readable-errors:
                - text: Error messages say what failed and what to do next
              change-easy-deployment:
                - text: Releases deploy without downtime from the pipeline
              change-easy-backout:
                - text: The previous release can be restored within 15 minutes
        """),
        check=_checklist("lifecycle", "the lifecycle item"),
    ),
    Rule(
        code="REQ006",
        needs=frozenset({"requirements"}),
        slug="utility-requirement-missing",
        title="A utility item (business functions, daily user needs) is empty",
        severity="error",
        source=whitepaper("3.1.1"),
        basis="requires",
        rationale=(
            "Utility is what the service does, its fitness for purpose; warranty is how well "
            "it does it (§3.1.1), and project teams are told to take care to capture both. "
            "REQ001 checks the warranty side; this rule checks the utility side: the business "
            "functions the paying customer agreed, and what the people who use the service "
            "every day need from it, which §2.2 tells apart from the customer. A plan with "
            "warranty targets for a service whose functions were never written down has "
            "nothing to measure them against."
        ),
        bad=dedent("""
            requirements:
              warranty-availability:
                - text: Available 07:00-19:00 on working days, 99.5% a month
        """),
        good=dedent("""
            requirements:
              utility-business-requirements:
                - text: Employees view and download their payslips for the last 6 years
              utility-user-needs:
                - text: Works on a ward tablet without a VPN
              warranty-availability:
                - text: Available 07:00-19:00 on working days, 99.5% a month
        """),
        check=_checklist("utility", "the utility item"),
    ),
)
