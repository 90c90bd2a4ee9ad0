"""The in-process engine on one batch of lines: what both engines run on each chunk or partition.

Lines that cross the antimeridian are cut there and put back together
(:mod:`corridormap.antimeridian`); every line is split at the borders on its own
(:mod:`corridormap.splitting`), so a batch's results do not depend on which other lines
share it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import pandas as pd

from .antimeridian import split_at_antimeridian, stitch
from .crossings import MERGE_KM, split_and_cross
from .geodesy import DENSIFY_KM

if TYPE_CHECKING:
    from pathlib import Path

    from .world import Boundaries

__all__ = ["CROSSING_COLUMNS", "KM_COLUMNS", "analyze_batch"]

#: The columns of the crossings table, in order.
CROSSING_COLUMNS = [
    "from_iso3",
    "to_iso3",
    "km_from_start",
    "raw_crossings",
    "via",
    "line",
    "geometry",
    "nearest_crossing",
    "nearest_crossing_km",
]

#: The columns of the km table a batch gives (``overlap_km``: the part of ``km`` inside more than one polygon).
KM_COLUMNS = ["line", "iso3", "km", "overlap_km"]


def analyze_batch(
    geoms: gpd.GeoSeries,
    *,
    merge_km: float = MERGE_KM,
    densify_km: float = DENSIFY_KM,
    data_dir: str | Path | None = None,
    boundaries: Boundaries | None = None,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """The in-process engine on one batch of LineStrings in EPSG:4326, lines across ±180° included.

    Both engines call this on each chunk or partition: every line is split on its own, so
    the result does not depend on how the lines are batched. The km table has an
    ``overlap_km`` column (see :func:`corridormap.analysis.line_summary`); ``boundaries`` default to
    :func:`~corridormap.world.analysis_boundaries` of ``data_dir``.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from corridormap.batch import analyze_batch
    >>> km, x = analyze_batch(gpd.GeoSeries([shapely.LineString([(66.0, 31.0), (67.0, 30.6)])], crs=4326))
    >>> list(km["iso3"])
    ['AFG', 'PAK']
    """
    if not len(geoms):
        empty = gpd.GeoDataFrame(
            {c: pd.Series(dtype=float if "km" in c else object) for c in CROSSING_COLUMNS if c != "geometry"},
            geometry=gpd.GeoSeries([], crs="EPSG:4326"),
        )
        km = pd.DataFrame({c: pd.Series(dtype=float if "km" in c else object) for c in KM_COLUMNS})
        return km, empty[CROSSING_COLUMNS]
    split = split_at_antimeridian(geoms)
    km, x = split_and_cross(
        geoms if split is None else split.pieces,
        merge_km=merge_km,
        densify_km=densify_km,
        data_dir=data_dir,
        boundaries=boundaries,
    )
    x = gpd.GeoDataFrame(x.reindex(columns=CROSSING_COLUMNS), geometry="geometry", crs="EPSG:4326")
    return (km, x) if split is None else stitch(km, x, split, geoms.index.to_numpy())
