"""The values a change request's fields take, apart from the pydantic models.

``pmsm change --help`` offers them as choices, and a command's help should not
wait for pydantic to build the plan model (about 100 ms); the model, the
command and change control all read them from here.
"""

from __future__ import annotations

from typing import Literal

ChangeKind = Literal["project", "service"]
ChangeStatus = Literal["draft", "submitted", "approved", "rejected", "implemented"]
# The change types of each kind (which kind takes which: pmsm_cli.control.change_kinds).
ProjectChangeType = Literal["scope", "time", "budget"]
ServiceChangeType = Literal["standard", "normal", "emergency"]
ChangeType = Literal[ProjectChangeType, ServiceChangeType]
