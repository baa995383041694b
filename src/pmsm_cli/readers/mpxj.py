"""MS Project .mpp and the other schedule files MPXJ reads, through MPXJ.

MPXJ (https://www.mpxj.org, LGPL) is the Java library ProjectLibre and many
other programs use to read MS Project's binary .mpp. It comes as the optional
extra ``pip install "pmsm[mpp]"`` (the ``mpxj`` package with its jars, and
JPype to run them) and needs a Java runtime. The Java virtual machine starts
only when a file of one of these formats is read, never for pmsm's own plans
or the formats read in pure Python.

Formats recognised by their first bytes, as MPXJ's own universal reader does:

* MS Project .mpp and .mpt (OLE2 compound documents, D0 CF 11 E0 A1 B1 1A E1;
  Excel's old .xls is one too, and MPXJ then says it is not a schedule);
* MPX (``MPX,``), the text format of MS Project 98 and others;
* Primavera P6 XER (``ERMHDR``) and P6 XML (``<APIBusinessObjects>``);
* ProjectLibre .pod (a Java object stream, AC ED 00 05);
* GNOME Planner (``<project ... mrproject-version=...>``).

MPXJ's universal reader then reads the file and its ProjectFile is mapped
into a ForeignPlan the same way as MS Project XML (``mspdi.py``): the project
summary task, blank rows and other projects' tasks left out; durations and
lags in working days of the project's hours per day, elapsed ones through the
share of the week that is worked, percentage lags as a share of the
predecessor's duration. A task's ``where.uid`` is its unique ID, or its
activity ID for Primavera, whose users know activities by that.

The file is copied to a temporary folder and MPXJ reads the copy, so that
the project manager's file is never opened for writing, whatever the reader
MPXJ picks does.
"""

from __future__ import annotations

import importlib
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from pmsm_cli.errors import PmsmError, Problem
from pmsm_cli.files.reading import read_bytes
from pmsm_cli.readers import ReadOptions
from pmsm_cli.readers.model import ForeignPlan, ForeignTask, Link, LinkType, Where
from pmsm_cli.readers.xmlfile import (
    MAX_NAME,
    MAX_NOTES,
    MAX_TASKS,
    bounded,
    root_element,
)
from pmsm_cli.records import record

NAME = "mpxj"
DESCRIPTION = "MS Project .mpp, MPX, Primavera, ProjectLibre, Planner (through MPXJ)"
# The reading options (--sheet, --columns, --date-format) this reader uses; the others
# are refused for its files rather than silently ignored.
USES: frozenset[str] = frozenset()
ENDINGS = (".mpp", ".mpt", ".mpx", ".xer", ".pod", ".planner")

_WHAT = "schedule file"
INSTALL_HINT = (
    'pip install "pmsm[mpp]" (MPXJ and JPype) and a Java runtime, version 8 or later '
    "(for example apt-get install default-jre-headless)"
)
_MAX_REASON = 200  # characters of MPXJ's own explanation passed on
_SIGNATURES = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: MS Project .mpp/.mpt
    b"MPX,",  # MPX
    b"ERMHDR",  # Primavera P6 XER
    b"\xac\xed\x00\x05",  # a Java object stream: ProjectLibre .pod
)
_QUIET_LOG4J = (
    "-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory"
)
_LINK_TYPES: dict[str, LinkType] = {"FS": "FS", "SS": "SS", "FF": "FF", "SF": "SF"}


def sniff(head: bytes, path: Path) -> bool:
    if head.startswith(_SIGNATURES):
        return True
    root = root_element(head)
    if root is None:
        return False
    tag, attributes = root
    planner = tag == "project" and "mrproject-version" in attributes
    return planner or tag == "APIBusinessObjects"


def read(path: Path, options: ReadOptions) -> ForeignPlan:
    data = read_bytes(path, _WHAT)  # missing, a folder, too large: said before Java starts
    java = _java()
    with tempfile.TemporaryDirectory(prefix="pmsm-mpxj-") as folder:
        copy = Path(folder) / f"plan{path.suffix.lower()}"
        copy.write_bytes(data)
        project = _read_project(java, copy, path)
        try:
            return _Mapper(java, project, path).plan()
        except java.exception as exc:  # MPXJ failing on a value it read itself
            raise _could_not_read(exc, path) from None


