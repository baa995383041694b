"""The catalog as one document: JSON/YAML for tools, Markdown for people."""

from __future__ import annotations

from typing import Any

from pmsm_cli.models.catalog import SECTIONS, Activity, Catalog, Entry


def _dump(entry: Entry) -> dict[str, Any]:
    return entry.model_dump(mode="json", exclude_none=True)


def catalog_as_dict(catalog: Catalog) -> dict[str, Any]:
    """Every section; processes carry their activities, the rest are project activities."""
    by_process: dict[str, list[Activity]] = {}
    for activity in catalog.activities:
        by_process.setdefault(activity.process or "", []).append(activity)
    result: dict[str, Any] = {}
    for section in SECTIONS:
        if section == "activities":
            continue
        if section == "processes":
            result["processes"] = [
                {**_dump(p), "activities": [_dump(a) for a in by_process.get(p.id, [])]}
                for p in catalog.processes
            ]
            result["project_activities"] = [_dump(a) for a in by_process.get("", [])]
        else:
            result[section] = [_dump(e) for e in getattr(catalog, section)]
    return result


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def catalog_as_markdown(catalog: Catalog) -> str:
    lines = ["# pmsm catalog", ""]
    lines += [
        f"{len(catalog.processes)} ITIL processes, {len(catalog.activities)} activities. "
        "Each entry cites its source (seed document and § of the whitepaper).",
        "",
    ]
    titles = {a.id: a.title for a in catalog.activities}
    for process in [*catalog.processes, None]:
        pid = process.id if process else None
        activities = [a for a in catalog.activities if a.process == pid]
        if not activities:
            continue
        if process is None:
            lines += ["## Project activities (no single ITIL process)", ""]
        else:
            phase = catalog.phase_by_id.get(process.phase)
            lines += [
                f"## {process.title} (`{process.id}`)",
                "",
                f"{process.description} *Phase: {phase.title if phase else process.phase}; "
                f"source: {process.source.cite()}.*",
                "",
            ]
        lines += [
            _row("id", "activity", "PMBOK group", "days", "after", "kinds", "source"),
            _row("---", "---", "---", "---:", "---", "---", "---"),
        ]
        for a in activities:
            group = catalog.group_by_id.get(a.pmbok_group)
            lines.append(
                _row(
                    f"`{a.id}`",
                    a.title + (" (milestone)" if a.milestone else ""),
                    group.title if group else a.pmbok_group,
                    a.duration,
                    ", ".join(titles.get(d, d) for d in a.depends_on) or "-",
                    ", ".join(a.kinds),
                    a.source.cite(),
                )
            )
        lines.append("")
    for section in SECTIONS:
        if section in ("processes", "activities"):
            continue
        entries = getattr(catalog, section)
        if not entries:
            continue
        lines += [f"## {section.replace('_', ' ').capitalize()}", ""]
        for e in entries:
            lines.append(f"- **{e.title}** (`{e.id}`, {e.source.cite()}): {e.description}")
            for item in getattr(e, "items", []):
                lines.append(f"  - {item.title} (`{item.id}`): {item.description}")
        lines.append("")
    return "\n".join(lines)
