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
from .branches import branch_lengths
from .caching import clear_cache
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
from .errors import CorridorDataError, CorridorMapError, NoRouteError, UnknownCorridorError, UnknownPlaceError
from .geodesy import densify, geodesic_length_km
from .report import summary
from .timeline import data_as_of, status_by_year, status_on, timeline_events
from .validation import validate
from .world import world_boundaries

if TYPE_CHECKING:
    from .exports import export
    from .figures import figure, save_figures
    from .journey import Route
    from .maps import build_map, build_maps
    from .maps.routes import build_route_map, build_routes_map, time_distance_svg
    from .places import resolve_place
    from .routing import STANDARD_ORIGINS, STANDARD_PORTS, route, route_alternatives, routes, transit_matrix
    from .transport_network import network, network_gdfs, network_lines, network_params

#: Heavy imports (networkx, folium, matplotlib, GDAL) wait until their functions are asked for.
_LAZY = {
    "build_map": "maps",
    "build_maps": "maps",
    "export": "exports",
    "figure": "figures",
    "save_figures": "figures",
    "build_route_map": "maps.routes",
    "build_routes_map": "maps.routes",
    "time_distance_svg": "maps.routes",
    "network": "transport_network",
    "network_gdfs": "transport_network",
    "network_lines": "transport_network",
    "network_params": "transport_network",
    "Route": "journey",
    "resolve_place": "places",
    "route": "routing",
    "route_alternatives": "routing",
    "routes": "routing",
    "transit_matrix": "routing",
    "STANDARD_ORIGINS": "routing",
    "STANDARD_PORTS": "routing",
}

try:
    __version__ = version("corridormap")  # the one place it is written is pyproject.toml
except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
    __version__ = "0+unknown"
__all__ = [
    "STANDARD_ORIGINS",
    "STANDARD_PORTS",
    "Analysis",
    "CorridorDataError",
    "CorridorMapError",
    "NoRouteError",
    "Route",
    "UnknownCorridorError",
    "UnknownPlaceError",
    "analyze",
    "analyze_file",
    "boundaries",
    "branch_lengths",
    "build_map",
    "build_maps",
    "build_route_map",
    "build_routes_map",
    "clear_cache",
    "corridor",
    "corridor_facts",
    "corridor_ids",
    "corridors",
    "crossings",
    "data_as_of",
    "densify",
    "export",
    "figure",
    "geodesic_length_km",
    "load_corridors",
    "network",
    "network_gdfs",
    "network_lines",
    "network_params",
    "nodes",
    "relations",
    "resolve_corridor_id",
    "resolve_place",
    "route",
    "route_alternatives",
    "route_length",
    "routes",
    "save_figures",
    "sources",
    "status_by_year",
    "status_on",
    "summary",
    "time_distance_svg",
    "timeline_events",
    "transit_matrix",
    "validate",
    "world_boundaries",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    msg = f"module 'corridormap' has no attribute {name!r}"
    raise AttributeError(msg)
