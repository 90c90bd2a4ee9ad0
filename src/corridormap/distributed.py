"""The dask engine: :func:`corridormap.analyze` over dask-geopandas partitions on a dask.distributed cluster.

The lines are split into partitions (``dask_geopandas.from_geopandas``, or the
partitions of a dask-geopandas frame given as input) and each partition goes through
the in-process engine with ``map_partitions``. The boundaries travel as one task's
result: every worker fetches it once and indexes it once (unlike ``Client.scatter``,
a lost worker's copy can be recomputed); tasks are retried twice if a worker dies.
The ``pyproj.Geod`` is built inside each worker when it imports corridormap.
Every line is split on its own, so the results equal the in-process engine's and do
not depend on the number of partitions.

Without ``scheduler`` a local cluster is started with one single-threaded worker
process per core; with ``scheduler="tcp://host:8786"`` the work goes to that cluster,
whose workers need corridormap installed (same version).

Nothing waits forever: a cluster that does not start, a scheduler that does not answer or
has no workers, and a run in which no partition finishes and none is being worked on for
``stall_timeout`` seconds raise :class:`DaskEngineError` saying what was seen.
"""

from __future__ import annotations

import math
import os
import sys
import time
import warnings
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._paths import data_root
from .batch import analyze_batch
from .crossings import MERGE_KM
from .errors import CorridorMapError
from .geodesy import DENSIFY_KM
from .world import analysis_boundaries

if TYPE_CHECKING:
    from pathlib import Path

    import dask_geopandas
    import distributed

    from .world import Boundaries

__all__ = ["PARTITION_VERTICES", "STALL_TIMEOUT", "START_TIMEOUT", "DaskEngineError", "analyze_dask", "local_client"]

#: Vertices per partition when corridormap chooses the partition count.
PARTITION_VERTICES = 400_000
#: Seconds to wait for a local cluster's workers, or for a scheduler to answer and have a worker.
START_TIMEOUT = 120.0
#: Seconds without a finished partition after which, if no worker is running one, the engine gives up.
STALL_TIMEOUT = 300.0


class DaskEngineError(CorridorMapError, RuntimeError):
    """The dask engine cannot go on: no cluster, no worker, or partitions that no worker runs."""


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


def local_client(*, workers: int | None = None, timeout: float = START_TIMEOUT) -> distributed.Client:
    """A client on a new local cluster: one single-threaded worker process per core, no dashboard.

    The client owns the cluster: closing the client (or leaving its ``with`` block) stops the workers.
    Raises :class:`DaskEngineError` if the workers are not all up within ``timeout`` seconds.

    Examples
    --------
    >>> from corridormap.distributed import local_client
    >>> with local_client(workers=1) as client:
    ...     len(client.scheduler_info()["workers"])
    1
    """
    from distributed import Client

    count = workers or os.cpu_count() or 1
    # Given cluster arguments instead of a cluster, the client starts its own and shuts it down on close.
    client = Client(
        n_workers=count,
        threads_per_worker=1,
        processes=True,
        dashboard_address=":0",  # any free port: never fight another cluster over 8787
        scheduler_kwargs={"dashboard": False},
        silence_logs=40,
        timeout=timeout,
    )
    try:
        client.wait_for_workers(count, timeout=timeout)
    except TimeoutError as exc:
        up = len(client.scheduler_info()["workers"])
        client.close()
        msg = (
            f"the local dask cluster started {up} of its {count} workers in {timeout:.0f} s — the machine may be "
            "out of memory or processes; try fewer workers, or --engine local"
        )
        raise DaskEngineError(msg) from exc
    return client


def _connect(scheduler: str, timeout: float) -> distributed.Client:
    from distributed import Client

    try:
        client = Client(scheduler, timeout=timeout)
    except (OSError, TimeoutError) as exc:
        msg = f"no dask scheduler answered at {scheduler} within {timeout:.0f} s ({exc}) — check the address and port"
        raise DaskEngineError(msg) from exc
    try:
        client.wait_for_workers(1, timeout=timeout)
    except TimeoutError as exc:
        client.close()
        msg = (
            f"the dask scheduler at {scheduler} has no worker after {timeout:.0f} s — "
            f"start one: dask worker {scheduler}"
        )
        raise DaskEngineError(msg) from exc
    return client


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
    from distributed import as_completed
    from tqdm.auto import tqdm

    own = client is None
    if client is None:
        client = _connect(scheduler, START_TIMEOUT) if scheduler else local_client()
    try:
        if isinstance(lines, dask_geopandas.GeoDataFrame | dask_geopandas.GeoSeries):
            frame = lines
            if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
                frame = frame.to_crs("EPSG:4326")
        else:
            geoms = lines.geometry if isinstance(lines, gpd.GeoDataFrame) else lines
            if geoms.crs is not None and not geoms.crs.equals("EPSG:4326"):
                geoms = geoms.to_crs("EPSG:4326")
            workers = len(client.scheduler_info()["workers"]) or 1
            frame = dask_geopandas.from_geopandas(
                geoms, npartitions=npartitions or _partitions_for(geoms, workers), sort=False
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
        # Each partition's result is fetched as soon as it is done and released on the cluster, so a
        # worker holds the partitions it is working on, not every result it has made so far.
        position = {future.key: i for i, future in enumerate(futures)}
        parts: list[pd.DataFrame] = [_empty_packed()] * len(futures)
        done = as_completed(futures, with_results=True)
        last = time.monotonic()
        with tqdm(total=len(futures), unit="partition", delay=1.0, file=sys.stderr, disable=not progress) as bar:
            while not done.is_empty():
                if not done.has_ready():
                    if time.monotonic() - last > stall_timeout:
                        _check_running(client, [f for f in futures if f.status == "pending"], stall_timeout)
                        last = time.monotonic()
                    time.sleep(0.05)
                    continue
                for future, part in done.next_batch(block=False):
                    parts[position[future.key]] = part
                    future.release()
                    bar.update()
                last = time.monotonic()
    finally:
        if own:
            client.close()
    return _unpack(parts)


def _check_running(client: distributed.Client, pending: list[distributed.Future[Any]], waited: float) -> None:
    """Raise if none of the pending partitions is running on a worker (looked at twice, a second apart)."""
    keys = [future.key for future in pending]
    for attempt in range(2):
        running = sum(len(tasks) for tasks in client.call_stack(keys=keys).values())
        if running:
            return
        if not attempt:
            time.sleep(1.0)
    workers = len(client.scheduler_info()["workers"])
    msg = (
        f"no partition finished in {waited:.0f} s and none of the {len(pending)} left is running on the "
        f"{workers} workers — the cluster is stuck (workers lost, paused for memory, or none); "
        "restart it, or use more memory per worker or smaller partitions"
    )
    raise DaskEngineError(msg)


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
