"""Checks of the routing network files: ``network/links.geojson`` and ``network/params.json``.

Problems read like the corridor checks: ``file: feature N (id): field: problem — how to fix``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyproj import Geod

from .validation import REGION, WAYPOINT_TOLERANCE_KM

if TYPE_CHECKING:
    import jsonschema

__all__ = ["LINK_END_KM", "network_problems"]

#: How far (km) a link's first and last vertex may lie from its start and end nodes.
LINK_END_KM = 1.0

_GEOD = Geod(ellps="WGS84")
_SCHEMAS = Path(__file__).parent / "schemas"


@cache
def _validator(name: str) -> jsonschema.Draft202012Validator | None:
    import jsonschema

    path = _SCHEMAS / name
    if not path.exists():
        return None
    return jsonschema.Draft202012Validator(json.loads(path.read_text(encoding="utf-8")))


def _read(path: Path, problems: list[str]) -> Any:
    if not path.exists():
        problems.append(f"{path}: file not found — the routing network needs it (see the README, Routing)")
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read: {exc} — save it as UTF-8 text")
    except json.JSONDecodeError as exc:
        problems.append(f"{path}: line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg} — fix the syntax there")
    return None


def _label(path: Path, content: Any, where: list[Any]) -> tuple[str, str]:
    if len(where) >= 2 and where[0] == "features" and isinstance(where[1], int):
        feature = content["features"][where[1]] if where[1] < len(content.get("features", [])) else {}
        fid = feature.get("id") if isinstance(feature, dict) else None
        prefix, rest = f"{path}: feature {where[1]}" + (f" ({fid})" if fid else ""), where[2:]
    else:
        prefix, rest = str(path), where
    field = ""
    for part in rest:
        field += f"[{part}]" if isinstance(part, int) else (f".{part}" if field else str(part))
    return prefix, field or "(top level)"


def _schema_problems(path: Path, content: Any, schema: str) -> list[str]:
    validator = _validator(schema)
    if validator is None:
        return []
    problems = []
    for error in sorted(validator.iter_errors(content), key=lambda e: list(map(str, e.path))):
        prefix, field = _label(path, content, list(error.path))
        problems.append(f"{prefix}: {field}: {error.message} — see corridormap/schemas/{schema}")
    return problems


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return float(_GEOD.inv(a[0], a[1], b[0], b[1])[2]) / 1000


def _near_line_km(point: tuple[float, float], coords: list[list[float]]) -> float:
    import shapely

    line = shapely.LineString(coords)
    nearest = line.interpolate(line.project(shapely.Point(point)))
    return _km(point, (nearest.x, nearest.y))


def _link_problems(
    path: Path, fc: dict[str, Any], node_xy: dict[str, tuple[float, float]], known: set[str]
) -> list[str]:
    problems: list[str] = []
    x0, y0, x1, y1 = REGION
    seen: dict[str, int] = {}
    for index, feature in enumerate(fc["features"]):
        props, fid = feature["properties"], feature["id"]
        prefix = f"{path}: feature {index} ({fid})"
        if fid in seen:
            problems.append(f"{prefix}: id: duplicate link id, first used by feature {seen[fid]} — rename one")
        elif fid in known:
            problems.append(f"{prefix}: id: {fid!r} is also a corridor segment id — give the link its own id")
        seen.setdefault(fid, index)
        coords = feature["geometry"]["coordinates"]
        outside = [i for i, (lon, lat) in enumerate(coords) if not (x0 <= lon <= x1 and y0 <= lat <= y1)]
        for i in outside[:3]:
            problems.append(
                f"{prefix}: geometry.coordinates[{i}]: {coords[i]} is outside the region {list(REGION)} — "
                "check the coordinate (GeoJSON is [lon, lat])"
            )
        if outside or len({tuple(c) for c in coords}) < 2:
            if not outside:
                problems.append(f"{prefix}: geometry: fewer than two distinct vertices — a line needs at least two")
            continue
        if props["mode"] == "rail" and props.get("gauge_mm") is None:
            problems.append(f"{prefix}: gauge_mm: a rail link needs its gauge — add 1520, 1676 or 1435")
        for field, node_id, vertex in (("start", props["start"], coords[0]), ("end", props["end"], coords[-1])):
            if node_id not in node_xy:
                problems.append(f"{prefix}: {field}: node {node_id!r} is not defined — add it to nodes.geojson")
                continue
            km = _km((vertex[0], vertex[1]), node_xy[node_id])
            if km > LINK_END_KM:
                problems.append(
                    f"{prefix}: {field}: the line's {'first' if field == 'start' else 'last'} vertex is {km:.1f} km "
                    f"from node {node_id!r} (limit {LINK_END_KM:g} km) — end the line at the node"
                )
        for node_id in props["waypoints"]:
            if node_id not in node_xy:
                problems.append(f"{prefix}: waypoints: node {node_id!r} is not defined — add it to nodes.geojson")
            elif (km := _near_line_km(node_xy[node_id], coords)) > WAYPOINT_TOLERANCE_KM:
                problems.append(
                    f"{prefix}: waypoints: the line passes {km:.1f} km from node {node_id!r} "
                    f"(limit {WAYPOINT_TOLERANCE_KM:g} km) — digitise the line through the node"
                )
    return problems


def _cited(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        return [s for k, v in obj.items() for s in (v if k == "sources" and isinstance(v, list) else _cited(v))]
    if isinstance(obj, list):
        return [s for v in obj for s in _cited(v)]
    return []


def _params_problems(path: Path, params: dict[str, Any]) -> list[str]:
    problems = []
    modes = {entry.get("mode") for entry in params.get("speed_cost", [])}
    for mode in ("road", "rail"):
        has_default = any(e.get("mode") == mode and e.get("country") == "*" for e in params.get("speed_cost", []))
        if not has_default:
            found = "" if mode in modes else " (there is none at all)"
            problems.append(
                f"{path}: speed_cost: no default ('*') {mode} speed{found} — add one for countries without their own"
            )
    return problems


def network_problems(root: Path) -> list[str]:
    """Every problem in a data folder's network files (empty when all is well)."""
    problems: list[str] = []
    links_path, params_path = root / "network" / "links.geojson", root / "network" / "params.json"
    links, params = _read(links_path, problems), _read(params_path, problems)
    node_fc = _read(root / "nodes.geojson", problems)
    source_ids = set(_read(root / "sources.json", problems) or {})
    node_xy = {f["id"]: tuple(f["geometry"]["coordinates"]) for f in (node_fc or {}).get("features", [])}
    known: set[str] = set()
    for corridor_path in sorted((root / "corridors").glob("*.geojson")):
        content = _read(corridor_path, problems)
        known |= {f.get("id") for f in (content or {}).get("features", [])}
    if links is not None:
        found = _schema_problems(links_path, links, "network.schema.json")
        problems += found
        if not found:
            problems += _link_problems(links_path, links, node_xy, known)
    if params is not None:
        found = _schema_problems(params_path, params, "params.schema.json")
        problems += found or _params_problems(params_path, params)
    for path, content in ((links_path, links), (params_path, params)):
        for source_id in sorted(set(_cited(content)) - source_ids):
            problems.append(f"{path}: sources: source {source_id!r} is not defined — add it to sources.json")
    return problems
