"""StrategyGraph: a public-sector strategy as a living, traceable graph."""

__version__ = "0.1.0"
__all__ = ["__version__"]
