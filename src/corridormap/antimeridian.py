"""Lines that cross the antimeridian (±180°): split there for the border search, put back together after.

In lon/lat a segment from 179.5° to -179.5° is drawn the long way round the world, so
its chord would meet every border on that latitude. :func:`split_at_antimeridian` cuts
such segments where their geodesic reaches ±180° (found by bisection along the
geodesic to under a micrometre) and makes each side a piece of its own;
:func:`stitch` adds the pieces' km per country back into the line's and shifts their
crossings by the km before them. A change of country exactly on the antimeridian
becomes a crossing there (its nearest named crossing is left empty), and raw crossings
on either side of it are not merged with each other.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

__all__ = ["SplitLines", "split_at_antimeridian", "stitch"]

_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class SplitLines:
    """Lines cut at ±180°: ``pieces`` (LineStrings, index 0..n-1), the position of the line
    each piece comes from (``owner``), the km along that line where it starts (``offset_km``)."""

    pieces: gpd.GeoSeries
    owner: np.ndarray
    offset_km: np.ndarray


def _crossing_points(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Latitude where each geodesic a-b reaches the antimeridian (a and b on either side of it)."""
    az, _, dist = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    target = np.where(a[:, 0] > 0, 180.0, -180.0) - a[:, 0]  # signed lon offset from a to ±180
    lo, hi = np.zeros(len(a)), np.asarray(dist, dtype=float)
    for _ in range(60):  # halves a geodesic under 20,000 km to below a micrometre
        mid = (lo + hi) / 2
        lon, _, _ = _GEOD.fwd(a[:, 0], a[:, 1], az, mid)
        offset = (lon - a[:, 0] + 540.0) % 360.0 - 180.0
        before = np.abs(offset) < np.abs(target)
        lo, hi = np.where(before, mid, lo), np.where(before, hi, mid)
    _, lat, _ = _GEOD.fwd(a[:, 0], a[:, 1], az, (lo + hi) / 2)
    return np.asarray(lat, dtype=float)


def split_at_antimeridian(lines: gpd.GeoSeries) -> SplitLines | None:
    """Cut the lines that cross ±180°; None when none does (the common case, at the cost of one pass).

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> split = split_at_antimeridian(gpd.GeoSeries([shapely.LineString([(179.5, -16.5), (-179.5, -16.5)])]))
    >>> [[round(x, 1) for x, _ in g.coords] for g in split.pieces]
    [[179.5, 180.0], [-180.0, -179.5]]
    """
    xy, owner = shapely.get_coordinates(lines.values, return_index=True)
    jump = np.flatnonzero((np.abs(np.diff(xy[:, 0])) > 180.0) & (owner[1:] == owner[:-1]))
    if not len(jump):
        return None
    lat = _crossing_points(xy[jump], xy[jump + 1])
    edge = np.where(xy[jump, 0] > 0, 180.0, -180.0)
    # Each cut ends a piece at (edge, lat) and starts the next at (-edge, lat).
    cut_xy = np.stack([np.column_stack([edge, lat]), np.column_stack([-edge, lat])], axis=1).reshape(-1, 2)
    at = np.repeat(jump + 1, 2)
    xy = np.insert(xy, at, cut_xy, axis=0)
    owner = np.insert(owner, at, np.repeat(owner[jump], 2))
    is_start = np.zeros(len(xy), dtype=bool)
    is_start[jump + 2 + 2 * np.arange(len(jump))] = True  # the inserted (-edge, lat) vertices
    is_start[np.r_[0, np.flatnonzero(np.diff(owner)) + 1]] = True
    # A vertex on ±180 itself gives a repeated vertex: drop repeats, then pieces left with one vertex.
    repeat = np.r_[False, (xy[1:] == xy[:-1]).all(axis=1) & ~is_start[1:]]
    xy, owner, is_start = xy[~repeat], owner[~repeat], is_start[~repeat]
    piece_of = np.cumsum(is_start) - 1
    keep_piece = np.bincount(piece_of) >= 2
    keep = keep_piece[piece_of]
    xy, owner, piece_of = xy[keep], owner[keep], np.cumsum(keep_piece)[piece_of[keep]] - 1
    n = int(piece_of[-1]) + 1
    piece_owner = owner[np.r_[0, np.flatnonzero(np.diff(piece_of)) + 1]]
    # Only the pieces of lines cut in several need their km (a whole line's one piece starts at 0).
    several = np.bincount(piece_owner)[piece_owner] > 1
    measured = (piece_of[1:] == piece_of[:-1]) & several[piece_of[1:]]
    a, b = xy[:-1][measured], xy[1:][measured]
    _, _, d = _GEOD.inv(a[:, 0], a[:, 1], b[:, 0], b[:, 1])
    km = np.bincount(piece_of[1:][measured], weights=np.atleast_1d(d), minlength=n) / 1000
    # Sums within each line only, so that a line's offsets do not depend on the lines batched with it.
    offset = pd.Series(km).groupby(piece_owner).cumsum().to_numpy() - km
    pieces = shapely.linestrings(xy, indices=piece_of)
    return SplitLines(gpd.GeoSeries(pieces, crs=lines.crs), piece_owner, offset)


