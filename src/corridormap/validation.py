"""Validating the corridor data: JSON Schemas plus the geographic checks a schema cannot express.

Files are validated against the JSON Schemas in ``corridormap/schemas/`` plus the
geographic checks a schema cannot express, and every problem is reported at once as
``file: feature N (id): field: problem — how to fix``.

Loading validates first (:func:`ensure_valid`). A folder whose exact bytes (data,
schemas and this module, hashed with SHA-256) validated before is trusted: an empty
marker file named by the hash in ``$XDG_CACHE_HOME/corridormap/validated/`` (default
``~/.cache``) records it, which keeps the command line fast. Any edit changes the hash
and validates again.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import shapely

from ._paths import data_root
from ._schema_problems import SCHEMA_DIR, Document, name_of, schema_problems, shown, where
from .caching import cache_dir
from .errors import CorridorDataError
from .geodesy import GEOD
from .network_checks import network_problems
from .status_checks import status_problems

__all__ = [
    "REGION",
    "WAYPOINT_TOLERANCE_KM",
    "Document",
    "check_documents",
    "ensure_valid",
    "folder_problem",
    "validate",
]

#: Bounding box (lon_min, lat_min, lon_max, lat_max) every coordinate must fall in.
REGION = (35.0, 15.0, 95.0, 60.0)
#: How far, in km, a line may pass from a node it lists as start, end or waypoint.
WAYPOINT_TOLERANCE_KM = 5.0

_CHECKS = [Path(__file__).with_name(n) for n in ("network_checks.py", "status_checks.py", "periods.py")]
_NAMED = {"nodes.geojson": "nodes", "sources.json": "sources", "relations.json": "relations"}
_NAMED |= {"links.geojson": "links", "params.json": "params"}


def _kind_of(path: Path) -> str:
    return _NAMED.get(path.name, "corridor")


def _read(path: Path, problems: list[str]) -> Document:
    label = str(path)
    kind = _kind_of(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{label}: file not found — check the path or pass --data DIR")
        return Document(kind, label, None)
    except IsADirectoryError:
        problems.append(f"{label}: is a folder, not a data file — name a .geojson or .json file")
        return Document(kind, label, None)
    except UnicodeDecodeError as exc:
        problems.append(f"{label}: byte {exc.start} is not UTF-8 — save the file as UTF-8 text")
        return Document(kind, label, None)
    except OSError as exc:
        problems.append(f"{label}: cannot read: {exc.strerror or exc} — check that it is a file you may read")
        return Document(kind, label, None)
    try:
        content = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(
            f"{label}: line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg} — fix the syntax there"
        )
        return Document(kind, label, None)
    except (RecursionError, ValueError) as exc:  # nesting or a number too deep or long for Python to read
        problems.append(f"{label}: cannot read the JSON: {shown(str(exc), 80)} — simplify that value")
        return Document(kind, label, None)
    return Document(kind, label, content)


def _in_region(lon: float, lat: float) -> bool:
    x0, y0, x1, y1 = REGION
    return x0 <= lon <= x1 and y0 <= lat <= y1


def _position_problem(lon: float, lat: float) -> str | None:
    if _in_region(lon, lat):
        return None
    if _in_region(lat, lon):
        return f"[{lon}, {lat}] looks like [lat, lon] — swap it to [{lat}, {lon}] (GeoJSON is lon, lat)"
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return f"[{lon}, {lat}] is out of range — longitude must be within ±180 and latitude within ±90"
    return (
        f"[{lon}, {lat}] is outside the region {list(REGION)} — check the coordinate, "
        "or widen corridormap.validation.REGION"
    )


def _distance_to_line_km(point: tuple[float, float], line: shapely.LineString) -> float:
    nearest = line.interpolate(line.project(shapely.Point(point)))
    return float(GEOD.inv(point[0], point[1], nearest.x, nearest.y)[2]) / 1000


def _sources_used(obj: Any, path: str = "") -> list[tuple[str, str]]:
    """Every (field, source id) cited anywhere inside ``obj``."""
    found = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            sub = f"{path}.{key}" if path else key
            if key == "sources" and isinstance(value, list):
                found += [(sub, s) for s in value if isinstance(s, str)]
            else:
                found += _sources_used(value, sub)
    elif isinstance(obj, list):
        for i, value in enumerate(obj):
            found += _sources_used(value, f"{path}[{i}]")
    return found


def _feature_prefix(file: Document, index: int, feature: dict[str, Any]) -> str:
    return f"{file.label}: feature {index} ({name_of(feature.get('id'))})"


def _geometry_problems(file: Document, node_xy: dict[str, tuple[float, float]]) -> list[str]:
    problems = []
    corridor_id = file.content["corridor"]["id"]
    segment_ids = {f["id"] for f in file.content["features"]}
    for i, reported in enumerate(file.content["corridor"]["reported_lengths"]):
        for sid in reported.get("segments", []):
            if sid not in segment_ids:
                problems.append(
                    f"{file.label}: corridor.reported_lengths[{i}].segments: segment {sid!r} is not in this "
                    f"corridor — use one of its feature ids"
                )
    for index, feature in enumerate(file.content["features"]):
        prefix = _feature_prefix(file, index, feature)
        props = feature["properties"]
        if props["corridor"] != corridor_id:
            problems.append(
                f"{prefix}: corridor: {props['corridor']!r} differs from the file's corridor id "
                f"{corridor_id!r} — make them equal"
            )
        coords = feature["geometry"]["coordinates"]
        bad = [(i, p) for i, (lon, lat) in enumerate(coords) if (p := _position_problem(lon, lat))]
        for i, problem in bad:
            problems.append(f"{prefix}: geometry.coordinates[{i}]: {problem}")
        if len({tuple(c) for c in coords}) < 2:
            problems.append(f"{prefix}: geometry: fewer than two distinct vertices — a line needs at least two")
            continue
        if bad:
            continue
        line = shapely.LineString(coords)
        for field, ids in (("start", [props["start"]]), ("end", [props["end"]]), ("waypoints", props["waypoints"])):
            for node_id in ids:
                if node_id not in node_xy:
                    problems.append(
                        f"{prefix}: {field}: node {node_id!r} is not defined — add it to nodes.geojson or fix the id"
                    )
                    continue
                km = _distance_to_line_km(node_xy[node_id], line)
                if km > WAYPOINT_TOLERANCE_KM:
                    problems.append(
                        f"{prefix}: {field}: the line passes {km:.1f} km from node {node_id!r} "
                        f"(limit {WAYPOINT_TOLERANCE_KM:g} km) — digitise the line through the node or fix its position"
                    )
    return problems


def _node_problems(file: Document) -> list[str]:
    problems = []
    for index, feature in enumerate(file.content["features"]):
        lon, lat = feature["geometry"]["coordinates"]
        if problem := _position_problem(lon, lat):
            problems.append(f"{_feature_prefix(file, index, feature)}: geometry.coordinates: {problem}")
    return problems


def _duplicate_problems(files: list[Document]) -> list[str]:
    problems: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for file in files:
        if file.kind not in ("corridor", "nodes", "links"):
            continue
        scope = "node" if file.kind == "nodes" else "segment"
        for index, feature in enumerate(file.content["features"]):
            key = (scope, feature["id"])
            if key in seen:
                problems.append(
                    f"{_feature_prefix(file, index, feature)}: id: duplicate {scope} id, "
                    f"first used in {seen[key]} — give each {scope} its own id"
                )
            else:
                seen[key] = f"{file.label} feature {index}"
        if file.kind == "corridor":
            key = ("corridor", file.content["corridor"]["id"])
            if key in seen:
                problems.append(
                    f"{file.label}: corridor.id: duplicate corridor id {key[1]!r}, also in {seen[key]} — rename one"
                )
            seen[key] = file.label
    return problems


def _reference_problems(files: list[Document], source_ids: set[str]) -> list[str]:
    problems = []
    for file in files:
        if file.kind == "sources":
            continue
        for field, source_id in _sources_used(file.content):
            if source_id in source_ids:
                continue
            prefix, rel = file.label, field
            match = re.match(r"(features|countries)\[(\d+)\]\.?(.*)", field)
            if match:
                prefix, rel = where(file, [match[1], int(match[2])])[0], match[3]
            problems.append(
                f"{prefix}: {rel}: source {shown(source_id)} is not defined — add it to sources.json or fix the id"
            )
    return problems


def folder_problem(root: Path) -> str | None:
    """Why ``root`` is not a data folder (missing, or a file), or None if it is a folder."""
    if root.is_dir():
        return None
    what = "is a file, not a folder" if root.exists() else "no such folder"
    return f"{root}: {what} — pass a data folder (one holding corridors/, nodes.geojson and sources.json)"


def _collect(paths: list[Path], data_dir: Path, problems: list[str]) -> list[Path]:
    """Expand folders into their data files; bring in the data folder's sources and nodes for cross-checks."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            corridors = sorted((path / "corridors").glob("*.geojson"))
            if not corridors and not (path / "network").is_dir():
                problems.append(f"{path}: no corridor files found — put them in {path / 'corridors'}/*.geojson")
            out += [path / "sources.json", path / "nodes.geojson"]
            out += [p for p in [path / "relations.json"] if p.exists()]
            out += corridors
            out += [path / "network" / n for n in ("links.geojson", "params.json") if (path / "network").is_dir()]
        elif path.exists() or path.suffix:
            out.append(path)
        else:
            problems.append(f"{path}: no such file or folder — check the path")
    kinds = {_kind_of(p) for p in out}
    for kind, name in (("sources", "sources.json"), ("nodes", "nodes.geojson")):
        if kind not in kinds and data_dir.is_dir():
            out.append(data_dir / name)
    return out


