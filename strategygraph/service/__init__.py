"""Use cases shared by the API and the CLI."""

from .imports import ImportPlan
from .service import DeleteOutcome, ImportOutcome, StrategyService

__all__ = ["DeleteOutcome", "ImportOutcome", "ImportPlan", "StrategyService"]