def _ends(km: pd.DataFrame, x: pd.DataFrame, n: int) -> tuple[np.ndarray, np.ndarray]:
    """First and last country of each piece, from its km rows and crossings."""
    first = km.groupby("line", sort=False)["iso3"].first().reindex(range(n)).to_numpy(dtype=object)
    last = first.copy()
    if len(x):
        by_piece = x.sort_values(["line", "km_from_start"]).groupby("line", sort=False)
        head, tail = by_piece["from_iso3"].first(), by_piece["to_iso3"].last()
        first[head.index.to_numpy(dtype=int)] = head.to_numpy(dtype=object)
        last[tail.index.to_numpy(dtype=int)] = tail.to_numpy(dtype=object)
    return first, last


def stitch(
    km: pd.DataFrame, x: gpd.GeoDataFrame, split: SplitLines, labels: np.ndarray
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """The pieces' km per country and crossings as the whole lines' (labelled by ``labels``, one per line).

    Examples
    --------
    >>> import geopandas as gpd, numpy as np, shapely
    >>> from corridormap.crossings import split_and_cross
    >>> split = split_at_antimeridian(gpd.GeoSeries([shapely.LineString([(178.0, 67.0), (-178.0, 67.0)])]))
    >>> km, x = stitch(*split_and_cross(split.pieces), split, np.array(["chukotka"]))
    >>> km[["line", "iso3"]].values.tolist(), len(x)
    ([['chukotka', 'RUS']], 0)
    """
    if "line" not in x.columns:  # no crossing at all: the engine leaves the column out
        x = x.assign(line=pd.Series(dtype=int))
    first, last = _ends(km, x, len(split.owner))
    piece = km["line"].to_numpy(dtype=int)
    km = km.assign(line=labels[split.owner[piece]])
    sums = [c for c in km.columns if c not in ("line", "iso3")]  # km, and overlap_km where present
    km = km.groupby(["line", "iso3"], sort=False, as_index=False)[sums].sum()
    at = x["line"].to_numpy(dtype=int)
    x = x.assign(line=labels[split.owner[at]], km_from_start=x["km_from_start"].to_numpy() + split.offset_km[at])
    joins = np.flatnonzero((split.owner[1:] == split.owner[:-1]) & (last[:-1] != first[1:])) + 1
    if len(joins):
        start = shapely.get_point(split.pieces.values[joins], 0)
        extra = gpd.GeoDataFrame(
            {
                "from_iso3": last[joins - 1],
                "to_iso3": first[joins],
                "km_from_start": split.offset_km[joins],
                "raw_crossings": 1,
                "via": "",
                "line": labels[split.owner[joins]],
                "nearest_crossing": None,
                "nearest_crossing_km": np.nan,
            },
            geometry=start,
            crs="EPSG:4326",
        )
        owners = np.r_[split.owner[at], split.owner[joins]]
        x = gpd.GeoDataFrame(pd.concat([x, extra[x.columns]], ignore_index=True), crs="EPSG:4326")
        x = x.iloc[np.lexsort((x["km_from_start"].to_numpy(), owners))].reset_index(drop=True)
    return km, x
