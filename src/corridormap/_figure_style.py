"""The maps' style table as matplotlib keywords, and the figure's legend written from it.

Screen pixels (the maps' line weights, marker radii and dash arrays) become points on
paper at :data:`PT_PER_PX`; country fills are blended with white at the maps' fill opacity.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import numpy as np

from .maps.style import COUNTRY_EDGE, FILL_OPACITY, STYLE, line_style, point_style

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.figure import Figure

__all__ = ["PT_PER_PX", "country_fill", "draw_legend", "line_kwargs", "marker_kwargs"]

#: The maps' line weights and marker radii (screen pixels) in points on paper.
PT_PER_PX: Final = 0.45
_MARKER_SCALE: Final = 1.3  # markers a little larger on paper than on screen, to be seen in print


def line_kwargs(kind: str, status: str, accuracy: str, alignment: str, color: str | None = None) -> dict[str, Any]:
    """What the maps draw for a segment (:func:`~corridormap.maps.style.line_style`) as ``Axes.plot`` keywords.

    ``color`` is the corridor's own (:func:`~corridormap.maps.style.corridor_colors`); default the kind's.

    Examples
    --------
    >>> line_kwargs("gas_pipeline", "operating", "high", "main", "#e6550d")["color"]
    '#e6550d'
    """
    style = line_style({"kind": kind, "status": status, "route_accuracy": accuracy, "alignment": alignment}, "", color)
    kwargs: dict[str, Any] = {
        "color": style["color"],
        "linewidth": style["weight"] * PT_PER_PX,
        "alpha": style["opacity"],
        "solid_capstyle": "round",
        "dash_capstyle": "round",
    }
    if "dashArray" in style:  # pixels on the map; matplotlib's dashes are in line widths
        kwargs["linestyle"] = (0.0, tuple(float(v) / style["weight"] for v in style["dashArray"].split()))
    return kwargs


def marker_kwargs(group: str) -> dict[str, Any]:
    """What the maps draw for a point group (:func:`~corridormap.maps.style.point_style`) as ``Axes.plot`` keywords."""
    style = point_style(group)
    return {
        "marker": "o",
        "linestyle": "none",
        "markersize": 2 * style["radius"] * PT_PER_PX * _MARKER_SCALE,
        "markerfacecolor": style["fillColor"],
        "markeredgecolor": style["color"],
        "markeredgewidth": style["weight"] * PT_PER_PX,
    }


def country_fill(fill: str) -> str:
    """A country fill at the maps' fill opacity, over white paper, as an opaque colour."""
    rgb = np.array([int(fill[i : i + 2], 16) for i in (1, 3, 5)])
    mixed = np.round(255 - FILL_OPACITY * (255 - rgb)).astype(int)
    return "#" + "".join(f"{v:02x}" for v in mixed)


def _swatch(group: str, key: str) -> dict[str, Any]:
    """How the legend draws one style entry: the line or marker the map draws for it."""
    grey = {"color": "#525252"}
    if group == "status":
        return line_kwargs("railway", key, "high", "main") | grey
    if group == "accuracy":
        return line_kwargs("railway", "operating", key, "main") | grey
    if group == "alignment":
        return line_kwargs("railway", "operating", "high", key) | grey
    return marker_kwargs(key)


def _legend_rows(group: str, keys: list[str]) -> list[tuple[Any, str]]:
    """One row per swatch: entries drawn alike share a row ('Operating, under construction')."""
    from matplotlib.lines import Line2D

    rows: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for key in keys:
        kwargs = _swatch(group, key)
        rows.setdefault(repr(sorted(kwargs.items())), (kwargs, []))[1].append(STYLE[group][key]["label"])
    return [
        (Line2D([], [], **kwargs), ", ".join([labels[0], *(lab[:1].lower() + lab[1:] for lab in labels[1:])]))
        for kwargs, labels in rows.values()
    ]


def _corridor_rows(segs: gpd.GeoDataFrame, colors: dict[str, str]) -> list[tuple[Any, str]]:
    """One row per corridor, in its own colour, as on the maps' legend: 'TAPI  gas pipeline'."""
    from matplotlib.lines import Line2D

    kinds = segs.drop_duplicates("corridor").sort_values("corridor")
    return [
        (Line2D([], [], **line_kwargs(kind, "operating", "high", "main", colors[cid])), f"{cid}  {label.lower()}")
        for cid, kind in zip(kinds["corridor"], kinds["kind"], strict=True)
        for label in [STYLE["kind"][kind]["label"]]
    ]


def draw_legend(
    fig: Figure,
    segs: gpd.GeoDataFrame,
    points: list[str],
    *,
    colors: dict[str, str],
    fontsize: float,
    left: float,
    top: float,
) -> None:
    """The legend, its upper left corner at (left, top) in figure fractions: every style the figure uses.

    ``colors`` maps each corridor id to its own colour, as :func:`~corridormap.maps.style.corridor_colors` gives.
    """
    from matplotlib.patches import Patch

    used = {"status": "status", "accuracy": "route_accuracy", "alignment": "alignment"}
    sections = [("Corridors", _corridor_rows(segs, colors))] + [
        (title, _legend_rows(group, [k for k in STYLE[group] if k in set(segs[used[group]])]))
        for group, title in (("status", "Status"), ("accuracy", "Route accuracy"))
    ]
    if set(segs["alignment"]) == {"main", "alternative"}:
        sections.append(("Alignment", _legend_rows("alignment", list(STYLE["alignment"]))))
    sections.append(("Points", _legend_rows("points", points)))
    countries = [
        (
            Patch(facecolor=country_fill(STYLE["countries"][k]["fill"]), edgecolor=COUNTRY_EDGE, linewidth=0.5),
            STYLE["countries"][k]["label"],
        )
        for k in ("pakistan", "other")
    ]
    sections.append(("Countries", countries))
    handles: list[Any] = []
    labels: list[str] = []
    headers: list[int] = []
    for title, rows in sections:
        headers.append(len(handles))
        handles.append(Patch(visible=False))
        labels.append(title)
        for handle, label in rows:
            handles.append(handle)
            labels.append(label)
    legend = fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(left, top),
        fontsize=fontsize,
        frameon=False,
        handlelength=2.6,
        borderaxespad=0,
        labelspacing=0.35,
    )
    for i in headers:
        legend.get_texts()[i].set_fontweight("bold")
    legend.set_zorder(30)
