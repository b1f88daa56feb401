"""Use cases shared by the API and the CLI."""

from .compare import compare_store_regions
from .import_plan import ImportPlan
from .service import DeleteOutcome, ImportOutcome, StrategyService

__all__ = [
    "DeleteOutcome",
    "ImportOutcome",
    "ImportPlan",
    "StrategyService",
    "compare_store_regions",
]
from . import situation_authz  # noqa: F401 (registers the situation write rules)
