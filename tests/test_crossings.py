"""Border crossings: synthetic borders for the hard cases, the real data against named posts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

import corridormap as cm

Make = Callable[[dict[str, shapely.Geometry]], Path]

WEST = shapely.box(59.0, 30.0, 61.0, 31.0)
EAST = shapely.box(61.0, 30.0, 63.0, 31.0)


def _run(root: Path, *lines: list[tuple[float, float]]):
    series = gpd.GeoSeries([shapely.LineString(c) for c in lines], crs="EPSG:4326")
    return cm.analyze(series, data_dir=root)


def test_straight_crossing(synthetic: Make) -> None:
    root = synthetic({"AAA": WEST, "BBB": EAST})
    km, x = _run(root, [(60.0, 30.5), (62.0, 30.5)])
    assert list(km["iso3"]) == ["AAA", "BBB"]
    assert list(zip(x["from_iso3"], x["to_iso3"])) == [("AAA", "BBB")]
    expected = cm.geodesic_length_km([[60.0, 30.5], [61.0, 30.5]])
    # the geodesic bows north of the parallel, so it meets x=61 a hair after the chord's midpoint
    assert x["km_from_start"].iloc[0] == pytest.approx(expected, abs=0.01)
    assert x["nearest_crossing"].iloc[0] == "post"
    assert x["nearest_crossing_km"].iloc[0] < 1.0


def test_touching_a_border_is_not_a_crossing(synthetic: Make) -> None:
    root = synthetic({"AAA": WEST, "BBB": EAST})
    km, x = _run(root, [(60.0, 30.2), (61.0, 30.5), (60.0, 30.8)])
    assert x.empty
    assert list(km["iso3"]) == ["AAA"]


def test_running_along_a_border_stays_in_the_country_it_came_from(synthetic: Make) -> None:
    root = synthetic({"AAA": WEST, "BBB": EAST})
    coords = [(60.0, 30.2), (61.0, 30.3), (61.0, 30.7), (62.0, 30.8)]
    km, x = _run(root, coords)
    assert list(zip(x["from_iso3"], x["to_iso3"])) == [("AAA", "BBB")]
    leaves_border = cm.geodesic_length_km(coords[:3])
    assert x["km_from_start"].iloc[0] == pytest.approx(leaves_border, abs=0.01)
    assert km.set_index("iso3")["km"]["AAA"] == pytest.approx(leaves_border, abs=0.01)


def _meandering_border() -> tuple[shapely.Polygon, shapely.Polygon]:
    """Two countries split by a river that wiggles ±300 m around x=61 every ~1 km."""
    lat = np.linspace(30.0, 31.0, 201)
    lon = 61.0 + 0.003 * np.sin(np.arange(201) * np.pi / 2)
    river = list(zip(lon, lat))
    west = shapely.Polygon([(59.0, 30.0), *river, (59.0, 31.0)])
    east = shapely.Polygon([(63.0, 30.0), *river, (63.0, 31.0)])
    return west, east


def test_meandering_river_border_gives_one_crossing(synthetic: Make) -> None:
    west, east = _meandering_border()
    root = synthetic({"AAA": west, "BBB": east})
    # Approach the river, follow it for 5 km, then leave east.
    coords = [(60.5, 30.40), (61.0, 30.45), (61.0, 30.495), (61.5, 30.6)]
    km, x = _run(root, coords)
    assert list(zip(x["from_iso3"], x["to_iso3"])) == [("AAA", "BBB")]
    assert x["raw_crossings"].iloc[0] > 1
    # the exact split still counts every metre on either bank
    assert km["km"].sum() == pytest.approx(cm.geodesic_length_km(coords), rel=1e-6)


def test_short_excursion_is_not_a_crossing(synthetic: Make) -> None:
    root = synthetic({"AAA": WEST, "BBB": EAST})
    _, x = _run(root, [(60.5, 30.5), (61.004, 30.505), (60.5, 30.51)])
    assert x.empty


def test_a_real_crossing_after_a_long_stay_is_kept(synthetic: Make) -> None:
    root = synthetic({"AAA": WEST, "BBB": EAST})
    _, x = _run(root, [(60.5, 30.5), (61.5, 30.5), (60.5, 30.6)])
    assert list(zip(x["from_iso3"], x["to_iso3"])) == [("AAA", "BBB"), ("BBB", "AAA")]


def test_sea_is_none(synthetic: Make) -> None:
    root = synthetic({"AAA": WEST})
    km, x = _run(root, [(60.0, 30.5), (62.0, 30.5)])
    assert list(km["iso3"]) == ["AAA", "none"]
    assert list(zip(x["from_iso3"], x["to_iso3"])) == [("AAA", "none")]


def test_analyze_rejects_other_geometry() -> None:
    with pytest.raises(ValueError, match="LineStrings only"):
        cm.analyze(gpd.GeoSeries([shapely.Point(60, 30)], crs="EPSG:4326"))


# ---------------------------------------------------------------- real data


@pytest.mark.parametrize("cid", cm.corridor_ids())
def test_crossings_agree_with_a_100_m_reference(cid: str) -> None:
    ours = cm.crossings(cid, include_alternatives=True)
    reference = cm.crossings(cid, include_alternatives=True, densify_km=0.1)
    assert list(zip(ours.from_iso3, ours.to_iso3)) == list(zip(reference.from_iso3, reference.to_iso3))
    assert np.abs(ours["km_from_start"].to_numpy() - reference["km_from_start"].to_numpy()).max(initial=0) <= 0.5


@pytest.mark.parametrize("cid", cm.corridor_ids())
def test_every_crossing_lies_near_a_named_crossing(cid: str) -> None:
    x = cm.crossings(cid, include_alternatives=True)
    far = x[x["nearest_crossing_km"] > 5.0]
    assert far.empty, far[["from_iso3", "to_iso3", "km_from_start", "nearest_crossing", "nearest_crossing_km"]]


def test_crossings_are_in_route_order_with_columns() -> None:
    x = cm.crossings("TAPI")
    assert list(zip(x.from_iso3, x.to_iso3)) == [("TKM", "AFG"), ("AFG", "PAK"), ("PAK", "IND")]
    assert x["km_from_start"].is_monotonic_increasing
    assert {"from_iso3", "to_iso3", "km_from_start", "nearest_crossing", "nearest_crossing_km"} <= set(x.columns)
    assert (x.geometry.geom_type == "Point").all()


def test_crossing_at_a_segment_join_is_found() -> None:
    """CASA-1000's HVDC segments meet on the Panj: the TJK>AFG crossing sits at the join."""
    x = cm.crossings("CASA-1000")
    assert ("TJK", "AFG") in list(zip(x.from_iso3, x.to_iso3))


