"""The dask engine: :func:`corridormap.analyze` over dask-geopandas partitions on a dask.distributed cluster.

The lines are split into partitions (``dask_geopandas.from_geopandas``, or the
partitions of a dask-geopandas frame given as input) and each partition goes through
the in-process engine with ``map_partitions``. The boundaries travel as one task's
result: every worker fetches it once and indexes it once (unlike ``Client.scatter``,
a lost worker's copy can be recomputed); tasks are retried twice if a worker dies.
The ``pyproj.Geod`` is built inside each worker when it imports corridormap.
Every line is split on its own, so the results equal the in-process engine's and do
not depend on the number of partitions.

:func:`analyze_parquet_dask` is what ``corridormap analyze FILE.parquet --engine dask``
runs: this process reads the file batch by batch and submits each batch as it goes
(at most two per worker on their way); the workers decode, check and analyse the rows,
so the caller's memory does not grow with the file.

Without ``scheduler`` a local cluster is started with one single-threaded worker
process per core; with ``scheduler="tcp://host:8786"`` the work goes to that cluster,
whose workers need corridormap installed (same version).

Nothing waits forever: a cluster that does not start, a scheduler that does not answer or
has no workers, and a run in which no partition finishes and none is being worked on for
``stall_timeout`` seconds raise :class:`DaskEngineError` saying what was seen.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._dask_cluster import STALL_TIMEOUT, START_TIMEOUT, DaskEngineError, collect, connect, local_client
from ._paths import data_root
from .batch import analyze_batch
from .crossings import MERGE_KM
from .files import ParquetLines, check_lines
from .geodesy import DENSIFY_KM
from .world import analysis_boundaries

if TYPE_CHECKING:
    from pathlib import Path

    import dask_geopandas
    import distributed
    import pyarrow as pa

    from .world import Boundaries

__all__ = [
    "PARTITION_VERTICES",
    "STALL_TIMEOUT",
    "START_TIMEOUT",
    "DaskEngineError",
    "analyze_dask",
    "analyze_parquet_dask",
    "local_client",
]

#: Vertices per partition when corridormap chooses the partition count.
PARTITION_VERTICES = 400_000

_KM_COLUMNS = {"line": object, "iso3": object, "km": float, "overlap_km": float}
_CROSSING_COLUMNS = {
    "from_iso3": object,
    "to_iso3": object,
    "km_from_start": float,
    "raw_crossings": float,  # int64 once unpacked: km rows leave it empty in the packed frame
    "via": object,
    "line": object,
    "nearest_crossing": object,
    "nearest_crossing_km": float,
    "lon": float,
    "lat": float,
}
# One frame carries both tables out of a partition: map_partitions returns one frame per partition.
_PACKED = {"table": object, **_KM_COLUMNS, **_CROSSING_COLUMNS}


def _partition(
    part: gpd.GeoDataFrame | gpd.GeoSeries,
    boundaries: Boundaries,
    data_dir: str | None,
    merge_km: float,
    densify_km: float,
) -> pd.DataFrame:
    """Analyse one partition in a worker; both result tables packed into one frame."""
    geoms = part.geometry if isinstance(part, gpd.GeoDataFrame) else part
    if not len(geoms):
        return _empty_packed()
    km, x = analyze_batch(geoms, merge_km=merge_km, densify_km=densify_km, data_dir=data_dir, boundaries=boundaries)
    crossing_table = pd.DataFrame(x.drop(columns="geometry"))
    crossing_table["lon"] = x.geometry.x.to_numpy()
    crossing_table["lat"] = x.geometry.y.to_numpy()
    packed = pd.concat([km.assign(table="km"), crossing_table.assign(table="crossing")], ignore_index=True)
    return packed.reindex(columns=list(_PACKED)).astype(_PACKED)


def _empty_packed() -> pd.DataFrame:
    return pd.DataFrame({k: pd.Series(dtype=v) for k, v in _PACKED.items()})


def _partitions_for(geoms: gpd.GeoSeries, workers: int) -> int:
    vertices = int(shapely.get_num_coordinates(geoms.values).sum())
    return max(1, min(len(geoms), max(workers, math.ceil(vertices / PARTITION_VERTICES))))


def analyze_dask(
    lines: gpd.GeoDataFrame | gpd.GeoSeries | dask_geopandas.GeoDataFrame | dask_geopandas.GeoSeries,
    *,
    scheduler: str | None = None,
    npartitions: int | None = None,
    merge_km: float = MERGE_KM,
    densify_km: float = DENSIFY_KM,
    data_dir: str | Path | None = None,
    progress: bool = False,
    client: distributed.Client | None = None,
    stall_timeout: float = STALL_TIMEOUT,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    """:func:`corridormap.analyze` on a dask cluster; same results, same tables.

    ``client`` reuses a running client; else ``scheduler`` names one to connect to; else a
    local cluster runs for the duration of the call. If no partition finishes for
    ``stall_timeout`` seconds and no worker is running one, :class:`DaskEngineError` is raised.

    Examples
    --------
    >>> import geopandas as gpd, shapely
    >>> from corridormap.distributed import analyze_dask, local_client
    >>> line = gpd.GeoSeries([shapely.LineString([(66.0, 31.0), (67.0, 30.6)])], crs="EPSG:4326")
    >>> with local_client(workers=1) as client:
    ...     km, x = analyze_dask(line, client=client)
    >>> list(km["iso3"]), list(x["to_iso3"])
    (['AFG', 'PAK'], ['PAK'])
    """
    import dask_geopandas
    from dask.delayed import delayed

    own = client is None
    if client is None:
        client = connect(scheduler, timeout=START_TIMEOUT) if scheduler else local_client()
    try:
        if isinstance(lines, dask_geopandas.GeoDataFrame | dask_geopandas.GeoSeries):
            frame = lines
            if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
                frame = frame.to_crs("EPSG:4326")
        else:
            geoms = lines.geometry if isinstance(lines, gpd.GeoDataFrame) else lines
            if geoms.crs is not None and not geoms.crs.equals("EPSG:4326"):
                geoms = geoms.to_crs("EPSG:4326")
            frame = dask_geopandas.from_geopandas(
                geoms, npartitions=npartitions or _partitions_for(geoms, _workers(client)), sort=False
            )
        root = data_root(data_dir)
        # One task holding the boundaries: each worker fetches its result once and builds its border index
        # from it once (cached under its key). Unlike scattered data it can be recomputed if a worker is lost.
        boundaries = delayed(analysis_boundaries(root), name=f"boundaries-{analysis_boundaries(root).key}")
        folder = None if data_dir is None else str(root)
        packed = frame.map_partitions(_partition, boundaries, folder, merge_km, densify_km, meta=_empty_packed())
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
            futures = client.compute(packed.to_delayed(), retries=2)
        parts = collect(
            client, futures, total=len(futures), limit=len(futures), progress=progress, stall_timeout=stall_timeout
        )
    finally:
        if own:
            client.close()
    return _unpack(parts)


def _workers(client: distributed.Client) -> int:
    return len(client.scheduler_info()["workers"]) or 1


def _same(boundaries: Boundaries) -> Boundaries:
    return boundaries


def _parquet_batch(
    table: pa.Table,
    first_row: int,
    id_column: str | None,
    source: str,
    boundaries: Boundaries,
    data_dir: str | None,
    merge_km: float,
    densify_km: float,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """Check and analyse one batch of a file's rows in a worker: km, crossings (per line) and rejected rows."""
    checked = check_lines(ParquetLines.frame(table), id_column=id_column, source=source, first_row=first_row)
    km, x = analyze_batch(
        checked.lines, merge_km=merge_km, densify_km=densify_km, data_dir=data_dir, boundaries=boundaries
    )
    km, x = checked.per_line(km, x)
    return km, x, checked.rejected


