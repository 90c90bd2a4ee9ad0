"""Countries at the detail a corridor map needs: full near the corridor, within a tolerance elsewhere."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import numpy as np
import pytest
import shapely
import shapely.affinity
import shapely.geometry

import corridormap as cm
from corridormap.data import default_data_dir
from corridormap.maps.detail import FULL_DETAIL_DEG, PIXELS, near_detail, unpacked_arcs
from corridormap.maps.inputs import map_inputs

if TYPE_CHECKING:
    from pathlib import Path

TOPOLOGY = map_inputs(default_data_dir()).topology
SCALE = np.array(TOPOLOGY["transform"]["scale"])
ORIGIN = np.array(TOPOLOGY["transform"]["translate"])


def _decoded(arcs: list[list[list[int]]]) -> list[np.ndarray]:
    return [np.cumsum(np.array(arc), axis=0) * SCALE + ORIGIN for arc in arcs]


@pytest.mark.parametrize("cid", ["TAPI", "QTTA", "UAP"])
def test_full_detail_near_the_corridor_and_under_a_pixel_elsewhere(cid: str) -> None:
    corridor = cm.corridor(cid, include_alternatives=True).geometry.union_all()
    coarse = near_detail(TOPOLOGY, corridor)
    assert coarse["transform"] == TOPOLOGY["transform"]
    assert coarse["objects"] == TOPOLOGY["objects"]
    full_arcs, coarse_arcs = _decoded(TOPOLOGY["arcs"]), _decoded(coarse["arcs"])
    assert len(coarse_arcs) == len(full_arcs)
    for full, simple in zip(full_arcs, coarse_arcs, strict=True):
        # Same ends, so the countries sharing an arc still meet.
        assert np.allclose(full[[0, -1]], simple[[0, -1]])
        distance = shapely.distance(shapely.points(full), corridor)
        # Every vertex within FULL_DETAIL_DEG of the corridor is kept.
        kept = {tuple(p) for p in np.round(simple, 9)}
        assert all(tuple(p) in kept for p in np.round(full[distance < FULL_DETAIL_DEG], 9))
        # Elsewhere a vertex at distance d moves by at most d / PIXELS: under a pixel in a view that shows the corridor.
        moved = shapely.distance(shapely.points(full), shapely.LineString(simple) if len(simple) > 1 else None)
        assert (moved <= np.maximum(distance, 0) / PIXELS + 1e-9).all()
    assert sum(map(len, coarse_arcs)) < 0.5 * sum(map(len, full_arcs))


def test_a_corridor_everywhere_changes_nothing() -> None:
    arcs = _decoded(TOPOLOGY["arcs"])
    everywhere = shapely.MultiPoint(np.vstack(arcs))  # every vertex at distance 0
    assert near_detail(TOPOLOGY, everywhere)["arcs"] == TOPOLOGY["arcs"]


def _vertices(page: str) -> int:
    data = re.search(r"var topo_json_\w+_data = (\{.*\});?\n", page)
    assert data is not None
    return sum(len(arc) for arc in unpacked_arcs(json.loads(data.group(1))["arcs"]))  # packed in the page


@pytest.mark.parametrize("cid", [None, "TAPI"])
def test_the_maps_carry_the_coarser_countries(cid: str | None) -> None:
    """The overview (near every corridor) and each corridor map (near its own) draw the simplified countries."""
    page = cm.build_map(cid).get_root().render()
    assert _vertices(page) < 0.6 * sum(len(arc) for arc in TOPOLOGY["arcs"])


def test_kept_countries_follow_the_corridor() -> None:
    """near_detail's arcs are kept on disk by content: a moved corridor gets its own, as computed afresh."""
    corridor = cm.corridor("TAPI").geometry.union_all()
    moved = shapely.affinity.translate(corridor, xoff=0.7, yoff=-0.4)
    before = near_detail(TOPOLOGY, corridor)
    after = near_detail(TOPOLOGY, moved)  # the corridor's own arcs are kept by now: this one must not read them
    cm.clear_cache()
    assert after == near_detail(TOPOLOGY, moved)
    assert after["arcs"] != before["arcs"]
    assert near_detail(TOPOLOGY, corridor) == before


def _topology_arcs(page: str) -> list[list[list[int]]]:
    data = re.search(r"var topo_json_\w+_data = (\{.*\});?\n", page)
    assert data is not None
    arcs: list[list[list[int]]] = json.loads(data.group(1))["arcs"]
    return arcs


def test_an_edited_border_is_drawn_after_a_build_that_kept_the_countries(data_copy: Path) -> None:
    """With the countries of the data as it was kept on disk, an edited border gives the page an empty cache gives."""
    before = cm.build_map("TAPI", data_dir=data_copy).get_root().render()
    path = data_copy / "boundaries" / "countries_display.geojson"
    countries = json.loads(path.read_text(encoding="utf-8"))
    for feature in countries["features"]:
        if feature["properties"]["iso3"] == "AZE":  # Azerbaijan, moved 0.2° east
            moved = shapely.affinity.translate(shapely.geometry.shape(feature["geometry"]), xoff=0.2)
            feature["geometry"] = shapely.geometry.mapping(moved)
    path.write_text(json.dumps(countries), encoding="utf-8")
    after = cm.build_map("TAPI", data_dir=data_copy).get_root().render()
    cm.clear_cache()
    assert after == cm.build_map("TAPI", data_dir=data_copy).get_root().render()
    assert _topology_arcs(after) != _topology_arcs(before)
