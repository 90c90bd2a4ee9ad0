"""corridormap: the energy and transport corridors linking Pakistan with Central Asia, measured on the ellipsoid.

Examples
--------
>>> import corridormap as cm
>>> round(cm.route_length("TAPI")) > 1500
True
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from .analysis import Analysis, analyze, analyze_file
from .chaining import route_length
from .crossings import crossings
from .data import (
    boundaries,
    corridor,
    corridor_facts,
    corridor_ids,
    corridors,
    load_corridors,
    nodes,
    relations,
    resolve_corridor_id,
    sources,
)
from .errors import CorridorDataError, CorridorMapError, UnknownCorridorError
from .geodesy import densify, geodesic_length_km
from .report import summary
from .validation import validate
from .world import world_boundaries

if TYPE_CHECKING:
    from .maps import build_map, build_maps

try:
    __version__ = version("corridormap")  # the one place it is written is pyproject.toml
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"
__all__ = [
    "Analysis",
    "CorridorDataError",
    "CorridorMapError",
    "UnknownCorridorError",
    "analyze",
    "analyze_file",
    "boundaries",
    "build_map",
    "build_maps",
    "corridor",
    "corridor_facts",
    "corridor_ids",
    "corridors",
    "crossings",
    "densify",
    "geodesic_length_km",
    "load_corridors",
    "nodes",
    "relations",
    "resolve_corridor_id",
    "route_length",
    "sources",
    "summary",
    "validate",
    "world_boundaries",
]


def __getattr__(name: str) -> Any:
    # folium is heavy: import the maps only when they are asked for.
    if name in ("build_map", "build_maps"):
        from . import maps

        return getattr(maps, name)
    msg = f"module 'corridormap' has no attribute {name!r}"
    raise AttributeError(msg)
