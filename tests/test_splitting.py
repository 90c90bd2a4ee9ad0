"""Splitting at borders near the poles: known answers, and the polyline search equal to the box search."""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

import corridormap as cm
from corridormap import splitting

if TYPE_CHECKING:
    import pandas as pd

GEOD = Geod(ellps="WGS84")


def _analyze(*coords: list[tuple[float, float]]) -> tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    return cm.analyze(gpd.GeoSeries([shapely.LineString(c) for c in coords], crs="EPSG:4326"), diagnostics=True)


def _on_meridian(coords: list[tuple[float, float]], iso3: str) -> float:
    """km of a meridian line inside a country: a meridian is a geodesic and a straight line in degrees, so exact."""
    inside = shapely.intersection(shapely.LineString(coords), cm.world_boundaries().loc[iso3, "geometry"])
    return float(GEOD.geometry_length(inside)) / 1000


def test_along_a_meridian_to_the_north_pole() -> None:
    """From north Greenland to the pole: Greenland's km exactly as the polygon cuts the meridian, the rest at sea."""
    coords = [(-40.0, 80.0), (-40.0, 90.0)]
    km, x, lines = _analyze(coords)
    got = km.set_index("iso3")["km"]
    assert set(got.index) == {"GRL", "sea"}
    assert got["GRL"] == pytest.approx(_on_meridian(coords, "GRL"), abs=1e-6)
    total = GEOD.inv(-40.0, 80.0, -40.0, 90.0)[2] / 1000  # a quarter meridian's last tenth, 1,116.8 km
    assert lines["total_km"].iloc[0] == pytest.approx(total, abs=1e-9)
    assert got["sea"] == pytest.approx(total - got["GRL"], abs=1e-6)
    assert x["to_iso3"].iloc[-1] == "sea"  # it ends at sea, on the pole


def test_across_svalbard_along_a_meridian() -> None:
    """Spitsbergen (Norway in Natural Earth's admin-0) from 76°N to 81°N along 16°E: in and out of its fjords."""
    coords = [(16.0, 76.0), (16.0, 81.0)]
    km, x, _ = _analyze(coords)
    got = km.set_index("iso3")["km"]
    assert set(got.index) == {"NOR", "sea"}
    assert got["NOR"] == pytest.approx(_on_meridian(coords, "NOR"), abs=1e-6)
    assert list(x["from_iso3"].iloc[:2]) == ["sea", "NOR"]


def test_across_the_north_of_ellesmere_and_greenland() -> None:
    """A geodesic at 82–83°N: km per country against the line densified to 50 m and cut by the polygons."""
    coords = [(-70.0, 82.0), (-20.0, 83.0)]
    km, _, _ = _analyze(coords)
    dense = shapely.LineString(cm.densify(coords, max_km=0.05))
    world = cm.world_boundaries()
    for iso3 in ("CAN", "GRL"):
        reference = GEOD.geometry_length(shapely.intersection(dense, world.loc[iso3, "geometry"])) / 1000
        assert km.set_index("iso3")["km"][iso3] == pytest.approx(reference, abs=0.005), iso3  # 5 m
    assert set(km["iso3"]) == {"CAN", "GRL", "sea"}


def test_over_the_pole_from_greenland() -> None:
    """A segment over the pole is a meridian and its opposite: Greenland's km as on the meridian alone."""
    km, _, lines = _analyze([(-40.0, 82.0), (140.0, 89.0)])
    got = km.set_index("iso3")["km"]
    assert set(got.index) == {"GRL", "sea"}
    assert got["GRL"] == pytest.approx(_on_meridian([(-40.0, 82.0), (-40.0, 90.0)], "GRL"), abs=1e-6)
    over = (GEOD.inv(-40.0, 82.0, -40.0, 90.0)[2] + GEOD.inv(140.0, 90.0, 140.0, 89.0)[2]) / 1000
    assert lines["total_km"].iloc[0] == pytest.approx(over, abs=1e-6)


def _walks(lat0: float, n: int, seed: int) -> gpd.GeoSeries:
    """Random walks of 10 km steps with a drifting heading, starting near latitude ``lat0``."""
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        x, y, heading = rng.uniform(-170, 170), lat0 + rng.uniform(-1, 1), rng.uniform(0, 360)
        pts = [(x, y)]
        for _ in range(60):
            heading += rng.normal(0, 20)
            x, y, _ = GEOD.fwd(x, y, heading, 10_000)
            pts.append((x, y))
        out.append(shapely.LineString(pts))
    return gpd.GeoSeries(out, crs="EPSG:4326")


@pytest.mark.parametrize("lat0", [45.0, 78.0, 84.0])
def test_searching_by_polyline_gives_what_searching_by_box_gives(monkeypatch, lat0: float) -> None:
    """Near the poles segments are searched by their densified polyline: the results are those of the box search."""
    lines = _walks(lat0, 12, seed=int(lat0))
    monkeypatch.setattr(splitting, "_DIRECT_REACH", np.inf)  # every segment by its grown box (the old way)
    km_box, x_box = cm.analyze(lines)
    monkeypatch.setattr(splitting, "_DIRECT_REACH", 0.0)  # every segment by its polyline
    km_line, x_line = cm.analyze(lines)
    assert len(x_box) >= 5  # the walks do cross borders (16, 5 and 9 crossings)
    assert km_line[["line", "iso3"]].equals(km_box[["line", "iso3"]])
    np.testing.assert_allclose(km_line["km"], km_box["km"], rtol=0, atol=1e-9)
    assert x_line.drop(columns="geometry").equals(x_box.drop(columns="geometry"))
