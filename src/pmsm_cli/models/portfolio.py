"""The service portfolio file (``services.yaml``): the services and how strategic each is.

Service Portfolio Management values investments by the business value of the
service they serve (§1.3). ``pmsm portfolio`` ranks projects by the strategic
class of their service first and by ROI second, so this file says which class
each service is in. The classes are ITIL v3 Service Strategy's: *core*
services deliver the outcomes the customer buys, *enabling* services make the
core ones possible, *enhancing* services add attractions on top.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from pmsm_cli.models.catalog import Id, Strict, Version
from pmsm_cli.models.text import Prose, Text

StrategicClass = Literal["core", "enabling", "enhancing"]
ServiceStatus = Literal["pipeline", "catalog", "retired"]

# Most strategic first. The weight is the "strategic value" a chart plots and the
# first sort key of the ranking; a service missing from the portfolio counts 0.
CLASS_WEIGHTS: dict[str, int] = {"core": 3, "enabling": 2, "enhancing": 1}


class Service(Strict):
    """One service of the portfolio."""

    id: Id
    name: Text
    strategic_class: StrategicClass
    # pipeline: being proposed or built; catalog: live; retired: withdrawn (ITIL v3).
    status: ServiceStatus = "catalog"
    owner: Text | None = None
    description: Prose | None = None

    @property
    def weight(self) -> int:
        return CLASS_WEIGHTS[self.strategic_class]


class ServicePortfolio(Strict):
    version: Version = 1
    services: list[Service] = Field(default_factory=list)
