"""Plans kept in other tools, audited and imported as pmsm plans (issue 13, sections 3 and 4).

A foreign plan (MS Project, GanttProject, a spreadsheet, Jira, Markdown) is
read by ``pmsm_cli.readers``, its tasks recognised as catalog activities by
``pmsm_cli.matching``, and then converted into a pmsm plan (``convert``):
the data ``pmsm check`` runs its rules on, and the YAML text ``pmsm import``
writes (``yamltext``). ``audit`` does the whole way in one call; ``mapfile``
reads the confirmed mappings a project manager keeps beside the plan;
``kind`` infers the project kind when none is given.

Nothing here is imported on the start-up path of commands for YAML plans.
"""
