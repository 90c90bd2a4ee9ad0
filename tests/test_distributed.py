"""The dask engine gives the in-process engine's answers, whatever the partitions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from pyproj import Geod

import corridormap as cm
from corridormap import distributed as engine
from corridormap.distributed import DaskEngineError, analyze_dask, local_client
from corridormap.files import LineFileError

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

distributed = pytest.importorskip("distributed")  # installed by the dev extra: never skips in CI
# A stuck cluster fails the test instead of holding CI (a test here once sat 13 minutes beside another suite).
pytestmark = pytest.mark.timeout(600)


def random_lines(n: int, seed: int = 7) -> gpd.GeoSeries:
    """``n`` random walks of 2-200 vertices, 1-30 km steps, starting on borders and coasts all over the world."""
    rng = np.random.default_rng(seed)
    geod = Geod(ellps="WGS84")
    outline = shapely.get_coordinates(shapely.boundary(cm.world_boundaries().geometry.values))
    lines = []
    for _ in range(n):
        count = int(rng.integers(2, 201))
        heading = rng.uniform(0, 360) + np.cumsum(rng.normal(0, 20, count - 1))
        steps = rng.uniform(1_000, 30_000, count - 1)
        xy = [outline[rng.integers(len(outline))]]
        for h, d in zip(heading, steps, strict=True):
            lon, lat, _ = geod.fwd(xy[-1][0], xy[-1][1], h, d)
            xy.append((lon, lat))
        lines.append(shapely.LineString(xy))
    return gpd.GeoSeries(lines, index=[f"r{i}" for i in range(n)], crs="EPSG:4326")


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with local_client(workers=2) as c:
        yield c


@pytest.fixture(scope="module")
def lines_and_reference() -> tuple[gpd.GeoSeries, pd.DataFrame, gpd.GeoDataFrame]:
    lines = random_lines(2_000)
    km, x = cm.analyze(lines)
    return lines, km, x


def _assert_same(a: tuple[pd.DataFrame, gpd.GeoDataFrame], b: tuple[pd.DataFrame, gpd.GeoDataFrame]) -> None:
    (km_a, x_a), (km_b, x_b) = a, b
    assert list(km_a["line"]) == list(km_b["line"]) and list(km_a["iso3"]) == list(km_b["iso3"])
    assert np.abs(km_a["km"].to_numpy() - km_b["km"].to_numpy()).max() <= 1e-9
    assert list(x_a.columns) == list(x_b.columns)
    for column in ("line", "from_iso3", "to_iso3", "raw_crossings", "via", "nearest_crossing"):
        assert list(x_a[column]) == list(x_b[column]), column
    assert np.abs(x_a["km_from_start"].to_numpy() - x_b["km_from_start"].to_numpy()).max(initial=0) <= 1e-9
    assert (
        np.abs(shapely.get_coordinates(x_a.geometry.values) - shapely.get_coordinates(x_b.geometry.values)).max(
            initial=0
        )
        <= 1e-9
    )


@pytest.mark.parametrize("npartitions", [1, 3, 17])
def test_dask_equals_in_process_whatever_the_partitions(client, lines_and_reference, npartitions: int) -> None:
    lines, km, x = lines_and_reference
    assert len(x) > 500  # the random set really crosses borders
    assert x["line"].nunique() < len(lines)  # and has lines that cross none
    _assert_same((km, x), analyze_dask(lines, client=client, npartitions=npartitions))


def test_dask_geopandas_input(client, lines_and_reference) -> None:
    import dask_geopandas

    lines, km, x = lines_and_reference
    frame = dask_geopandas.from_geopandas(gpd.GeoDataFrame(geometry=lines), npartitions=5, sort=False)
    _assert_same((km, x), analyze_dask(frame, client=client))


def test_engine_dask_starts_and_stops_its_own_cluster() -> None:
    lines = random_lines(50, seed=3)
    _assert_same(cm.analyze(lines), cm.analyze(lines, engine="dask", npartitions=4))


def test_a_cluster_without_workers_is_an_error_not_a_wait() -> None:
    lines = random_lines(5, seed=5)
    with (
        distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as cluster,
        distributed.Client(cluster) as no_workers,
        pytest.raises(DaskEngineError, match="none of the 1 left"),
    ):
        analyze_dask(lines, client=no_workers, npartitions=1, stall_timeout=1.0)


def test_a_scheduler_that_does_not_answer_is_an_error(monkeypatch) -> None:
    monkeypatch.setattr(engine, "START_TIMEOUT", 2.0)
    with pytest.raises(DaskEngineError, match=r"no dask scheduler answered at tcp://127\.0\.0\.1:9 within 2 s"):
        cm.analyze(random_lines(2, seed=5), engine="dask", scheduler="tcp://127.0.0.1:9")


@pytest.fixture(scope="module")
def parquet_file(tmp_path_factory) -> Path:
    """600 random lines with an id column, bad rows scattered through them and a two-part line."""
    lines = random_lines(600, seed=11)
    geometry = list(lines.values)
    geometry[3] = None
    geometry[250] = shapely.Point(10, 10)
    geometry[251] = shapely.LineString([(5, 95), (6, 96)])  # latitude beyond 90
    geometry[599] = shapely.LineString([(1, 1), (1, 1)])
    geometry[400] = shapely.MultiLineString([shapely.get_coordinates(geometry[400]), [(66.0, 31.0), (67.0, 30.6)]])
    frame = gpd.GeoDataFrame({"name": [f"n{i}" for i in range(600)]}, geometry=geometry, crs="EPSG:4326")
    path = tmp_path_factory.mktemp("parquet") / "lines.parquet"
    frame.to_parquet(path, row_group_size=170)  # batches cross row groups
    return path


@pytest.mark.parametrize(("id_column", "npartitions"), [("name", 1), ("name", 7), (None, 4)])
def test_workers_reading_a_parquet_file_give_the_in_process_tables(
    client, parquet_file, id_column: str | None, npartitions: int
) -> None:
    from corridormap.files import open_parquet_lines

    local = cm.analyze_file(parquet_file, id_column=id_column)
    stream = open_parquet_lines(parquet_file, id_column=id_column)
    assert stream is not None and stream.rows == 600
    km, x, rejected = engine.analyze_parquet_dask(stream, id_column=id_column, client=client, npartitions=npartitions)
    assert list(rejected["row"]) == [3, 250, 251, 599]
    pd.testing.assert_frame_equal(local.rejected, rejected)
    pd.testing.assert_frame_equal(local.km, km.drop(columns="overlap_km"))
    assert local.crossings["part"].max() == 1  # the two-part line crosses on its second part
    pd.testing.assert_frame_equal(
        pd.DataFrame(local.crossings.drop(columns="geometry")), pd.DataFrame(x.drop(columns="geometry"))
    )
    assert (local.crossings.geometry.values == x.geometry.values).all()


def test_analyze_file_with_dask_reads_parquet_in_the_workers(parquet_file, monkeypatch) -> None:
    """The whole file is never read in the calling process; the id column is checked across batches."""
    import corridormap.analysis

    def no_whole_read(*args: object, **kwargs: object) -> None:
        raise AssertionError("read_lines called")

    monkeypatch.setattr(corridormap.analysis, "read_lines", no_whole_read)
    result = cm.analyze_file(parquet_file, id_column="name", engine="dask", npartitions=3)
    assert len(result.lines) == 596 and list(result.rejected["line"]) == ["n3", "n250", "n251", "n599"]
    with pytest.raises(LineFileError, match=r"no column 'nom' for --id — use one of: name"):
        cm.analyze_file(parquet_file, id_column="nom", engine="dask")
    frame = gpd.read_parquet(parquet_file)
    frame.loc[500, "name"] = "n10"
    frame.to_parquet(parquet_file.with_name("repeats.parquet"))
    with pytest.raises(LineFileError, match=r"repeats 'n10' \(rows 10, 500\)"):
        cm.analyze_file(parquet_file.with_name("repeats.parquet"), id_column="name", engine="dask")


def test_an_index_saved_in_a_parquet_file_serves_as_id_with_both_engines(parquet_file, tmp_path) -> None:
    path = tmp_path / "indexed.parquet"
    gpd.read_parquet(parquet_file).set_index("name").to_parquet(path)
    local = cm.analyze_file(path, id_column="name")
    dask = cm.analyze_file(path, id_column="name", engine="dask", npartitions=2)
    assert list(local.lines["line"][:2]) == ["n0", "n1"]
    for table in ("km", "lines", "rejected"):
        pd.testing.assert_frame_equal(getattr(local, table), getattr(dask, table))