def analyze_parquet_dask(
    lines: ParquetLines,
    *,
    id_column: str | None = None,
    scheduler: str | None = None,
    npartitions: int | None = None,
    merge_km: float = MERGE_KM,
    densify_km: float = DENSIFY_KM,
    data_dir: str | Path | None = None,
    progress: bool = False,
    client: distributed.Client | None = None,
    stall_timeout: float = STALL_TIMEOUT,
) -> tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """:func:`corridormap.analyze_file`'s tables for a GeoParquet file, each batch of rows checked in a worker.

    This process reads the file batch by batch (about :data:`PARTITION_VERTICES` vertices
    each, or ``npartitions`` batches) and keeps at most two batches per worker on their way,
    so its memory does not grow with the file. Returns the km table (with ``overlap_km``),
    the crossings (with ``part``) and the rejected rows, as the in-process engine gives them.
    The id column's values must be unique across the file: check them first (:func:`~corridormap.files.line_labels`).

    Examples
    --------
    >>> import tempfile, geopandas as gpd, shapely
    >>> from corridormap.files import open_parquet_lines
    >>> path = f"{tempfile.mkdtemp()}/l.parquet"
    >>> gpd.GeoDataFrame(geometry=[shapely.LineString([(66.0, 31.0), (67.0, 30.6)]), None], crs=4326).to_parquet(path)
    >>> with local_client(workers=1) as client:
    ...     km, x, rejected = analyze_parquet_dask(open_parquet_lines(path), client=client)
    >>> list(km["iso3"]), list(x["to_iso3"]), list(rejected["row"])
    (['AFG', 'PAK'], ['PAK'], [1])
    """
    own = client is None
    if client is None:
        client = connect(scheduler, timeout=START_TIMEOUT) if scheduler else local_client()
    try:
        root = data_root(data_dir)
        world = analysis_boundaries(root)
        with warnings.catch_warnings():  # the boundaries are one task's argument (16 MB): sent once, on purpose
            warnings.filterwarnings("ignore", message="Sending large graph", category=UserWarning)
            boundaries = client.submit(_same, world, key=f"boundaries-{world.key}")
        folder = None if data_dir is None else str(root)
        batches = npartitions or max(_workers(client), math.ceil(lines.vertices / PARTITION_VERTICES))
        rows = max(1, math.ceil(lines.rows / batches))
        source = str(lines.path)
        submissions = (
            client.submit(
                _parquet_batch,
                table,
                first,
                id_column,
                source,
                boundaries,
                folder,
                merge_km,
                densify_km,
                pure=False,
                retries=2,
            )
            for first, table in lines.batches(rows)
        )
        parts = collect(
            client,
            submissions,
            total=math.ceil(lines.rows / rows),
            limit=2 * _workers(client),
            progress=progress,
            stall_timeout=stall_timeout,
        )
    finally:
        if own:
            client.close()
    return _joined(parts)


