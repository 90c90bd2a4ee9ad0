"""Loading the corridor data: corridors, nodes, sources, relations, boundaries.

A data folder holds ``corridors/*.geojson`` (one FeatureCollection per corridor),
``nodes.geojson``, ``sources.json``, ``relations.json`` and ``boundaries/``. Every
function takes ``data_dir=`` (default: the project's ``geodata/``), so the same tool
maps and checks anyone's corridors. Loading validates first (see
:mod:`corridormap.validation`); invalid data raises :class:`~corridormap.CorridorDataError`
listing every problem.
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import shapely

from ._paths import data_root, default_data_dir
from .caching import data_stamp, forget_on_clear
from .errors import CorridorDataError, UnknownCorridorError
from .validation import ensure_valid

if TYPE_CHECKING:
    from pathlib import Path

    import geopandas as gpd

    from .caching import Stamp

__all__ = [
    "boundaries",
    "corridor",
    "corridor_facts",
    "corridor_ids",
    "corridor_lines",
    "corridors",
    "default_data_dir",
    "load_corridors",
    "nodes",
    "relations",
    "resolve_corridor_id",
    "sources",
]

_T = TypeVar("_T")


@dataclass(frozen=True)
class _Dataset:
    """A data folder as read and validated; its frames are made on first use (geopandas is imported then)."""

    collections: list[dict[str, Any]]
    facts: dict[str, dict[str, Any]]
    node_features: list[dict[str, Any]]
    sources: dict[str, dict[str, Any]]
    relations: dict[str, Any] | None
    lookup: dict[str, str]

    @cached_property
    def segments(self) -> gpd.GeoDataFrame:
        return _segments_frame(self.collections)

    @cached_property
    def rows_of(self) -> dict[tuple[str, bool], list[int]]:
        """The positions in :attr:`segments` of each corridor's segments, by (id, alternatives included)."""
        rows: dict[tuple[str, bool], list[int]] = {}
        for i, (cid, alignment) in enumerate(zip(self.segments["corridor"], self.segments["alignment"], strict=True)):
            rows.setdefault((cid, True), []).append(i)
            if alignment == "main":
                rows.setdefault((cid, False), []).append(i)
        return rows

    @cached_property
    def nodes(self) -> gpd.GeoDataFrame:
        import geopandas as gpd

        rows = [{"id": f["id"], **f["properties"]} for f in self.node_features]
        geoms = [shapely.Point(f["geometry"]["coordinates"]) for f in self.node_features]
        return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _segments_frame(collections: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    import geopandas as gpd

    rows, geoms = [], []
    for fc in collections:
        for feature in fc["features"]:
            props = feature["properties"]
            reported = props["reported_length"]
            rows.append({"id": feature["id"], **props, "reported_km": reported["km"] if reported else None})
            geoms.append(shapely.LineString(feature["geometry"]["coordinates"]))
    return gpd.GeoDataFrame(rows, geometry=geoms, crs="EPSG:4326")


def _read(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _copy(value: _T) -> _T:
    """A deep copy of JSON data, so callers cannot change the cached original."""
    copied: _T = json.loads(json.dumps(value))
    return copied


@forget_on_clear
@lru_cache(maxsize=8)
def _load(root: Path, stamp: Stamp) -> _Dataset:  # stamp: the cache key that notices edits
    ensure_valid(root)
    collections = [_read(p) for p in sorted((root / "corridors").glob("*.geojson"))]
    facts = {fc["corridor"]["id"]: fc["corridor"] for fc in collections}
    relations_path = root / "relations.json"
    lookup: dict[str, str] = {}
    for cid, meta in facts.items():
        for name in [cid, meta["name"], *meta.get("aliases", [])]:
            lookup.setdefault(_normalise(name), cid)
    return _Dataset(
        collections=collections,
        facts=facts,
        node_features=_read(root / "nodes.geojson")["features"],
        sources=_read(root / "sources.json"),
        relations=_read(relations_path) if relations_path.exists() else None,
        lookup=lookup,
    )


def _dataset(data_dir: str | Path | None) -> _Dataset:
    root = data_root(data_dir)
    return _load(root, data_stamp(root))


def load_corridors(data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Validate a data folder and return all its corridor segments.

    Raises :class:`~corridormap.CorridorDataError` listing every problem when the data
    is invalid. The result is cached per folder; the returned frame is a copy.

    Examples
    --------
    >>> import corridormap as cm
    >>> segments = cm.load_corridors()
    >>> {"TAPI", "CASA-1000"} <= set(segments["corridor"])
    True
    """
    return _dataset(data_dir).segments.copy()


def corridor_ids(*, data_dir: str | Path | None = None) -> list[str]:
    """The ids of every corridor, sorted.

    Examples
    --------
    >>> import corridormap as cm
    >>> "TAPI" in cm.corridor_ids()
    True
    """
    return sorted(_dataset(data_dir).facts)


def resolve_corridor_id(name: str, *, data_dir: str | Path | None = None) -> str:
    """The canonical id for a corridor name: case, spaces and punctuation ignored, aliases accepted.

    Raises :class:`~corridormap.UnknownCorridorError` listing the valid ids and the closest match.

    Examples
    --------
    >>> import corridormap as cm
    >>> cm.resolve_corridor_id("casa 1000")
    'CASA-1000'
    """
    ds = _dataset(data_dir)
    key = _normalise(str(name))
    if key in ds.lookup:
        return ds.lookup[key]
    close = difflib.get_close_matches(key, list(ds.lookup), n=1, cutoff=0.5)
    hint = f" Did you mean {ds.lookup[close[0]]!r}?" if close else ""
    msg = f"unknown corridor {name!r}.{hint} Valid ids: {', '.join(sorted(ds.facts))}"
    raise UnknownCorridorError(msg)


def corridors(*, data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Every segment of every corridor (alternatives included), EPSG:4326, all properties.

    Examples
    --------
    >>> import corridormap as cm
    >>> gdf = cm.corridors()
    >>> gdf.crs.to_epsg(), {"main", "alternative"} >= set(gdf["alignment"])
    (4326, True)
    """
    return load_corridors(data_dir)


def corridor(
    corridor_id: str, *, include_alternatives: bool = False, data_dir: str | Path | None = None
) -> gpd.GeoDataFrame:
    """One corridor's segments, in file order; main alignment only unless ``include_alternatives``.

    Examples
    --------
    >>> import corridormap as cm
    >>> set(cm.corridor("tapi")["corridor"])
    {'TAPI'}
    """
    cid = resolve_corridor_id(corridor_id, data_dir=data_dir)
    ds = _dataset(data_dir)
    return ds.segments.take(ds.rows_of.get((cid, include_alternatives), []))  # a copy (take makes one)


def corridor_lines(
    corridor_id: str, *, include_alternatives: bool = False, data_dir: str | Path | None = None
) -> list[list[list[float]]]:
    """The coordinates of one corridor's segments as in the data, [lon, lat] pairs, in :func:`corridor`'s order.

    What :func:`corridor` gives as geometry, without making a GeoDataFrame (or importing geopandas).

    Examples
    --------
    >>> import corridormap as cm
    >>> lines = corridor_lines("TAPI")
    >>> len(lines) == len(cm.corridor("TAPI")), lines[0][0] == list(cm.corridor("TAPI").geometry.iloc[0].coords[0])
    (True, True)
    """
    cid = resolve_corridor_id(corridor_id, data_dir=data_dir)
    return _copy(
        [
            feature["geometry"]["coordinates"]
            for fc in _dataset(data_dir).collections
            for feature in fc["features"]
            if feature["properties"]["corridor"] == cid
            and (include_alternatives or feature["properties"]["alignment"] == "main")
        ]
    )


def corridor_facts(corridor_id: str, *, data_dir: str | Path | None = None) -> dict[str, Any]:
    """The corridor-level facts: name, kind, status, reported lengths, capacity, cost, milestones, sources.

    Examples
    --------
    >>> import corridormap as cm
    >>> cm.corridor_facts("TAPI")["kind"]
    'gas_pipeline'
    """
    cid = resolve_corridor_id(corridor_id, data_dir=data_dir)
    return _copy(_dataset(data_dir).facts[cid])


def nodes(*, data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Named places: ports, border crossings, substations, converters, the gas field, stations, cities.

    Examples
    --------
    >>> import corridormap as cm
    >>> "border_crossing" in set(cm.nodes()["kind"])
    True
    """
    return _dataset(data_dir).nodes.copy()


def sources(*, data_dir: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """The source registry: id to title, publisher, date and URL.

    Examples
    --------
    >>> import corridormap as cm
    >>> cm.sources()["seed"]["publisher"].startswith("Government of Pakistan")
    True
    """
    return _copy(_dataset(data_dir).sources)


def relations(*, data_dir: str | Path | None = None) -> dict[str, Any] | None:
    """Pakistan's bilateral relations facts (``relations.json``), or None if the folder has none.

    Examples
    --------
    >>> import corridormap as cm
    >>> [c["iso3"] for c in cm.relations()["countries"]][:2]
    ['AZE', 'KAZ']
    """
    rel = _dataset(data_dir).relations
    return None if rel is None else _copy(rel)


@forget_on_clear
@lru_cache(maxsize=8)
def _boundaries(root: Path, display: bool, stamp: Stamp) -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = root / "boundaries" / ("countries_display.geojson" if display else "countries.geojson")
    if not path.exists():
        msg = f"{path}: boundary file not found — run scripts/build_boundaries.py or pass a data folder that has one"
        raise CorridorDataError([msg])
    try:
        gdf = gpd.read_file(path)
    except (OSError, RuntimeError, ValueError) as exc:  # pyogrio's errors are RuntimeErrors
        first = str(exc).split(";")[0]
        msg = f"{path}: cannot read the boundaries: {first} — regenerate them with scripts/build_boundaries.py"
        raise CorridorDataError([msg]) from None
    if problems := _boundary_problems(path, gdf):
        raise CorridorDataError(problems)
    return gdf.set_index("iso3", drop=False).rename_axis(None)  # unnamed, so explore() and reset_index() work


def _boundary_problems(path: Path, gdf: gpd.GeoDataFrame) -> list[str]:
    """What makes a boundary file unusable: missing columns, a CRS other than lon/lat, bad polygons."""
    missing = [c for c in ("iso3", "name") if c not in gdf.columns]
    if missing or gdf.empty:
        what = f"no {' or '.join(missing)} column" if missing else "no countries"
        return [f"{path}: {what} — each country needs iso3, name and a polygon (see scripts/build_boundaries.py)"]
    if gdf.crs is not None and not gdf.crs.equals("EPSG:4326"):
        return [f"{path}: CRS is {gdf.crs.to_string()} — write the boundaries in lon/lat (EPSG:4326)"]
    problems = []
    for index, (iso3, geom) in enumerate(zip(gdf["iso3"], gdf.geometry, strict=True)):
        if geom is None or geom.geom_type not in ("Polygon", "MultiPolygon"):
            kind = "no geometry" if geom is None else geom.geom_type
            problems.append(f"{path}: feature {index} ({iso3}): geometry: {kind} — give each country a polygon")
        elif not shapely.is_valid(geom):
            reason = shapely.is_valid_reason(geom)
            problems.append(f"{path}: feature {index} ({iso3}): geometry: {reason} — repair it (shapely.make_valid)")
    return problems


def boundaries(*, display: bool = False, data_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Country polygons indexed by ISO3: full detail for computing, ``display=True`` for drawing only.

    Examples
    --------
    >>> import corridormap as cm
    >>> cm.boundaries().loc["PAK", "name"]
    'Pakistan'
    """
    root = data_root(data_dir)
    return _boundaries(root, display, data_stamp(root)).copy()
