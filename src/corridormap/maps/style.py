"""The one style table, :data:`STYLE`, and the layout constants every map shares.

Layers are styled from :data:`STYLE` and the legend is written from it, so the two cannot
disagree; every value of every vocabulary in the schemas has an entry (tested).
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "BOTTOM_PX",
    "COUNTRY_EDGE",
    "DECIMALS",
    "FILL_OPACITY",
    "LEFT_PX",
    "LEGEND_COLUMNS",
    "LEGEND_TITLES",
    "POINT_DEFAULTS",
    "POPUP_PAN",
    "SAME_LINE_DEG",
    "STYLE",
    "TILES",
    "TRADE_YEAR",
    "line_style",
    "point_style",
    "trade_class",
]


#: The one style table: layers are styled from it and the legend is written from it.
#: ``kind`` colours a corridor; ``status`` sets its dashes; ``accuracy`` its opacity;
#: ``alignment`` its weight (alternatives are thinner and fainter); ``points`` styles
#: markers (``kinds`` lists the node kinds a group draws); ``countries`` shades the
#: countries, the partners by Pakistan's trade with them (``below``: upper bound in US$).
STYLE: Final[dict[str, dict[str, dict[str, Any]]]] = {
    "kind": {
        "gas_pipeline": {"label": "Gas pipeline", "color": "#e6550d"},
        "power_line": {"label": "Power line", "color": "#6a51a3"},
        "fibre_optic": {"label": "Fibre-optic line", "color": "#dd3497"},
        "railway": {"label": "Railway", "color": "#252525"},
        "road": {"label": "Road", "color": "#8c510a"},
    },
    "status": {
        "operating": {"label": "Operating", "dash": None},
        "construction": {"label": "Under construction", "dash": None},
        "proposed": {"label": "Proposed", "dash": "8 6"},
        "idle": {"label": "Idle", "dash": "1 6"},
        "mothballed": {"label": "Mothballed", "dash": "1 6"},
        "shelved": {"label": "Shelved", "dash": "1 6"},
        "cancelled": {"label": "Cancelled", "dash": "1 6"},
        "retired": {"label": "Retired", "dash": "1 6"},
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
    "status": "Status (dashes)",
    "accuracy": "Route accuracy (opacity)",
    "alignment": "Alignment (weight)",
    "points": "Points",
    "countries": f"Trade with Pakistan, FY {TRADE_YEAR}",
}
#: The legend's columns, top to bottom: every group of :data:`STYLE` once.
LEGEND_COLUMNS: Final = (("kind",), ("status",), ("accuracy", "alignment"), ("points",), ("countries",))
TILES: Final = "Esri.WorldGrayCanvas"
DECIMALS: Final = 5
#: Segments of different corridors closer than this everywhere (Hausdorff, degrees) share one line.
SAME_LINE_DEG: Final = 1e-3


#: Room, in pixels, the title panel takes on the left and the legend at the bottom: maps fit
#: and popups pan inside the rest.
LEFT_PX: Final = 420
BOTTOM_PX: Final = 220
POPUP_PAN: Final = {"auto_pan_padding_top_left": (LEFT_PX, 10), "auto_pan_padding_bottom_right": (70, BOTTOM_PX)}


def line_style(props: dict[str, Any], cid: str) -> dict[str, Any]:
    align = STYLE["alignment"][props["alignment"]]
    style = {
        "color": STYLE["kind"][props["kind"]]["color"],
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
