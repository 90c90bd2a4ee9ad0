"""Geodesic lengths against independent truth, per-country splits, and their invariants."""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pyproj import Geod

import corridormap as cm


def _geographiclib_km(coords: np.ndarray) -> float:
    g = Geodesic.WGS84
    return sum(g.Inverse(a[1], a[0], b[1], b[0])["s12"] for a, b in itertools.pairwise(coords)) / 1000


def test_one_degree_of_longitude_on_the_equator() -> None:
    assert cm.geodesic_length_km([[0.0, 0.0], [1.0, 0.0]]) == pytest.approx(111.3195, abs=5e-5)


@pytest.mark.parametrize("cid", cm.corridor_ids())
def test_lengths_agree_with_geographiclib_within_a_metre(cid: str) -> None:
    segments = cm.corridor(cid, include_alternatives=True)
    reference = sum(_geographiclib_km(shapely.get_coordinates(g)) for g in segments.geometry)
    ours = cm.route_length(cid, include_alternatives=True)
    assert abs(ours - reference) * 1000 <= 1.0


def test_web_mercator_would_be_far_off() -> None:
    """Guards the method: a projected length here is ~17 % too long; ours is not."""
    tapi = cm.corridor("TAPI")
    mercator = tapi.to_crs(3857).length.sum() / 1000
    assert mercator / cm.route_length("TAPI") > 1.1


def test_by_segment_and_by_country_add_up_to_the_total() -> None:
    for cid in cm.corridor_ids():
        total = cm.route_length(cid)
        assert cm.route_length(cid, by="segment").sum() == pytest.approx(total, rel=1e-12)
        assert cm.route_length(cid, by="country").sum() == pytest.approx(total, rel=1e-4)


def test_by_country_follows_the_route() -> None:
    km = cm.route_length("TAPI", by="country")
    assert list(km.index) == ["TKM", "AFG", "PAK", "IND"]
    assert km.index.name == "iso3"


def test_by_country_matches_an_independent_polygon_intersection() -> None:
    """Reference: 100 m densified line cut by each full-detail polygon with shapely, measured with Geod."""
    geod = Geod(ellps="WGS84")
    countries = cm.boundaries()
    km = cm.route_length("CASA-1000", by="country")
    reference = dict.fromkeys(km.index, 0.0)
    for line in cm.corridor("CASA-1000").geometry:
        dense = shapely.LineString(cm.densify(shapely.get_coordinates(line), max_km=0.1))
        for iso3, poly in zip(countries["iso3"], countries.geometry):
            part = dense.intersection(poly)
            if not part.is_empty:
                reference[iso3] = reference.get(iso3, 0.0) + geod.geometry_length(part) / 1000
    for iso3, value in km.items():
        assert value == pytest.approx(reference[iso3], abs=0.05), iso3


def test_unknown_by_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="use None, 'country', 'segment' or 'status'"):
        cm.route_length("TAPI", by="province")


def test_densify_keeps_the_geodesic() -> None:
    dense = cm.densify([[60.0, 40.0], [70.0, 40.0]], max_km=1.0)
    steps = Geod(ellps="WGS84").inv(dense[:-1, 0], dense[:-1, 1], dense[1:, 0], dense[1:, 1])[2]
    assert steps.max() <= 1000.0 + 1e-6
    assert cm.geodesic_length_km(dense) == pytest.approx(cm.geodesic_length_km([[60, 40], [70, 40]]), rel=1e-9)
    # Every inserted point lies on the geodesic (geographiclib's), north of the parallel.
    line = Geodesic.WGS84.InverseLine(40.0, 60.0, 40.0, 70.0)
    s12 = Geod(ellps="WGS84").inv(np.full(len(dense), 60.0), np.full(len(dense), 40.0), dense[:, 0], dense[:, 1])[2]
    on_line = [line.Position(s) for s in s12]
    assert np.allclose([p["lat2"] for p in on_line], dense[:, 1], atol=1e-9)
    assert dense[len(dense) // 2, 1] > 40.1


# ---------------------------------------------------------------- properties

_lon = st.floats(60.0, 75.0)
_lat = st.floats(25.0, 42.0)
_lines = st.lists(st.tuples(_lon, _lat), min_size=2, max_size=8, unique=True)
# Derandomized: CI sees the same examples every run; the @example cases are ones that once failed.
_settings = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _analyze(coords: list[tuple[float, float]]):
    return cm.analyze(gpd.GeoSeries([shapely.LineString(coords)], crs="EPSG:4326"))


@_settings
@given(_lines)
def test_per_country_sum_equals_total(coords: list[tuple[float, float]]) -> None:
    km, _ = _analyze(coords)
    assert km["km"].sum() == pytest.approx(cm.geodesic_length_km(coords), rel=1e-4)


@_settings
@given(_lines)
@example([(63.125, 35.0), (74.5, 39.75)])  # a merged meander: its position must not depend on direction
def test_reversing_keeps_length_and_mirrors_crossings(coords: list[tuple[float, float]]) -> None:
    km, x = _analyze(coords)
    km_r, x_r = _analyze(coords[::-1])
    assert km_r.set_index("iso3")["km"].sort_index().to_dict() == pytest.approx(
        km.set_index("iso3")["km"].sort_index().to_dict(), abs=1e-6
    )
    total = cm.geodesic_length_km(coords)
    forward = list(zip(x["from_iso3"], x["to_iso3"], x["km_from_start"]))
    backward = [(b, a, total - k) for a, b, k in zip(x_r["from_iso3"], x_r["to_iso3"], x_r["km_from_start"])][::-1]
    assert [f[:2] for f in forward] == [b[:2] for b in backward]
    assert [f[2] for f in forward] == pytest.approx([b[2] for b in backward], abs=1e-3)


@_settings
@given(_lines, st.data())
def test_splitting_at_a_vertex_keeps_the_total(coords: list[tuple[float, float]], data: st.DataObject) -> None:
    if len(coords) < 3:
        coords = [*coords, (coords[-1][0] + 0.5, coords[-1][1] + 0.5)]
    k = data.draw(st.integers(1, len(coords) - 2))
    km, _ = _analyze(coords)
    halves = gpd.GeoSeries([shapely.LineString(coords[: k + 1]), shapely.LineString(coords[k:])], crs="EPSG:4326")
    km_split, _ = cm.analyze(halves)
    whole = km.groupby("iso3")["km"].sum()
    split = km_split.groupby("iso3")["km"].sum()
    assert split.to_dict() == pytest.approx(whole.to_dict(), abs=1e-6)