def as_mspdi(path: Path) -> bytes:
    """The schedule as MS Project XML, written by MPXJ's MSPDIWriter from what it read.

    For ``pmsm check --fix`` on an .mpp: MS Project opens the XML, and the
    missing activities can be added to it (foreign/write_mspdi.py). The task
    UIDs are the ones ``read`` gives the tasks.
    """
    data = read_bytes(path, _WHAT)
    java = _java()
    jpype = importlib.import_module("jpype")
    with tempfile.TemporaryDirectory(prefix="pmsm-mpxj-") as folder:
        copy = Path(folder) / f"plan{path.suffix.lower()}"
        copy.write_bytes(data)
        project = _read_project(java, copy, path)
        target = Path(folder) / "plan.xml"
        for package in ("org.mpxj", "net.sf.mpxj"):
            try:
                writer = jpype.JClass(f"{package}.mspdi.MSPDIWriter")
            except (TypeError, ImportError, jpype.JException):
                continue
            try:
                writer().write(project, str(target))
            except java.exception as exc:
                raise _could_not_read(exc, path) from None
            return target.read_bytes()
    raise PmsmError(f"the MPXJ installed cannot write MS Project XML: {INSTALL_HINT}")


# -- Java ----------------------------------------------------------------------


@record(slots=True)
class _Java:
    """The few Java classes the mapping needs, once the JVM runs."""

    reader: Any  # UniversalProjectReader
    time_unit: Any  # TimeUnit
    exception: type[BaseException]  # any Java exception, as JPype raises it


def _java() -> _Java:
    """Start the JVM with MPXJ's jars (once per process), or say what to install."""
    try:
        jpype = importlib.import_module("jpype")
        importlib.import_module("mpxj")  # puts MPXJ's jars on the class path
    except ImportError:
        raise PmsmError(f"reading this file needs MPXJ: {INSTALL_HINT}") from None
    if not jpype.isJVMStarted():
        try:
            # Log4j (inside MPXJ) would print a line about its missing configuration.
            jpype.startJVM(_QUIET_LOG4J)
        except (jpype.JVMNotFoundException, jpype.JVMNotSupportedException, OSError):
            raise PmsmError(
                f"reading this file needs a Java runtime, and none was found: {INSTALL_HINT}"
            ) from None
    for package in ("org.mpxj", "net.sf.mpxj"):  # MPXJ 14 renamed its package
        try:
            reader = jpype.JClass(f"{package}.reader.UniversalProjectReader")
            time_unit = jpype.JClass(f"{package}.TimeUnit")
        except (TypeError, ImportError, jpype.JException):
            continue
        return _Java(reader, time_unit, jpype.JException)
    raise PmsmError(f"the MPXJ installed is too old or damaged: {INSTALL_HINT}")


def _read_project(java: _Java, copy: Path, path: Path) -> Any:
    try:
        project = java.reader().read(str(copy))
    except java.exception as exc:
        raise _could_not_read(exc, path) from None
    if project is None:
        raise PmsmError(
            "MPXJ does not recognise this file as a schedule: it may be damaged, or another "
            "kind of file (an old Excel .xls starts like an .mpp); MPXJ reads .mpp, .mpx, .xer, "
            ".pod and .planner files. If it is a schedule, save it as MS Project XML",
            path,
        )
    return project


def _could_not_read(exc: BaseException, path: Path) -> PmsmError:
    reason = _string(exc.getMessage()) or type(exc).__name__  # type: ignore[attr-defined]
    reason = " ".join(reason.split())[:_MAX_REASON]
    return PmsmError(
        f"MPXJ could not read this {_WHAT} ({reason}). Open it in the program that made it "
        "and save it again, or save it as MS Project XML",
        path,
    )


def _string(value: Any) -> str | None:
    """A Java string (or null) as Python text, whichever way JPype converts strings."""
    return None if value is None else str(value)


# -- the mapping -----------------------------------------------------------------