def validate(paths: list[str | Path] | None = None, *, data_dir: str | Path | None = None) -> list[str]:
    """Check data files and return every problem found (an empty list when all is well).

    Parameters
    ----------
    paths
        Files or data folders to check. Default: the whole data folder.
    data_dir
        The data folder whose ``sources.json`` and ``nodes.geojson`` resolve references
        when ``paths`` names single files. Default: the project's ``geodata/``.

    Returns
    -------
    list of str
        One line per problem: ``file: feature N (id): field: problem — how to fix``.

    Examples
    --------
    >>> import corridormap as cm
    >>> cm.validate()
    []
    """
    root = data_root(data_dir)
    if not paths and (problem := folder_problem(root)):
        return [problem]
    problems: list[str] = []
    files = [_read(p, problems) for p in _collect([Path(p) for p in (paths or [root])], root, problems)]
    return problems + check_documents(files)


def check_documents(files: list[Document]) -> list[str]:
    """Every problem in data already read: schemas, duplicate ids, citations, geometry.

    :func:`validate` reads the files and calls this; it takes documents in memory so that
    a caller (or a fuzz test) can check content without writing it to disk.

    Examples
    --------
    >>> check_documents([Document("sources", "sources.json", {"x": {"title": "T"}})])
    ["sources.json: x: missing required property 'publisher' — add it (see the schema in corridormap/schemas/)", \
"sources.json: x: missing required property 'date' — add it (see the schema in corridormap/schemas/)"]
    """
    problems: list[str] = []
    readable = [f for f in files if f.content is not None]
    valid = []
    for file in readable:
        found = schema_problems(file)
        problems += found
        if not found:
            valid.append(file)
    source_ids = {k for f in readable if f.kind == "sources" and isinstance(f.content, dict) for k in f.content}
    node_xy = {
        n["id"]: tuple(n["geometry"]["coordinates"]) for f in valid if f.kind == "nodes" for n in f.content["features"]
    }
    problems += _duplicate_problems(valid)
    if any(f.kind == "sources" for f in readable):  # else every citation would be flagged
        problems += _reference_problems(readable, source_ids)
    for file in valid:
        if file.kind == "corridor":
            problems += _geometry_problems(file, node_xy) + status_problems(file.label, file.content)
        elif file.kind == "nodes":
            problems += _node_problems(file)
        elif file.kind in ("links", "params"):
            problems += network_problems(file.kind, file.label, file.content, node_xy, REGION, WAYPOINT_TOLERANCE_KM)
    return problems


def _fingerprint(root: Path) -> str:
    """Hash of everything validation depends on: the data files, the schemas, the validator's code."""
    digest = hashlib.sha256()
    code = [Path(__file__), Path(__file__).with_name("_schema_problems.py")]
    files = [*sorted((root / "corridors").glob("*.geojson")), *sorted(SCHEMA_DIR.glob("*.json")), *code]
    files += [root / name for name in ("sources.json", "nodes.geojson", "relations.json")]
    files += [root / "network" / "links.geojson", root / "network" / "params.json", *_CHECKS]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()


def _validated_marker(root: Path) -> Path:
    return cache_dir() / "validated" / _fingerprint(root)


def ensure_valid(root: Path) -> None:
    """Validate a data folder, or trust a record that these exact bytes validated before."""
    if problem := folder_problem(root):
        raise CorridorDataError([problem])
    marker = _validated_marker(root)
    if marker.exists():
        return
    problems = validate([root], data_dir=root)
    if problems:
        raise CorridorDataError(problems)
    try:
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError:
        pass  # a read-only home only costs the validation next time
