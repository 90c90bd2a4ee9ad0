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

from .chaining import route_length
from .crossings import analyze, crossings
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
from .validation import validate

if TYPE_CHECKING:
    from .journey import Route
    from .maps import build_map, build_maps
    from .maps.routes import build_route_map, build_routes_map, time_distance_svg
    from .places import resolve_place
    from .routing import STANDARD_ORIGINS, STANDARD_PORTS, route, route_alternatives, routes, transit_matrix
    from .transport_network import network, network_gdfs, network_lines, network_params

# networkx and folium are heavy: import the network, routing and maps only when asked for.
_LAZY = {
    "build_map": "maps",
    "build_maps": "maps",
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
    "CorridorDataError",
    "CorridorMapError",
    "NoRouteError",
    "Route",
    "UnknownCorridorError",
    "UnknownPlaceError",
    "analyze",
    "boundaries",
    "build_map",
    "build_maps",
    "build_route_map",
    "build_routes_map",
    "corridor",
    "corridor_facts",
    "corridor_ids",
    "corridors",
    "crossings",
    "densify",
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
    "sources",
    "summary",
    "time_distance_svg",
    "transit_matrix",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    msg = f"module 'corridormap' has no attribute {name!r}"
    raise AttributeError(msg)
