"""``pmsm plan --format md``: the plan as Markdown, from the template ``plan.md.j2``.

A summary, the milestones and critical path, a Mermaid Gantt chart (drawn by
GitHub and GitLab), the activities in tables grouped as asked, the
requirement checklists as ``- [ ]`` task lists, then risks, stakeholders and
change requests. An organisation can copy ``templates/plan.md.j2``, change
it and pass its folder with ``--templates``.

Text from the plan goes through the ``md`` filter (``markdown_text.md_escape``,
shared by every Markdown pmsm writes), which backslash-escapes what Markdown
would otherwise read as markup, so a name always shows as written.
"""

from __future__ import annotations

from pmsm_cli.formatting.markdown import md_escape
from pmsm_cli.plan.view import PlanView
from pmsm_cli.render import RenderOptions, mermaid
from pmsm_cli.render.jinja import render_template


def gantt_block(view: PlanView, options: RenderOptions) -> tuple[str, str]:
    """The Mermaid chart for the page and a note when it had to be cut down.

    GitHub and GitLab draw at most ``mermaid.MAX_TEXT`` characters; a larger
    plan gets a chart of its critical activities and milestones instead.
    """
    groups = view.groups(options.group_by)
    text = mermaid.gantt(view, groups)
    if len(text) <= mermaid.MAX_TEXT:
        return text, ""
    short = mermaid.gantt(view, mermaid.key_dates_only(groups), " (critical path and milestones)")
    if len(short) <= mermaid.MAX_TEXT:
        return short, (
            f"The chart shows the critical activities and milestones only: all "
            f"{view.counts.activities} activities would exceed the {mermaid.MAX_TEXT:,} "
            "characters GitHub and GitLab draw. `pmsm plan --format mermaid` writes the full chart."
        )
    return "", (
        "The plan is too large for a Mermaid chart on GitHub or GitLab; "
        "`pmsm plan --format html` draws the full Gantt chart."
    )


def render(view: PlanView, options: RenderOptions) -> str:
    gantt, gantt_note = gantt_block(view, options)
    return render_template(
        "plan.md.j2",
        view,
        options,
        html=False,
        filters={"md": md_escape},
        extra={"gantt": gantt, "gantt_note": gantt_note},
    )
