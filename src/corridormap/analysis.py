"""Km per country and border crossings for anyone's lines, in this process or on a dask cluster.

:func:`analyze` takes LineStrings in memory (a GeoDataFrame, a GeoSeries or a
dask-geopandas frame); :func:`analyze_file` reads a file, sets aside the rows it
cannot use (see :mod:`corridormap.files`) and analyses the rest. Both run the same
border-splitting engine as the corridors, on the worldwide boundaries.

The in-process engine (``engine="local"``) works through the lines in chunks of about
:data:`CHUNK_VERTICES` vertices, so memory stays bounded whatever the number of lines;
``engine="dask"`` hands partitions to a dask cluster (:mod:`corridormap.distributed`).
Every line is split on its own, so the results do not depend on the chunks or the
partitions.
"""

from __future__ import annotations

import itertools
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, overload

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .batch import analyze_batch
from .crossings import MERGE_KM
from .files import check_lines, line_labels, open_parquet_lines, read_lines
from .geodesy import DENSIFY_KM
from .splitting import UNATTRIBUTED

if TYPE_CHECKING:
    from pathlib import Path

    import dask_geopandas


__all__ = [
    "CHUNK_VERTICES",
    "Analysis",
    "Engine",
    "analyze",
    "analyze_file",
    "line_summary",
]

#: Vertices analysed at once by the in-process engine (bounds its memory; results do not depend on it).
CHUNK_VERTICES = 400_000

Engine = Literal["local", "dask"]
Lines = gpd.GeoDataFrame | gpd.GeoSeries


@dataclass(frozen=True)
class Analysis:
    """What :func:`analyze_file` finds.

    ``km``: ``line``, ``iso3``, ``km`` (with the worldwide boundaries ``"sea"``: outside every
    country, ``"gap"``: land enclosed by countries but in none; with boundaries of one's own
    ``"none"``: outside every polygon). ``crossings``: one row per crossing, with ``part`` for
    multi-part lines. ``lines``: one row per line, ``total_km``, ``unattributed_km``,
    ``overlap_km``, ``crossings``. ``rejected``: ``row``, ``line``, ``problem``.
    """

    km: pd.DataFrame
    crossings: gpd.GeoDataFrame
    lines: pd.DataFrame
    rejected: pd.DataFrame


def line_summary(km: pd.DataFrame, crossings: pd.DataFrame) -> pd.DataFrame:
    """One row per line: total, unattributed (``"sea"``, ``"gap"``, ``"none"``) and overlap km, number of crossings.

    Examples
    --------
    >>> import pandas as pd
    >>> km = pd.DataFrame({"line": [7, 7, 7], "iso3": ["PAK", "sea", "gap"], "km": [10.0, 2.5, 1.0]})
    >>> line_summary(km, pd.DataFrame({"line": [7]})).to_dict("records")
    [{'line': 7, 'total_km': 13.5, 'unattributed_km': 3.5, 'overlap_km': 0.0, 'crossings': 1}]
    """
    lines = pd.Index(km["line"].drop_duplicates(), name="line")
    grouped = km.groupby("line", sort=False)["km"]
    unattributed = km[km["iso3"].isin(UNATTRIBUTED)].groupby("line", sort=False)["km"].sum()
    overlap = km.groupby("line", sort=False)["overlap_km"].sum() if "overlap_km" in km else pd.Series(dtype=float)
    counts = crossings.groupby("line", sort=False).size() if len(crossings) else pd.Series(dtype=int)
    return pd.DataFrame(
        {
            "line": lines,
            "total_km": grouped.sum().reindex(lines).to_numpy(),
            "unattributed_km": unattributed.reindex(lines, fill_value=0.0).to_numpy(),
            "overlap_km": overlap.reindex(lines, fill_value=0.0).to_numpy(),
            "crossings": counts.reindex(lines, fill_value=0).to_numpy().astype(int),
        }
    )


def _chunks(geoms: gpd.GeoSeries, max_vertices: int) -> list[slice]:
    """Consecutive slices of about ``max_vertices`` vertices (at least one line each)."""
    counts = np.cumsum(shapely.get_num_coordinates(geoms.values))
    edges = [0]
    while edges[-1] < len(geoms):
        base = counts[edges[-1] - 1] if edges[-1] else 0
        edges.append(max(edges[-1] + 1, int(np.searchsorted(counts, base + max_vertices, side="right"))))
    return [slice(lo, hi) for lo, hi in itertools.pairwise(edges)]


