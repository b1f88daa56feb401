"""Projects whose status report is overdue: a gap in the situational picture.

A project with a reporting cadence (node attribute ``reportingCadenceDays``) is due a
report that many days after its last one (or after its start, before its first). The
answer depends on today's date, so it is computed on every call, in one pass over the
projects, and never kept in the incremental analytics (``trace/incremental.py``), which follow
graph changes only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta

from .answers import Gap, GapType
from .kinds import NodeKind, Status
from .model import Node
from .situation import cadence_days

__all__ = ["overdue_reports"]


def overdue_reports(
    nodes: Iterable[Node], last_reports: Mapping[str, date], today: date, region: str | None = None
) -> list[Gap]:
    """One REPORT_OVERDUE gap per active project of ``nodes`` whose report is due before
    ``today``."""
    found = []
    for node in nodes:
        if node.kind is not NodeKind.STRATEGIC_PROJECT or node.status is Status.RETIRED:
            continue
        if region is not None and node.region != region:
            continue
        days = cadence_days(node.attributes)
        if days is None:
            continue
        last = last_reports.get(node.id)
        created = node.created_at.date() if node.created_at else None
        since = last or node.start_date or created
        if since is None or since + timedelta(days=days) >= today:
            continue
        due = since + timedelta(days=days)
        what = f"last report {last.isoformat()}" if last else "no report yet"
        message = (
            f"Project '{node.title}' ({node.id}) is due a status report every {days} days: "
            f"{what}, due {due.isoformat()}."
        )
        found.append(Gap(GapType.REPORT_OVERDUE, node.id, node.region, message))
    return found
