"""Print-ready static figures: the overview of every corridor and one figure per corridor.

Drawn with matplotlib alone, offline (no tiles, no downloads: the boundaries ship with
the data), in a Lambert conformal conic projection of the region, with the maps' style
table, country names, ports, border crossings, a scale bar true where it stands, a north
arrow along the meridian, a locator inset, a legend, the data date and sources, and the
boundaries' disclaimer. SVG and PDF are byte-identical from run to run.

Examples
--------
>>> import corridormap as cm
>>> fig = cm.figure("TAPI", size="a5")
>>> [round(float(v), 2) for v in fig.get_size_inches()]
[8.27, 5.83]
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import geopandas as gpd
import numpy as np
import shapely
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from pyproj import CRS

from . import __version__
from ._figure_labels import Labeller
from ._figure_parts import draw_inset, draw_north_arrow, draw_scale_bar
from ._figure_style import country_fill, draw_legend, line_kwargs, marker_kwargs
from ._frames import named_rows
from .data import boundaries, corridor_facts, corridor_ids, resolve_corridor_id
from .maps.style import COUNTRY_EDGE, STYLE
from .tables import export_tables

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["FIGURE_FORMATS", "PROJECTION", "SIZES", "figure", "save_figure", "save_figures"]

FigureSize = Literal["a4", "a5", "slide"]
FigureFormat = Literal["png", "svg", "pdf"]
#: Page sizes in inches (landscape) and the base font size in points for each.
SIZES: Final[dict[str, tuple[float, float, float]]] = {
    "a4": (11.69, 8.27, 8.0),
    "a5": (8.27, 5.83, 6.5),
    "slide": (13.333, 7.5, 10.0),
}
FIGURE_FORMATS: Final = ("png", "svg", "pdf")
#: Lambert conformal conic for the region: conformal, so shapes and the north arrow are
#: right locally; scale is true on 28°N and 42°N and within 1.5 % between them.
PROJECTION: Final = CRS.from_proj4("+proj=lcc +lat_1=28 +lat_2=42 +lat_0=35 +lon_0=66 +datum=WGS84 +units=m +no_defs")
_PROJECTION_NOTE: Final = "Lambert conformal conic, standard parallels 28°N and 42°N, central meridian 66°E"
_LEFT: Final = 0.012  # figure fractions: the page's left margin and where the side column starts
_RIGHT: Final = 0.73
_POINT_GROUPS: Final = ("ports", "border_posts", "power", "gas", "places")
_SALT: Final = "corridormap"


def _spatial(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    if not isinstance(frame, gpd.GeoDataFrame):  # export_tables gives its spatial tables as GeoDataFrames
        msg = f"expected a GeoDataFrame, got {type(frame).__name__}"
        raise TypeError(msg)
    return frame


def _fit(box: tuple[float, float, float, float], aspect: float, margin: float) -> tuple[float, float, float, float]:
    """``box`` grown by ``margin`` and then to the axes' width/height ratio ``aspect``."""
    x0, y0, x1, y1 = box
    w, h = (x1 - x0) * (1 + 2 * margin), (y1 - y0) * (1 + 2 * margin)
    w, h = max(w, h * aspect), max(h, w / aspect)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2


def _draw_countries(ax: Axes, countries: gpd.GeoDataFrame, view: shapely.Polygon, labels: Labeller) -> None:
    fills = STYLE["countries"]
    is_pak = countries["iso3"] == "PAK"
    for mask, key in ((~is_pak, "other"), (is_pak, "pakistan")):
        countries[mask].plot(
            ax=ax, color=country_fill(fills[key]["fill"]), edgecolor=COUNTRY_EDGE, linewidth=0.5, zorder=1
        )
    for row in named_rows(countries):
        visible = row.geometry.intersection(view)
        if visible.area > 0.015 * view.area:
            point = visible.representative_point() if row.iso3 != "PAK" else visible.centroid
            labels.add(
                point.x, point.y, str(row.name).upper(), priority=-1, style="country", offsets=False, marker=False
            )


