"""Schedule an MS Project XML file with MPXJ's copy of MS Project's scheduler, as one process.

    python bench/mpxj_schedule.py plan.xml

What bench/run times against ``pmsm plan``: start Python and the Java VM,
read the file with MPXJ's MSPDIReader, and compute every date again with
``org.mpxj.cpm.MicrosoftScheduler`` (the scheduler tests/export/test_mspdi.py
checks pmsm's dates against). Needs Java and ``pip install mpxj JPype1``.
"""

from __future__ import annotations

import sys


def main(path: str) -> None:
    import jpype
    import mpxj  # noqa: F401  (puts MPXJ's jars on the class path)

    jpype.startJVM(convertStrings=True)
    from org.mpxj.cpm import MicrosoftScheduler  # type: ignore[import-not-found]
    from org.mpxj.mspdi import MSPDIReader  # type: ignore[import-not-found]

    project = MSPDIReader().read(path)
    MicrosoftScheduler().schedule(project, project.getProjectProperties().getStartDate())
    tasks = sum(1 for task in project.getTasks() if task.getStart() is not None)
    sys.stdout.write(f"{tasks} tasks scheduled\n")


if __name__ == "__main__":
    main(sys.argv[1])
