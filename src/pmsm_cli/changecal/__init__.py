"""An organisation's change calendar: freezes, maintenance windows and CAB meetings.

Change management decides not only whether a change may be made but when
(ITIL v3 Service Transition §4.2): the change schedule, the freezes around
year-end or a big release, the windows agreed for each environment and the
CAB's meeting days. The whitepaper's §5.1 has the CAB approve each RFC; pmsm
reads the calendar from the configuration (``changecal.config``) or from the
change manager's iCalendar file (``changecal.ics``), checks plans against it
(the CAL rules) and shows the freezes on the Gantt chart of ``pmsm plan``.
"""
