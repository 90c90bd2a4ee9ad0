"""A map figure's furniture, drawn in its projection: scale bar, north arrow, locator inset.

The scale bar and the north arrow are computed, not assumed: the bar's length uses the
projection's scale factor where the bar stands, and the arrow points along the meridian
through where it stands (meridians converge in a conic projection).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.patches import FancyArrow, Rectangle
from pyproj import CRS, Proj, Transformer

if TYPE_CHECKING:
    import geopandas as gpd
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["draw_inset", "draw_north_arrow", "draw_scale_bar", "nice_length_km", "north_angle"]

_STEPS = (1, 2, 2.5, 5)


def nice_length_km(target_km: float) -> float:
    """The round length (1, 2, 2.5 or 5 times a power of ten) at or below ``target_km``.

    Examples
    --------
    >>> nice_length_km(430), nice_length_km(99), nice_length_km(2600)
    (250.0, 50.0, 2500.0)
    """
    power = 10 ** math.floor(math.log10(target_km))
    return float(max(s * power for s in _STEPS if s * power <= target_km))


def _lonlat(crs: CRS, x: float, y: float) -> tuple[float, float]:
    lon, lat = Transformer.from_crs(crs, "EPSG:4326", always_xy=True).transform(x, y)
    return float(lon), float(lat)


def draw_scale_bar(ax: Axes, crs: CRS, *, fontsize: float, at: tuple[float, float] = (0.04, 0.05)) -> list[Artist]:
    """Draw a scale bar of about a fifth of the map's width at ``at`` (axes fraction); return its artists.

    The bar is true to scale where it stands: its length in map units is the ground
    length times the projection's scale factor there.
    """
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    bx, by = x0 + at[0] * (x1 - x0), y0 + at[1] * (y1 - y0)
    lon, lat = _lonlat(crs, bx, by)
    scale = float(Proj(crs).get_factors(lon, lat).parallel_scale)
    km = nice_length_km((x1 - x0) / 5 / 1000 / scale)
    length = km * 1000 * scale
    height = (y1 - y0) * 0.008
    artists: list[Artist] = []
    for i in range(4):
        artists.append(
            ax.add_patch(
                Rectangle(
                    (bx + i * length / 4, by),
                    length / 4,
                    height,
                    facecolor="#222" if i % 2 == 0 else "white",
                    edgecolor="#222",
                    linewidth=0.6,
                    zorder=20,
                )
            )
        )
    for frac, label in ((0, "0"), (0.5, f"{km / 2:g}"), (1, f"{km:g} km")):
        artists.append(
            ax.text(
                bx + frac * length, by + height * 1.6, label, fontsize=fontsize, ha="center", va="bottom", zorder=20
            )
        )
    artists.append(
        ax.text(
            bx,
            by - height * 0.8,
            f"True to scale at {lat:.0f}°N",
            fontsize=fontsize * 0.85,
            ha="left",
            va="top",
            color="#444",
            zorder=20,
        )
    )
    return artists


def north_angle(crs: CRS, x: float, y: float) -> float:
    """The direction of true north at map point (x, y), in degrees clockwise from the map's up.

    Examples
    --------
    >>> from corridormap.figures import PROJECTION
    >>> from pyproj import Transformer
    >>> east = Transformer.from_crs("EPSG:4326", PROJECTION, always_xy=True).transform(80, 40)
    >>> round(north_angle(PROJECTION, *east), 1)  # 14° east of the central meridian: north leans left
    -8.1
    """
    lon, lat = _lonlat(crs, x, y)
    nx, ny = Transformer.from_crs("EPSG:4326", crs, always_xy=True).transform(lon, lat + 0.5)
    return math.degrees(math.atan2(nx - x, ny - y))


def draw_north_arrow(ax: Axes, crs: CRS, *, fontsize: float, at: tuple[float, float] = (0.05, 0.86)) -> list[Artist]:
    """Draw an arrow to true north where it stands (axes fraction ``at``); return its artists."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    ax_x, ax_y = x0 + at[0] * (x1 - x0), y0 + at[1] * (y1 - y0)
    angle = math.radians(north_angle(crs, ax_x, ax_y))
    size = (y1 - y0) * 0.07
    ux, uy = math.sin(angle), math.cos(angle)
    arrow = ax.add_patch(
        FancyArrow(
            ax_x - ux * size / 2,
            ax_y - uy * size / 2,
            ux * size,
            uy * size,
            width=size * 0.12,
            head_width=size * 0.4,
            head_length=size * 0.4,
            length_includes_head=True,
            facecolor="#222",
            edgecolor="white",
            linewidth=0.5,
            zorder=20,
        )
    )
    label = ax.text(
        ax_x + ux * size * 0.75,
        ax_y + uy * size * 0.75,
        "N",
        fontsize=fontsize * 1.2,
        fontweight="bold",
        ha="center",
        va="center",
        zorder=20,
    )
    return [arrow, label]


def draw_inset(
    fig: Figure,
    rect: tuple[float, float, float, float],
    countries: gpd.GeoDataFrame,
    frame: tuple[float, float, float, float],
    *,
    highlight: str,
    fills: tuple[str, str],
    frame_color: str,
) -> Axes:
    """A locator map at ``rect`` (figure fraction): the countries, ``highlight`` filled, the main map's frame."""
    inset = fig.add_axes(rect)
    x0, _, x1, _ = countries.total_bounds
    countries = countries.set_geometry(countries.simplify(0.004 * (x1 - x0)))  # a locator needs little detail
    is_focus = np.asarray(countries["iso3"] == highlight)
    countries[~is_focus].plot(ax=inset, color=fills[1], edgecolor="#888", linewidth=0.3)
    countries[is_focus].plot(ax=inset, color=fills[0], edgecolor="#666", linewidth=0.4)
    fx0, fy0, fx1, fy1 = frame
    inset.add_patch(
        Rectangle((fx0, fy0), fx1 - fx0, fy1 - fy0, fill=False, edgecolor=frame_color, linewidth=1.2, zorder=5)
    )
    x0, y0, x1, y1 = countries.total_bounds
    inset.set_xlim(min(x0, fx0), max(x1, fx1))
    inset.set_ylim(min(y0, fy0), max(y1, fy1))
    inset.set_aspect("equal")
    inset.set_xticks([])
    inset.set_yticks([])
    inset.set_xlabel("")
    inset.set_ylabel("")
    for spine in inset.spines.values():
        spine.set_edgecolor("#888")
        spine.set_linewidth(0.6)
    return inset
