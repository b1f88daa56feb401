"""Who may write the situational picture (registered with ``authz.rule``; ``authz.py``
holds the table for the graph's own operations).

=================================  ====================================================
create or edit a DRAFT risk        planner in its region (and in the region it leaves)
a risk in any other lifecycle      approver in its region (approval, as for nodes)
delete a risk                      as editing it
create or edit an indicator        planner in the region of its node
add a measurement                  planner in the region of the indicator's node
file a status report               planner in the region of its project
=================================  ====================================================
"""

from __future__ import annotations

from collections.abc import Iterator

from ..domain import Status
from ..domain.access import Role
from ..domain.situation import Risk
from ..domain.situation_changes import AddMeasurement, DeleteRisk, FileReport, PutIndicator, PutRisk
from .authz import Lookup, Need, rule
from .situation_view import situation_of

__all__: list[str] = []


def _risk_role(risk: Risk) -> Role:
    return Role.PLANNER if risk.lifecycle is Status.DRAFT else Role.APPROVER


@rule(PutRisk)
def _put_risk(op: PutRisk, look: Lookup) -> Iterator[Need]:
    risk = op.risk
    yield _risk_role(risk), risk.region, f"write the {risk.lifecycle.value} risk '{risk.id}'"
    for node_id in risk.threatens:
        if node_id not in op.kept:
            look.node(node_id)  # one it may not open is refused as one that does not exist
    old = situation_of(look.store).risks.get(risk.id)
    if old is not None and (old.region != risk.region or old.lifecycle is not risk.lifecycle):
        yield _risk_role(old), old.region, f"change the {old.lifecycle.value} risk '{old.id}'"


@rule(DeleteRisk)
def _delete_risk(op: DeleteRisk, look: Lookup) -> Iterator[Need]:
    old = situation_of(look.store).risks.get(op.risk_id)
    if old is not None:
        yield _risk_role(old), old.region, f"delete the {old.lifecycle.value} risk '{old.id}'"


@rule(PutIndicator)
def _put_indicator(op: PutIndicator, look: Lookup) -> Iterator[Need]:
    node = look.node(op.indicator.node)
    if node is not None:
        yield Role.PLANNER, node.region, f"write indicator '{op.indicator.id}' of '{node.id}'"
    old = situation_of(look.store).indicators.get(op.indicator.id)
    if old is not None and old.region and (node is None or old.region != node.region):
        yield Role.PLANNER, old.region, f"move indicator '{old.id}'"


@rule(AddMeasurement)
def _add_measurement(op: AddMeasurement, look: Lookup) -> Iterator[Need]:
    ind = situation_of(look.store).indicators.get(op.measurement.indicator)
    if ind is not None:
        yield Role.PLANNER, ind.region, f"add a measurement to indicator '{ind.id}'"


@rule(FileReport)
def _file_report(op: FileReport, look: Lookup) -> Iterator[Need]:
    node = look.node(op.report.project)
    if node is not None:
        yield Role.PLANNER, node.region, f"file a status report on '{node.id}'"
