"""Maps of the strategy graph, drawn by Graphviz ``dot``: the alignment map of a region,
the trace map of a node and the coverage map of the national goals, as SVG, PNG or PDF.

    from strategygraph.maps import MapRenderer, MapRequest
    svg = MapRenderer(store).render(MapRequest.alignment("kymenlaakso")).content

The HTTP routes are in ``strategygraph.maps.web`` (not imported here, so the maps need no
Starlette); the ``render`` command is the CLI's (``strategygraph.cli.render``).
"""

from .cache import RenderCache
from .limits import MapLimits
from .renderer import DotSource, MapRenderer, RenderedMap
from .request import Direction, Filters, Format, MapKind, MapRequest, Rollup, parse_values

__all__ = [
    "Direction",
    "DotSource",
    "Filters",
    "Format",
    "MapKind",
    "MapLimits",
    "MapRenderer",
    "MapRequest",
    "RenderCache",
    "RenderedMap",
    "Rollup",
    "parse_values",
]
