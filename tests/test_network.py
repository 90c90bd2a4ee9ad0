"""The network graph and the validation of the network files."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
import shapely

import corridormap as cm
from corridormap.geodesy import geodesic_length_km

if TYPE_CHECKING:
    from pathlib import Path


def test_graph_has_both_directions_with_reversed_geometry(synthetic_network: Path) -> None:
    g = cm.network(data_dir=synthetic_network)
    for u, v, key, data in g.edges(keys=True, data=True):
        back = g.edges[v, u, key]
        assert list(back["geometry"].coords) == list(data["geometry"].coords)[::-1]
        assert back["km"] == data["km"]
        assert (back["from_country"], back["to_country"]) == (data["to_country"], data["from_country"])


def test_line_across_a_border_is_cut_at_the_post(synthetic_network: Path) -> None:
    g = cm.network(data_dir=synthetic_network)
    assert set(g.edges("west", keys=True)) >= {("west", "post", "test-1#0")}
    first, second = g.edges["west", "post", "test-1#0"], g.edges["post", "east", "test-1#1"]
    assert (first["from_country"], first["to_country"], second["from_country"]) == ("AAA", "AAA", "BBB")
    whole = geodesic_length_km([[60.0, 30.5], [62.0, 30.5]])
    assert first["km"] + second["km"] == pytest.approx(whole, abs=1e-9)


def test_network_leaves_out_pipelines_and_power_lines() -> None:
    lines = cm.network_lines()
    assert not {"TAPI", "TAP", "TAP-FOC", "CASA-1000"} & set(lines["origin"])
    assert {"UAP", "KTAP", "QTTA", "link"} <= set(lines["origin"])


def test_gdfs_match_the_graph(synthetic_network: Path) -> None:
    places, edges = cm.network_gdfs(data_dir=synthetic_network)
    g = cm.network(data_dir=synthetic_network)
    assert len(edges) == g.number_of_edges() and len(places) == g.number_of_nodes()
    assert edges.crs.to_epsg() == 4326
    assert edges.loc[("west", "post", "test-1#0"), "mode"] == "road"


def test_the_copy_is_private(synthetic_network: Path) -> None:
    cm.network(data_dir=synthetic_network).clear()
    assert cm.network(data_dir=synthetic_network).number_of_edges() > 0


def _edit_links(root: Path, change: object) -> None:
    path = root / "network" / "links.geojson"
    fc = json.loads(path.read_text(encoding="utf-8"))
    change(fc["features"])  # type: ignore[operator]
    path.write_text(json.dumps(fc), encoding="utf-8")


def test_link_ending_far_from_its_node_is_reported(synthetic_network: Path) -> None:
    _edit_links(synthetic_network, lambda fs: fs[1]["geometry"]["coordinates"].__setitem__(-1, [62.52, 30.5]))
    problems = cm.validate(data_dir=synthetic_network)
    assert any(
        "links.geojson: feature 1 (road-east-harbour): end: the line's last vertex is 1.9 km from node 'harbour'" in p
        for p in problems
    ), problems
    with pytest.raises(cm.CorridorDataError, match=r"1\.9 km from node 'harbour'"):
        cm.route("west", "harbour", data_dir=synthetic_network)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda fs: fs[0]["properties"].update(end="nowhere"), "end: node 'nowhere' is not defined"),
        (lambda fs: fs[1]["properties"].update(sources=["missing"]), "source 'missing' is not defined"),
        (
            lambda fs: fs[1]["properties"].update(mode="ship"),
            "properties.mode: 'ship' is not allowed — use one of: road, rail",
        ),
        (lambda fs: fs.append(dict(fs[1])), "id: duplicate segment id, first used in"),
        (lambda fs: fs[1]["geometry"]["coordinates"].__setitem__(0, [30.5, 62.0]), "outside the region"),
    ],
)
def test_bad_links_are_named(synthetic_network: Path, change: object, expected: str) -> None:
    _edit_links(synthetic_network, change)
    problems = cm.validate(data_dir=synthetic_network)
    assert any(expected in p and "links.geojson" in p for p in problems), problems


def test_the_real_network_is_valid() -> None:
    assert cm.validate() == []
    g = cm.network()
    assert all(data["km"] > 0 for _, _, data in g.edges(data=True))
    assert all(isinstance(data["geometry"], shapely.LineString) for _, _, data in g.edges(data=True))


def test_one_network_file_validates_alone(synthetic_network: Path) -> None:
    links = synthetic_network / "network" / "links.geojson"
    assert cm.validate([links], data_dir=synthetic_network) == []
    params = synthetic_network / "network" / "params.json"
    content = json.loads(params.read_text(encoding="utf-8"))
    content["speed_cost"] = [e for e in content["speed_cost"] if e["mode"] == "road"]
    params.write_text(json.dumps(content), encoding="utf-8")
    assert cm.validate([params], data_dir=synthetic_network) == [
        f"{params}: speed_cost: no default ('*') rail speed and cost — add one for the countries without their own"
    ]


def test_clear_cache_forgets_the_network(synthetic_network: Path) -> None:
    first = cm.route("west", "harbour", data_dir=synthetic_network)
    cm.clear_cache()
    again = cm.route("west", "harbour", data_dir=synthetic_network)
    assert (again.km, again.hours, again.usd) == (first.km, first.hours, first.usd)