def _draw_lines(ax: Axes, segs: gpd.GeoDataFrame, colors: dict[str, str]) -> None:
    ordered = segs.assign(_main=segs["alignment"] == "main").sort_values("_main", kind="stable")
    for row in named_rows(ordered):
        xy = shapely.get_coordinates(row.geometry)
        ax.plot(
            xy[:, 0],
            xy[:, 1],
            **line_kwargs(row.kind, row.status, row.route_accuracy, row.alignment, colors[row.corridor]),
            zorder=4 if row.alignment == "main" else 3,
        )


def _draw_points(
    ax: Axes, nodes: gpd.GeoDataFrame, crossings: gpd.GeoDataFrame, labels: Labeller, named: set[str]
) -> None:
    for group in reversed(_POINT_GROUPS):
        found = nodes[nodes["kind"].isin(STYLE["points"][group]["kinds"])]
        if len(found):
            ax.plot(found.geometry.x, found.geometry.y, **marker_kwargs(group), zorder=6)
        for row in named_rows(found):
            if group == "ports" or row.id in named:
                labels.add(row.geometry.x, row.geometry.y, str(row.name), priority=1 if group == "ports" else 2)
    if len(crossings):
        ax.plot(crossings.geometry.x, crossings.geometry.y, **marker_kwargs("crossing"), zorder=7)


def _corridor_labels(segs: gpd.GeoDataFrame, labels: Labeller, colors: dict[str, str]) -> None:
    """Each corridor's id beside its longest main segment, at the segment's middle."""
    main = segs[segs["alignment"] == "main"]
    for cid, group in main.groupby("corridor", sort=True):
        line = group.geometry.iloc[int(np.argmax(group.geometry.length))]
        point = line.interpolate(0.5, normalized=True)
        labels.add(point.x, point.y, str(cid), priority=0, style="corridor", color=colors[str(cid)], marker=False)


def _header(fig: Figure, title: str, subtitle: str, *, fontsize: float, width_in: float) -> float:
    """Draw the title and subtitle at the top; return where they end (figure fraction)."""
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    title_chars = int(0.97 * width_in * 72 / (fontsize * 1.6 * 0.66))  # bold DejaVu Sans: about 0.66 em a character
    t = fig.text(_LEFT, 0.978, textwrap.fill(title, title_chars), fontsize=fontsize * 1.6, fontweight="bold", va="top")
    below = fig.transFigure.inverted().transform(t.get_window_extent(renderer).p0)[1]
    chars = int(0.97 * width_in * 72 / (fontsize * 1.05 * 0.6))
    sub = fig.text(
        _LEFT, below - 0.012, textwrap.fill(subtitle, chars), fontsize=fontsize * 1.05, va="top", color="#333"
    )
    return float(fig.transFigure.inverted().transform(sub.get_window_extent(renderer).p0)[1])


def _footer(fig: Figure, tables: dict[str, pd.DataFrame], *, fontsize: float, width_in: float) -> float:
    """Draw the data date, sources, licence and disclaimer at the bottom; return where they start (figure fraction)."""
    about = dict(zip(tables["about"]["key"], tables["about"]["value"], strict=True))
    publishers = list(dict.fromkeys(tables["sources"]["publisher"]))
    boundaries_line = about["attribution"].split(". Route data")[0]
    lines = [
        f"Data as of {about['data_date']}. Lengths on the WGS84 ellipsoid (corridormap {__version__}); routes are "
        "digitised from public descriptions, not surveyed (line opacity shows route accuracy).",
        f"Sources ({len(publishers)} publishers, {len(tables['sources'])} documents; full list: corridormap export, "
        f"table 'sources'): {'; '.join(publishers[:12])}{'; …' if len(publishers) > 12 else ''}. {boundaries_line}.",
        f"Boundaries: {about['boundaries_disclaimer']} Projection: {_PROJECTION_NOTE}.",
    ]
    chars = int((_RIGHT - 0.02 - _LEFT) * width_in * 72 / (fontsize * 0.6))  # under the map; 0.6 em a character
    text = "\n".join(textwrap.fill(line, chars) for line in lines)
    t = fig.text(_LEFT, 0.012, text, fontsize=fontsize, va="bottom", ha="left", color="#333", linespacing=1.3)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    return float(fig.transFigure.inverted().transform(t.get_window_extent(renderer).p1)[1])


