"""The service portfolio file (``services.yaml``): services, how strategic each is, the band.

Service Portfolio Management values investments by the business value of the
service they serve (§1.3). ``pmsm portfolio`` ranks projects by ROI and lets the
service's value reorder two projects whose ROIs are close (see
:mod:`pmsm_cli.portfolio.build`), so this file says how strategic each service is.

Two things a service may say, kept apart because they answer different questions:

``strategic_priority``
    How strategic the service is to the business: a whole number, 1 the most
    strategic, 2 the next, and so on; services may share a number. A number
    rather than labels such as high/medium/low because a portfolio board ranks
    its services, and a rank can have as many steps as the board needs while
    a fixed set of labels soon puts half the portfolio on "high"; 1 is the top
    as in ITIL's priority 1. A service without one counts as less strategic
    than every service that has one.

``package_type``
    ``core``, ``enabling`` or ``enhancing``: where the service sits in a
    service package (ITIL v3 Service Strategy). It says what the service is
    for, not how much it matters: an enabling identity service may be more
    strategic than an enhancing one, or less than a core one, or not. It is
    shown in the report and never orders it. ``strategic_class``, the key's
    name before it was told apart from the priority, is still read as the
    package type, so older files load unchanged; such a file has no
    priorities, and its plans are ranked by ROI alone (the report says so).

``roi_band`` (top level)
    How close two ROIs must be, in percentage points, for the service to
    decide their order; ``pmsm portfolio --roi-band`` overrides it. The
    default and the reason for it are at :data:`DEFAULT_ROI_BAND`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from pmsm_cli.models.base import Id, Strict, Version
from pmsm_cli.models.text import Prose, Text

PackageType = Literal["core", "enabling", "enhancing"]
ServiceStatus = Literal["pipeline", "catalog", "retired"]

StrategicPriority = Annotated[int, Field(ge=1)]
RoiBand = Annotated[float, Field(ge=0)]

DEFAULT_ROI_BAND = 5.0
"""Percentage points. §1.3 reorders projects "especially if the ROI difference was small"
and leaves "small" open. A charter's ROI is (benefits - TCO) / TCO over a horizon of
several years, so an error in the benefits estimate moves it by that error times
benefits / TCO: with benefits 1.2 times the TCO (an ROI of 20%), benefits overstated by
4% move the ROI by 4.8 points. Estimates a few years out are seldom better than that,
so two ROIs within 5 points are not told apart by the business case, and the service
decides. A PMO with firmer figures sets a smaller band; 0 lets the service break exact
ties only, and a band wider than the spread of all ROIs ranks by service first."""


class Service(Strict):
    """One service of the portfolio."""

    id: Id
    name: Text
    strategic_priority: StrategicPriority | None = Field(
        None, description="1 = the most strategic service; services may share a number."
    )
    package_type: PackageType | None = Field(
        None, description="ITIL v3 service-package type; does not order the ranking."
    )
    strategic_class: PackageType | None = Field(
        None, description="The older name of package_type, still read as it."
    )
    # pipeline: being proposed or built; catalog: live; retired: withdrawn (ITIL v3).
    status: ServiceStatus = "catalog"
    owner: Text | None = None
    description: Prose | None = None

    @property
    def package(self) -> PackageType | None:
        """The service-package type, under either of its names."""
        return self.package_type or self.strategic_class


class ServicePortfolio(Strict):
    version: Version = 1
    roi_band: RoiBand | None = Field(
        None,
        description="Percentage points within which the more strategic service goes first "
        f"[default: {DEFAULT_ROI_BAND:g}].",
    )
    services: list[Service] = Field(default_factory=list)
