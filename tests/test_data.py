"""Loading, validation and lookup: every broken fixture gets its exact message; the real data is clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

import corridormap as cm
from corridormap.validation import REGION

FIXTURES = Path(__file__).parent / "fixtures" / "invalid"


def _check(name: str) -> list[str]:
    """Problems in one fixture, with the fixture's folder stripped from the messages."""
    return [p.replace(str(FIXTURES) + "/", "") for p in cm.validate([FIXTURES / name])]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "invalid_json.geojson",
            "invalid_json.geojson: line 54 column 9: invalid JSON: Expecting ',' delimiter — fix the syntax there",
        ),
        (
            "crs_member.geojson",
            "crs_member.geojson: (top level): Additional properties are not allowed ('crs' was unexpected) — remove it or fix its spelling (allowed: corridor, features, type)",
        ),
        (
            "not_linestring.geojson",
            "not_linestring.geojson: feature 0 (fixture-1): geometry.type: 'MultiLineString' should be 'LineString' — write 'LineString'",
        ),
        (
            "swapped_lat_lon.geojson",
            "swapped_lat_lon.geojson: feature 0 (fixture-1): geometry.coordinates[1]: [33.3029, 62.1474] looks like [lat, lon] — swap it to [62.1474, 33.3029] (GeoJSON is lon, lat)",
        ),
        (
            "out_of_range.geojson",
            "out_of_range.geojson: feature 0 (fixture-1): geometry.coordinates[2]: [63.42, 132.16] is out of range — longitude must be within ±180 and latitude within ±90",
        ),
        (
            "outside_region.geojson",
            f"outside_region.geojson: feature 0 (fixture-1): geometry.coordinates[2]: [10.0, 45.0] is outside the region {list(REGION)} — check the coordinate, or widen corridormap.validation.REGION",
        ),
        (
            "one_vertex.geojson",
            "one_vertex.geojson: feature 0 (fixture-1): geometry: fewer than two distinct vertices — a line needs at least two",
        ),
        (
            "duplicate_id.geojson",
            "duplicate_id.geojson: feature 1 (fixture-1): id: duplicate segment id, first used in {dir}duplicate_id.geojson feature 0 — give each segment its own id",
        ),
        (
            "missing_property.geojson",
            "missing_property.geojson: feature 0 (fixture-1): properties: missing required property 'status' — add it (see the schema in corridormap/schemas/)",
        ),
        (
            "wrong_type.geojson",
            "wrong_type.geojson: feature 0 (fixture-1): properties.countries: 'AFG' is not of type array — write it as array",
        ),
        (
            "status_vocabulary.geojson",
            "status_vocabulary.geojson: feature 0 (fixture-1): properties.status: 'planned' is not allowed — use one of: proposed, construction, operating, idle, mothballed, shelved, cancelled, retired",
        ),
        (
            "kind_vocabulary.geojson",
            "kind_vocabulary.geojson: feature 0 (fixture-1): properties.kind: 'canal' is not allowed — use one of: gas_pipeline, power_line, fibre_optic, railway, road",
        ),
        (
            "undefined_source.geojson",
            "undefined_source.geojson: feature 0 (fixture-1): properties.sources: source 'nowhere-2020' is not defined — add it to sources.json or fix the id",
        ),
        (
            "far_waypoint.geojson",
            "far_waypoint.geojson: feature 0 (fixture-1): waypoints: the line passes 200.9 km from node 'quetta' (limit 5 km) — digitise the line through the node or fix its position",
        ),
    ],
)
def test_each_broken_fixture_gets_its_message(name: str, expected: str) -> None:
    problems = _check(name)
    assert expected.format(dir="") in problems


def test_the_fixture_base_is_valid() -> None:
    assert cm.validate([FIXTURES / "valid.geojson"]) == []


def test_every_fixture_is_reported_as_broken() -> None:
    broken = sorted(p.name for p in FIXTURES.glob("*.geojson") if p.name != "valid.geojson")
    assert all(cm.validate([FIXTURES / name]) for name in broken)


def test_the_real_data_validates() -> None:
    assert cm.validate() == []


def test_all_problems_are_reported_at_once(data_copy: Path) -> None:
    path = data_copy / "corridors" / "tapi.geojson"
    fc = json.loads(path.read_text())
    fc["features"][0]["properties"]["status"] = "planned"
    fc["features"][1]["properties"]["sources"] = ["nowhere"]
    path.write_text(json.dumps(fc))
    problems = cm.validate(data_dir=data_copy)
    assert len(problems) == 2
    assert all(p.startswith(str(path)) for p in problems)


def test_load_corridors_raises_with_every_problem(data_copy: Path) -> None:
    (data_copy / "corridors" / "tapi.geojson").write_text("{")
    with pytest.raises(cm.CorridorDataError) as info:
        cm.load_corridors(data_copy)
    assert "invalid JSON" in info.value.problems[0]


def test_missing_folder_is_named(tmp_path: Path) -> None:
    """One problem, not one per file the folder would hold."""
    assert cm.validate(data_dir=tmp_path / "nowhere") == [
        f"{tmp_path / 'nowhere'}: no such folder — pass a data folder (one holding corridors/, nodes.geojson and sources.json)"
    ]


def test_empty_folder_names_what_is_missing(tmp_path: Path) -> None:
    problems = cm.validate(data_dir=tmp_path)
    assert f"{tmp_path}: no corridor files found — put them in {tmp_path / 'corridors'}/*.geojson" in problems
    assert f"{tmp_path / 'sources.json'}: file not found — check the path or pass --data DIR" in problems


