"""The corridors and the links between them as one transport network (a networkx ``MultiDiGraph``).

Edges are every link in ``network/links.geojson`` and every road or railway corridor
segment (UAP, KTAP, QTTA, alternatives included), in both directions. A line that crosses
a border between its ends is cut at the crossing (placed geodesically, as
:func:`corridormap.analyze` finds it), so that every edge lies in one country and every
border is paid at a node: the named border post when one is within 5 km, else a node named
after the line and the two countries. Pipelines, power lines and fibre are not transport.

Each edge carries its geometry in the direction of travel, ``mode``, ``status``,
``gauge_mm`` (rail), ``km`` (geodesic, WGS84), ``km_by_country``, the country on each
end (``from_country``, ``to_country``), the ``link`` (link or segment id) and its ``sources``.
The graph is built once per content of the data (the files' bytes) and cached.
"""

from __future__ import annotations

import copy
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import geopandas as gpd
import networkx as nx
import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

from ._paths import default_data_dir
from .caching import forget_on_clear
from .crossings import split_and_cross
from .data import corridors, nodes
from .errors import CorridorDataError
from .geodesy import geodesic_length_km
from .validation import ensure_valid

__all__ = [
    "BORDER_POST_KM",
    "END_MARGIN_KM",
    "TRANSPORT_KINDS",
    "content_key",
    "network",
    "network_gdfs",
    "network_lines",
    "network_params",
    "shared_graph",
    "shared_params",
]

#: Corridor kinds that are transport, and the mode each is routed as.
TRANSPORT_KINDS = {"road": "road", "railway": "rail"}
#: A crossing this close (km) to a named border post is paid at that post.
BORDER_POST_KM = 5.0
#: Crossings closer than this (km) to a line's end belong to the end node, not the line.
END_MARGIN_KM = 1.0

_GEOD = Geod(ellps="WGS84")
_NETWORK_FILES = ("network/links.geojson", "network/params.json", "nodes.geojson")


def _root(data_dir: str | Path | None) -> Path:
    return (Path(data_dir) if data_dir is not None else default_data_dir()).resolve()


def _read_json(path: Path) -> Any:
    if not path.exists():
        msg = f"{path}: file not found — the routing network needs it (see the Routing section of the README)"
        raise CorridorDataError([msg])
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        msg = f"{path}: invalid JSON: {exc} — run `corridormap validate` for details"
        raise CorridorDataError([msg]) from exc


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """Cheap identity of the files the network depends on (name, size, mtime)."""
    paths = [root / name for name in _NETWORK_FILES]
    paths += sorted((root / "corridors").glob("*.geojson"))
    paths += [root / "boundaries" / "countries.geojson"]
    stats = [p.stat() if p.exists() else None for p in paths]
    return tuple((str(p), s.st_size, s.st_mtime_ns) if s else (str(p), -1, -1) for p, s in zip(paths, stats))


