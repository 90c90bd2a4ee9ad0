"""Shared fixtures: copies of the real data, and small synthetic data folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import shapely

if TYPE_CHECKING:
    from collections.abc import Callable

GEODATA = Path(__file__).resolve().parents[1] / "geodata"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the real data folder, safe to break."""
    target = tmp_path / "geodata"
    shutil.copytree(GEODATA, target)
    return target


def write_json(path: Path, content: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")


def _segment(sid: str, coords: list[list[float]]) -> dict:
    return {
        "type": "Feature",
        "id": sid,
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": {
            "corridor": "TEST",
            "name": f"segment {sid}",
            "kind": "road",
            "status": "operating",
            "alignment": "main",
            "route_accuracy": "schematic",
            "countries": ["AAA"],
            "start": "west",
            "end": "east",
            "waypoints": [],
            "reported_length": None,
            "capacity": [],
            "cost": [],
            "milestones": [],
            "status_history": [{"status": "operating", "date": None, "note": "Synthetic: no date."}],
            "sources": ["test"],
        },
    }


@pytest.fixture
def synthetic(tmp_path: Path) -> Callable[[dict[str, shapely.Geometry]], Path]:
    """Make a data folder whose countries are the given polygons (ISO3 -> polygon).

    It holds one valid corridor (a straight road at latitude 30.5 from 60.0 to 62.0),
    two nodes and one border-crossing node at (61.0, 30.5).
    """

    def make(countries: dict[str, shapely.Geometry]) -> Path:
        root = tmp_path / "synthetic"
        features = [
            {
                "type": "Feature",
                "id": iso3,
                "properties": {"iso3": iso3, "name": iso3},
                "geometry": geom.__geo_interface__,
            }
            for iso3, geom in countries.items()
        ]
        write_json(root / "boundaries" / "countries.geojson", {"type": "FeatureCollection", "features": features})
        write_json(
            root / "sources.json", {"test": {"title": "Synthetic test data", "publisher": "tests", "date": "2026"}}
        )
        node = lambda nid, xy, kind: {  # noqa: E731
            "type": "Feature",
            "id": nid,
            "geometry": {"type": "Point", "coordinates": xy},
            "properties": {"name": nid, "kind": kind, "country": "AAA", "sources": ["test"]},
        }
        write_json(
            root / "nodes.geojson",
            {
                "type": "FeatureCollection",
                "features": [
                    node("west", [60.0, 30.5], "city"),
                    node("east", [62.0, 30.5], "city"),
                    node("post", [61.0, 30.5], "border_crossing"),
                ],
            },
        )
        corridor = {
            "type": "FeatureCollection",
            "corridor": {
                "id": "TEST",
                "name": "Test road",
                "aliases": ["testing road"],
                "kind": "road",
                "status": "operating",
                "description": "A synthetic corridor.",
                "countries": ["AAA"],
                "reported_lengths": [],
                "capacity": [],
                "cost": [],
                "milestones": [],
                "sources": ["test"],
            },
            "features": [_segment("test-1", [[60.0, 30.5], [62.0, 30.5]])],
        }
        write_json(root / "corridors" / "test.geojson", corridor)
        return root

    return make


def _link(lid: str, coords: list[list[float]], **props: object) -> dict:
    base = {
        "name": lid,
        "mode": lid.split("-")[0],
        "status": "operating",
        "route_accuracy": "schematic",
        "countries": ["AAA"],
        "start": "west",
        "end": "east",
        "waypoints": [],
        "reported_length": None,
        "sources": ["test"],
    }
    return {
        "type": "Feature",
        "id": lid,
        "geometry": {"type": "LineString", "coordinates": coords},
        "properties": {**base, **props},
    }


