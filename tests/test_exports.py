"""Exports: every format read back by an independent reader, with the same rows, ids and lengths."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import numpy as np
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
import shapely

import corridormap as cm
from corridormap import exports as export_module
from corridormap._kml import kml_color
from corridormap.cli import main
from corridormap.data import default_data_dir
from corridormap.maps import STYLE
from corridormap.maps.style import corridor_colors
from corridormap.tables import COLUMNS, export_tables

if TYPE_CHECKING:
    from pathlib import Path

TABLES = ["segments", "corridors", "country_km", "crossings", "nodes", "links", "sources", "data_dictionary", "about"]
SPATIAL = ["segments", "corridors", "crossings", "nodes", "links"]


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return export_tables()


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    for fmt in export_module.FORMATS:
        cm.export(out, format=fmt)
    return out


def segment_km() -> dict[str, float]:
    km: dict[str, float] = {}
    for cid in cm.corridor_ids():
        km |= cm.route_length(cid, by="segment", include_alternatives=True).to_dict()
    return km


def expected_counts() -> dict[str, int]:
    return {
        "segments": len(cm.corridors()),
        "corridors": len(cm.corridor_ids()),
        "country_km": sum(len(cm.route_length(c, by="country")) for c in cm.corridor_ids()),
        "crossings": sum(len(cm.crossings(c, include_alternatives=True)) for c in cm.corridor_ids()),
        "nodes": len(cm.nodes()),
        "links": int((cm.network_lines()["origin"] == "link").sum()),
        "sources": len(cm.sources()),
    }


def check_lengths(frames: dict[str, pd.DataFrame]) -> None:
    """The km columns as read back equal route_length, and the geometry read back measures the same."""
    km = segment_km()
    segs = frames["segments"]
    assert sorted(segs["id"]) == sorted(cm.corridors()["id"])
    for sid, value in zip(segs["id"], segs["km"], strict=True):
        assert float(value) == pytest.approx(km[sid], abs=1e-9)
    corridors = frames["corridors"].set_index("id")
    for cid in cm.corridor_ids():
        assert float(corridors.loc[cid, "km"]) == pytest.approx(cm.route_length(cid), abs=1e-6)
        by_country = cm.route_length(cid, by="country")
        rows = frames["country_km"][frames["country_km"]["corridor"] == cid]
        assert list(rows["iso3"]) == list(by_country.index)
        np.testing.assert_allclose(rows["km"].astype(float), by_country.to_numpy(), atol=1e-9)
    lines = cm.network_lines().set_index("id")
    for link_id, value in zip(frames["links"]["id"], frames["links"]["km"], strict=True):
        assert float(value) == pytest.approx(cm.geodesic_length_km(shapely.get_coordinates(lines.geometry[link_id])))


def check_counts(frames: dict[str, pd.DataFrame]) -> None:
    for name, count in expected_counts().items():
        assert len(frames[name]) == count, name


def check_geometry(frame: pd.DataFrame, tolerance: float) -> None:
    """Read-back segment lines equal the data's, in lon/lat order."""
    original = cm.corridors().set_index("id").geometry
    for sid, geom in zip(frame["id"], frame.geometry, strict=True):
        got, want = shapely.get_coordinates(geom), shapely.get_coordinates(original[sid])
        np.testing.assert_allclose(got, want, atol=tolerance)


def test_tables_are_described_in_the_data_dictionary(tables: dict[str, pd.DataFrame]) -> None:
    assert list(tables) == TABLES
    dictionary = tables["data_dictionary"]
    described = set(zip(dictionary["table"], dictionary["column"], strict=True))
    actual = {(name, column) for name, frame in tables.items() for column in frame.columns}
    assert described == actual
    assert dictionary["meaning"].str.len().min() > 3
    assert set(dictionary.loc[dictionary["column"] == "km", "unit"]) == {"km"}
    assert set(COLUMNS) == {"*", *TABLES}


def test_tables_flatten_lists_and_keep_the_record(tables: dict[str, pd.DataFrame]) -> None:
    segs = tables["segments"].set_index("id")
    record = json.loads(segs.loc["tapi-tkm", "record"])
    assert segs.loc["tapi-tkm", "sources"] == "; ".join(record["sources"])
    assert segs.loc["tapi-tkm", "countries"] == "TKM"
    for frame in tables.values():  # only text, numbers and geometry: every format can hold them
        for column in frame.columns:
            assert not frame[column].map(lambda v: isinstance(v, list | dict)).any(), column
    about = dict(zip(tables["about"]["key"], tables["about"]["value"], strict=True))
    assert "Natural Earth" in about["attribution"] and "public domain" in about["licence"].lower()
    assert "do not imply endorsement" in about["boundaries_disclaimer"]


