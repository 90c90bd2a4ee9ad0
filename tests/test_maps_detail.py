"""Countries at the detail a corridor map needs: full near the corridor, within a tolerance elsewhere."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
import shapely

import corridormap as cm
from corridormap.data import default_data_dir
from corridormap.maps.detail import FAR_TOLERANCE_DEG, NEAR_MARGIN, near_detail
from corridormap.maps.inputs import map_inputs

TOPOLOGY = map_inputs(default_data_dir()).topology
SCALE = np.array(TOPOLOGY["transform"]["scale"])
ORIGIN = np.array(TOPOLOGY["transform"]["translate"])


def _decoded(arcs: list[list[list[int]]]) -> list[np.ndarray]:
    return [np.cumsum(np.array(arc), axis=0) * SCALE + ORIGIN for arc in arcs]


def _near(cid: str) -> list[list[float]]:
    x0, y0, x1, y1 = cm.corridor(cid, include_alternatives=True).total_bounds
    return [[y0, x0], [y1, x1]]


@pytest.mark.parametrize("cid", ["TAPI", "QTTA", "UAP"])
def test_full_detail_near_the_corridor_and_close_elsewhere(cid: str) -> None:
    (south, west), (north, east) = near = _near(cid)
    margin = NEAR_MARGIN * max(north - south, east - west)
    box = shapely.box(west - margin, south - margin, east + margin, north + margin)
    coarse = near_detail(TOPOLOGY, near)
    assert coarse["transform"] == TOPOLOGY["transform"]
    assert coarse["objects"] == TOPOLOGY["objects"]
    full_arcs, coarse_arcs = _decoded(TOPOLOGY["arcs"]), _decoded(coarse["arcs"])
    assert len(coarse_arcs) == len(full_arcs)
    for full, simple in zip(full_arcs, coarse_arcs, strict=True):
        # Same ends, so the countries sharing an arc still meet.
        assert np.allclose(full[[0, -1]], simple[[0, -1]])
        # Every vertex inside the box is kept.
        inside = full[shapely.contains_xy(box, full[:, 0], full[:, 1])]
        kept = {tuple(p) for p in np.round(simple, 9)}
        assert all(tuple(p) in kept for p in np.round(inside, 9))
        # Elsewhere the line moves by at most the tolerance.
        if len(full) > 1:
            moved = shapely.hausdorff_distance(shapely.LineString(full), shapely.LineString(simple))
            assert moved <= FAR_TOLERANCE_DEG + 1e-9
    assert sum(map(len, coarse_arcs)) < 0.8 * sum(map(len, full_arcs))


def test_a_box_around_everything_changes_nothing() -> None:
    arcs = _decoded(TOPOLOGY["arcs"])
    lo, hi = np.min([a.min(axis=0) for a in arcs], axis=0), np.max([a.max(axis=0) for a in arcs], axis=0)
    assert near_detail(TOPOLOGY, [[lo[1], lo[0]], [hi[1], hi[0]]])["arcs"] == TOPOLOGY["arcs"]


def _vertices(page: str) -> int:
    data = re.search(r"var topo_json_\w+_data = (\{.*\});?\n", page)
    assert data is not None
    return sum(len(arc) for arc in json.loads(data.group(1))["arcs"])


def test_corridor_maps_carry_the_coarser_countries() -> None:
    assert _vertices(cm.build_map("TAPI").get_root().render()) < 0.8 * _vertices(cm.build_map().get_root().render())
