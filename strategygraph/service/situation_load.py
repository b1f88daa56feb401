"""Loading a situational picture from its JSON file (the demo's
``data/kymenlaakso-situation.json``): project attributes, risks, indicators, readings and
status reports, in one commit, so a bad file loads nothing."""

from __future__ import annotations

from typing import Any

from ..domain.changes import CommitResult, Operation, UpdateNode
from ..domain.situation_changes import AddMeasurement, FileReport, PutIndicator, PutRisk
from ..domain.situation_states import (
    indicator_from_state,
    measurement_from_state,
    report_from_state,
    risk_from_state,
)
from .authz import Actor
from .service import StrategyService

__all__ = ["load_situation"]


def load_situation(service: StrategyService, data: dict[str, Any], actor: Actor) -> CommitResult:
    """Commit everything ``data`` holds; the projects' attributes are merged, not replaced."""
    ops: list[Operation] = []
    for node_id, attributes in data.get("project_attributes", {}).items():
        node = service.store.get_node(node_id)
        ops.append(UpdateNode(node_id, {"attributes": {**node.attributes, **attributes}}))
    ops += [
        PutRisk(risk_from_state(r), create=True, where=f"risks[{i}]")
        for i, r in enumerate(data.get("risks", []))
    ]
    ops += [
        PutIndicator(indicator_from_state(x), create=True, where=f"indicators[{i}]")
        for i, x in enumerate(data.get("indicators", []))
    ]
    ops += [
        AddMeasurement(measurement_from_state(m), where=f"measurements[{i}]")
        for i, m in enumerate(data.get("measurements", []))
    ]
    ops += [
        FileReport(report_from_state(r), where=f"reports[{i}]")
        for i, r in enumerate(data.get("reports", []))
    ]
    return service.commit(ops, actor)
