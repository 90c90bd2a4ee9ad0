"""The checks of the routing network files a schema cannot express.

``network/links.geojson``: every vertex in the region, at least two distinct vertices, the first
and last vertex within :data:`LINK_END_KM` of the ``start`` and ``end`` nodes, every waypoint
passed within the waypoint tolerance, a gauge on every rail link. ``network/params.json``: a
default (``'*'``) speed and cost for each mode, a default border figure for each mode, one figure
for each transfer kind. Schema, duplicate ids and sources are checked by
:func:`corridormap.validate` as for every data file; problems read the same way.

Examples
--------
>>> fc = {"features": [{"id": "road-a-b", "geometry": {"coordinates": [[60, 30], [61, 30]]},
...        "properties": {"mode": "road", "start": "a", "end": "b", "waypoints": []}}]}
>>> found = network_problems("links", "x", fc, {"a": (60, 30), "b": (61.02, 30)}, (35, 15, 95, 60), 5.0)
>>> print(*found)  # doctest: +ELLIPSIS
x: feature 0 (road-a-b): end: the line's last vertex is 1.9 km from node 'b' (limit 1 km) — end the line at ...
"""

from __future__ import annotations

from typing import Any

import shapely

from .geodesy import GEOD

__all__ = ["LINK_END_KM", "network_problems"]

#: How far (km) a link's first and last vertex may lie from its start and end nodes.
LINK_END_KM = 1.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000


def _near_line_km(point: tuple[float, float], line: shapely.LineString) -> float:
    nearest = line.interpolate(line.project(shapely.Point(point)))
    return _km(point, (nearest.x, nearest.y))


def _link_problems(
    label: str, fc: dict[str, Any], node_xy: dict[str, tuple[float, float]], region: tuple[float, ...], limit: float
) -> list[str]:
    problems: list[str] = []
    x0, y0, x1, y1 = region
    for index, feature in enumerate(fc["features"]):
        props, prefix = feature["properties"], f"{label}: feature {index} ({feature['id']})"
        coords = feature["geometry"]["coordinates"]
        outside = [i for i, (lon, lat) in enumerate(coords) if not (x0 <= lon <= x1 and y0 <= lat <= y1)]
        problems += [
            f"{prefix}: geometry.coordinates[{i}]: {coords[i]} is outside the region {list(region)} — check the "
            "coordinate (GeoJSON is [lon, lat])"
            for i in outside[:3]
        ]
        if len({tuple(c) for c in coords}) < 2:
            problems.append(f"{prefix}: geometry: fewer than two distinct vertices — a line needs at least two")
        if outside or len({tuple(c) for c in coords}) < 2:
            continue
        if props["mode"] == "rail" and props.get("gauge_mm") is None:
            problems.append(f"{prefix}: gauge_mm: a rail link needs its gauge — add 1520, 1676 or 1435")
        for field, node_id, vertex in (("start", props["start"], coords[0]), ("end", props["end"], coords[-1])):
            if node_id not in node_xy:
                problems.append(f"{prefix}: {field}: node {node_id!r} is not defined — add it to nodes.geojson")
            elif (km := _km((vertex[0], vertex[1]), node_xy[node_id])) > LINK_END_KM:
                which = "first" if field == "start" else "last"
                problems.append(
                    f"{prefix}: {field}: the line's {which} vertex is {km:.1f} km from node {node_id!r} "
                    f"(limit {LINK_END_KM:g} km) — end the line at the node or move the node"
                )
        line = shapely.LineString(coords)
        for node_id in props["waypoints"]:
            if node_id not in node_xy:
                problems.append(f"{prefix}: waypoints: node {node_id!r} is not defined — add it to nodes.geojson")
            elif (km := _near_line_km(node_xy[node_id], line)) > limit:
                problems.append(
                    f"{prefix}: waypoints: the line passes {km:.1f} km from node {node_id!r} (limit {limit:g} km) "
                    "— digitise the line through the node or fix its position"
                )
    return problems


def _params_problems(label: str, params: dict[str, Any]) -> list[str]:
    problems = []
    for mode in ("road", "rail"):
        for field, what in (("speed_cost", "speed and cost"), ("border_defaults", "border figure")):
            if not any(e["mode"] == mode and e["country"] == "*" for e in params[field]):
                problems.append(
                    f"{label}: {field}: no default ('*') {mode} {what} — add one for the countries without their own"
                )
    kinds = {t["kind"] for t in params["transfers"]}
    problems += [
        f"{label}: transfers: no {kind!r} figure — add one" for kind in ("gauge_break", "mode_change", "port")
        if kind not in kinds
    ]  # fmt: skip
    return problems


def network_problems(
    kind: str,
    label: str,
    content: dict[str, Any],
    node_xy: dict[str, tuple[float, float]],
    region: tuple[float, ...],
    waypoint_km: float,
) -> list[str]:
    """Problems in one schema-valid network file: ``kind`` is ``"links"`` or ``"params"``."""
    if kind == "links":
        return _link_problems(label, content, node_xy, region, waypoint_km)
    return _params_problems(label, content)
