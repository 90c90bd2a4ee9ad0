"""corridormap: the energy and transport corridors linking Pakistan with Central Asia, measured on the ellipsoid.

Examples
--------
>>> import corridormap as cm
>>> round(cm.route_length("TAPI")) > 1500
True
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from .exports import export
    from .figures import figure, save_figures
    from .geodesy import densify, geodesic_length_km
    from .journey import Route
    from .maps import build_map, build_maps
    from .maps.routes import build_route_map, build_routes_map, time_distance_svg
    from .places import resolve_place
    from .report import summary
    from .routing import STANDARD_ORIGINS, STANDARD_PORTS, route, route_alternatives, routes, transit_matrix
    from .timeline import data_as_of, status_by_year, status_on, timeline_events
    from .transport_network import network, network_gdfs, network_lines, network_params
    from .validation import validate
    from .world import world_boundaries

#: Where each public name lives. Nothing is imported until it is asked for, so that a command
#: answered from the cache (``corridormap length TAPI``) imports neither geopandas nor networkx.
_LAZY = {
    "Analysis": "analysis",
    "analyze": "analysis",
    "analyze_file": "analysis",
    "branch_lengths": "branches",
    "clear_cache": "caching",
    "route_length": "chaining",
    "crossings": "crossings",
    **dict.fromkeys(
        [
            "boundaries",
            "corridor",
            "corridor_facts",
            "corridor_ids",
            "corridors",
            "load_corridors",
            "nodes",
            "relations",
            "resolve_corridor_id",
            "sources",
        ],
        "data",
    ),
    **dict.fromkeys(
        ["CorridorDataError", "CorridorMapError", "NoRouteError", "UnknownCorridorError", "UnknownPlaceError"], "errors"
    ),
    "densify": "geodesy",
    "geodesic_length_km": "geodesy",
    "summary": "report",
    **dict.fromkeys(["data_as_of", "status_by_year", "status_on", "timeline_events"], "timeline"),
    "validate": "validation",
    "world_boundaries": "world",
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


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("corridormap")  # the one place it is written is pyproject.toml
    except PackageNotFoundError:  # pragma: no cover - running from a source tree that was never installed
        return "0+unknown"


def __getattr__(name: str) -> Any:
    import importlib

    if name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    elif name == "__version__":
        value = _version()
    elif not name.startswith("__"):
        try:  # a submodule, as `cm.data.default_data_dir` after an eager import used to find it
            value = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            msg = f"module {__name__!r} has no attribute {name!r}"
            raise AttributeError(msg) from None
    else:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """The package object: importing the submodule ``crossings`` never hides the function ``crossings``."""

    def __setattr__(self, name: str, value: object) -> None:
        if not (name in _LAZY and isinstance(value, types.ModuleType)):
            super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
