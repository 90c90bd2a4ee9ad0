"""Where lines cross borders: ordered crossings, de-noised, with the nearest named crossing post.

A *raw* crossing is a change of country along a line (see :mod:`corridormap.splitting`
for how pieces get their country: touching a border is no crossing, running along
one is attributed to the country the line came from). A river border such as the
Panj can be crossed several times within a few hundred metres; raw crossings closer
together than ``merge_km`` (default 2 km) along the line form one cluster:

* a cluster that ends in the country it started from is an *excursion* and gives no
  crossing (the km per country still count the excursion exactly);
* any other cluster is one crossing from its first country to its last, placed halfway
  between its first and last raw crossings (so that reversing a line mirrors its
  crossings exactly), with ``raw_crossings`` saying how many it stands for and ``via``
  the countries passed on the way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._paths import data_root
from .chaining import corridor_route
from .data import nodes, resolve_corridor_id
from .geodesy import DENSIFY_KM, GEOD, PackedLines
from .splitting import Track, split_at_borders

if TYPE_CHECKING:
    from pathlib import Path

    from .world import Boundaries

__all__ = ["MERGE_KM", "crossings", "split_and_cross"]

#: Raw crossings closer than this along a line (km) are merged into one, or dropped as an excursion.
MERGE_KM = 2.0

_COLUMNS = ["from_iso3", "to_iso3", "km_from_start", "raw_crossings", "via"]


def _track_crossings(track: Track, merge_km: float) -> list[dict[str, Any]]:
    """De-noised crossings of one track, as dicts with the columns above (km along the track)."""
    rows: list[dict[str, Any]] = []
    cuts, countries = track.cuts_km, track.countries
    i = 0
    while i < len(cuts):
        j = i
        while j + 1 < len(cuts) and cuts[j + 1] - cuts[j] < merge_km:
            j += 1
        start, end = countries[i], countries[j + 1]
        if start != end:
            via = countries[i + 1 : j + 1]
            rows.append(
                {
                    "from_iso3": start,
                    "to_iso3": end,
                    "km_from_start": float(cuts[i] + cuts[j]) / 2,
                    "raw_crossings": j - i + 1,
                    "via": ">".join(via) if j > i else "",
                }
            )
        i = j + 1
    return rows


def _unit_vectors(lonlat: np.ndarray) -> np.ndarray:
    lon, lat = np.radians(lonlat[:, 0]), np.radians(lonlat[:, 1])
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def _nearest_candidates(points: np.ndarray, posts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(point, post) index pairs that may be nearest on the ellipsoid.

    Those within 5 % (+10 m) of the nearest on the sphere: the ellipsoid changes distances
    by well under 1 %, so the geodesic nearest is always among them, and the geodesic
    distance is computed for a handful of posts per point instead of all of them.
    """
    chord = np.linalg.norm(_unit_vectors(points)[:, None, :] - _unit_vectors(posts)[None, :, :], axis=2)
    angle = 2 * np.arcsin(np.minimum(chord / 2, 1.0))
    point, post = np.nonzero(angle <= angle.min(axis=1, keepdims=True) * 1.05 + 10 / 6_371_000)
    return point, post


def _with_points(rows: list[dict[str, object]], points: np.ndarray, root: Path) -> gpd.GeoDataFrame:
    posts = nodes(data_dir=root)
    posts = posts[posts["kind"] == "border_crossing"]
    frame = gpd.GeoDataFrame(
        pd.DataFrame(rows, columns=[*_COLUMNS, *(k for k in (rows[0] if rows else {}) if k not in _COLUMNS)]),
        geometry=shapely.points(points) if len(points) else gpd.GeoSeries([], crs="EPSG:4326"),
        crs="EPSG:4326",
    )
    names, dists = None, np.nan
    if len(posts) and len(points):
        px, py = posts.geometry.x.to_numpy(), posts.geometry.y.to_numpy()
        row, col = _nearest_candidates(points, np.column_stack([px, py]))
        _, _, d = GEOD.inv(points[row, 0], points[row, 1], px[col], py[col])
        best = np.lexsort((col, d, row))  # per point: the nearest, the first post on a tie (as argmin)
        best = best[np.r_[True, row[best][1:] != row[best][:-1]]]
        names, dists = posts["id"].to_numpy()[col[best]], d[best] / 1000
    frame["nearest_crossing"] = names
    frame["nearest_crossing_km"] = dists
    return frame