def _joined(
    parts: list[tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]],
) -> tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    """Each table's parts one after the other (empty parts left out, so they cannot change a column's type)."""
    tables = []
    for column in zip(*parts, strict=True):
        found = [t for t in column if len(t)] or [column[0]]
        tables.append(pd.concat(found, ignore_index=True))
    km, x, rejected = tables
    return km, gpd.GeoDataFrame(x, geometry="geometry", crs="EPSG:4326"), rejected


def _unpack(parts: list[pd.DataFrame]) -> tuple[pd.DataFrame, gpd.GeoDataFrame]:
    table = pd.concat(parts, ignore_index=True) if parts else _empty_packed()
    km_rows = table[table["table"] == "km"]
    km = pd.DataFrame({k: km_rows[k].to_numpy() for k in _KM_COLUMNS}).infer_objects()
    rows = table[table["table"] == "crossing"]
    columns: dict[str, Any] = {k: rows[k].to_numpy() for k in _CROSSING_COLUMNS if k not in ("lon", "lat")}
    frame = pd.DataFrame(columns).infer_objects().astype({"raw_crossings": "int64"})
    xy = np.column_stack([rows["lon"].to_numpy(float), rows["lat"].to_numpy(float)])
    frame.insert(6, "geometry", gpd.GeoSeries(shapely.points(xy), index=frame.index))  # where the local engine has it
    return km, gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
