"""Lines across ±180°: cut there for the border search, whole again in the results."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

import corridormap as cm
from corridormap.antimeridian import split_at_antimeridian

Make = Callable[[dict[str, shapely.Geometry]], Path]

EAST_OF_DATELINE = shapely.box(179.0, -17.0, 180.0, -16.0)
WEST_OF_DATELINE = shapely.box(-180.0, -17.0, -179.0, -16.0)


def test_cut_lies_on_the_geodesic() -> None:
    line = shapely.LineString([(170.0, 50.0), (-170.0, 60.0)])
    split = split_at_antimeridian(gpd.GeoSeries([line]))
    assert split is not None and len(split.pieces) == 2
    (x0, y0), (x1, y1) = split.pieces.iloc[0].coords[-1], split.pieces.iloc[1].coords[0]
    assert (x0, x1) == (180.0, -180.0) and y0 == y1
    whole = cm.geodesic_length_km([[170.0, 50.0], [-170.0, 60.0]])
    halves = cm.geodesic_length_km([[170.0, 50.0], [180.0, y0]]) + cm.geodesic_length_km([[-180.0, y0], [-170.0, 60.0]])
    assert halves == pytest.approx(whole, abs=1e-9)  # the cut point is on the geodesic, not beside it


def test_lines_that_stay_on_one_side_are_left_alone() -> None:
    assert split_at_antimeridian(gpd.GeoSeries([shapely.LineString([(179.0, 0.0), (179.9, 1.0)])])) is None


def test_crossing_the_dateline_into_another_country(synthetic: Make) -> None:
    root = synthetic({"AAA": EAST_OF_DATELINE, "BBB": WEST_OF_DATELINE})
    coords = [(179.5, -16.5), (-179.5, -16.5)]
    km, x = cm.analyze(gpd.GeoSeries([shapely.LineString(coords)], crs=4326), data_dir=root)
    total = cm.geodesic_length_km(coords)
    assert total == pytest.approx(2 * cm.geodesic_length_km([(179.5, -16.5), (180.0, -16.5)]), rel=1e-6)
    assert list(km["iso3"]) == ["AAA", "BBB"]
    assert km["km"].sum() == pytest.approx(total, abs=1e-9)
    assert km["km"].iloc[0] == pytest.approx(total / 2, abs=1e-3)
    assert list(zip(x["from_iso3"], x["to_iso3"], strict=True)) == [("AAA", "BBB")]
    assert x["km_from_start"].iloc[0] == pytest.approx(total / 2, abs=1e-3)


def test_one_country_on_both_sides_is_no_crossing(synthetic: Make) -> None:
    root = synthetic({"FJI": shapely.MultiPolygon([EAST_OF_DATELINE, WEST_OF_DATELINE])})
    coords = [(178.0, -16.5), (179.5, -16.6), (-179.5, -16.4), (-178.0, -16.5)]
    km, x = cm.analyze(gpd.GeoSeries([shapely.LineString(coords)], crs=4326), data_dir=root)
    assert list(km["iso3"]) == ["none", "FJI"]
    assert km["km"].sum() == pytest.approx(cm.geodesic_length_km(coords), abs=1e-9)
    # sea > FJI at 179°E, FJI > sea at 179°W; nothing at the dateline itself
    assert list(zip(x["from_iso3"], x["to_iso3"], strict=True)) == [("none", "FJI"), ("FJI", "none")]
    assert x["km_from_start"].is_monotonic_increasing
