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
    from .exports import export
    from .figures import figure, save_figures
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
    "export",
    "figure",
    "geodesic_length_km",
    "load_corridors",
    "nodes",
    "relations",
    "resolve_corridor_id",
    "route_length",
    "save_figures",
    "sources",
    "summary",
    "validate",
    "world_boundaries",
]


#: Heavy imports (folium, matplotlib, GDAL) wait until their functions are asked for.
_LAZY = {"build_map": "maps", "build_maps": "maps", "export": "exports", "figure": "figures", "save_figures": "figures"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    msg = f"module 'corridormap' has no attribute {name!r}"
    raise AttributeError(msg)
