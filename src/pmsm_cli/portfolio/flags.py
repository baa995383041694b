"""What a PMO should look at in the portfolio: one plan's flags and the services file's.

A plan with no service or one the portfolio does not list, a retired service, no
run money (§2.1), no ROI, a booking problem; in the services file, the old key
'strategic_class' and used services with no strategic priority.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pmsm_cli.portfolio.bookings import booking_problems
from pmsm_cli.portfolio.load import LoadedServices, PlanEntry
from pmsm_cli.records import record


@record
class Flag:
    """Something about one plan (or the services file) a PMO should look at."""

    path: Path
    line: int
    column: int
    message: str

    def where(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def plan_flags(entry: PlanEntry, services: LoadedServices) -> list[Flag]:
    loaded = entry.loaded
    plan = loaded.plan
    flags: list[Flag] = []

    def flag(loc: tuple[str | int, ...], message: str) -> None:
        _, line, column = loaded.doc.locate(loc)
        flags.append(Flag(loaded.path, line, column, message))

    if entry.service_name is None:
        flag(
            ("project",),
            "the project names no service ('project: service:'), so the service portfolio "
            "cannot value it; it counts as less strategic than every plan whose service has "
            "a strategic priority",
        )
    elif entry.service is None:
        flag(
            ("project", "service"),
            f"the service '{entry.service_name}' is not in the service portfolio "
            f"{services.path}; add it there with its strategic priority, or correct the name",
        )
    elif entry.service.status == "retired" and plan.project.kind != "retire-service":
        flag(
            ("project", "service"),
            f"the service '{entry.service.name}' is retired in the service portfolio, yet this "
            f"is a '{plan.project.kind}' project",
        )
    if plan.charter.costs and entry.investment.get("run", 0.0) == 0:
        flag(
            ("charter", "costs"),
            "the charter asks for no run-the-business money: who pays to operate the service "
            "once it is live? (§2.1)",
        )
    if entry.roi is None:
        flag(
            ("charter",),
            "the charter has no ROI (no costs and benefits to derive it from, and no stated "
            "'roi'); it ranks after every plan that has one",
        )
    flags.extend(
        Flag(p.path or loaded.path, p.line or 1, p.column or 1, p.message)
        for p in booking_problems(loaded)
    )
    return flags


def services_flags(entries: Sequence[PlanEntry], services: LoadedServices) -> list[Flag]:
    """The services file's own flags: the old key's name, and used services with no priority."""
    flags: list[Flag] = []
    listed = services.portfolio.services
    old_name = [i for i, s in enumerate(listed) if s.strategic_class is not None]
    if old_name:
        _, line, column = services.doc.locate(
            ("services", old_name[0], "strategic_class"), prefer_key=True
        )
        more = f" ({len(old_name)} services use it)" if len(old_name) > 1 else ""
        flags.append(
            Flag(
                services.path,
                line,
                column,
                "'strategic_class' is read as 'package_type' (core, enabling or enhancing: the "
                "ITIL v3 service-package type), which no longer orders the ranking; rename it, "
                f"and give each service a 'strategic_priority' (1 = most strategic){more}",
            )
        )
    if not any(s.strategic_priority is not None for s in listed):
        return flags  # the report's note says it once for the whole file
    used = {id(e.service) for e in entries if e.service is not None}
    for index, service in enumerate(listed):
        if id(service) in used and service.strategic_priority is None:
            _, line, column = services.doc.locate(("services", index, "id"))
            flags.append(
                Flag(
                    services.path,
                    line,
                    column,
                    f"the service '{service.name}' has no 'strategic_priority', so its plans "
                    "count as less strategic than every plan whose service has one",
                )
            )
    return flags
