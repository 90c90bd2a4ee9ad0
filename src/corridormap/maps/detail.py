"""Countries at the detail a corridor map needs: full near the corridor, coarse far from it.

A corridor map opens on its corridor, so the borders a reader zooms into (where the
corridor crosses them) are around it. Further away the countries are context, seen once
the reader zooms out: there they are drawn at the detail of a zoom-5 view (the overview's),
:data:`FAR_TOLERANCE_DEG`. The TopoJSON keeps its topology: each shared border is one arc,
simplified once, and every arc keeps its end points, so neighbours still meet without gaps
or overlaps. A third of a corridor map's compressed bytes were the countries.

Examples
--------
>>> from corridormap.data import default_data_dir
>>> from corridormap.maps.inputs import map_inputs
>>> topology = map_inputs(default_data_dir()).topology
>>> near = [[35.0, 69.0], [37.0, 71.0]]  # (south, west), (north, east), as folium's bounds
>>> len(str(near_detail(topology, near)["arcs"])) < len(str(topology["arcs"]))
True
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

__all__ = ["FAR_TOLERANCE_DEG", "NEAR_MARGIN", "near_detail"]

#: Simplification tolerance (degrees) away from the corridor: under half a pixel at zoom 5
#: (360° / 2⁵ / 256 px = 0.044° a pixel at the equator).
FAR_TOLERANCE_DEG = 0.02
#: Full detail within the corridor's box widened by this fraction of its larger side on every side.
NEAR_MARGIN = 0.25


def near_detail(topology: dict[str, Any], near: list[list[float]]) -> dict[str, Any]:
    """A copy of a quantised, delta-encoded TopoJSON whose arcs keep full detail only near a box.

    ``near`` is ``[[south, west], [north, east]]``. Runs of an arc's vertices outside the box
    (widened by :data:`NEAR_MARGIN`) are simplified (Douglas-Peucker, :data:`FAR_TOLERANCE_DEG`),
    keeping the vertices where the arc leaves and re-enters it and the arc's two ends.
    """
    (south, west), (north, east) = near
    margin = NEAR_MARGIN * max(north - south, east - west)
    scale = np.array(topology["transform"]["scale"], dtype=float)
    origin = np.array(topology["transform"]["translate"], dtype=float)
    low = (np.array([west - margin, south - margin]) - origin) / scale
    high = (np.array([east + margin, north + margin]) - origin) / scale
    tolerance = FAR_TOLERANCE_DEG / float(scale.max())
    arcs = [_arc(arc, low, high, tolerance) for arc in topology["arcs"]]
    return topology | {"arcs": arcs}


def _arc(arc: list[list[int]], low: np.ndarray, high: np.ndarray, tolerance: float) -> list[list[int]]:
    """One delta-encoded arc with its runs of vertices outside ``low``-``high`` simplified."""
    points = np.cumsum(np.array(arc, dtype=np.int64), axis=0)
    inside: np.ndarray = np.all((points >= low) & (points <= high), axis=1)
    if inside.all():
        return arc
    # Run boundaries: where the arc enters or leaves the box.
    cuts = np.flatnonzero(inside[1:] != inside[:-1]) + 1
    kept: list[np.ndarray] = []
    for start, end in zip([0, *cuts], [*cuts, len(points)], strict=True):
        if inside[start]:
            run = points[start:end]
        else:  # from the last vertex inside before the run to the first inside after it
            run = points[max(start - 1, 0) : min(end + 1, len(points))]
            if len(run) > 2:
                simple = shapely.simplify(shapely.LineString(run), tolerance, preserve_topology=False)
                run = shapely.get_coordinates(simple).astype(np.int64)
        if kept and (kept[-1][-1] == run[0]).all():
            run = run[1:]
        if len(run):
            kept.append(run)
    out = np.vstack(kept)
    if (points[0] == points[-1]).all() and len(out) < 4:  # a small island: a ring needs 4 points
        out = points
    return np.vstack([out[:1], np.diff(out, axis=0)]).tolist()  # type: ignore[no-any-return]
