"""Reading users' line files and setting aside the rows that cannot be analysed, one problem each."""

from __future__ import annotations

from typing import TYPE_CHECKING

import geopandas as gpd
import pytest
import shapely

import corridormap as cm
from corridormap.files import LineFileError, check_lines, read_lines

if TYPE_CHECKING:
    from pathlib import Path

GOOD = shapely.LineString([(66.0, 31.0), (67.0, 30.6)])


def _frame(geoms: list[object], crs: object = "EPSG:4326") -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame({"name": [f"n{i}" for i in range(len(geoms))]}, geometry=geoms, crs=crs)


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
def test_bad_rows_are_reported_one_problem_each() -> None:
    frame = _frame(
        [
            GOOD,
            None,
            shapely.Point(66, 31),
            shapely.Polygon([(0, 0), (1, 0), (1, 1)]),
            shapely.LineString([(66, 31), (66, 31)]),
            shapely.LineString([(66, 95), (67, 30)]),
            shapely.linestrings([[66.0, float("nan")], [67.0, 30.0]], handle_nan="allow"),
            shapely.LineString(),
        ]
    )
    checked = check_lines(frame, id_column="name")
    assert len(checked.lines) == 1
    problems = dict(zip(checked.rejected["row"], checked.rejected["problem"], strict=True))
    assert sorted(problems) == [1, 2, 3, 4, 5, 6, 7]
    assert "empty" in problems[1] and "empty" in problems[7]
    assert "Point" in problems[2] and "Polygon" in problems[3]
    assert "two distinct vertices" in problems[4]
    assert "±90" in problems[5]
    assert "not numbers" in problems[6]
    assert list(checked.rejected["line"]) == ["n1", "n2", "n3", "n4", "n5", "n6", "n7"]


def test_projected_lines_are_transformed_first() -> None:
    utm = gpd.GeoSeries([GOOD], crs="EPSG:4326").to_crs("EPSG:32642")
    checked = check_lines(_frame(list(utm.values), crs="EPSG:32642"))
    assert checked.rejected.empty
    assert shapely.equals_exact(checked.lines.iloc[0], GOOD, tolerance=1e-7)


def test_projected_coordinates_without_a_crs_are_rejected_with_the_fix() -> None:
    utm = gpd.GeoSeries([GOOD], crs="EPSG:4326").to_crs("EPSG:32642")
    checked = check_lines(_frame(list(utm.values), crs=None))
    assert checked.lines.empty
    assert "declares no CRS" in checked.rejected["problem"].iloc[0]


def test_multi_part_lines_are_split_into_parts() -> None:
    multi = shapely.MultiLineString([[(66.0, 31.0), (67.0, 30.6)], [(70.0, 30.0), (70.5, 30.2)]])
    checked = check_lines(_frame([multi, GOOD]), id_column="name")
    assert list(checked.line) == ["n0", "n0", "n1"]
    assert list(checked.part) == [0, 1, 0]


def test_read_errors_name_the_file_and_the_fix(tmp_path: Path) -> None:
    with pytest.raises(LineFileError, match="file not found"):
        read_lines(tmp_path / "missing.gpkg")
    path = tmp_path / "two.gpkg"
    _frame([GOOD]).to_file(path, layer="a")
    _frame([GOOD]).to_file(path, layer="b")
    with pytest.raises(LineFileError, match="choose one with --layer"):
        read_lines(path)
    with pytest.raises(LineFileError, match="no layer 'c'"):
        read_lines(path, layer="c")
    with pytest.raises(LineFileError, match=r"no column 'nope'.*name"):
        read_lines(path, layer="a", id_column="nope")
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(LineFileError, match=r"broken\.geojson: cannot read"):
        read_lines(broken)


def test_duplicate_ids_are_refused(tmp_path: Path) -> None:
    frame = _frame([GOOD, GOOD]).assign(name=["x", "x"])
    with pytest.raises(LineFileError, match="repeats 'x'"):
        check_lines(frame, id_column="name", source="f.gpkg")


@pytest.mark.parametrize("suffix", ["gpkg", "geojson", "shp", "fgb", "parquet"])
def test_every_format_gives_the_same_answer(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"lines.{suffix}"
    frame = _frame([GOOD, None])  # a shapefile of lines cannot hold a point: an empty row instead
    if suffix == "parquet":
        frame.to_parquet(path)
    else:  # FlatGeobuf's spatial index refuses a NULL geometry
        frame.to_file(path, **({"SPATIAL_INDEX": "NO"} if suffix == "fgb" else {}))
    result = cm.analyze_file(path, id_column="name")
    assert list(result.km["iso3"]) == ["AFG", "PAK"]
    assert list(result.rejected["line"]) == ["n1"]
    assert result.km["km"].sum() == pytest.approx(cm.geodesic_length_km(list(GOOD.coords)), abs=1e-9)
