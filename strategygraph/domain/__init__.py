"""The strategy graph's domain: kinds, metamodel, records, rules, errors. No I/O."""

from .errors import (
    Forbidden,
    NotFound,
    Problem,
    StoreBusy,
    StoreUnavailable,
    StrategyGraphError,
    ValidationError,
    VersionConflict,
)
from .kinds import Health, NodeKind, Relation, Status
from .metamodel import DEFAULT_METAMODEL, Metamodel
from .model import NATIONAL, PROJECT_FIELDS, Comment, Edge, Event, Node, Organisation, Region
from .operations import EventOperation

__all__ = [
    "DEFAULT_METAMODEL",
    "NATIONAL",
    "PROJECT_FIELDS",
    "Comment",
    "Edge",
    "Event",
    "EventOperation",
    "Forbidden",
    "Health",
    "Metamodel",
    "Node",
    "NodeKind",
    "NotFound",
    "Organisation",
    "Problem",
    "Region",
    "Relation",
    "Status",
    "StoreBusy",
    "StoreUnavailable",
    "StrategyGraphError",
    "ValidationError",
    "VersionConflict",
]