def _titles(tables: dict[str, pd.DataFrame], cid: str | None, data_dir: str | Path | None) -> tuple[str, str]:
    if cid is None:
        n = len(tables["corridors"])
        return "Energy and transport corridors linking Pakistan with Central Asia", (
            f"{n} corridors, main and alternative alignments; lengths computed on the WGS84 ellipsoid"
        )
    facts = corridor_facts(cid, data_dir=data_dir)
    row = tables["corridors"].iloc[0]
    reported = f"; reported {row['reported_km']:,.0f} km ({row['reported_scope']})" if row["reported_scope"] else ""
    by_country = " · ".join(f"{r.iso3} {r.km:,.0f}" for r in named_rows(tables["country_km"]))
    status = STYLE["status"][facts["status"]]["label"]
    kind = STYLE["kind"][facts["kind"]]["label"]
    return facts[
        "name"
    ], f"{kind}, {status.lower()}. {row['km']:,.0f} km computed on the main alignment ({by_country}){reported}."


def figure(corridor_id: str | None = None, *, size: FigureSize = "a4", data_dir: str | Path | None = None) -> Figure:
    """A static map: the overview of every corridor, or one corridor with its alternatives.

    Parameters
    ----------
    corridor_id
        None for the overview; else a corridor id or alias, case-insensitive.
    size
        ``a4``, ``a5`` (landscape pages) or ``slide`` (16:9).
    data_dir
        Data folder; default the project's ``geodata/``.

    Returns
    -------
    matplotlib.figure.Figure
        Not attached to pyplot; save it with :func:`save_figure` for deterministic files.
    """
    if size not in SIZES:
        msg = f"unknown figure size {size!r} — use one of: {', '.join(SIZES)}"
        raise ValueError(msg)
    cid = None if corridor_id is None else resolve_corridor_id(corridor_id, data_dir=data_dir)
    width, height, font = SIZES[size]
    tables = export_tables(corridor_id=cid, data_dir=data_dir)
    segs, crossings, nodes = (_spatial(tables[name]).to_crs(PROJECTION) for name in ("segments", "crossings", "nodes"))
    if cid is None:  # the overview: no towns, as on the map
        nodes = nodes[~nodes["kind"].isin(STYLE["points"]["places"]["kinds"])]
    countries = boundaries(display=True, data_dir=data_dir).to_crs(PROJECTION)
    colors = dict(zip(tables["corridors"]["id"], tables["corridors"]["color"], strict=True))

    fig = Figure(figsize=(width, height), layout=None)
    FigureCanvasAgg(fig)
    top = _header(fig, *_titles(tables, cid, data_dir), fontsize=font, width_in=width)
    bottom = _footer(fig, tables, fontsize=font * 0.8, width_in=width)
    rect = (_LEFT, bottom + 0.015, _RIGHT - 0.02 - _LEFT, top - bottom - 0.03)
    ax = fig.add_axes(rect)
    aspect = (rect[2] * width) / (rect[3] * height)
    bx0, by0, bx1, by1 = (float(v) for v in segs.total_bounds)
    x0, y0, x1, y1 = _fit((bx0, by0, bx1, by1), aspect, 0.06 if cid is None else 0.12)
    labels = Labeller(ax, fontsize=font)
    view = shapely.box(x0, y0, x1, y1)
    _draw_countries(ax, countries.clip(view.buffer(0.05 * (x1 - x0))), view, labels)  # clipped: smaller files
    _draw_lines(ax, segs, colors)
    _draw_points(ax, nodes, crossings, labels, named=set(nodes["id"]) if cid is not None else set())
    if cid is None:
        _corridor_labels(segs, labels, colors)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_axis_off()
    frame = Rectangle((0, 0), 1, 1, transform=ax.transAxes, fill=False, edgecolor="#222", linewidth=0.6, zorder=25)
    ax.add_patch(frame)
    labels.avoid(draw_scale_bar(ax, PROJECTION, fontsize=font * 0.9))
    labels.avoid(draw_north_arrow(ax, PROJECTION, fontsize=font))
    labels.place()

    inset_h = 0.25 * (top - bottom) / 0.78
    draw_inset(
        fig,
        (_RIGHT, top - inset_h - 0.015, 0.985 - _RIGHT, inset_h),
        countries,
        (x0, y0, x1, y1),
        highlight="PAK",
        fills=(country_fill(STYLE["countries"]["pakistan"]["fill"]), country_fill(STYLE["countries"]["other"]["fill"])),
        frame_color=STYLE["points"]["crossing"]["color"],
    )
    groups = [g for g in _POINT_GROUPS if nodes["kind"].isin(STYLE["points"][g]["kinds"]).any()]
    draw_legend(
        fig, segs, ["crossing", *groups], colors=colors, fontsize=font * 0.85, left=_RIGHT, top=top - inset_h - 0.035
    )
    return fig


