"""Known lines with known answers on the worldwide boundaries, several continents; the diagnostics."""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Geod

import corridormap as cm
from corridormap.world import world_gaps

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    import pandas as pd

    Make = Callable[[dict[str, shapely.Geometry]], Path]

GEOD = Geod(ellps="WGS84")
KM_PER_DEGREE_ON_EQUATOR = 6378.137 * np.pi / 180  # the equator is a geodesic of the WGS84 ellipsoid


def _analyze(*coords: list[tuple[float, float]], **kw: object) -> tuple[pd.DataFrame, gpd.GeoDataFrame, pd.DataFrame]:
    series = gpd.GeoSeries([shapely.LineString(c) for c in coords], crs="EPSG:4326")
    return cm.analyze(series, diagnostics=True, **kw)  # type: ignore[call-overload]


def _reference_km(coords: list[tuple[float, float]], step_km: float = 0.05) -> dict[str, float]:
    """km per country of a line densified along the geodesic to 50 m, cut by the polygons, measured with Geod."""
    dense = shapely.LineString(cm.densify(coords, max_km=step_km))
    world = cm.world_boundaries()
    near = world[world.intersects(dense)]
    out = {iso3: GEOD.geometry_length(dense.intersection(geom)) / 1000 for iso3, geom in zip(near.iso3, near.geometry)}
    return {k: v for k, v in out.items() if v > 0}


def test_along_the_equator_matches_the_polygons_exactly() -> None:
    """On the equator the geodesic is the parallel itself: cut the line with the polygons in degrees, no approximation."""
    coords = [(8.0, 0.0), (48.0, 0.0)]
    km, x, lines = _analyze(coords)
    world = cm.world_boundaries()
    equator = shapely.LineString(coords)
    expected = {
        iso3: shapely.intersection(equator, geom).length * KM_PER_DEGREE_ON_EQUATOR
        for iso3, geom in zip(world.iso3, world.geometry)
        if shapely.intersects(equator, geom)
    }
    assert {"GAB", "COG", "COD", "UGA", "KEN", "SOM"} <= set(expected)
    got = km.set_index("iso3")["km"]
    assert set(got.index) - {"sea"} == set(expected)
    for iso3, value in expected.items():
        assert got[iso3] == pytest.approx(value, abs=0.002), iso3  # 2 m
    assert got.sum() == pytest.approx(40 * KM_PER_DEGREE_ON_EQUATOR, abs=1e-6)
    assert lines["unattributed_km"].iloc[0] == pytest.approx(got["sea"], abs=1e-9)
    assert x["from_iso3"].iloc[0] == "sea" and x["to_iso3"].iloc[0] == "GAB"  # from the Gulf of Guinea ashore


def test_across_the_antimeridian_in_chukotka() -> None:
    """Chukotka straddles ±180°: one country, no crossing — not every border on the 67th parallel."""
    coords = [(178.0, 67.0), (-178.0, 67.0)]
    km, x, _ = _analyze(coords)
    assert list(km["iso3"]) == ["RUS"]
    assert km["km"].iloc[0] == pytest.approx(cm.geodesic_length_km(coords), abs=1e-9)
    assert x.empty


def test_leaving_and_re_entering_a_country_through_lesotho() -> None:
    coords = [(26.5, -29.5), (30.0, -29.5)]
    km, x, _ = _analyze(coords)
    assert list(zip(x["from_iso3"], x["to_iso3"], strict=True)) == [("ZAF", "LSO"), ("LSO", "ZAF")]
    reference = _reference_km(coords)
    got = km.set_index("iso3")["km"]
    assert sorted(got.index) == sorted(reference) == ["LSO", "ZAF"]
    for iso3, value in reference.items():
        assert got[iso3] == pytest.approx(value, abs=0.01), iso3  # 10 m against the 50 m reference


def test_at_sea() -> None:
    coords = [(-40.0, 20.0), (-35.0, 25.0)]
    km, x, lines = _analyze(coords)
    assert list(km["iso3"]) == ["sea"]
    assert x.empty
    total = cm.geodesic_length_km(coords)
    assert lines["total_km"].iloc[0] == pytest.approx(total) == lines["unattributed_km"].iloc[0]