def test_every_property_of_the_data_is_a_column(tables: dict[str, pd.DataFrame]) -> None:
    """A field added to the data must not vanish from the exports (beyond the record)."""
    flattened = {"reported_length": "reported_km"}  # an object read as reported_km, _scope, _sources
    for name, frame in (("segments", cm.corridors()), ("nodes", cm.nodes())):
        for column in frame.columns:
            assert flattened.get(column, column) in tables[name].columns, (name, column)
    links = json.loads((default_data_dir() / "network" / "links.geojson").read_text(encoding="utf-8"))
    for feature in links["features"]:
        for key in feature["properties"]:
            assert flattened.get(key, key) in tables["links"].columns, ("links", key)


def test_nodes_read_as_text(tables: dict[str, pd.DataFrame]) -> None:
    nodes = tables["nodes"].set_index("id")
    posts = nodes[nodes["border"] != ""]
    assert len(posts) > 0 and posts["border"].str.contains(r"(?:inbound|outbound) by (?:road|rail): [\d.]+ h").all()
    assert not nodes["aliases"].str.contains("nan").any()


def test_one_corridor_exports_only_its_rows() -> None:
    t = export_tables(corridor_id="casa 1000")
    assert set(t["segments"]["corridor"]) == set(t["crossings"]["corridor"]) == {"CASA-1000"}
    used = {
        n
        for s in cm.corridor("CASA-1000", include_alternatives=True).itertuples()
        for n in (s.start, s.end, *s.waypoints)
    }
    assert set(t["nodes"]["id"]) == used
    assert 0 < len(t["sources"]) < len(cm.sources())
    assert "links" not in t  # the network joins corridors; it belongs to the whole export


def test_gpkg_one_layer_per_table(exported: Path) -> None:
    path = exported / "corridormap.gpkg"
    assert sorted(layer for layer, _ in pyogrio.list_layers(path)) == sorted(TABLES)
    frames = {name: pyogrio.read_dataframe(path, layer=name) for name in TABLES}
    check_counts(frames)
    check_lengths(frames)
    check_geometry(frames["segments"], 1e-12)
    assert pyogrio.read_info(path, layer="segments")["crs"] == "EPSG:4326"


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_geojson_and_csv_read_back_through_gdal(exported: Path, fmt: str) -> None:
    frames = {name: pyogrio.read_dataframe(exported / f"corridormap_{name}.{fmt}") for name in TABLES}
    check_counts(frames)
    if fmt == "csv":  # GDAL's CSV driver reads text: numbers come back as strings
        for name in ("segments", "corridors", "country_km"):
            frames[name]["km"] = frames[name]["km"].astype(float)
    check_lengths(frames)
    check_geometry(frames["segments"], 1e-7 if fmt == "geojson" else 1e-12)  # RFC 7946: 7 decimals
    for name in SPATIAL:  # GDAL found the geometry (the CSV's WKT column), every row has one, and it is lon/lat
        assert frames[name].geometry.notna().all(), name
        x0, y0, x1, y1 = frames[name].total_bounds
        assert x0 >= 35 and x1 <= 95 and y0 >= 15 and y1 <= 60, (name, x0, y0, x1, y1)


def test_geoparquet_reads_back_with_pyarrow(exported: Path) -> None:
    frames = {}
    for name in TABLES:
        table = pq.read_table(exported / f"corridormap_{name}.parquet")
        frame = table.to_pandas()
        if name in SPATIAL:
            geo = json.loads(table.schema.metadata[b"geo"])
            assert geo["primary_column"] == "geometry"
            assert geo["columns"]["geometry"]["encoding"] == "WKB"
            frame = frame.assign(geometry=shapely.from_wkb(frame["geometry"]))
        frames[name] = frame
    check_counts(frames)
    check_lengths(frames)
    check_geometry(frames["segments"], 0)


def test_xlsx_one_sheet_per_table(exported: Path) -> None:
    book = openpyxl.load_workbook(exported / "corridormap.xlsx", read_only=True)
    assert book.sheetnames == TABLES
    frames = {}
    for name in TABLES:
        rows = list(book[name].iter_rows(values_only=True))
        frames[name] = pd.DataFrame(rows[1:], columns=rows[0])
    check_counts(frames)
    check_lengths(frames)
    segs = frames["segments"].assign(geometry=shapely.from_wkt(frames["segments"]["WKT"]))
    check_geometry(segs, 1e-12)
    about = dict(zip(frames["about"]["key"], frames["about"]["value"], strict=True))
    assert "Natural Earth" in about["attribution"]