def _metadata(fmt: str) -> dict[str, Any]:
    """Fixed metadata, so that the same figure gives the same bytes."""
    if fmt == "svg":
        return {"Date": None, "Creator": f"corridormap {__version__}"}
    if fmt == "pdf":
        return {
            "CreationDate": None,
            "ModDate": None,
            "Creator": f"corridormap {__version__}",
            "Producer": "corridormap",
        }
    return {"Software": f"corridormap {__version__}"}


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 300) -> Path:
    """Save ``fig`` as PNG, SVG or PDF (from the suffix), byte-identical for the same figure.

    SVG keeps its text as text (searchable, and a screen reader can read it), with a fixed hash salt.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FIGURE_FORMATS:
        msg = f"{path}: unknown figure format {fmt!r} — use one of: {', '.join(FIGURE_FORMATS)}"
        raise ValueError(msg)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        with rc_context({"svg.hashsalt": _SALT, "svg.fonttype": "none", "pdf.fonttype": 42}):
            fig.savefig(tmp, format=fmt, dpi=dpi, metadata=_metadata(fmt))
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def save_figures(
    out_dir: str | Path = "figures",
    *,
    corridor_id: str | None = None,
    format: FigureFormat = "png",
    size: FigureSize = "a4",
    dpi: int = 300,
    data_dir: str | Path | None = None,
    progress: Callable[[Path], object] | None = None,
) -> list[Path]:
    """Write the overview and one figure per corridor, or one figure (``corridor_id``, or ``"overview"``).

    Files are named ``<overview|corridor id>-<size>.<format>`` in ``out_dir``.
    """
    if format not in FIGURE_FORMATS:
        msg = f"unknown figure format {format!r} — use one of: {', '.join(FIGURE_FORMATS)}"
        raise ValueError(msg)
    if corridor_id is None:
        wanted: list[str | None] = [None, *corridor_ids(data_dir=data_dir)]
    elif corridor_id.lower() == "overview":
        wanted = [None]
    else:
        wanted = [resolve_corridor_id(corridor_id, data_dir=data_dir)]
    written = []
    for cid in wanted:
        fig = figure(cid, size=size, data_dir=data_dir)
        name = f"{'overview' if cid is None else cid.lower()}-{size}.{format}"
        written.append(save_figure(fig, Path(out_dir) / name, dpi=dpi))
        if progress is not None:
            progress(written[-1])
    return written