def crossings(
    corridor_id: str,
    *,
    include_alternatives: bool = False,
    merge_km: float = MERGE_KM,
    densify_km: float = DENSIFY_KM,
    data_dir: str | Path | None = None,
) -> gpd.GeoDataFrame:
    """Every border crossing of a corridor, in route order.

    Parameters
    ----------
    corridor_id
        A corridor id or alias, case-insensitive.
    include_alternatives
        Also report the alternative alignments' crossings.
    merge_km
        Raw crossings closer than this along the line are merged (see the module notes).
    densify_km
        Step of the geodesic densification before intersecting borders.
    data_dir
        Data folder; default the project's ``geodata/``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per crossing, by line then along it: ``from_iso3``, ``to_iso3``,
        ``km_from_start`` (along the line from its start), ``raw_crossings``, ``via``,
        ``segment``, ``line`` (the connected line ``km_from_start`` counts along, named by
        its start and end, e.g. ``"Sangtuda–Nowshera"``), ``nearest_crossing`` (node id of
        the nearest named border crossing, None if the data has none) and
        ``nearest_crossing_km``, with a Point geometry.

    Examples
    --------
    >>> import corridormap as cm
    >>> x = cm.crossings("TAPI")
    >>> list(zip(x.from_iso3, x.to_iso3))[:2]
    [('TKM', 'AFG'), ('AFG', 'PAK')]
    """
    root = data_root(data_dir)
    cid = resolve_corridor_id(corridor_id, data_dir=root)
    route = corridor_route(cid, include_alternatives, root, densify_km)
    rows, points, keys = [], [], []
    for i, (sid, track) in enumerate(zip(route.ids, route.tracks, strict=True)):
        found = _track_crossings(track, merge_km)
        before = route.previous[i]
        if before is not None and route.tracks[before].countries[-1] != track.countries[0]:
            # The border lies exactly where one segment hands over to the next.
            join = {"from_iso3": route.tracks[before].countries[-1], "to_iso3": track.countries[0]}
            found.insert(0, {**join, "km_from_start": 0.0, "raw_crossings": 1, "via": ""})
        if found:
            points.append(track.locate(np.array([r["km_from_start"] for r in found])))
        for r in found:
            keys.append(route.order_key(i, float(r["km_from_start"])))
            rows.append({**r, "km_from_start": keys[-1][1], "segment": sid, "line": route.lines[i]})
    # By line (in the order the lines start in the data), then along it.
    order = sorted(range(len(rows)), key=lambda k: (keys[k][0], rows[k]["line"], keys[k][1]))
    rows = [rows[k] for k in order]
    xy = np.vstack(points)[order] if points else np.empty((0, 2))
    return _with_points(rows, xy, root)


def split_and_cross(
    lines: gpd.GeoDataFrame | gpd.GeoSeries,
    *,
    merge_km: float = MERGE_KM,
    densify_km: float = DENSIFY_KM,
    data_dir: str | Path | None = None,
    boundaries: Boundaries | None = None,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Km per country and border crossings for any lines in this process: the core under :func:`corridormap.analyze`.

    The corridors go through the same code; :func:`corridormap.analyze` adds the engines, the
    antimeridian and progress around it.

    Parameters
    ----------
    lines
        LineStrings in lon/lat (EPSG:4326); a GeoDataFrame or GeoSeries. Its index labels the results.
    merge_km, densify_km, data_dir
        As for :func:`crossings`.
    boundaries
        The polygons to split with (default: :func:`~corridormap.world.analysis_boundaries` of ``data_dir``).

    Returns
    -------
    km : pandas.DataFrame
        One row per line and country: ``line``, ``iso3``, ``km`` (in order along each line), and
        ``overlap_km``, the part of ``km`` lying inside more than one polygon.
    crossings : geopandas.GeoDataFrame
        One row per crossing: ``line``, ``from_iso3``, ``to_iso3``, ``km_from_start``,
        ``raw_crossings``, ``via``, nearest named crossing and its distance, Point geometry.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> line = gpd.GeoSeries([shapely.LineString([(66.0, 31.0), (67.0, 30.6)])], crs="EPSG:4326")
    >>> km, x = split_and_cross(line)
    >>> list(km["iso3"]), list(x["to_iso3"])
    (['AFG', 'PAK'], ['PAK'])
    """
    geoms = lines.geometry if isinstance(lines, gpd.GeoDataFrame) else lines
    if geoms.crs is not None and not geoms.crs.equals("EPSG:4326"):
        geoms = geoms.to_crs("EPSG:4326")
    bad = [str(k) for k, g in zip(geoms.index, geoms.values) if g is None or g.geom_type != "LineString"]
    if bad:
        msg = f"analyze() takes LineStrings only; rows {', '.join(bad[:5])} are not — explode multi-part lines first"
        raise ValueError(msg)
    root = data_root(data_dir)
    xy = shapely.get_coordinates(geoms.values)
    per_line = np.split(xy, np.cumsum(shapely.get_num_coordinates(geoms.values))[:-1])
    tracks = split_at_borders(per_line, root, densify_km, boundaries=boundaries)
    km_rows, rows, at_line, at_km = [], [], [], []
    for n, (label, track) in enumerate(zip(geoms.index, tracks, strict=True)):
        km: dict[str, float] = {}
        overlap: dict[str, float] = {}
        pieces = zip(track.countries, track.piece_km.tolist(), track.overlap_km.tolist(), strict=True)
        for country, piece, twice in pieces:
            km[country] = km.get(country, 0.0) + piece
            overlap[country] = overlap.get(country, 0.0) + twice
        km_rows += [(label, country, k, overlap[country]) for country, k in km.items()]
        for r in _track_crossings(track, merge_km):
            rows.append({**r, "line": label})
            at_line.append(n)
            at_km.append(r["km_from_start"])
    packed = PackedLines.of(xy, [t.vertex_km for t in tracks])
    xy = packed.locate(np.array(at_line), np.array(at_km)) if rows else np.empty((0, 2))
    return pd.DataFrame(km_rows, columns=["line", "iso3", "km", "overlap_km"]), _with_points(rows, xy, root)