class _Mapper:
    def __init__(self, java: _Java, project: Any, path: Path) -> None:
        self.java = java
        self.project = project
        self.path = path
        self.properties = project.getProjectProperties()
        per_day = float(self.properties.getMinutesPerDay() or 480) or 480.0
        per_week = float(self.properties.getMinutesPerWeek() or per_day * 5)
        self.days_per_week = min(max(per_week / per_day, 0.0), 7.0) or 5.0
        self.warnings: list[Problem] = []

    def plan(self) -> ForeignPlan:
        source = [task for task in self.project.getTasks() if self._kept(task)]
        if len(source) > MAX_TASKS:
            raise PmsmError(
                f"the file has {len(source):,} tasks; pmsm reads at most {MAX_TASKS:,} in one "
                "plan: split it into several projects",
                self.path,
            )
        tasks = [self._task(task) for task in source]
        by_id = {task.id: task for task in tasks}
        for task, java_task in zip(tasks, source, strict=True):
            if task.parent is not None and task.parent not in by_id:
                task.parent = None  # under the project summary task: the top level
            if task.parent is not None:
                by_id[task.parent].summary = True
            task.predecessors = self._links(java_task, task, by_id)
        title = _string(self.properties.getProjectTitle()) or _string(self.properties.getName())
        return ForeignPlan(
            path=self.path,
            format=NAME,
            tasks=tasks,
            title=title.strip() or None if title else None,
            start=self._date(self.properties.getStartDate(), "the project"),
            warnings=self.warnings,
        )

    def _kept(self, task: Any) -> bool:
        """The project summary task, blank rows and other projects' tasks are no work here."""
        return not (
            (task.getOutlineLevel() is not None and int(task.getOutlineLevel()) == 0)
            or bool(task.getNull())
            or bool(task.getExternalTask())
        )

    def _task(self, task: Any) -> ForeignTask:
        uid = str(task.getUniqueID())
        name = _string(task.getName()) or ""
        who = f"task UID {uid}"
        parent = task.getParentTask()
        level = task.getOutlineLevel()
        percent = task.getPercentageComplete()
        notes = _string(task.getNotes()) or ""
        return ForeignTask(
            id=uid,
            name=bounded(name, MAX_NAME, "name", who, self.path),
            where=Where(self.path, uid=_string(task.getActivityID()) or uid),
            outline_level=int(level) if level is not None and int(level) > 0 else 1,
            parent=None if parent is None else str(parent.getUniqueID()),
            summary=bool(task.getSummary()),
            milestone=bool(task.getMilestone()),
            duration_days=self._days(task.getDuration()),
            start=self._date(task.getStart(), who),
            finish=self._date(task.getFinish(), who),
            resources=self._resources(task),
            notes=bounded(notes.strip(), MAX_NOTES, "notes", who, self.path),
            percent_complete=None if percent is None else float(percent),
            wbs=_string(task.getWBS()) or None,
        )

    def _days(self, duration: Any) -> float | None:
        """A Duration in working days."""
        if duration is None:
            return None
        units = duration.getUnits()
        if units.isElapsed():
            days = float(
                duration.convertUnits(
                    self.java.time_unit.ELAPSED_DAYS, self.properties
                ).getDuration()
            )
            return round(days * self.days_per_week / 7, 4)
        converted = duration.convertUnits(self.java.time_unit.DAYS, self.properties)
        return round(float(converted.getDuration()), 4)

    def _links(
        self, java_task: Any, task: ForeignTask, by_id: dict[str, ForeignTask]
    ) -> tuple[Link, ...]:
        links: list[Link] = []
        for relation in java_task.getPredecessors() or ():
            other = relation.getPredecessorTask()
            predecessor = None if other is None else by_id.get(str(other.getUniqueID()))
            if predecessor is None:
                continue  # another project's task or a blank row: not a link within this plan
            kind = _LINK_TYPES.get(str(relation.getType()), "FS")
            links.append(Link(predecessor.id, kind, self._lag(relation.getLag(), predecessor)))
        return tuple(links)

    def _lag(self, lag: Any, predecessor: ForeignTask) -> float:
        if lag is None:
            return 0.0
        units = lag.getUnits()
        if units in (self.java.time_unit.PERCENT, self.java.time_unit.ELAPSED_PERCENT):
            share = float(lag.getDuration()) / 100
            return round(share * (predecessor.duration_days or 0.0), 4)
        return self._days(lag) or 0.0

    def _date(self, value: Any, who: str) -> date | None:
        """A Java LocalDateTime (or null) as the date it falls on."""
        if value is None:
            return None
        text = str(value.toLocalDate())
        try:
            return date.fromisoformat(text)
        except ValueError:  # Java's dates go past the year 9999, Python's do not
            raise PmsmError(f"{who}: the date {text} is after the year 9999", self.path) from None

    def _resources(self, task: Any) -> tuple[str, ...]:
        names: list[str] = []
        for assignment in task.getResourceAssignments() or ():
            resource = assignment.getResource()
            name = None if resource is None else _string(resource.getName())
            if name and name.strip() and name.strip() not in names:
                names.append(bounded(name.strip(), MAX_NAME, "resource name", "a task", self.path))
        return tuple(names)