def test_summary_flags_corridors_off_their_reported_length() -> None:
    table = cm.summary()
    assert set(table.index) == set(cm.corridor_ids())
    with_reported = table.dropna(subset=["reported_km"])
    off = (with_reported["compared_km"] - with_reported["reported_km"]).abs() / with_reported["reported_km"] > 0.10
    assert (with_reported["flag"] == off).all()
    assert (table.loc[table["flag"], "length_note"].str.len() > 0).all()


def test_crossings_name_the_line_their_km_count_along() -> None:
    """CASA-1000 has two lines: KGZ>TJK at km 438 counts along the AC line, TJK>AFG at km 106 along the HVDC line."""
    x = cm.crossings("CASA-1000")
    assert list(zip(x.line, x.from_iso3, x.to_iso3)) == [
        ("Datka–Sughd", "KGZ", "TJK"),
        ("Sangtuda–Nowshera", "TJK", "AFG"),
        ("Sangtuda–Nowshera", "AFG", "PAK"),
    ]
    hvdc = x[x.line == "Sangtuda–Nowshera"]
    assert list(hvdc.km_from_start) == sorted(hvdc.km_from_start)
    # km_from_start is measured from the named line's start: the HVDC segments' lengths add up to it.
    seg_km = cm.route_length("CASA-1000", by="segment")
    assert (
        hvdc.km_from_start.iloc[-1] < seg_km[["casa-1000-hvdc-tjk", "casa-1000-hvdc-afg", "casa-1000-hvdc-pak"]].sum()
    )
    assert hvdc.km_from_start.iloc[-1] > seg_km[["casa-1000-hvdc-tjk", "casa-1000-hvdc-afg"]].sum()


@pytest.mark.parametrize("cid", cm.corridor_ids())
def test_every_crossing_has_a_line_and_they_are_sorted_by_line_then_km(cid: str) -> None:
    x = cm.crossings(cid, include_alternatives=True)
    assert x.line.map(lambda s: isinstance(s, str) and "–" in s).all()
    for _, group in x.groupby("line", sort=False):
        assert list(group.km_from_start) == sorted(group.km_from_start)
    lines = list(dict.fromkeys(x.line))
    assert list(x.line) == [line for line in lines for _ in range((x.line == line).sum())]  # each line's rows together


def test_alternative_lines_count_from_their_own_start() -> None:
    x = cm.crossings("UAP", include_alternatives=True)
    assert set(x.line) == {"Termez–Kohat", "Doshi–Peshawar"}
    assert list(x.line)[:2] == ["Termez–Kohat", "Termez–Kohat"]  # the main line first, as in the data


def test_summary_names_the_lines_where_a_corridor_has_several() -> None:
    table = cm.summary()
    assert table.loc["CASA-1000", "crossings"] == (
        "KGZ>TJK @ 438 km on Datka–Sughd; TJK>AFG @ 106 km on Sangtuda–Nowshera; AFG>PAK @ 591 km on Sangtuda–Nowshera"
    )
    assert " on " not in table.loc["TAPI", "crossings"]
