"""Interactive maps of the corridors: an overview of them all and one map per corridor, as standalone HTML.

Everything drawn comes from the public API (:func:`~corridormap.route_length`,
:func:`~corridormap.crossings`, :func:`~corridormap.corridor_facts`, ...), computed once per
build. One module per topic:

- :mod:`~corridormap.maps.style` — the style table :data:`STYLE` (layers and legend) and layout constants;
- :mod:`~corridormap.maps.popups` — popup and panel HTML, escaping, numbered citations;
- :mod:`~corridormap.maps.inputs` — everything a build draws, computed once;
- :mod:`~corridormap.maps.layers` — corridor, point and country layers;
- :mod:`~corridormap.maps.panels` — the title panel and the legend;
- :mod:`~corridormap.maps.render` — deterministic, compact HTML and atomic writes;
- :mod:`~corridormap.maps.routes` — journeys on the transport network with their time–distance chart;
- :mod:`~corridormap.maps.i18n` — the maps in Urdu and Russian: strings, place names, right to left;
- :mod:`~corridormap.maps.fonts` — the Urdu font each Urdu page embeds, subset to its letters;
- :mod:`~corridormap.maps.tiles` — basemap tiles asked for after the page has loaded;
- :mod:`~corridormap.maps.units` — figures in the page's language: numbers, km, hours, money;
- :mod:`~corridormap.maps.journey_panel` — the routes map's panel: origin and port chooser, figures with their scope;
- :mod:`~corridormap.maps.time_distance` — the routes map's time–distance chart (SVG);
- :mod:`~corridormap.maps.build` — :func:`build_map` and :func:`build_maps`.

The output is deterministic (the same data gives byte-identical HTML), compact (countries
are embedded once as quantised TopoJSON, popups as short HTML), and every value from the
data is escaped, because folium puts text into HTML, JavaScript template strings and Jinja
templates alike.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .build import build_map, build_maps
    from .routes import MODE_STYLE, build_route_map, build_routes_map, time_distance_svg
    from .style import STYLE

__all__ = ["MODE_STYLE", "STYLE", "build_map", "build_maps", "build_route_map", "build_routes_map", "time_distance_svg"]

# Imported on first use, so that the style table (figures, KML, tables) does not bring in folium.
_LAZY = {"build_map": "build", "build_maps": "build", "STYLE": "style"} | dict.fromkeys(
    ("MODE_STYLE", "build_route_map", "build_routes_map", "time_distance_svg"), "routes"
)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    msg = f"module 'corridormap.maps' has no attribute {name!r}"
    raise AttributeError(msg)