def test_berlin_to_warsaw() -> None:
    coords = [(13.405, 52.52), (21.012, 52.23)]
    km, x, _ = _analyze(coords)
    assert list(km["iso3"]) == ["DEU", "POL"]
    assert list(zip(x["from_iso3"], x["to_iso3"], strict=True)) == [("DEU", "POL")]
    reference = _reference_km(coords)
    assert x["km_from_start"].iloc[0] == pytest.approx(reference["DEU"], abs=0.01)


def test_along_a_meridian_over_the_49th_parallel() -> None:
    """A meridian is a geodesic: where it meets the border polygon in degrees is exactly where the line crosses."""
    coords = [(-97.0, 48.0), (-97.0, 50.0)]
    km, x, _ = _analyze(coords)
    assert list(zip(x["from_iso3"], x["to_iso3"], strict=True)) == [("USA", "CAN")]
    border = shapely.intersection(shapely.LineString(coords), cm.world_boundaries().loc["USA", "geometry"].boundary)
    assert abs(border.y - 49.0) < 0.01  # Natural Earth's 10m line, within a kilometre of the 49th parallel
    expected = GEOD.inv(-97.0, 48.0, -97.0, border.y)[2] / 1000
    assert x["km_from_start"].iloc[0] == pytest.approx(expected, abs=1e-6)
    assert km.set_index("iso3")["km"]["USA"] == pytest.approx(expected, abs=1e-6)


def test_overlapping_polygons_are_reported_not_netted(synthetic: Make) -> None:
    root = synthetic({"AAA": shapely.box(59.0, 30.0, 61.2, 31.0), "BBB": shapely.box(61.0, 30.0, 63.0, 31.0)})
    coords = [(60.0, 30.5), (62.0, 30.5)]
    km, _, lines = _analyze(coords, data_dir=root)
    overlap = cm.geodesic_length_km([(61.0, 30.5), (61.2, 30.5)])
    assert lines["overlap_km"].iloc[0] == pytest.approx(overlap, abs=0.01)
    assert km["km"].sum() == pytest.approx(cm.geodesic_length_km(coords), abs=1e-9)  # each km once in the table


def test_no_overlap_in_natural_earth() -> None:
    _, _, lines = _analyze([(13.405, 52.52), (21.012, 52.23)], [(26.5, -29.5), (30.0, -29.5)])
    assert (lines["overlap_km"] == 0).all()


def test_through_the_golan_heights_a_gap_not_the_sea() -> None:
    """Quneitra to the Hula valley: the Golan is land in no polygon of this edition, so 'gap', never 'sea'."""
    coords = [(36.2, 33.0), (35.55, 33.2)]
    km, x, lines = _analyze(coords)
    assert list(km["iso3"]) == ["SYR", "gap", "ISR"]
    reference = _reference_km(coords)
    for iso3 in ("SYR", "ISR"):
        assert km.set_index("iso3")["km"][iso3] == pytest.approx(reference[iso3], abs=0.005), iso3
    gap = cm.geodesic_length_km(coords) - reference["SYR"] - reference["ISR"]
    assert km.set_index("iso3")["km"]["gap"] == pytest.approx(gap, abs=0.01)
    assert lines["unattributed_km"].iloc[0] == pytest.approx(gap, abs=0.01)
    assert list(zip(x["from_iso3"], x["to_iso3"], strict=True)) == [("SYR", "gap"), ("gap", "ISR")]


def test_across_the_caspian_is_sea() -> None:
    """Baku to Türkmenbaşy: the Caspian is a hole between countries too, but water — 'sea'."""
    coords = [(49.87, 40.38), (52.97, 40.02)]
    km, _, lines = _analyze(coords)
    assert list(km["iso3"]) == ["AZE", "sea", "TKM"]
    assert lines["unattributed_km"].iloc[0] == pytest.approx(km.set_index("iso3")["km"]["sea"], abs=1e-9)


def test_the_gaps_are_the_holes_between_countries() -> None:
    gaps = world_gaps()
    assert len(gaps) == 8 and set(gaps["iso3"]) == {"gap"}
    world = cm.world_boundaries()
    assert not world.intersects(gaps.geometry.representative_point().union_all()).any()  # in no country
    neighbours = [sorted(world.iso3[world.touches(g)]) for g in gaps.geometry[:4]]
    assert neighbours == [["SDN", "SDS"], ["ARG", "CHL"], ["ISR", "JOR", "LBN", "SYR"], ["BRA", "URY"]]
