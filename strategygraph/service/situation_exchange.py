"""The situational picture in an interchange document: what an export carries, and the
operations an import commits with the graph's own, in the same unit of work.

Export: the risks of the regions in scope (what the reader may see: a risk not yet
approved only to viewers of its region), the indicators with their readings and the status
reports of the exported nodes. A risk names only the threatened nodes the document holds,
as an edge does; a report only the risks it holds.

Import: a new record keeps its id, version and stamps (``as_recorded``); a changed risk or
indicator is replaced (a new version); an equal one is left alone, so importing the same
file twice changes nothing. The nodes a stored risk threatens that the file does not hold
stay threatened (a file states links among its own nodes only). A reading or a report is
never replaced: one that differs from the stored one is refused, located in the file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from typing import Any

from ..domain import NATIONAL
from ..domain.access import Principal
from ..domain.changes import Operation
from ..domain.situation import Indicator, Risk, StatusReport
from ..domain.situation_changes import AddMeasurement, FileReport, PutIndicator, PutRisk
from ..interchange.situation_records import SituationRecords
from ..store import GraphStore
from ..store.situation_state import SituationState
from .situation_read import Situation

__all__ = ["situation_operations", "situation_records"]


def _state(store: GraphStore) -> SituationState | None:
    state = getattr(getattr(store, "inner", store), "situation", None)
    return state if isinstance(state, SituationState) else None


def situation_records(
    store: GraphStore, region: str | None, node_ids: Collection[str], reader: Principal | None
) -> SituationRecords:
    """The records an export of ``node_ids`` (of ``region``; all without one) carries."""
    state = _state(store)
    if state is None:
        return SituationRecords()
    keep = {region, NATIONAL}
    sees = (lambda r: True) if reader is None else Situation(store, reader).can_see_risk
    risks = []
    for risk in sorted(state.risks.values(), key=lambda r: r.id):
        if (region is None or risk.region in keep) and sees(risk):
            risks.append(
                dataclasses.replace(
                    risk,
                    threatens=tuple(n for n in risk.threatens if n in node_ids),
                    inferred=tuple(n for n in risk.inferred if n in node_ids),
                )
            )
    risk_ids = {r.id for r in risks}
    indicators = sorted(
        (i for i in state.indicators.values() if i.node in node_ids), key=lambda i: i.id
    )
    readings = [m for i in indicators for m in state.readings.get(i.id, [])]
    reports = [
        dataclasses.replace(r, risks=tuple(x for x in r.risks if x in risk_ids))
        for r in sorted(state.reports.values(), key=lambda r: r.id)
        if r.project in node_ids
    ]
    return SituationRecords(risks, indicators, readings, reports)


def _bare(record: Any) -> Any:
    """``record`` without what its store sets (version, stamps, the region of its node)."""
    names = {f.name for f in dataclasses.fields(record)}
    cleared: dict[str, Any] = {
        name: None
        for name in ("updated_at", "updated_by", "filed_at", "filed_by", "recorded_by")
        if name in names
    }
    if "version" in names:
        cleared["version"] = 0
    if isinstance(record, Indicator | StatusReport):
        cleared["region"] = ""
    return dataclasses.replace(record, **cleared)


def _merged(old: Risk, new: Risk, node_ids: Collection[str]) -> Risk:
    """``new`` still threatening what ``old`` threatens outside the file's nodes."""
    kept = [n for n in old.threatens if n not in node_ids and n not in new.threatens]
    if not kept:
        return new
    inferred = [n for n in old.inferred if n in kept]
    return dataclasses.replace(
        new, threatens=(*new.threatens, *kept), inferred=(*new.inferred, *inferred)
    )


def situation_operations(
    store: GraphStore, records: SituationRecords, node_ids: Collection[str]
) -> tuple[list[Operation], list[str], list[str], int]:
    """The operations importing ``records`` into ``store`` (whose file holds ``node_ids``),
    with what they add and change (``risk 'id'``) and how many records are left alone."""
    if not records:
        return [], [], [], 0
    state = _state(store) or SituationState()
    ops: list[Operation] = []
    added: list[str] = []
    changed: list[str] = []
    unchanged = 0
    for i, risk in enumerate(records.risks):
        where, old = f"risks[{i}]", state.risks.get(risk.id)
        if old is None:
            ops.append(PutRisk(risk, create=True, where=where, as_recorded=True))
            added.append(f"risk '{risk.id}'")
            continue
        risk = _merged(old, risk, node_ids)
        if _bare(old) == _bare(risk):
            unchanged += 1
        else:
            ops.append(PutRisk(risk, where=where))
            changed.append(f"risk '{risk.id}'")
    for i, ind in enumerate(records.indicators):
        where, found = f"indicators[{i}]", state.indicators.get(ind.id)
        if found is None:
            ops.append(PutIndicator(ind, create=True, where=where, as_recorded=True))
            added.append(f"indicator '{ind.id}'")
        elif _bare(found) == _bare(ind):
            unchanged += 1
        else:
            ops.append(PutIndicator(ind, where=where))
            changed.append(f"indicator '{ind.id}'")
    for i, m in enumerate(records.measurements):
        stored = state.reading_on(m.indicator, m.on)
        if stored is not None and (stored.value, stored.source) == (m.value, m.source):
            unchanged += 1
            continue  # a different one is refused as a second reading on that date
        ops.append(AddMeasurement(m, where=records.where("measurements", i), as_recorded=True))
        added.append(f"measurement of '{m.indicator}' on {m.on.isoformat()}")
    for i, report in enumerate(records.reports):
        filed = state.reports.get(report.id)
        if filed is not None and _same_report(filed, report):
            unchanged += 1
            continue  # a different one is refused: reports are never replaced
        ops.append(FileReport(report, where=f"reports[{i}]", as_recorded=True))
        added.append(f"status report '{report.id}'")
    return ops, added, changed, unchanged


def _same_report(filed: StatusReport, report: StatusReport) -> bool:
    """Is ``report`` the stored one (naming some or all of its risks)?"""

    def without_risks(r: StatusReport) -> Any:
        return _bare(dataclasses.replace(r, risks=()))

    return without_risks(filed) == without_risks(report) and set(report.risks) <= set(filed.risks)
