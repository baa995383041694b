"""A rule: its identity, its documentation and the function that checks a plan.

Codes are a family prefix and three digits (``CHT001``) and are never reused;
the slug (``run-costs-missing``) is the readable name users may also type.
The rationale, source and the two examples are the rule's documentation (the
source is a document of the catalog's ``documents:`` and a section, shown as
"Third Sky whitepaper §2.1"; input and housekeeping rules cite none):
``pmsm explain CODE`` prints them, SARIF carries them to code scanning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from pmsm_cli.catalogs.citing import Cite
from pmsm_cli.files.yamlio import Loc
from pmsm_cli.lint.finding import Severity
from pmsm_cli.records import record

if TYPE_CHECKING:
    from pmsm_cli.lint.context import CheckContext


@record(slots=True)
class Hit:
    """What a rule reports: where and what. The engine adds file, code and severity.

    ``loc`` is a path into the plan data (``("charter", "costs")``); the
    closest place that exists in the file is used, so a rule about a missing
    section may point at where it should be. ``key`` points at the key rather
    than its value. ``at`` gives a line and column directly (for comments).
    ``target`` names what the finding is about, for waivers with a ``target``.
    ``source`` replaces the rule's citation (a missing activity cites its own
    catalog §). ``fix`` lists catalog activities ``--fix`` may add.
    """

    loc: Loc
    message: str
    key: bool = False
    target: str | None = None
    source: str | None = None
    fix: tuple[str, ...] = ()
    at: tuple[int, int] | None = None


Check = Callable[["CheckContext"], Iterable[Hit]]

# What a plan holds beyond its project and activities. A task list kept in
# another tool (pmsm_cli.foreign) has only those two, so a rule that reads any
# of these is left out of its check and named in one finding instead (INP002).
Need = Literal[
    "charter",
    "stakeholders",
    "requirements",
    "risks",
    "change_requests",
    "exit_criteria",
    "bookings",
    "authorisation",
    "acceptance",
    "pilot_plan",
]
NEED_WORDS: dict[str, str] = {
    "charter": "the charter's costs and benefits",
    "stakeholders": "the stakeholder register",
    "requirements": "the requirement checklists",
    "risks": "the risk register",
    "change_requests": "change requests",
    "exit_criteria": "exit criteria of early life support",
    "bookings": "bookings of shared environments",
    "authorisation": "pass/fail criteria and go/no-go decisions",
    "acceptance": "service acceptance criteria and sign-offs",
    "pilot_plan": "objectives, exit criteria and feedback plans of pilots and rehearsals",
}


def no_check(ctx: CheckContext) -> Iterable[Hit]:
    """The per-plan check of a rule that only looks across plans (see :class:`AcrossPlans`)."""
    return ()


@record(slots=True)
class AcrossPlans:
    """What a rule needs to look across all the plans of one run (a folder, §5.2).

    Some problems show only when plans are read together, such as two plans
    booking the one staging environment on the same days. Such a rule works in
    two steps so that a parallel run gives the same report as a serial one:

    * ``gather`` runs with each plan, in the worker that checks it, and returns
      what the second step needs from that plan (plain picklable data, with
      lines and columns; ``None`` when the plan has nothing to add);
    * ``check`` runs once, after every plan was checked, in the main process,
      over what was gathered, in the order of the files. It yields
      ``(n, hit)``: a hit for the n-th of those plans, placed with ``Hit.at``.

    Workbooks take no part: a workbook written by ``pmsm plan`` is a copy of a
    plan file, and would clash with the very plan it shows.
    """

    gather: Callable[[CheckContext], Any]
    check: Callable[[Sequence[Any]], Iterable[tuple[int, Hit]]]


# How strongly the source asks for what a rule checks. A rule must not claim more
# authority than its source: where the text only suggests ("consider", "determine
# whether"), the rule asks for a recorded decision, and where pmsm asks for more than
# the text, the rule says that this is pmsm's policy (and what it follows instead).
Basis = Literal["requires", "suggests", "policy", "housekeeping"]
BASIS_WORDS: dict[Basis, str] = {
    "requires": "the source requires this",
    "suggests": (
        "the source suggests this; the rule asks for a recorded decision (planned, or "
        "marked not applicable with a reason)"
    ),
    "policy": "pmsm's policy, beyond what the source asks for",
    "housekeeping": "housekeeping: the plan's own consistency, not a source's requirement",
}


@record(slots=True)
class Rule:
    code: str
    slug: str
    title: str  # a short sentence naming the problem
    severity: Severity
    # Where the rule comes from: whitepaper("2.1") is shown as "Third Sky whitepaper §2.1".
    # None for a housekeeping rule: the plan's own consistency cites no document.
    source: Cite | None
    basis: Basis  # does the source require it, suggest it, or is it pmsm's policy?
    rationale: str  # one paragraph: why this matters, citing the §
    bad: str  # a plan excerpt that breaks the rule
    good: str  # the same excerpt, mended
    check: Check
    # Catalog activities whose absence this rule reports (better than the
    # generic missing-activity rule could); see rules/activities.py.
    activities: tuple[str, ...] = ()
    # What the rule reads beyond the project and its activities (see Need).
    needs: frozenset[Need] = frozenset()
    fixable: bool = False
    # Waiver rules run after ignores and waivers are applied; they cannot be waived.
    after_suppression: bool = False
    # Input errors are always reported; selection and ignores do not apply.
    always_on: bool = False
    # Set for a rule that looks across plans; its ``check`` is then ``no_check``.
    across: AcrossPlans | None = None

    @property
    def cited(self) -> str | None:
        """The source as outputs show it ("Third Sky whitepaper §2.1"), None for none."""
        return None if self.source is None else self.source.text()

    @property
    def family(self) -> str:
        return self.code.rstrip("0123456789")
