"""Shared fixtures: copies of the real data, and small synthetic data folders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable

    import shapely

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