def _local(
    geoms: gpd.GeoSeries, *, merge_km: float, densify_km: float, data_dir: str | Path | None, progress: bool
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    from tqdm.auto import tqdm

    kms, xs = [], []
    with tqdm(total=len(geoms), unit="line", delay=1.0, file=sys.stderr, disable=not progress) as bar:
        for chunk in _chunks(geoms, CHUNK_VERTICES):
            batch = gpd.GeoSeries(geoms.iloc[chunk])
            km, x = analyze_batch(batch, merge_km=merge_km, densify_km=densify_km, data_dir=data_dir)
            kms.append(km)
            xs.append(x)
            bar.update(chunk.stop - chunk.start)
    if not kms:
        return analyze_batch(gpd.GeoSeries(geoms.iloc[:0]), merge_km=merge_km, densify_km=densify_km, data_dir=data_dir)
    return pd.concat(kms, ignore_index=True), gpd.GeoDataFrame(pd.concat(xs, ignore_index=True), crs="EPSG:4326")


@overload
def analyze(
    lines: Lines | dask_geopandas.GeoDataFrame | dask_geopandas.GeoSeries,
    *,
    engine: Engine = ...,
    scheduler: str | None = ...,
    npartitions: int | None = ...,
    merge_km: float = ...,
    densify_km: float = ...,
    data_dir: str | Path | None = ...,
    progress: bool = ...,
    diagnostics: Literal[False] = ...,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]: ...
@overload
def analyze(
    lines: Lines | dask_geopandas.GeoDataFrame | dask_geopandas.GeoSeries,
    *,
    engine: Engine = ...,
    scheduler: str | None = ...,
    npartitions: int | None = ...,
    merge_km: float = ...,
    densify_km: float = ...,
    data_dir: str | Path | None = ...,
    progress: bool = ...,
    diagnostics: Literal[True],
) -> tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]: ...
def analyze(
    lines: Lines | dask_geopandas.GeoDataFrame | dask_geopandas.GeoSeries,
    *,
    engine: Engine = "local",
    scheduler: str | None = None,
    npartitions: int | None = None,
    merge_km: float = MERGE_KM,
    densify_km: float = DENSIFY_KM,
    data_dir: str | Path | None = None,
    progress: bool = False,
    diagnostics: bool = False,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame] | tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """Km per country and border crossings for any LineStrings, through the same code as the corridors.

    Parameters
    ----------
    lines
        LineStrings (a GeoDataFrame, GeoSeries, or a dask-geopandas frame); its index labels
        the results. A CRS other than EPSG:4326 is transformed first.
    engine
        ``"local"`` (this process) or ``"dask"`` (:func:`corridormap.distributed.analyze_dask`:
        a local cluster, or the dask.distributed scheduler at ``scheduler``). A dask-geopandas
        frame always goes to dask.
    scheduler, npartitions
        For the dask engine: scheduler address (``tcp://host:8786``) and partition count.
    merge_km, densify_km
        As for :func:`corridormap.crossings`.
    data_dir
        A data folder of your own: its ``boundaries/countries.geojson`` and border-crossing nodes.
    progress
        A progress bar on stderr for anything that takes over a second.
    diagnostics
        Also return :func:`line_summary`'s per-line table (total, unattributed, overlap km).

    Returns
    -------
    km : pandas.DataFrame
        One row per line and country: ``line``, ``iso3``, ``km`` (in order along each line).
    crossings : geopandas.GeoDataFrame
        One row per crossing: ``line``, ``from_iso3``, ``to_iso3``, ``km_from_start``,
        ``raw_crossings``, ``via``, nearest named crossing and its distance, Point geometry.

    Examples
    --------
    >>> import geopandas as gpd, shapely, corridormap as cm
    >>> line = gpd.GeoSeries([shapely.LineString([(66.0, 31.0), (67.0, 30.6)])], crs="EPSG:4326")
    >>> km, x = cm.analyze(line)
    >>> list(km["iso3"]), list(x["to_iso3"])
    (['AFG', 'PAK'], ['PAK'])
    """
    km, x = _run(
        lines,
        engine=engine,
        scheduler=scheduler,
        npartitions=npartitions,
        merge_km=merge_km,
        densify_km=densify_km,
        data_dir=data_dir,
        progress=progress,
    )
    summary = line_summary(km, x) if diagnostics else None
    km = km.drop(columns="overlap_km")
    return (km, x) if summary is None else (km, x, summary)