#: Parameters of the synthetic network: every figure the expected journeys are computed from.
NETWORK_PARAMS = {
    "description": "Synthetic parameters for tests.",
    "speed_cost": [
        {"mode": "road", "country": "*", "kmh": 50.0, "usd_per_km": 1.0, "year": 2024, "sources": ["test"]},
        {"mode": "road", "country": "BBB", "kmh": 60.0, "usd_per_km": 1.5, "year": 2024, "sources": ["test"]},
        {"mode": "rail", "country": "*", "kmh": 40.0, "usd_per_km": 0.5, "year": 2024, "sources": ["test"]},
    ],
    "border_defaults": [
        {"country": "*", "mode": "road", "hours": 10.0, "usd": 100.0, "year": 2024, "sources": ["test"]},
        {"country": "BBB", "mode": "road", "hours": 5.0, "usd": 50.0, "year": 2024, "sources": ["test"]},
        {"country": "*", "mode": "rail", "hours": 2.0, "usd": 20.0, "year": 2024, "sources": ["test"]},
    ],
    "transfers": [
        {"kind": "gauge_break", "hours": 7.0, "usd": 70.0, "year": 2024, "sources": ["test"]},
        {"kind": "mode_change", "hours": 4.0, "usd": 40.0, "year": 2024, "sources": ["test"]},
        {"kind": "port", "hours": 3.0, "usd": 30.0, "year": 2024, "sources": ["test"]},
    ],
}


@pytest.fixture
def synthetic_network(synthetic: Callable[[dict[str, shapely.Geometry]], Path]) -> Path:
    """A small network with known journeys between countries AAA (lon < 61) and BBB (lon > 61).

    - ``test-1`` (corridor TEST): road west (60, 30.5) -> east (62, 30.5), operating, across the
      border at the post (61, 30.5), whose AAA outbound road figure is 20 h, US$ 200.
    - ``rail-west-east``: rail west -> (61, 30.0) -> east, proposed, 1520 mm in AAA; it crosses
      the border 55 km from any post, at a node of its own.
    - ``road-east-harbour`` and ``rail-east-harbour``: east -> harbour (62.5, 30.5), a port in BBB.
    East is a city; harbour pays port handling.
    """
    root = synthetic({"AAA": shapely.box(59, 29, 61, 32), "BBB": shapely.box(61, 29, 63, 32)})
    nodes = json.loads((root / "nodes.geojson").read_text(encoding="utf-8"))
    for feature in nodes["features"]:
        if feature["id"] == "post":
            feature["properties"]["neighbour"] = "BBB"
            feature["properties"]["aliases"] = ["Frontier Gate"]
            feature["properties"]["border"] = [
                {
                    "country": "AAA",
                    "direction": "outbound",
                    "mode": "road",
                    "hours": 20.0,
                    "usd": 200.0,
                    "year": 2023,
                    "sources": ["test"],
                }
            ]
        if feature["id"] == "east":
            feature["properties"]["country"] = "BBB"
            feature["properties"]["aliases"] = ["Eastville"]
    nodes["features"].append(
        {
            "type": "Feature",
            "id": "harbour",
            "geometry": {"type": "Point", "coordinates": [62.5, 30.5]},
            "properties": {"name": "Harbour (Port of East)", "kind": "port", "country": "BBB", "sources": ["test"]},
        }
    )
    write_json(root / "nodes.geojson", nodes)
    corridor = json.loads((root / "corridors" / "test.geojson").read_text(encoding="utf-8"))
    corridor["features"][0]["properties"]["countries"] = ["AAA", "BBB"]
    corridor["features"][0]["properties"]["waypoints"] = ["post"]
    write_json(root / "corridors" / "test.geojson", corridor)
    links = [
        _link(
            "rail-west-east",
            [[60.0, 30.5], [61.0, 30.0], [62.0, 30.5]],
            status="proposed",
            countries=["AAA", "BBB"],
            gauge_mm=1520,
        ),
        _link("road-east-harbour", [[62.0, 30.5], [62.5, 30.5]], countries=["BBB"], start="east", end="harbour"),
        _link(
            "rail-east-harbour",
            [[62.0, 30.5], [62.25, 30.45], [62.5, 30.5]],
            countries=["BBB"],
            start="east",
            end="harbour",
            gauge_mm=1676,
        ),
    ]
    write_json(root / "network" / "links.geojson", {"type": "FeatureCollection", "features": links})
    write_json(root / "network" / "params.json", NETWORK_PARAMS)
    return root


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say how many mutations the validator fuzz test tried (tests/test_validation.py records them)."""
    counts = [
        value
        for report in terminalreporter.stats.get("passed", [])
        for name, value in report.user_properties
        if name == "mutations"
    ]
    if counts:
        terminalreporter.write_line(f"validator fuzz: {sum(counts)} mutations over {len(counts)} data files")
