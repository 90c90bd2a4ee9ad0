"""The one style table, :data:`STYLE`, and the layout constants every map shares.

Layers are styled from :data:`STYLE` and the legend is written from it, so the two cannot
disagree; every value of every vocabulary in the schemas has an entry (tested).
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "COUNTRY_EDGE",
    "DECIMALS",
    "FILL_OPACITY",
    "LEGEND_TITLES",
    "POINTS_PANE",
    "POINT_DEFAULTS",
    "REFERENCE_ATTR",
    "REFERENCE_PANE",
    "REFERENCE_TILES",
    "SAME_LINE_DEG",
    "STATUS_GROUPS",
    "STYLE",
    "TILES",
    "TRADE_YEAR",
    "corridor_colors",
    "line_style",
    "point_style",
    "trade_class",
]


#: The one style table: layers are styled from it and the legend is written from it.
#: ``kind`` gives a corridor its colour family (each corridor of a kind takes the next of its
#: ``shades``, see :func:`corridor_colors`); ``status`` sets its dashes (``group``: the four
#: status groups the legend shows); ``accuracy`` its opacity;
#: ``alignment`` its weight (alternatives are thinner and fainter); ``points`` styles
#: markers (``kinds`` lists the node kinds a group draws); ``countries`` shades the
#: countries, the partners by Pakistan's trade with them (``below``: upper bound in US$).
STYLE: Final[dict[str, dict[str, dict[str, Any]]]] = {
    "kind": {
        "gas_pipeline": {"label": "Gas pipeline", "color": "#e6550d", "shades": ("#e6550d", "#a63603")},
        "power_line": {"label": "Power line", "color": "#6a51a3", "shades": ("#54278f", "#9e7cc1", "#3182bd")},
        "fibre_optic": {"label": "Fibre-optic line", "color": "#dd3497", "shades": ("#dd3497", "#ae017e")},
        "railway": {"label": "Railway", "color": "#252525", "shades": ("#252525", "#2b8c83", "#737373")},
        "road": {"label": "Road", "color": "#8c510a", "shades": ("#8c510a", "#bf812d")},
    },
    "status": {
        "operating": {"label": "Operating", "dash": None, "group": "operating"},
        "construction": {"label": "Under construction", "dash": "14 4 2 4", "group": "construction"},
        "proposed": {"label": "Proposed", "dash": "7 7", "group": "proposed"},
        "idle": {"label": "Idle", "dash": "1 6", "group": "inactive"},
        "mothballed": {"label": "Mothballed", "dash": "1 6", "group": "inactive"},
        "shelved": {"label": "Shelved", "dash": "1 6", "group": "inactive"},
        "cancelled": {"label": "Cancelled", "dash": "1 6", "group": "inactive"},
        "retired": {"label": "Retired", "dash": "1 6", "group": "inactive"},
    },
    "accuracy": {
        "high": {"label": "High", "opacity": 0.95},
        "medium": {"label": "Medium", "opacity": 0.8},
        "low": {"label": "Low", "opacity": 0.6},
        "schematic": {"label": "Schematic", "opacity": 0.45},
    },
    "alignment": {
        "main": {"label": "Main alignment", "weight": 4, "fade": 1.0},
        "alternative": {"label": "Alternative alignment", "weight": 2.5, "fade": 0.6},
    },
    "points": {
        "crossing": {
            "label": "Corridor crosses a border",
            "layer": "Border crossings (computed)",
            "radius": 5,
            "color": "#e31a1c",
            "fill": "#ffffff",
        },
        "border_posts": {
            "label": "Border post",
            "layer": "Border posts",
            "kinds": ("border_crossing",),
            "fill": "#525252",
        },
        "ports": {"label": "Port", "layer": "Ports", "kinds": ("port",), "radius": 6, "fill": "#08519c"},
        "power": {
            "label": "Substation, converter",
            "layer": "Substations and converter stations",
            "kinds": ("substation", "converter_station"),
            "radius": 5,
            "fill": "#6a51a3",
        },
        "gas": {
            "label": "Gas field, compressor",
            "layer": "Gas field and compressor stations",
            "kinds": ("gas_field", "compressor_station"),
            "radius": 6,
            "fill": "#e6550d",
        },
        "places": {
            "label": "Town, station, pass",
            "layer": "Towns, stations and passes",
            "kinds": ("city", "station", "pass", "junction"),
            "radius": 3,
            "fill": "#969696",
        },
    },
    "countries": {
        "under_10m": {"label": "< US$10 m", "below": 10e6, "fill": "#d9f0d3"},
        "under_50m": {"label": "US$10–50 m", "below": 50e6, "fill": "#a6dba0"},
        "under_200m": {"label": "US$50–200 m", "below": 200e6, "fill": "#5aae61"},
        "over_200m": {"label": "≥ US$200 m", "below": float("inf"), "fill": "#1b7837"},
        "pakistan": {"label": "Pakistan", "fill": "#f0e2c0"},
        "other": {"label": "Other countries", "fill": "#d9d9d9"},
    },
}
POINT_DEFAULTS: Final = {"radius": 4, "color": "#ffffff", "weight": 1.5}
FILL_OPACITY: Final = 0.5
#: Country outlines, on the maps, in their legend and on the static figures.
COUNTRY_EDGE: Final = "#737373"
TRADE_YEAR: Final = "2024-25"
LEGEND_TITLES: Final = {
    "kind": "Corridor kind (colour)",
    "corridors": "Corridors (colour)",
    "status": "Status (line pattern)",
    "accuracy": "Route accuracy (opacity)",
    "alignment": "Alignment (weight)",
    "points": "Points",
    "countries": f"Trade with Pakistan, FY {TRADE_YEAR}",
}
TILES: Final = "Esri.WorldGrayCanvas"
#: The basemap's place names, drawn above the countries' shading (Esri's gray canvas keeps them apart).
REFERENCE_TILES: Final = (
    "https://server.arcgisonline.com/ArcGIS/rest/services/Canvas/World_Light_Gray_Reference/MapServer/tile/{z}/{y}/{x}"
)
REFERENCE_ATTR: Final = "Place names: Esri, HERE, Garmin, © OpenStreetMap contributors"
#: Panes above Leaflet's overlay pane (400): points over lines, then the basemap's names, then ours.
POINTS_PANE: Final = "cm-points"
REFERENCE_PANE: Final = "cm-reference"
DECIMALS: Final = 5
#: Segments of different corridors closer than this everywhere (Hausdorff, degrees) share one line.
SAME_LINE_DEG: Final = 1e-3


#: The status groups, in the legend's order.
STATUS_GROUPS: Final = {
    "operating": "Operating",
    "construction": "Under construction",
    "proposed": "Proposed",
    "inactive": "Inactive (idle, mothballed, shelved, cancelled, retired)",
}


def corridor_colors(kinds: dict[str, str]) -> dict[str, str]:
    """Each corridor's own colour: the next shade of its kind's family, corridors taken in id order.

    Examples
    --------
    >>> corridor_colors({"TAP": "power_line", "CASA-1000": "power_line", "TAPI": "gas_pipeline"})
    {'CASA-1000': '#54278f', 'TAP': '#9e7cc1', 'TAPI': '#e6550d'}
    """
    used: dict[str, int] = {}
    out = {}
    for cid in sorted(kinds):
        shades = STYLE["kind"][kinds[cid]]["shades"]
        n = used[kinds[cid]] = used.get(kinds[cid], -1) + 1
        out[cid] = shades[n % len(shades)]
    return out


def line_style(props: dict[str, Any], cid: str, color: str | None = None) -> dict[str, Any]:
    """A segment's Leaflet path style: ``color`` (default the kind's), weight, opacity, dashes, class."""
    align = STYLE["alignment"][props["alignment"]]
    style = {
        "color": color or STYLE["kind"][props["kind"]]["color"],
        "weight": align["weight"],
        "opacity": round(STYLE["accuracy"][props["route_accuracy"]]["opacity"] * align["fade"], 2),
        "className": f"cm-corridor cm-{cid.lower()}",
    }
    dash = STYLE["status"][props["status"]]["dash"]
    return style | ({"dashArray": dash} if dash else {})


def point_style(group: str) -> dict[str, Any]:
    spec = POINT_DEFAULTS | STYLE["points"][group]
    return {
        "radius": spec["radius"],
        "color": spec["color"],
        "weight": spec["weight"],
        "fillColor": spec["fill"],
        "fillOpacity": 1,
        "className": f"cm-point cm-{group}",
    }


def trade_class(total: float) -> str:
    return next(k for k, v in STYLE["countries"].items() if "below" in v and total < v["below"])