def _run(
    lines: Lines | dask_geopandas.GeoDataFrame | dask_geopandas.GeoSeries,
    *,
    engine: Engine,
    scheduler: str | None,
    npartitions: int | None,
    merge_km: float,
    densify_km: float,
    data_dir: str | Path | None,
    progress: bool,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """Either engine; the km table keeps its ``overlap_km`` column."""
    if engine not in ("local", "dask"):
        msg = f"engine={engine!r} is not supported — use 'local' or 'dask'"
        raise ValueError(msg)
    if engine == "dask" or not isinstance(lines, gpd.GeoDataFrame | gpd.GeoSeries):
        from .distributed import analyze_dask

        return analyze_dask(
            lines,
            scheduler=scheduler,
            npartitions=npartitions,
            merge_km=merge_km,
            densify_km=densify_km,
            data_dir=data_dir,
            progress=progress,
        )
    geoms = lines.geometry if isinstance(lines, gpd.GeoDataFrame) else lines
    if geoms.crs is not None and not geoms.crs.equals("EPSG:4326"):
        geoms = geoms.to_crs("EPSG:4326")
    return _local(geoms, merge_km=merge_km, densify_km=densify_km, data_dir=data_dir, progress=progress)


def analyze_file(
    path: str | Path,
    *,
    layer: str | None = None,
    id_column: str | None = None,
    engine: Engine = "local",
    scheduler: str | None = None,
    npartitions: int | None = None,
    merge_km: float = MERGE_KM,
    densify_km: float = DENSIFY_KM,
    data_dir: str | Path | None = None,
    progress: bool = False,
) -> Analysis:
    """Read a line file, set aside the rows that cannot be analysed, and analyse the rest.

    With ``engine="dask"`` a GeoParquet file is read in batches of rows that the workers
    check and analyse (the calling process holds only the batches on their way); other
    files are read here and their lines sent to the workers.

    Multi-part lines are analysed part by part: their km are summed per country, their
    crossings carry the ``part`` they lie on (``km_from_start`` is along that part).

    Examples
    --------
    >>> import tempfile, geopandas as gpd, shapely, corridormap as cm
    >>> path = f"{tempfile.mkdtemp()}/lines.geojson"
    >>> gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[shapely.LineString([(66.0, 31.0), (67.0, 30.6)]),
    ...     shapely.Point(0, 0)], crs=4326).to_file(path)
    >>> result = cm.analyze_file(path, id_column="name")
    >>> list(result.km["iso3"]), list(result.rejected["line"])
    (['AFG', 'PAK'], ['b'])
    """
    stream = open_parquet_lines(path, id_column=id_column) if engine == "dask" and layer is None else None
    if stream is not None and stream.rows:
        # The workers read, check and analyse the file's batches; this process holds a few at a time.
        from .distributed import analyze_parquet_dask

        if id_column is not None:
            line_labels(stream.ids(id_column), id_column=id_column, source=str(path))  # unique across batches
        km, x, rejected = analyze_parquet_dask(
            stream,
            id_column=id_column,
            scheduler=scheduler,
            npartitions=npartitions,
            merge_km=merge_km,
            densify_km=densify_km,
            data_dir=data_dir,
            progress=progress,
        )
        return Analysis(km=km.drop(columns="overlap_km"), crossings=x, lines=line_summary(km, x), rejected=rejected)
    frame = read_lines(path, layer=layer, id_column=id_column)
    checked = check_lines(frame, id_column=id_column, source=str(path))
    km, x = _run(
        checked.lines,
        engine=engine,
        scheduler=scheduler,
        npartitions=npartitions,
        merge_km=merge_km,
        densify_km=densify_km,
        data_dir=data_dir,
        progress=progress,
    )
    km, x = checked.per_line(km, x)
    return Analysis(km=km.drop(columns="overlap_km"), crossings=x, lines=line_summary(km, x), rejected=checked.rejected)
