"""The applier's steps for regions and organisations (see ``apply.Applier``).

``PutRegion`` and ``PutOrganisation`` keep a record beside the graph (a node names its
region and organisation, ``apply_graph`` checks that they exist): its id and name are
checked, an organisation's region must exist, and an unchanged record writes nothing, no
event and no new version. Records, not graph: a module of their own.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from ..domain import Organisation, Problem, Region, ValidationError
from ..domain.changes import PutOrganisation, PutRegion
from ..domain.operations import EventOperation
from ..domain.validation import check_id, check_text

if TYPE_CHECKING:
    from .apply import Applier

__all__ = ["put_organisation", "put_region"]


def put_region(applier: Applier, op: PutRegion) -> None:
    """``PutRegion``: kept with its event; an unchanged region writes nothing."""
    region = op.region
    problems = _named(region, "region", op.where)
    if problems:
        raise ValidationError(problems)
    _put_named(applier, region, applier.store.region_map, region.id, EventOperation.PUT_REGION)


def put_organisation(applier: Applier, op: PutOrganisation) -> None:
    """``PutOrganisation``: its region must exist; an unchanged one writes nothing."""
    org = op.organisation
    problems = _named(org, "organisation", op.where)
    if org.region not in applier.store.region_map:
        problems.append(
            Problem(
                "unknown-region",
                f"organisation '{org.id}': region '{org.region}' does not exist",
                "region",
                op.where,
            )
        )
    if problems:
        raise ValidationError(problems)
    orgs = applier.store.organisation_map
    _put_named(applier, org, orgs, org.region, EventOperation.PUT_ORGANISATION)


def _put_named(
    applier: Applier,
    record: Region | Organisation,
    table: dict[str, Any],
    region: str,
    operation: EventOperation,
) -> None:
    """Keep ``record`` in ``table`` (regions or organisations) with its event; an
    unchanged record writes nothing."""
    old = table.get(record.id)
    if old == record:
        return
    table[record.id] = record
    applier.undo_steps.append(lambda: _restore(table, record.id, old))
    name = "regions" if isinstance(record, Region) else "organisations"
    applier.touch(name, record.id)
    applier.event(operation, record.id, region, _plain(old), _plain(record))


def _named(record: Region | Organisation, what: str, where: str | None) -> list[Problem]:
    """The problems of a region's or organisation's id and name."""
    problems = check_id(record.id, what, where)
    if not record.name.strip():
        problems.append(
            Problem("name-required", f"{what} '{record.id}': name must not be empty", "name", where)
        )
    problems += check_text(record.name, f"{what} '{record.id}'", "name", where)
    return problems


def _plain(record: Region | Organisation | None) -> dict[str, Any] | None:
    return None if record is None else dataclasses.asdict(record)


def _restore(table: dict[str, Any], key: str, old: Any) -> None:
    if old is None:
        table.pop(key, None)
    else:
        table[key] = old