@forget_on_clear
@forget_on_clear
@lru_cache(maxsize=32)
def _fingerprint(stamp: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, size, _ in stamp:
        digest.update(name.rsplit("/", 1)[-1].encode())
        digest.update(Path(name).read_bytes() if size >= 0 else b"-")
    return digest.hexdigest()


def content_key(data_dir: str | Path | None = None) -> tuple[Path, str]:
    """The data folder and a SHA-256 of the bytes the network is built from (a cache key)."""
    root = _root(data_dir)
    return root, _fingerprint(_stamp(root))


def _links_frame(root: Path) -> gpd.GeoDataFrame:
    if not (root / "network").is_dir():
        msg = f"{root / 'network'}: folder not found — the routing network needs links.geojson and params.json there"
        raise CorridorDataError([msg])
    ensure_valid(root)  # the whole folder, network files included, once per content
    fc = _read_json(root / "network" / "links.geojson")
    rows = [{"id": f["id"], "origin": "link", **f["properties"]} for f in fc["features"]]
    geoms = [shapely.LineString(f["geometry"]["coordinates"]) for f in fc["features"]]
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def network_lines(*, data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Every line of the transport network: the links and the road and railway corridor segments.

    ``origin`` says where each comes from: ``"link"`` or the corridor id.

    Examples
    --------
    >>> import corridormap as cm
    >>> lines = cm.network_lines()
    >>> sorted(set(lines["mode"]))
    ['rail', 'road']
    """
    return _lines(*content_key(data_dir)).copy()


@forget_on_clear
@forget_on_clear
@lru_cache(maxsize=4)
def _lines(root: Path, key: str) -> gpd.GeoDataFrame:
    own = _links_frame(root)
    segs = corridors(data_dir=root)
    segs = segs[segs["kind"].isin(list(TRANSPORT_KINDS))].copy()
    segs["mode"] = segs["kind"].map(TRANSPORT_KINDS)
    segs["origin"] = segs["corridor"]
    if "gauge_mm" not in segs:
        segs["gauge_mm"] = None
    columns = ["id", "name", "origin", "mode", "status", "route_accuracy", "countries", "start", "end"]
    columns += ["gauge_mm", "sources", "geometry"]
    frame = pd.concat([own.reindex(columns=columns), segs.reindex(columns=columns)], ignore_index=True)
    frame["gauge_mm"] = [None if pd.isna(g) else int(g) for g in frame["gauge_mm"]]
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def network_params(*, data_dir: str | Path | None = None) -> dict[str, Any]:
    """The routing parameters (``network/params.json``): speeds and costs, border defaults, transfers.

    Edit the returned dict and pass it as ``params=`` to :func:`corridormap.route` for a scenario.

    Examples
    --------
    >>> import corridormap as cm
    >>> {"speed_cost", "border_defaults", "transfers"} <= set(cm.network_params())
    True
    """
    root, key = content_key(data_dir)
    return copy.deepcopy(shared_params(root, key))


@forget_on_clear
@forget_on_clear
@lru_cache(maxsize=4)
def shared_params(root: Path, key: str) -> dict[str, Any]:
    """The parameters of a data folder, cached by content (shared: do not modify; see :func:`network_params`)."""
    _lines(root, key)  # validates the network files first
    params: dict[str, Any] = _read_json(root / "network" / "params.json")
    return params


def _cut(coords: np.ndarray, at_km: list[float]) -> list[np.ndarray]:
    """Cut a lon/lat polyline at distances along it (km), each cut point on the geodesic."""
    x, y = coords[:, 0], coords[:, 1]
    az, _, dist = _GEOD.inv(x[:-1], y[:-1], x[1:], y[1:])
    cum = np.concatenate([[0.0], np.cumsum(dist) / 1000])
    pieces, start, head = [], 0, coords[:1]
    for km in at_km:
        i = int(np.clip(np.searchsorted(cum, km, side="right") - 1, 0, len(dist) - 1))
        lon, lat, _ = _GEOD.fwd(x[i], y[i], az[i], (km - cum[i]) * 1000)
        point = np.array([[lon, lat]])
        pieces.append(np.vstack([head, coords[start + 1 : i + 1], point]))
        head, start = point, i
    pieces.append(np.vstack([head, coords[start + 1 :]]))
    return pieces


def _node_attrs(place: dict[str, Any]) -> dict[str, Any]:
    def listed(name: str) -> list[Any]:
        return list(place[name]) if isinstance(place.get(name), list) else []

    neighbour = place.get("neighbour")
    return {
        "name": place["name"],
        "kind": place["kind"],
        "country": place["country"],
        "neighbour": neighbour if isinstance(neighbour, str) else None,
        "aliases": listed("aliases"),
        "border": listed("border"),
        "closures": listed("closures"),
        "x": float(place["x"]),
        "y": float(place["y"]),
    }


def _add_line(
    graph: nx.MultiDiGraph[str],
    line: dict[str, Any],
    cuts: list[dict[str, Any]],
    pieces: list[np.ndarray],
    km_by_piece: dict[tuple[str, int], dict[str, float]],
) -> None:
    ends = [line["start"], *(c["node"] for c in cuts), line["end"]]
    starts = [line["start_side"], *(c["to_iso3"] for c in cuts)]  # the country each piece starts in
    stops = [*(c["from_iso3"] for c in cuts), line["end_side"]]  # and ends in
    for n, coords in enumerate(pieces):
        by_country = km_by_piece.get((line["id"], n), {})
        attrs = {
            "link": line["id"],
            "piece": n,
            "name": line["name"],
            "origin": line["origin"],
            "mode": line["mode"],
            "status": line["status"],
            "route_accuracy": line["route_accuracy"],
            "gauge_mm": None if pd.isna(line["gauge_mm"]) else int(line["gauge_mm"]),
            "sources": list(line["sources"]),
            "country": max(by_country, key=by_country.__getitem__) if by_country else starts[n],
            "km": geodesic_length_km(coords),
            "km_by_country": by_country,
        }
        key = f"{line['id']}#{n}" if len(pieces) > 1 else line["id"]
        forward, backward = shapely.LineString(coords), shapely.LineString(coords[::-1])
        graph.add_edge(
            ends[n], ends[n + 1], key, **attrs, from_country=starts[n], to_country=stops[n], geometry=forward
        )
        graph.add_edge(
            ends[n + 1], ends[n], key, **attrs, from_country=stops[n], to_country=starts[n], geometry=backward
        )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return cast("list[dict[str, Any]]", frame.to_dict(orient="records"))


def _cuts(lines: list[dict[str, Any]], root: Path) -> dict[str, list[dict[str, Any]]]:
    """Where each line crosses a border between its ends; a crossing at an end node sets that end's side."""
    geoms = gpd.GeoSeries([ln["geometry"] for ln in lines], index=[ln["id"] for ln in lines], crs="EPSG:4326")
    _, found = split_and_cross(geoms, data_dir=root)
    by_id = {ln["id"]: ln for ln in lines}
    cuts: dict[str, list[dict[str, Any]]] = {}
    for x in _records(found.assign(lon=found.geometry.x, lat=found.geometry.y).drop(columns="geometry")):
        line = by_id[x["line"]]
        near = x["nearest_crossing"] if x["nearest_crossing_km"] <= BORDER_POST_KM else None
        if near == line["start"] or x["km_from_start"] <= END_MARGIN_KM:
            line["start_side"] = x["to_iso3"]  # the line leaves its start post on this side
        elif near == line["end"] or x["km_from_start"] >= line["km"] - END_MARGIN_KM:
            line["end_side"] = x["from_iso3"]
        else:
            node = near or f"{line['id']}@{x['from_iso3']}-{x['to_iso3']}"
            cuts.setdefault(line["id"], []).append({**x, "node": node})
    return cuts


@forget_on_clear
@forget_on_clear
@lru_cache(maxsize=4)
def shared_graph(root: Path, key: str) -> nx.MultiDiGraph[str]:
    """The network of a data folder, cached by :func:`content_key` (shared: do not modify; see :func:`network`)."""
    lines = _records(_lines(root, key))
    for line in lines:
        line["km"] = geodesic_length_km(shapely.get_coordinates(line["geometry"]))
        line["start_side"], line["end_side"] = line["countries"][0], line["countries"][-1]
    cuts = _cuts(lines, root)
    pieces = {
        ln["id"]: _cut(shapely.get_coordinates(ln["geometry"]), [c["km_from_start"] for c in cuts.get(ln["id"], [])])
        for ln in lines
    }
    keys = [(line_id, n) for line_id, parts in pieces.items() for n in range(len(parts))]
    piece_geoms = [shapely.LineString(part) for parts in pieces.values() for part in parts]
    piece_km, _ = split_and_cross(gpd.GeoSeries(piece_geoms, crs="EPSG:4326"), data_dir=root)
    km_by_piece: dict[tuple[str, int], dict[str, float]] = {}
    for r in _records(piece_km):
        km_by_piece.setdefault(keys[r["line"]], {})[str(r["iso3"])] = float(r["km"])
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(crs="EPSG:4326", data_dir=str(root), content_key=key)
    places = nodes(data_dir=root)
    places = places.assign(x=places.geometry.x, y=places.geometry.y).drop(columns="geometry")
    for place in _records(places):
        graph.add_node(place["id"], **_node_attrs(place))
    for line in lines:
        for c in cuts.get(line["id"], []):
            if c["node"] not in graph:
                graph.add_node(
                    c["node"],
                    name=f"{c['from_iso3']}–{c['to_iso3']} border ({line['name']})",
                    kind="border_crossing",
                    country=c["from_iso3"],
                    neighbour=c["to_iso3"],
                    aliases=[],
                    border=[],
                    closures=[],
                    x=float(c["lon"]),
                    y=float(c["lat"]),
                )
        _add_line(graph, line, cuts.get(line["id"], []), pieces[line["id"]], km_by_piece)
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    return graph


def network(*, data_dir: str | Path | None = None) -> nx.MultiDiGraph[str]:
    """The transport network as a networkx ``MultiDiGraph`` (a copy: change it freely).

    Nodes are node ids with ``name``, ``kind``, ``country``, ``x`` (lon), ``y`` (lat) and
    the ``border`` and ``closures`` figures; edges are keyed by link or segment id
    (``id#n`` for the n-th piece of a line cut at a border) and carry ``geometry``,
    ``mode``, ``status``, ``gauge_mm``, ``km``, ``km_by_country``, ``from_country``,
    ``to_country``, ``link`` and ``sources``. Every line appears in both directions.

    Examples
    --------
    >>> import corridormap as cm
    >>> g = cm.network()
    >>> g.is_directed() and g.is_multigraph()
    True
    """
    graph: nx.MultiDiGraph[str] = shared_graph(*content_key(data_dir)).copy()
    return graph


def network_gdfs(*, data_dir: str | Path | None = None) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The network's nodes and edges as GeoDataFrames, as ``osmnx.graph_to_gdfs`` gives them.

    Nodes are indexed by id; edges by ``(u, v, key)``, one row per direction.

    Examples
    --------
    >>> import corridormap as cm
    >>> places, edges = cm.network_gdfs()
    >>> list(edges.index.names), bool((edges["km"] > 0).all())
    (['u', 'v', 'key'], True)
    """
    graph = shared_graph(*content_key(data_dir))
    node_rows = {n: {k: v for k, v in d.items() if k not in ("border", "closures")} for n, d in graph.nodes(data=True)}
    places = pd.DataFrame.from_dict(node_rows, orient="index")
    node_gdf = gpd.GeoDataFrame(places, geometry=gpd.points_from_xy(places["x"], places["y"]), crs="EPSG:4326")
    edge_rows = [{"u": u, "v": v, "key": k, **d} for u, v, k, d in graph.edges(keys=True, data=True)]
    edge_gdf = gpd.GeoDataFrame(pd.DataFrame(edge_rows), geometry="geometry", crs="EPSG:4326")
    return node_gdf.rename_axis("id"), edge_gdf.set_index(["u", "v", "key"])
