"""Plans kept in other tools: audited, imported, and given back their missing ITIL work.

A foreign plan (MS Project, GanttProject, a spreadsheet, Jira, Markdown) is
read by ``pmsm_cli.readers``, its tasks recognised as catalog activities by
``pmsm_cli.matching``, and then:

- converted into a pmsm plan (``convert``): the data ``pmsm check`` runs its
  rules on, and the YAML text ``pmsm import`` writes (``yamltext``). ``audit``
  does the whole way in one call; ``mapfile`` reads the confirmed mappings a
  project manager keeps beside the plan; ``kind`` infers the project kind;
- given back what it misses (``fix``, the entry point): ``placement`` decides
  where each missing catalog activity goes among the project manager's own
  tasks, ``timing`` estimates its dates, and one writer per kind of output
  puts the new tasks into a copy of the source (``write_mspdi`` for MS Project
  XML, ``write_table`` and ``write_xlsx`` for CSV and Excel rows in the
  source's own columns). No command calls ``fix`` yet.

Nothing here is imported on the start-up path of commands for YAML plans.
"""