@pytest.mark.parametrize("alias", ["casa1000", "CASA 1000", "casa-1000", "Trans-Afghan Railway", "uap", "tapi", "Tapi"])
def test_forgiving_lookup(alias: str) -> None:
    assert cm.resolve_corridor_id(alias) in cm.corridor_ids()


def test_unknown_id_lists_valid_ids_and_closest_match() -> None:
    with pytest.raises(cm.UnknownCorridorError) as info:
        cm.corridor("TAPY")
    message = str(info.value)
    assert isinstance(info.value, LookupError)
    assert "Did you mean 'TAP" in message
    assert all(cid in message for cid in cm.corridor_ids())


def test_corridors_frame_has_every_segment_and_property() -> None:
    gdf = cm.corridors()
    files = sorted((Path(cm.data.default_data_dir()) / "corridors").glob("*.geojson"))
    n_features = sum(len(json.loads(p.read_text())["features"]) for p in files)
    assert len(gdf) == n_features
    assert gdf.crs.to_epsg() == 4326
    assert {"id", "corridor", "kind", "status", "alignment", "route_accuracy", "sources"} <= set(gdf.columns)
    assert gdf["id"].is_unique


def test_main_alignment_by_default() -> None:
    main = cm.corridor("UAP")
    everything = cm.corridor("UAP", include_alternatives=True)
    assert set(main["alignment"]) == {"main"}
    assert len(everything) > len(main)


@pytest.mark.parametrize("cid", cm.corridor_ids())
def test_digitised_length_matches_reported_or_is_explained(cid: str) -> None:
    facts = cm.corridor_facts(cid)
    if not facts["reported_lengths"]:
        assert facts.get("length_note"), f"{cid}: no reported length and no length_note saying why"
        return
    headline = facts["reported_lengths"][0]
    by_segment = cm.route_length(cid, by="segment", include_alternatives=True)
    digitised = by_segment[headline["segments"]].sum() if "segments" in headline else cm.route_length(cid)
    off = abs(digitised - headline["km"]) / headline["km"]
    assert off <= 0.10 or facts.get("length_note"), (
        f"{cid}: {off:.0%} from the reported {headline['km']} km, unexplained"
    )


def test_a_reported_length_names_segments_of_its_own_corridor(data_copy: Path) -> None:
    path = data_copy / "corridors" / "ktap.geojson"
    fc = json.loads(path.read_text())
    fc["corridor"]["reported_lengths"][0]["segments"] = ["ktap-herat-kandahar", "tapi-pak"]
    path.write_text(json.dumps(fc))
    assert cm.validate([path], data_dir=data_copy) == [
        f"{path}: corridor.reported_lengths[0].segments: segment 'tapi-pak' is not in this corridor — use one of its feature ids"
    ]


def test_every_cited_source_is_defined() -> None:
    defined = set(cm.sources())
    cited = {s for ids in cm.corridors()["sources"] for s in ids}
    assert cited <= defined
    assert "seed" in cited


def test_seed_facts_cite_the_seed() -> None:
    tapi = cm.corridor_facts("TAPI")
    seed_capacity = [q for q in tapi["capacity"] if q["value"] == 33 and q["unit"] == "bcm/yr"]
    assert seed_capacity and "seed" in seed_capacity[0]["sources"]
    seed_cost = [c for c in cm.corridor_facts("CASA-1000")["cost"] if c["usd"] == 1.2e9]
    assert seed_cost and "seed" in seed_cost[0]["sources"]


def test_relations_cover_the_six_seed_countries() -> None:
    iso3 = [c["iso3"] for c in cm.relations()["countries"]]
    assert sorted(iso3) == ["AZE", "KAZ", "KGZ", "TJK", "TKM", "UZB"]


def test_display_boundaries_keep_shared_borders_and_stay_close() -> None:
    full, display = cm.boundaries(), cm.boundaries(display=True)
    assert list(full.index) == list(display.index)
    provenance = json.loads((cm.data.default_data_dir() / "boundaries" / "provenance.json").read_text())
    assert provenance["version"] == "5.1.1"
    assert provenance["files"]["countries_display.geojson"]["max_error_m"] <= 500
    # Neighbours share their border exactly: no overlaps, no slivers between them.
    for a in display.index:
        for b in display.index:
            if a < b and full.loc[a].geometry.touches(full.loc[b].geometry):
                overlap = display.loc[a].geometry.intersection(display.loc[b].geometry)
                assert overlap.area < 1e-9, (a, b)
    assert display.geometry.is_valid.all()
    # Fewer vertices for drawing, never used for computing.
    assert (
        shapely.get_num_coordinates(display.geometry.values).sum()
        < shapely.get_num_coordinates(full.geometry.values).sum()
    )


def test_display_boundaries_measured_error_is_under_500_m() -> None:
    """Every full-detail vertex lies within 500 m of the display outline (degrees x 111.32 km overstates it)."""
    full, display = cm.boundaries(), cm.boundaries(display=True)
    for iso3 in full.index:
        vertices = shapely.points(shapely.get_coordinates(full.loc[iso3].geometry.boundary))
        worst_deg = shapely.distance(vertices, display.loc[iso3].geometry.boundary).max()
        assert worst_deg * 111.32 <= 0.5, iso3
