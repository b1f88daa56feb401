"""Write operations on the situational picture; a store commits them with the graph's own
operations, in one unit of work, each with its event-log row."""

from __future__ import annotations

from dataclasses import dataclass

from .situation import Indicator, Measurement, Risk, StatusReport

__all__ = [
    "SITUATION_OPERATIONS",
    "AddMeasurement",
    "DeleteRisk",
    "FileReport",
    "PutIndicator",
    "PutRisk",
    "SituationOperation",
]


@dataclass(frozen=True)
class PutRisk:
    """Create ``risk`` (``create``) or replace the one with its id at ``expected_version``."""

    risk: Risk
    create: bool = False
    expected_version: int | None = None
    where: str | None = None
    as_recorded: bool = False
    """A copy (import, restore): a new record keeps its version and stamps."""
    kept: tuple[str, ...] = ()
    """Threatened nodes the stored risk names and the writer may not open: kept as they
    are (a writer changes only what it sees), not asked of the writer."""


@dataclass(frozen=True)
class DeleteRisk:
    risk_id: str
    expected_version: int | None = None
    where: str | None = None


@dataclass(frozen=True)
class PutIndicator:
    """Create ``indicator`` (``create``) or replace the one with its id."""

    indicator: Indicator
    create: bool = False
    expected_version: int | None = None
    where: str | None = None
    as_recorded: bool = False
    """A copy (import, restore): a new record keeps its version and stamps."""


@dataclass(frozen=True)
class AddMeasurement:
    """One reading; a second reading of one indicator on one date is refused."""

    measurement: Measurement
    where: str | None = None
    as_recorded: bool = False
    """A copy (import, restore): keeps ``recorded_by`` and leaves the node's health."""


@dataclass(frozen=True)
class FileReport:
    """File a new status report on a project (reports are kept, never replaced)."""

    report: StatusReport
    where: str | None = None
    as_recorded: bool = False
    """A copy (import, restore): keeps when and by whom it was filed."""


SituationOperation = PutRisk | DeleteRisk | PutIndicator | AddMeasurement | FileReport
SITUATION_OPERATIONS = (PutRisk, DeleteRisk, PutIndicator, AddMeasurement, FileReport)