def test_kml_is_styled_lon_lat_and_complete(exported: Path) -> None:
    path = exported / "corridormap.kml"
    layers = [layer for layer, _ in pyogrio.list_layers(path)]
    lines = pd.concat([pyogrio.read_dataframe(path, layer=layer) for layer in layers if ": " in layer])
    lines = lines.assign(id=lines["Name"])  # the placemark's name is the segment id
    assert sorted(lines["id"]) == sorted(cm.corridors()["id"])
    km = segment_km()
    for sid, value in zip(lines["id"], lines["km"], strict=True):  # ExtendedData
        assert float(value) == pytest.approx(km[sid], abs=1e-9)
    check_geometry(lines, 1e-9)  # GDAL reads KML as lon/lat: equal coordinates mean lon/lat were written
    links = pyogrio.read_dataframe(path, layer="Network links (roads and railways joining the corridors)")
    assert sorted(links["Name"]) == sorted(cm.network_lines().query("origin == 'link'")["id"])
    crossings = pyogrio.read_dataframe(path, layer="Border crossings (computed)")
    assert len(crossings) == expected_counts()["crossings"]
    # the raw text too: "lon,lat,alt" with the longitude first
    text = path.read_text(encoding="utf-8")
    first = cm.corridors().set_index("id").geometry["tapi-tkm"].coords[0]
    assert re.search(rf"<coordinates>{first[0]},{first[1]},0", text)
    root = ET.fromstring(text.encode("utf-8"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    colors = {e.text for e in root.iterfind(".//k:LineStyle/k:color", ns)}
    # each corridor in its maps' colour: KTAP and UAP, both railways, differ
    own = corridor_colors({cid: cm.corridor_facts(cid)["kind"] for cid in cm.corridor_ids()})
    assert own["KTAP"] != own["UAP"]
    for cid in ("KTAP", "UAP", "TAPI"):
        accuracy = cm.corridor(cid)["route_accuracy"].iloc[0]
        assert kml_color(own[cid], STYLE["accuracy"][accuracy]["opacity"]) in colors
    description = root.find("k:Document/k:description", ns)
    assert description is not None and description.text is not None
    assert "Natural Earth" in description.text and "Data dictionary" in description.text
    assert "do not imply endorsement" in description.text


@pytest.mark.parametrize(
    ("path", "fmt", "message"),
    [
        ("out.shp", None, r"unknown suffix '\.shp'"),
        ("out.gpkg", "csv", "the suffix .gpkg says gpkg, but format='csv'"),
        ("folder", None, "a folder needs a format"),
        ("folder", "dxf", "unknown export format 'dxf'"),
    ],
)
def test_bad_targets_say_what_to_do(tmp_path: Path, path: str, fmt: str | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cm.export(tmp_path / path, format=fmt)  # type: ignore[arg-type]
    assert list(tmp_path.iterdir()) == []


def test_a_failed_export_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def failing(name: str, frame: pd.DataFrame, fmt: str) -> bytes:
        calls.append(name)
        if len(calls) == 3:
            msg = "disk full"
            raise OSError(msg)
        return b"x"

    monkeypatch.setattr(export_module, "_encoded", failing)
    with pytest.raises(OSError, match="disk full"):
        cm.export(tmp_path, format="csv")
    assert list(tmp_path.iterdir()) == []


def test_file_name_sets_format_and_stem(tmp_path: Path) -> None:
    written = cm.export(tmp_path / "sub" / "tapi.geojson", corridor_id="TAPI")
    assert [p.name for p in written] == [f"tapi_{name}.geojson" for name in TABLES if name != "links"]
    assert set(pyogrio.read_dataframe(written[0])["corridor"]) == {"TAPI"}


def test_cli_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "gpkg", "--out", str(tmp_path)]) == 0
    assert "corridormap.gpkg" in capsys.readouterr().err
    assert len(pyogrio.list_layers(tmp_path / "corridormap.gpkg")) == len(TABLES)
    assert main(["export", "--corridor", "nope", "--out", str(tmp_path / "x")]) == 2
    assert "unknown corridor 'nope'" in capsys.readouterr().err
